// Benchmark: chiso766 against PapaParse + JavaScript and DuckDB-WASM in one headless Chromium, and
// against native DuckDB on the command line, on generated files of N dossiers; then spreadsheets
// (scripts/bench/spreadsheets.mjs: .xlsx against fastexcel and SheetJS). Every engine must give
// the same per-unit figures (every unit, every figure), or the run fails.
//
//   npm run bench -- [ROWS...] [--runs N] [--check]
//
// ROWS: file sizes in dossiers (default 100000 1000000), generated once into bench-data/.
// --runs N: warm runs per engine (default 5) after the first run, which is reported apart
//   ("first"); the medians and ratios are over the warm runs.
// --check: the small CI mode: a fresh 60,000-row file (18 MB, large enough for the app to read it
//   in two workers at once) in a temporary folder, each engine run once (chiso766 twice),
//   figures compared, and checked: the two workers' halves merged, the second worker kept for
//   the second file (and replaced when lost between files), the warm-up giving way to a request
//   that comes while it reads; native DuckDB is skipped (with a note) if it cannot be installed.
// Exit status 0 when every engine agrees and no request left 127.0.0.1, 1 otherwise.
//
// Needs the built app (npm run build: dist/worker.js, pkg/chiso766_bg.wasm,
// target/release/chiso766) and Debian's chromium. Native DuckDB comes from PyPI (pinned below),
// installed on first use into bench-data/.venv.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync,
  statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './bench/server.mjs';
import { FIGURES } from './bench/figures-papaparse.js';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'target/release/chiso766');
const benchData = join(root, 'bench-data');
const venv = join(benchData, '.venv');
// The DuckDB inside @duckdb/duckdb-wasm 1.32.0, so both DuckDB engines run the same version.
const DUCKDB_PYPI = 'duckdb==1.4.3';
const MONTH = '2024-05';
const FROM = '2024-05-01';
const TO = '2024-05-31';
const began = Date.now();

// ---- Arguments ---------------------------------------------------------------------------------

const args = process.argv.slice(2);
let runs = 5;
let check = false;
let rowsList = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--check') check = true;
  else if (args[i] === '--runs') runs = Number(args[++i]);
  else if (/^\d+$/.test(args[i])) rowsList.push(Number(args[i]));
  else {
    console.error(
      `unknown argument ${args[i]}\nusage: npm run bench -- [ROWS...] [--runs N] [--check]`);
    process.exit(2);
  }
}
if (!Number.isInteger(runs) || runs < 1) {
  console.error('--runs needs a whole number ≥ 1');
  process.exit(2);
}
if (check) {
  rowsList = [60_000];
  runs = 0; // the first run only
} else if (rowsList.length === 0) {
  rowsList = [100_000, 1_000_000];
}

for (const needed of ['dist/worker.js', 'pkg/chiso766_bg.wasm', 'target/release/chiso766']) {
  if (!existsSync(join(root, needed))) {
    console.error(`${needed} is missing: run \`npm run build\` first`);
    process.exit(2);
  }
}
// The worker's glue and the wasm must come from one build (a LinkError says so loudly otherwise).
if (statSync(join(root, 'pkg/chiso766_bg.wasm')).mtimeMs > statSync(
  join(root, 'dist/worker.js')).mtimeMs) {
  console.log('note: pkg/chiso766_bg.wasm is newer than dist/worker.js (a build in progress?)');
}

// ---- Helpers -----------------------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sec = (x) => `${x.toFixed(2)} s`;
const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
const ratio = (a, b) => (a / b >= 1 ? (a / b).toFixed(1) : (a / b).toFixed(2));

// First run apart; the median of the others (in --check: of the first alone, or of chiso766's
// second, which its --check ratios then compare with the other engines' first runs).
function summary(times) {
  const warm = times.length > 1 ? times.slice(1) : times;
  return { first: times[0], median: median(warm), warm };
}

function timingLine(name, s, megabytes, extra = '') {
  const list = s.warm.map((x) => x.toFixed(2)).join(', ');
  return `${name}: median ${sec(s.median)} (${(megabytes / s.median).toFixed(0)} MB/s; warm runs ` +
    `${list}), first ${sec(s.first)}${extra}`;
}

// Every unit's every figure against the reference (chiso766 in the browser, first run).
const mismatches = [];
function compare(reference, units, engine) {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const refCodes = new Set(reference.map((u) => u.code));
  for (const u of units) {
    if (!refCodes.has(u.code))
      mismatches.push(`${engine}: unit ${u.code} is not among chiso766's units`);
  }
  for (const ref of reference) {
    const u = byCode.get(ref.code);
    if (!u) {
      mismatches.push(`${engine}: unit ${ref.code} missing`);
      continue;
    }
    for (const f of FIGURES) {
      if (u[f] !== ref[f])
        mismatches.push(
          `${engine}: unit ${ref.code} ${f}: chiso766-wasm ${ref[f]}, ${engine} ${u[f]}`);
    }
  }
}

// The reference itself must carry every figure as a count; an older build lacks some.
function checkReference(reference, engine) {
  for (const f of FIGURES) {
    if (!reference.every((u) => Number.isInteger(u[f]))) {
      throw new Error(
        `${engine}'s units[] have no count "${f}": is the build older than the ` +
        `field? (npm run build)`);
    }
  }
}

// The python with the pinned duckdb, installed on first use; null (with the reason) when it
// cannot be had.
function duckdbPython() {
  const python = join(venv, 'bin/python');
  const version = () => spawnSync(python, ['-c', 'import duckdb; print(duckdb.__version__)'],
    { encoding: 'utf8' }).stdout?.trim();
  if (existsSync(python) && `duckdb==${version()}` === DUCKDB_PYPI) return { python };
  console.log(`installing ${DUCKDB_PYPI} into ${venv} …`);
  for (const [cmd, cmdArgs] of [
    ['python3', ['-m', 'venv', venv]],
    [join(venv, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', DUCKDB_PYPI]],
  ]) {
    const r = spawnSync(cmd, cmdArgs, { encoding: 'utf8' });
    if (r.status !== 0)
      return { python: null,
        reason: `${cmd} ${cmdArgs.join(' ')} failed: ` +
        `${(r.stderr || r.error?.message || '').trim().split('\n').pop()}` };
  }
  return `duckdb==${version()}` === DUCKDB_PYPI ? { python }
    : { python: null, reason: 'duckdb does not import after installing' };
}

// `/usr/bin/time` around a command: {seconds, rssBytes, userSeconds (CPU), stdout}.
function timed(cmd, cmdArgs) {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U', cmd, ...cmdArgs],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0)
    throw new Error(`${cmd} ${cmdArgs.join(' ')} failed (${r.status}): ${r.stderr}`);
  const [rssKb, user] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { seconds, rssBytes: rssKb * 1024, userSeconds: user, stdout: r.stdout };
}

// CPU seconds used so far by every Chromium process (utime + stime from /proc; null where there
// is no /proc). Only differences taken within one page's life mean anything: a process that
// ends takes its time with it.
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
function chromiumCpuSeconds() {
  if (!existsSync('/proc/self/stat')) return null;
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!/chrom/i.test(readFileSync(`/proc/${pid}/comm`, 'utf8'))) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between the listing and the reading.
    }
  }
  return ticks / CLOCK_TICKS;
}

// ---- Preparation -------------------------------------------------------------------------------

const checkDir = check ? mkdtempSync(join(tmpdir(), 'chiso766-bench-')) : null;
const files = rowsList.map((rows) => {
  const dir = checkDir ?? benchData;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `ho-so-${rows}.csv`);
  if (!existsSync(file)) {
    console.log(`generating ${file} …`);
    execFileSync(cli, ['generate', '--rows', String(rows), '--month', MONTH, '--out', file]);
  }
  return { rows, file, megabytes: statSync(file).size / 1e6 };
});

console.log('building the bench page (bench-dist/) …');
execFileSync(join(root, 'node_modules/.bin/webpack'),
  ['--config', 'scripts/bench/webpack.config.mjs', '--no-stats'], { cwd: root, stdio: 'inherit' });

const native = duckdbPython();
if (!native.python) {
  if (!check) {
    console.error(`native DuckDB unavailable: ${native.reason}`);
    process.exit(1);
  }
  console.log(`note: native DuckDB skipped in --check (${native.reason})`);
}

const server = await new Promise((ok) => serve((s) => ok(s)));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run',
    '--enable-precise-memory-info'],
});
console.log(
  `Chromium ${browser.version()}, Node ${process.versions.node}, ${os.cpus().length} cores`);

// Requests to anywhere but this machine's server are aborted and counted.
const blocked = [];
async function newPage() {
  const context = await browser.newContext();
  await context.route('**', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || ['blob:', 'data:', 'file:'].includes(url.protocol))
      return route.continue();
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  return { context, page };
}

// ---- Measurements ------------------------------------------------------------------------------

// The page's engines as the output names them.
const NAMES = { chiso766: 'chiso766-wasm', papaparse: 'papaparse', duckdb: 'duckdb-wasm' };

// Every engine in the page, one after the other, on one File: first run + warm runs each.
async function inBrowser(file) {
  const { context, page } = await newPage();
  await page.goto(`${origin}/`);
  await page.setInputFiles('#file', file);
  const out = {};
  for (const engine of ['chiso766', 'papaparse', 'duckdb']) {
    const startMs = await page.evaluate((e) => window.bench.start(e), engine);
    await page.evaluate(() => window.bench.resetMeasures());
    const times = [];
    // chiso766 twice at least: the second file is read with the second worker kept from the first.
    const count = engine === 'chiso766' ? Math.max(2, 1 + runs) : 1 + runs;
    for (let i = 0; i < count; i++) {
      const r = await page.evaluate(([e, from, to]) => window.bench.run(e, from, to),
        [engine, FROM, TO]);
      times.push(r.ms / 1000);
      if (engine === 'chiso766' && i === 0) {
        checkReference(r.units, 'chiso766-wasm');
        out.reference = r.units;
      } else {
        compare(out.reference, r.units, `${NAMES[engine]} run ${i + 1}`);
      }
    }
    out[engine] = { ...summary(times), startMs,
      ...(await page.evaluate(() => window.bench.measures())) };
    if (engine === 'chiso766') {
      const stats = await page.evaluate(() => window.bench.chiso766Stats());
      out[engine].wasmBytes = stats.wasmMemoryBytes;
      out[engine].wasmBytesFirst = stats.wasmMemoryBytesFirst;
      out[engine].parts = stats.partsMerged;
      out[engine].warmUpSplit = stats.warmUpSplit;
      out[engine].ownBufferReaders = stats.ownBufferReaders;
      out[engine].streamChunkReaders = stats.streamChunkReaders;
      out[engine].workersMade = await page.evaluate(() => window.workersMade);
      out[engine].runs = count;
      out[engine].warmUpAfterRequest = await page.evaluate(
        () => window.bench.chiso766WarmUpGivesWay());
      const lost = await page.evaluate(
        ([from, to]) => window.bench.chiso766LoseIdleHelper(from, to), [FROM, TO]);
      compare(out.reference, lost.units, 'chiso766-wasm after its second worker was lost');
      out[engine].afterLoss = lost;
    }
    if (engine === 'duckdb')
      out[engine].version = await page.evaluate(() => window.bench.duckdbVersion());
    if (engine === 'papaparse')
      out[engine].damaged = await page.evaluate(() => window.bench.papaparseDamaged());
    await page.evaluate((e) => window.bench.stop(e), engine);
  }
  await context.close();
  return out;
}

// A fresh context and page (no cache, no compiled code kept): navigation start → figures,
// engine start included, the file chosen as soon as the page has loaded, or `pauseMs` later (as
// a user who then finds the file); also the file's own time, from its choice to the figures.
async function coldPage(file, engine, reference, pauseMs = 0) {
  const { context, page } = await newPage();
  await page.goto(`${origin}/?cold=${engine}&from=${FROM}&to=${TO}`);
  if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  await page.setInputFiles('#file', file);
  await page.waitForFunction(() => window.coldResult, null, { timeout: 0, polling: 50 });
  const r = await page.evaluate(() => window.coldResult);
  await context.close();
  if (r.error) throw new Error(`${engine} cold page: ${r.error}`);
  compare(reference, r.units, `${NAMES[engine]} cold page${pauseMs ? ', file chosen later' : ''}`);
  return { seconds: r.ms / 1000, startSeconds: r.startMs / 1000,
    fileSeconds: (r.ms - r.fileAt) / 1000 };
}

// The command line end to end (read, compute, write the JSON report), and its figures once.
function chiso766Native(file, reference) {
  const times = [];
  const user = [];
  let rss = 0;
  for (let i = 0; i < 1 + runs; i++) {
    const r = timed(cli, ['report', '--month', MONTH, '--out', '/dev/null', file]);
    times.push(r.seconds);
    user.push(r.userSeconds);
    rss = Math.max(rss, r.rssBytes);
  }
  const report = JSON.parse(execFileSync(cli, ['report', '--month', MONTH, file],
    { maxBuffer: 256 << 20, encoding: 'utf8' }));
  compare(reference, report.units, 'chiso766-native');
  return { ...summary(times), rss, userSeconds: summary(user).median };
}

// The floor under any cold page in this browser on this machine: the file read alone in two
// workers, halves at once as the app reads it, nothing done with the bytes (scripts/bench/
// read-alone.js). Median wall time and Chromium's CPU time of the warm reads. A page that also
// computes the figures needs that CPU plus the computing's, on the same cores.
async function readAlone(file) {
  const { context, page } = await newPage();
  await page.goto(`${origin}/`);
  await page.setInputFiles('#file', file);
  const size = statSync(file).size;
  const walls = [];
  const cpus = [];
  for (let i = 0; i < 1 + Math.max(2, runs); i++) {
    const c0 = chromiumCpuSeconds();
    const r = await page.evaluate(() => window.bench.readAlone());
    const c1 = chromiumCpuSeconds();
    if (r.bytes !== size) throw new Error(`reading alone: ${r.bytes} bytes read of ${size}`);
    walls.push(r.ms / 1000);
    if (c0 !== null) cpus.push(c1 - c0);
  }
  await context.close();
  return { seconds: summary(walls).median, cpuSeconds: cpus.length ? summary(cpus).median : null };
}

// figures.sql through native DuckDB, one thread; times from inside Python
// (scripts/bench/duckdb-native.py).
function duckdbNative(file, reference) {
  const r = timed(native.python, [join(root, 'scripts/bench/duckdb-native.py'),
    join(root, 'scripts/bench/figures.sql'), file, FROM, TO, String(1 + runs)]);
  const result = JSON.parse(r.stdout);
  compare(reference, result.units, 'duckdb-native');
  return { ...summary(result.times), rss: r.rssBytes, version: result.version };
}

// The app as users get it: the single .html's size, its first paint from file://, and (for the
// largest file) the time from choosing the file to every figure on screen, report and charts
// drawn, in that page: chosen as soon as the page is ready, and after a pause as a user's. Median
// of
// `1 + runs` fresh pages each (at least 3 pages in all).
// How long a user takes to find the file after the page opens, at the least.
const USER_PAUSE_MS = 2000;

async function appPage(file) {
  const single = join(root, 'dist-single/chiso766.html');
  const bytes = readFileSync(single);
  console.log(
    `single .html: ${(bytes.length / 1e6).toFixed(2)} MB, ` +
    `${(gzipSync(bytes, { level: 9 }).length / 1e6).toFixed(2)} MB gzipped (wasm, worker, ` +
    `readers and writers inside)`);
  const paints = [];
  const ready = [];
  const screens = [];
  const screensPaused = [];
  const blocks = [];
  for (let i = 0; i < Math.max(3, 2 * (1 + runs)); i++) {
    const { context, page } = await newPage();
    const t = Date.now();
    await page.goto(pathToFileURL(single).href);
    await page.waitForSelector('body[data-ready="true"]');
    ready.push((Date.now() - t) / 1000);
    paints.push(await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN) / 1000);
    if (file && i < 2 * (1 + runs)) {
      // Every other page waits as a user finding the file would (the workers' warm-up is over).
      const paused = i % 2 === 1;
      if (paused) await new Promise((resolve) => setTimeout(resolve, USER_PAUSE_MS));
      const t0 = Date.now();
      await page.setInputFiles('#file-input', file);
      await page.waitForFunction(() => /Đã phân tích/.test(
        document.getElementById('status').textContent), null, { timeout: 0, polling: 50 });
      (paused ? screensPaused : screens).push((Date.now() - t0) / 1000);
      // The page's own long-task observer, from its load on (www/main.js).
      blocks.push(await page.evaluate(() => window.__chiso766.longestTaskMs));
    }
    await context.close();
  }
  const med = (xs) => summary(xs).median;
  console.log(
    `single .html from file://: first paint ${sec(med(paints))}, ready for a file ` +
    `${sec(med(ready))} (median of ${paints.length} fresh pages)`);
  if (screens.length)
    console.log(
      `single .html from file://, ${file}: file chosen → all figures on screen ` +
      `${sec(med(screens))} (runs ${screens.map(sec).join(', ')}), the file chosen as soon ` +
      `as the page is ready`);
  if (screensPaused.length)
    console.log(
      `single .html from file://, ${file}: file chosen → all figures on screen ` +
      `${sec(med(screensPaused))} (runs ${screensPaused.map(sec).join(', ')}), the file chosen ` +
      `${USER_PAUSE_MS / 1000} s after the page is ready`);
  if (blocks.length)
    console.log(
      `single .html from file://, ${file}: longest main-thread block from the page's load to the ` +
      `figures on screen ${Math.max(...blocks).toFixed(0)} ms (pages: ` +
      `${blocks.map((b) => b.toFixed(0)).join(', ')} ms; 0: none ≥ 50 ms)`);
}

// ---- Run and report ----------------------------------------------------------------------------

let failed = false;
try {
  await appPage(files.at(-1)?.file);
  for (const { rows, file, megabytes } of files) {
    console.log(
      `\nfile: ${file} (${rows} dossiers, ${megabytes.toFixed(1)} MB); period ${FROM} … ${TO}; ` +
      `first run + ${runs} warm run(s) per engine`);
    const before = mismatches.length;
    const b = await inBrowser(file);
    const coldChiso = await coldPage(file, 'chiso766', b.reference);
    const coldDuck = await coldPage(file, 'duckdb', b.reference);
    const pausedChiso = await coldPage(file, 'chiso766', b.reference, USER_PAUSE_MS);
    const pausedDuck = await coldPage(file, 'duckdb', b.reference, USER_PAUSE_MS);
    const cn = chiso766Native(file, b.reference);
    const alone = await readAlone(file);
    const dn = native.python ? duckdbNative(file, b.reference) : null;

    console.log(timingLine('chiso766-wasm (file → report, Chromium)', b.chiso766, megabytes,
      `; engine start ${b.chiso766.startMs.toFixed(0)} ms`));
    const damaged = b.papaparse.damaged
      ? `; ${b.papaparse.damaged} row(s) with a character broken at a chunk boundary (PapaParse ` +
      `#751), read by their ASCII letters` : '';
    console.log(timingLine('papaparse (worker, chunks) + JS', b.papaparse, megabytes, damaged));
    console.log(timingLine(`duckdb-wasm (${b.duckdb.version}, eh, file reader)`, b.duckdb,
      megabytes, `; engine start ${b.duckdb.startMs.toFixed(0)} ms`));
    console.log(
      `chiso766-wasm cold page (navigation → figures): ${sec(coldChiso.seconds)} (engine start ` +
      `${sec(coldChiso.startSeconds)})`);
    console.log(
      `duckdb-wasm cold page (navigation → figures): ${sec(coldDuck.seconds)} (engine start ` +
      `${sec(coldDuck.startSeconds)})`);
    const later =
      `cold page, the file chosen ${USER_PAUSE_MS / 1000} s after the page loaded ` +
      `(file chosen → figures)`;
    console.log(
      `chiso766-wasm ${later}: ${sec(pausedChiso.fileSeconds)} (navigation → figures ` +
      `${sec(pausedChiso.seconds)})`);
    console.log(
      `duckdb-wasm ${later}: ${sec(pausedDuck.fileSeconds)} (navigation → figures ` +
      `${sec(pausedDuck.seconds)})`);
    console.log(timingLine('chiso766-native (command line end to end)', cn, megabytes,
      `; peak RSS ${mb(cn.rss)}`));
    const cores = os.cpus().length;
    const computing = alone.cpuSeconds === null ? alone.seconds
      : Math.max(alone.seconds, (alone.cpuSeconds + cn.userSeconds) / cores);
    // The quickest of chiso766's engine starts measured in this run (each page's varies).
    const start = Math.min(coldChiso.startSeconds, pausedChiso.startSeconds,
      b.chiso766.startMs / 1000);
    const floor = start + computing;
    const how = alone.cpuSeconds === null
      ? `engine start ${sec(start)} + reading ${sec(alone.seconds)} (no /proc: ` +
        `Chromium's CPU not measured)`
      : `engine start ${sec(start)} + (${sec(alone.cpuSeconds)} + ` +
        `${sec(cn.userSeconds)}) / ${cores} cores`;
    console.log(
      `floor: the file read alone in two workers, nothing done with its bytes, ` +
      `${sec(alone.seconds)} (${alone.cpuSeconds === null
        ? 'CPU not measured'
        : `${sec(alone.cpuSeconds)} of Chromium's CPU`}); ` +
      `chiso766-native's own computing ${sec(cn.userSeconds)} of CPU (user); so no cold page ` +
      `shows the figures in under ${how} = ${sec(floor)}, even with wasm as fast as native code`);
    if (dn)
      console.log(timingLine(`duckdb-native (${dn.version}, threads=1, in-process)`, dn, megabytes,
        `; peak RSS ${mb(dn.rss)} (Python included)`));
    else console.log('duckdb-native: skipped (see note above)');
    console.log(
      `memory: chiso766 workers' wasm at most ${mb(b.chiso766.wasmBytes)}, ` +
      `${Math.round((100 * b.chiso766.wasmBytes) / (megabytes * 1e6))} % of the file's size (the ` +
      `first worker ${mb(b.chiso766.wasmBytesFirst)}, the second at its peak ` +
      `${mb(b.chiso766.wasmBytes - b.chiso766.wasmBytesFirst)}, ended after a file that left it ` +
      `over 64 MB); page JS heap peak during chiso766 ${mb(b.chiso766.heapPeakBytes)}, papaparse ` +
      `${mb(b.papaparse.heapPeakBytes)}, duckdb-wasm ${mb(b.duckdb.heapPeakBytes)} ` +
      `(workers not included)`);
    const block = (ms) => (ms ? `${ms.toFixed(0)} ms` : 'none ≥ 50 ms');
    console.log(
      `longest main-thread block: chiso766 ${block(b.chiso766.longestTaskMs)} (papaparse ` +
      `${block(b.papaparse.longestTaskMs)}, duckdb-wasm ${block(b.duckdb.longestTaskMs)})`);
    const engines = ['papaparse', 'duckdb-wasm', 'duckdb-wasm cold page', 'chiso766-wasm cold page',
      'both cold pages with the file chosen later', 'chiso766-native',
      ...(dn ? ['duckdb-native'] : [])];
    // The app reads a file this large in two workers at once (www/worker.js): it must have.
    if (statSync(file).size >= 16 * 1024 * 1024) {
      if (b.chiso766.parts > 0)
        console.log(
          `two workers: the second half was read apart and merged (${b.chiso766.parts} time(s))`);
      else mismatches.push('chiso766-wasm: the file was not read in two halves by two workers');
    }
    // A second worker left with at most 64 MB of wasm memory reads the next file too: in --check
    // (18 MB) the one started with the page reads a part of every file.
    const { workersMade, runs: files, parts } = b.chiso766;
    if (workersMade === 2 && parts === files)
      console.log(
        `second worker: kept between files (its part of each of ${files} files read by the one ` +
        `started with the page)`);
    else if (check)
      mismatches.push(
        `chiso766-wasm: the second worker was not kept for every file (${workersMade} workers ` +
        `started, ${parts} parts merged, ${files} files)`);
    else console.log(
      `second worker: started afresh ${workersMade - 2} time(s) for ${files} files (one left ` +
      `with over 64 MB is ended, which gives its memory back)`);
    // A second worker lost between files is replaced, and reads a part of the next file (the
    // lost one's channel is closed: a part can only come from the new one; a large file's
    // second worker is then replaced once more after that file).
    const { afterLoss } = b.chiso766;
    if (afterLoss.workers >= 1 && afterLoss.parts === 1)
      console.log(
        'second worker lost between files: replaced, and the next file read in two halves again');
    else mismatches.push(
      `chiso766-wasm: after its second worker was lost between files, ${afterLoss.workers} ` +
      `worker(s) started and ${afterLoss.parts} part(s) merged for the next file (a new one, ` +
      `and 1 part, expected)`);
    // Chromium's File streams let the worker read into a buffer of its own
    // (www/file-reader.js): that must not be lost silently, it is a fifth of the reading's CPU.
    const { ownBufferReaders, streamChunkReaders } = b.chiso766;
    if (ownBufferReaders > 0 && streamChunkReaders === 0)
      console.log(
        `reading: into the worker's own buffer (${ownBufferReaders} file reader(s), none by ` +
        `the stream's chunks)`);
    else mismatches.push(
      `chiso766-wasm: the file was read by the stream's own chunks (${streamChunkReaders} ` +
      `reader(s); ${ownBufferReaders} into the worker's buffer)`);
    // The worker's warm-up runs the second worker's code too (its part read and merged).
    if (!b.chiso766.warmUpSplit)
      mismatches.push(
        "chiso766-wasm: the warm-up did not read its second half as the second worker does");
    // …and gives way to a file chosen at once.
    if (b.chiso766.warmUpSplit && b.chiso766.warmUpAfterRequest === 'gave-way')
      console.log(
        "warm-up: read its second half as the second worker does, and gave way to a request that " +
        "came while it read");
    if (b.chiso766.warmUpAfterRequest !== 'gave-way')
      mismatches.push(
        `chiso766-wasm: the warm-up did not stop for a request that came while it read ` +
        `(${b.chiso766.warmUpAfterRequest})`);
    if (mismatches.length === before)
      console.log(
        `agreement: ${b.reference.length} units × ${FIGURES.length} figures equal in ` +
        `chiso766-wasm and ${engines.join(', ')}, every run`);
    else console.log(
      `MISMATCH: ${mismatches.length - before} differing figures (listed at the end)`);
    console.log(`ratio duckdb/chiso766: ${ratio(b.duckdb.median, b.chiso766.median)}`);
    console.log(`ratio duckdb-cold/chiso766-cold: ${ratio(coldDuck.seconds, coldChiso.seconds)}`);
    console.log(
      `ratio duckdb-cold/floor (the most any cold page could reach here): ` +
      `${ratio(coldDuck.seconds, floor)}`);
    console.log(
      `ratio duckdb-cold-later/chiso766-cold-later (file chosen → figures): ` +
      `${ratio(pausedDuck.fileSeconds, pausedChiso.fileSeconds)}`);
    console.log(`ratio papaparse/chiso766: ${ratio(b.papaparse.median, b.chiso766.median)}`);
    console.log(`ratio chiso766-wasm/native: ${ratio(b.chiso766.median, cn.median)}`);
    if (dn) {
      console.log(`ratio duckdb-native/chiso766-native: ${ratio(dn.median, cn.median)}`);
      console.log(`ratio chiso766-wasm/duckdb-native: ${ratio(b.chiso766.median, dn.median)}`);
    }
  }
} catch (error) {
  console.error(`\nbench failed: ${error.stack ?? error}`);
  failed = true;
} finally {
  await browser.close();
  server.close();
  if (checkDir) rmSync(checkDir, { recursive: true, force: true });
}

// Spreadsheets (scripts/bench/spreadsheets.mjs): a province's month as .xlsx from two writers,
// against fastexcel, SheetJS and the same rows as CSV. Not in --check (its anchors take minutes).
if (!check && !failed) {
  const r = spawnSync(process.execPath,
    [join(root, 'scripts/bench/spreadsheets.mjs'), '--runs', String(runs)], { stdio: 'inherit' });
  if (r.status !== 0) failed = true;
}

console.log(
  `\nnetwork: ${blocked.length} request(s) outside 127.0.0.1 blocked${blocked.length ? `: ` +
  `${[...new Set(blocked)].slice(0, 10).join(', ')}` : ''}`);
if (mismatches.length) {
  console.log(`MISMATCH: ${mismatches.length} figure(s) differ from chiso766-wasm's:`);
  for (const m of mismatches.slice(0, 50)) console.log(`  ${m}`);
  if (mismatches.length > 50) console.log(`  … and ${mismatches.length - 50} more`);
}
console.log(`bench took ${((Date.now() - began) / 1000).toFixed(0)} s`);
process.exit(failed || mismatches.length || blocked.length ? 1 : 0);
