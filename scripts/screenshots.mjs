// Screenshots of every view (docs/screenshots/VIEW-1366.png and VIEW-390.png) with the built-in
// sample, the month before it and a DVCQG export loaded, as the README shows them. Needs the
// build (npm run build). Optimised with pngquant where it is installed (apt-get install pngquant).
// Usage: npm run screenshots [-- VIEW...] (some views only, e.g. canh-bao)
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
const cli = resolve(root, 'target/release/chiso766');
const dir = resolve(root, 'docs/screenshots');
const tmp = resolve(root, 'test-results', 'screenshots');
mkdirSync(dir, { recursive: true });
mkdirSync(tmp, { recursive: true });
const april = resolve(tmp, 'thang-04.csv');
const national = resolve(tmp, 'dvcqg.csv');
execFileSync(cli, ['generate', '--rows', '20000', '--month', '2024-04', '--seed', '11', '--out',
  april]);
execFileSync(cli, ['generate', '--rows', '3000', '--seed', '2', '--out', national]);
const all = [...(await import('node:fs')).readFileSync(resolve(root, 'www/views.js'), 'utf8')
  .matchAll(/\{ id: '([a-z-]+)'/g)].map((m) => m[1]);
const asked = process.argv.slice(2);
for (const v of asked) if (!all.includes(v))
  throw new Error(`no view ${v} (views: ${all.join(', ')})`);
const views = asked.length ? all.filter((v) => asked.includes(v)) : all;

let pngquant = true;
try {
  execFileSync('pngquant', ['--version']);
} catch {
  pngquant = false;
  console.warn('[screenshots] pngquant not found: PNGs left unoptimised');
}

const browser = await chromium.launch(
  { executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
for (const [width, height] of [[1366, 900], [390, 844]]) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(pathToFileURL(resolve(root, 'dist-single/chiso766.html')).href);
  await page.waitForSelector('body[data-ready="true"]');
  const idle = () => page.waitForSelector('body[data-analysing="false"][data-worker-idle="true"]',
    { timeout: 60000 });
  await page.click('#sample-button');
  await page.waitForSelector('#results:not([hidden])', { timeout: 60000 });
  await idle();
  await page.setInputFiles('#file-input', april);
  await page.waitForSelector('[data-comparison="province"]', { state: 'attached', timeout: 60000 });
  await idle();
  await page.setInputFiles('#national-input', national);
  await page.waitForSelector('[data-rc="differing"]', { state: 'attached', timeout: 60000 });
  await idle();
  for (const id of views) {
    await page.click(`[data-view-link="${id}"]`);
    await page.waitForSelector(`section[data-view="${id}"]:not([hidden])`);
    await idle();
    // A unit chosen: its panel is part of the units view.
    if (id === 'don-vi') {
      await page.click('#units-table tbody button.link >> nth=0');
      await page.waitForSelector('#overdue-panel:not([hidden])');
      await idle();
      await page.evaluate(() => window.scrollTo(0, 0));
    }
    await page.mouse.move(0, 0);
    await page.evaluate(() => document.activeElement?.blur());
    const file = resolve(dir, `${id}-${width}.png`);
    await page.screenshot({ path: file });
    if (pngquant)
      execFileSync('pngquant', ['--force', '--skip-if-larger', '--strip', '--quality', '60-85',
        '--output', file, file]);
    console.log(`[screenshots] ${file}: ${Math.round(statSync(file).size / 1024)} KB`);
  }
  await context.close();
}
await browser.close();
