// Reading benchmark (issue "Ingestion"): a generated file of N dossiers read natively by the
// command line and in Chromium by the page, printing MB/s, peak memory and the longest
// main-thread block. Not a test: run with `npm run bench:read [ROWS]`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const root = resolve(import.meta.dirname, '..');
const rows = Number(process.argv[2] ?? 1_000_000);
const dir = resolve(root, 'bench-data');
mkdirSync(dir, { recursive: true });
const file = resolve(dir, `ho-so-${rows}.csv`);
const cli = resolve(root, 'target/release/chiso766');
if (!existsSync(file))
  execFileSync(cli, ['generate', '--rows', String(rows), '--month', '2024-05', '--out', file]);
const mb = statSync(file).size / 1e6;
console.log(`file: ${file} (${rows} rows, ${mb.toFixed(1)} MB)`);

// Native: the command line end to end (read, compute, JSON), best of 3, with peak RSS.
let native = Infinity;
let rss = 0;
for (let i = 0; i < 3; i++) {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time',
    ['-f', '%M', cli, 'report', '--month', '2024-05', '--out', '/dev/null', file],
    { encoding: 'utf8' });
  native = Math.min(native, Number(process.hrtime.bigint() - t) / 1e9);
  rss = Math.max(rss, Number(r.stderr.trim().split('\n').pop()) * 1024);
}
console.log(
  `native chiso766 end to end: ${native.toFixed(2)} s, ${(mb / native).toFixed(0)} MB/s, peak ` +
  `RSS ${(rss / 1e6).toFixed(0)} MB`);

// Browser: drop the file on the hosted page, until every figure is on screen.
const server = await new Promise((ok) => serve((s) => ok(s)));
const browser = await chromium.launch(
  { executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--enable-precise-memory-info'] });
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/`);
await page.waitForSelector('body[data-ready="true"]');
const times = [];
for (let i = 0; i < 3; i++) {
  // The reset button is on the page's data view (the figures open the overview).
  await page.evaluate(() => { location.hash = 'du-lieu'; });
  await page.click('#reset-button');
  await page.waitForFunction(() => document.getElementById(
    'status').textContent === 'Chưa nạp tệp nào.');
  const t = Date.now();
  await page.setInputFiles('#file-input', file);
  await page.waitForFunction(() => /Đã phân tích/.test(
    document.getElementById('status').textContent), null, { timeout: 120_000, polling: 50 })
    .catch(async (e) => { throw new Error(
      `${e.message}\nstatus: ${await page.textContent('#status')}`); });
  times.push((Date.now() - t) / 1000);
}
const stats = await page.evaluate(async () => ({
  longest: window.__chiso766.longestTaskMs,
  heap: performance.memory?.usedJSHeapSize ?? 0,
  wasm: (await window.__chiso766.worker().request('stats')).wasmMemoryBytes,
}));
const best = Math.min(...times);
console.log(
  `chromium chiso766 file → figures: ${best.toFixed(2)} s (runs ` +
  `${times.map((x) => x.toFixed(2)).join(', ')}), ${(mb / best).toFixed(0)} MB/s`);
console.log(
  `chromium peak memory: wasm ${(stats.wasm / 1e6).toFixed(0)} MB, page JS heap ` +
  `${(stats.heap / 1e6).toFixed(0)} MB; longest main-thread block ${stats.longest.toFixed(0)} ms`);
console.log(`ratio chiso766-wasm/native: ${(best / native).toFixed(2)}`);
await browser.close();
server.close();
