// Shared by the e2e tests: the browser, the page's number style as the page has it (Rust's,
// through the same wasm module, here in Node), and moving to a view as a user does.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { initSync, formatDecimal, formatPercent, formatThousands, formatCount,
  pageLabels } from '../../pkg/chiso766.js';

const root = resolve(import.meta.dirname, '../..');
initSync({ module: readFileSync(resolve(root, 'pkg/chiso766_bg.wasm')) });

export const decimal = (x) => formatDecimal(x);
export const percent = (rate) => (rate === null || rate === undefined ? '—' : formatPercent(rate));
export const thousands = (n) => formatThousands(n);
export const count = (n) => formatCount(n);
// A block's words as the page's tables show them (Rust's labels, first letter capitalised).
const blocks = new Map(pageLabels().blocks);
export const blockLabel = (key) => {
  const s = blocks.get(key) ?? key;
  return s[0].toUpperCase() + s.slice(1);
};

// Clicks the view's link in the navigation and waits until it is shown.
export async function view(page, id) {
  await page.click(`[data-view-link="${id}"]`);
  await page.waitForSelector(`section[data-view="${id}"]:not([hidden])`);
}

// Debian's Chromium, headless, with nothing of its own reaching the network.
export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
