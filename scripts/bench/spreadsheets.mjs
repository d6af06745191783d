// Benchmark: spreadsheets. The same generated dossiers as CSV and as .xlsx from two writers:
// rust_xlsxwriter (`chiso766 generate --xlsx`: shared strings, a title row and a two-row header)
// and openpyxl (scripts/bench/xlsx-openpyxl.py: inline strings, one header row), timed
//  - natively: chiso766's command line end to end, against fastexcel (PyPI, calamine underneath)
//    only loading the sheet, and a floor: the sheet part inflated alone (scripts/bench/
//    xlsx-native.py);
//  - in the bench page (scripts/bench/page.js): chiso766's workers on the .xlsx against the same
//    rows as CSV, and SheetJS (npm xlsx) + the same JavaScript figures.
// Every engine's per-unit figures must equal chiso766's on the CSV, or the run fails.
//
//   node scripts/bench/spreadsheets.mjs [ROWS] [--runs N] [--big ROWS]
//                                                          (npm run bench runs it too)
//
// ROWS: dossiers (default 50000, a province's month); --runs N: warm runs after the first
// (default 3; SheetJS at most 2); --big ROWS: also a workbook of that many dossiers (a year:
// 1000000) in the app's page, timed with its memory and longest main-thread block. fastexcel
// and openpyxl are installed on first use into bench-data/.venv; without them the openpyxl file
// and the native anchors are skipped, saying so. Needs the built app (npm run build) and the
// bench page (bench-dist/, built by scripts/bench.mjs or here when missing).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';
import { FIGURES } from './figures-papaparse.js';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'target/release/chiso766');
const data = join(root, 'bench-data');
const venv = join(data, '.venv');
const PYPI = ['fastexcel==0.21.0', 'openpyxl==3.1.5'];
const MONTH = '2024-05';
const FROM = '2024-05-01';
const TO = '2024-05-31';

const args = process.argv.slice(2);
let rows = 50_000;
let runs = 3;
let big = 0;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--big') big = Number(args[++i]);
  else if (/^\d+$/.test(args[i])) rows = Number(args[i]);
  else {
    console.error(`unknown argument ${args[i]}\nusage: node scripts/bench/spreadsheets.mjs`
      + ' [ROWS] [--runs N] [--big ROWS]');
    process.exit(2);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const warm = (xs) => median(xs.length > 1 ? xs.slice(1) : xs);
const sec = (x) => `${x.toFixed(2)} s`;
const ratio = (a, b) => (a / b >= 1 ? (a / b).toFixed(1) : (a / b).toFixed(2));

const mismatches = [];
function compare(reference, units, engine) {
  const byCode = new Map(units.map((u) => [u.code, u]));
  if (units.length !== reference.length) {
    mismatches.push(`${engine}: ${units.length} units, ${reference.length} expected`);
  }
  for (const ref of reference) {
    const u = byCode.get(ref.code);
    if (!u) mismatches.push(`${engine}: unit ${ref.code} missing`);
    else {
      for (const f of FIGURES) {
        if (u[f] !== ref[f]) {
          mismatches.push(`${engine}: unit ${ref.code} ${f}: ${u[f]}, expected ${ref[f]}`);
        }
      }
    }
  }
}

// The command line, timed from outside (process start to exit).
function timedCli(file) {
  const times = [];
  for (let i = 0; i < 1 + runs; i++) {
    const t = process.hrtime.bigint();
    execFileSync(cli, ['report', '--month', MONTH, '--out', '/dev/null', file]);
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  const report = JSON.parse(execFileSync(cli, ['report', '--month', MONTH, file],
    { maxBuffer: 256 << 20, encoding: 'utf8' }));
  return { seconds: warm(times), units: report.units };
}

// The venv's python with fastexcel and openpyxl, installed on first use; null with the reason.
function python() {
  const py = join(venv, 'bin/python');
  const has = () => spawnSync(py, ['-c', 'import fastexcel, openpyxl'],
    { encoding: 'utf8' }).status === 0;
  if (existsSync(py) && has()) return { py };
  for (const [cmd, cmdArgs] of [
    ['python3', ['-m', 'venv', venv]],
    [join(venv, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', ...PYPI]],
  ]) {
    if (cmd === 'python3' && existsSync(py)) continue;
    const r = spawnSync(cmd, cmdArgs, { encoding: 'utf8' });
    if (r.status !== 0) {
      const why = (r.stderr || r.error?.message || '').trim().split('\n').pop();
      return { py: null, reason: `${cmd} ${cmdArgs.join(' ')} failed: ${why}` };
    }
  }
  return has()
    ? { py }
    : { py: null, reason: 'fastexcel or openpyxl does not import after installing' };
}

for (const needed of ['dist/worker.js', 'pkg/chiso766_bg.wasm', 'target/release/chiso766']) {
  if (!existsSync(join(root, needed))) {
    console.error(`${needed} is missing: run \`npm run build\` first`);
    process.exit(2);
  }
}
const built = join(root, 'bench-dist/page.js');
if (!existsSync(built)
  || statSync(join(root, 'scripts/bench/page.js')).mtimeMs > statSync(built).mtimeMs) {
  execFileSync(join(root, 'node_modules/.bin/webpack'),
    ['--config', 'scripts/bench/webpack.config.mjs', '--no-stats'],
    { cwd: root, stdio: 'inherit' });
}

mkdirSync(data, { recursive: true });
const csv = join(data, `ho-so-${rows}.csv`);
const xlsxWriter = join(data, `ho-so-${rows}.xlsx`);
const xlsxOpenpyxl = join(data, `ho-so-${rows}-openpyxl.xlsx`);
const generate = (n, more) => ['generate', '--rows', String(n), '--month', MONTH, ...more];
if (!existsSync(csv)) execFileSync(cli, generate(rows, ['--out', csv]));
if (!existsSync(xlsxWriter)) execFileSync(cli, generate(rows, ['--xlsx', '--out', xlsxWriter]));
const native = python();
if (native.py && !existsSync(xlsxOpenpyxl)) {
  console.log(`writing ${xlsxOpenpyxl} with openpyxl …`);
  execFileSync(native.py, [join(root, 'scripts/bench/xlsx-openpyxl.py'), csv, xlsxOpenpyxl]);
}
if (!native.py) {
  console.log(`note: fastexcel and openpyxl unavailable (${native.reason}):`
    + ' the openpyxl file and the native anchors are skipped');
}

const mb = (f) => statSync(f).size / 1e6;
const workbooks = [['rust_xlsxwriter', xlsxWriter],
  ...(native.py ? [['openpyxl', xlsxOpenpyxl]] : [])];
const sizes = workbooks.map(([w, f]) => `${w} .xlsx ${mb(f).toFixed(1)} MB`).join(', ');
console.log(`\nspreadsheets: ${rows} dossiers; CSV ${mb(csv).toFixed(1)} MB; ${sizes};`
  + ` ${os.cpus().length} cores; first run + ${runs} warm run(s), medians of the warm runs`);

// ---- Native ------------------------------------------------------------------------------------

const csvNative = timedCli(csv);
const reference = csvNative.units;
console.log(`chiso766-native CSV (command line end to end): ${sec(csvNative.seconds)}`);
const table = [];
for (const [writer, file] of workbooks) {
  const own = timedCli(file);
  compare(reference, own.units, `chiso766-native ${writer}`);
  const row = { writer, native: own.seconds };
  let line = `chiso766-native ${writer} .xlsx: ${sec(own.seconds)}`
    + ` (CSV ×${ratio(own.seconds, csvNative.seconds)})`;
  if (native.py) {
    const script = join(root, 'scripts/bench/xlsx-native.py');
    const r = JSON.parse(execFileSync(native.py, [script, file, String(1 + runs)],
      { encoding: 'utf8' }));
    Object.assign(row, { fastexcel: warm(r.fastexcel), floor: warm(r.floor) });
    line += `; fastexcel ${r.version} load ${sec(row.fastexcel)};`
      + ` floor (the sheet part inflated alone) ${sec(row.floor)};`
      + ` ratio fastexcel/chiso766 ${ratio(row.fastexcel, own.seconds)} (target ≥ 2),`
      + ` chiso766/floor ${ratio(own.seconds, row.floor)}`;
  }
  console.log(line);
  table.push(row);
}

// ---- In the page -------------------------------------------------------------------------------

const server = await new Promise((ok) => serve((s) => ok(s)));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const blocked = [];
try {
  const context = await browser.newContext();
  await context.route('**', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || ['blob:', 'data:'].includes(url.protocol)) {
      return route.continue();
    }
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForSelector('body[data-ready="true"]');
  const inPage = async (engine, file, count) => {
    await page.setInputFiles('#file', file);
    await page.evaluate(() => window.bench.resetMeasures());
    const times = [];
    for (let i = 0; i < count; i++) {
      const r = await page.evaluate(([e, from, to]) => window.bench.run(e, from, to),
        [engine, FROM, TO]);
      times.push(r.ms / 1000);
      compare(reference, r.units, `${engine} in the page, ${file}`);
    }
    const measures = await page.evaluate(() => window.bench.measures());
    return { seconds: warm(times), longestTaskMs: measures.longestTaskMs };
  };
  await page.evaluate(() => window.bench.start('chiso766'));
  const csvPage = await inPage('chiso766', csv, 1 + runs);
  console.log(`chiso766-wasm CSV in the page (file → report): ${sec(csvPage.seconds)}`);
  await page.evaluate(() => window.bench.start('sheetjs'));
  for (const row of table) {
    const file = row.writer === 'openpyxl' ? xlsxOpenpyxl : xlsxWriter;
    const own = await inPage('chiso766', file, 1 + runs);
    const sheet = await inPage('sheetjs', file, 1 + Math.min(runs, 2));
    Object.assign(row, { page: own.seconds, pageCsv: csvPage.seconds, sheetjs: sheet.seconds });
    const block = own.longestTaskMs ? `${own.longestTaskMs.toFixed(0)} ms` : 'none ≥ 50 ms';
    console.log(`chiso766-wasm ${row.writer} .xlsx in the page: ${sec(own.seconds)}`
      + ` (the same rows as CSV ×${ratio(own.seconds, csvPage.seconds)}, target ≤ 2;`
      + ` longest main-thread block ${block}); SheetJS 0.18.5 + JS ${sec(sheet.seconds)};`
      + ` ratio sheetjs/chiso766 ${ratio(sheet.seconds, own.seconds)} (target ≥ 10)`);
  }
  await context.close();
} finally {
  await browser.close();
  server.close();
}

// ---- The app's page, as users open it -----------------------------------------------------------
// The single .html from file://, each file chosen → "Đã phân tích" in the status line: what the
// user waits for, figures on screen, which the bench page's worker-only times above leave out.

const onScreen = async (files) => {
  const single = join(root, 'dist-single/chiso766.html');
  if (!existsSync(single)) {
    return console.log('dist-single/chiso766.html missing: on-screen skipped');
  }
  const app = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      '--enable-precise-memory-info'],
  });
  const out = {};
  try {
    const page = await app.newPage();
    await page.goto(`file://${single}`);
    await page.waitForSelector('body[data-ready="true"]');
    for (const [name, file, count] of files) {
      const times = [];
      await page.evaluate(() => { window.__chiso766.longestTaskMs = 0; });
      for (let i = 0; i < count; i++) {
        await page.evaluate(() => { location.hash = 'du-lieu'; });
        await page.click('#reset-button');
        await page.waitForFunction(
          () => document.getElementById('status').textContent === 'Chưa nạp tệp nào.');
        const t = Date.now();
        await page.setInputFiles('#file-input', file);
        await page.waitForFunction(
          () => /Đã phân tích/.test(document.getElementById('status').textContent),
          null, { timeout: 600_000, polling: 20 });
        times.push((Date.now() - t) / 1000);
      }
      const stats = await page.evaluate(async () => ({
        longest: window.__chiso766.longestTaskMs,
        wasm: (await window.__chiso766.worker().request('stats')).wasmMemoryBytes,
      }));
      out[name] = { seconds: warm(times), ...stats };
      console.log(`app page (file://) ${name}: chosen → figures on screen ${sec(out[name].seconds)}`
        + ` (runs ${times.map((x) => x.toFixed(2)).join(', ')}); wasm memory`
        + ` ${(stats.wasm / 1e6).toFixed(0)} MB; longest main-thread block`
        + ` ${stats.longest.toFixed(0)} ms`);
    }
  } finally {
    await app.close();
  }
  return out;
};
const screen = await onScreen([['CSV', csv, 1 + runs],
  ...table.map((r) => [r.writer, r.writer === 'openpyxl' ? xlsxOpenpyxl : xlsxWriter, 1 + runs])]);
for (const r of table) {
  if (screen?.[r.writer]) {
    Object.assign(r, { screen: screen[r.writer].seconds, screenCsv: screen.CSV.seconds });
  }
}
if (big) {
  const file = join(data, `ho-so-${big}.xlsx`);
  if (!existsSync(file)) {
    execFileSync(cli, generate(big, ['--xlsx', '--out', file]));
  }
  console.log(`${big} dossiers as .xlsx: ${mb(file).toFixed(0)} MB`);
  await onScreen([[`rust_xlsxwriter ${big} dossiers`, file, 1]]);
}

console.log('\n| .xlsx writer | command line | fastexcel load | floor (inflate)'
  + ' | fastexcel / chiso766 | page | page / CSV | SheetJS + JS | SheetJS / chiso766 '
  + '| app on screen | on screen / CSV |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
const cell = (x) => (x === undefined ? '–' : sec(x));
const r2 = (a, b) => (a === undefined || b === undefined ? '–' : `${ratio(a, b)}×`);
for (const r of table) {
  console.log(`| ${r.writer} | ${cell(r.native)} | ${cell(r.fastexcel)} | ${cell(r.floor)}`
    + ` | ${r2(r.fastexcel, r.native)} | ${cell(r.page)} | ${r2(r.page, r.pageCsv)}`
    + ` | ${cell(r.sheetjs)} | ${r2(r.sheetjs, r.page)} `
    + `| ${cell(r.screen)} | ${r2(r.screen, r.screenCsv)} |`);
}
console.log(`(CSV of the same rows: command line ${sec(csvNative.seconds)}; app on screen`
  + ` ${cell(screen?.CSV?.seconds)})`);
if (blocked.length) console.log(`network: ${blocked.length} request(s) outside 127.0.0.1 blocked`);
if (mismatches.length) {
  console.log(`MISMATCH: ${mismatches.length} figure(s) differ from chiso766's on the CSV:`);
  for (const m of mismatches.slice(0, 30)) console.log(`  ${m}`);
}
process.exit(mismatches.length || blocked.length ? 1 : 0);
