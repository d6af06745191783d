// The benchmark page: keeps the File chosen in #file and runs four engines on it, each giving the
// per-unit figures [{code, handled, …}] (scripts/bench.mjs and scripts/bench/spreadsheets.mjs
// drive it through `window.bench`):
//  - chiso766: the app's own workers (dist/worker.js) and wasm, through the page's client
//    (www/worker-client.js): reset, addFiles [{file}], report {from, to}; the figures are the
//    report's units[];
//  - PapaParse (worker: true, streaming by chunk) + plain JavaScript (figures-papaparse.js);
//  - DuckDB-WASM (the eh build, single-threaded) running figures.sql on the File;
//  - SheetJS (npm xlsx) reading an .xlsx whole + the same JavaScript (figures-sheet.js).
// Every file is fetched from this page's own origin (scripts/bench/server.mjs). PapaParse and
// DuckDB-WASM's module are loaded when their engine starts (bench-dist/ chunks), so that a cold
// page loads the code of its own engine only, as an app built on it would.
//
// Cold mode (`?cold=chiso766` or `?cold=duckdb`): the engine starts as the page loads, and the
// first file chosen is run once; window.coldResult then holds the time from the navigation's
// start (performance.now()) to the figures.
import figuresSql from './figures.sql?raw';
import { Figures, FIGURES } from './figures-papaparse.js';
import { sheetFigures } from './figures-sheet.js';
import { AnalysisWorker } from '../../www/worker-client.js';

// Only the compared figures, keyed like the other engines' rows.
function pick(unit) {
  return { code: unit.code, ...Object.fromEntries(FIGURES.map((f) => [f, unit[f]])) };
}

function file() {
  const f = document.getElementById('file').files[0];
  if (!f) throw new Error('no file chosen');
  return f;
}

// ---- chiso766 ----------------------------------------------------------------------------------

// Asks a client for the worker's stats every `ms` until `done(stats)` holds, or `limitMs` has
// passed; the last answer.
async function statsWhen(client, done, ms, limitMs = Infinity) {
  const began = performance.now();
  for (;;) {
    const stats = await client.request('stats');
    if (done(stats) || performance.now() - began >= limitMs) return stats;
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

const chiso766 = {
  client: null,
  module: null,

  // Compiles the wasm and starts the app's two workers with it through the page's own client
  // (www/worker-client.js), so the benchmark runs the wiring users get. The page inlines the
  // module (gzipped, base64) because its CSP forbids fetch(); this page fetches the same
  // pkg/chiso766_bg.wasm, which is the faster start of the two. As on the page, the first worker
  // loads its script while the module compiles.
  async start() {
    this.client = new AnalysisWorker(() => {});
    this.module = await WebAssembly.compileStreaming(fetch('/pkg/chiso766_bg.wasm'));
    await this.request('init', this.module);
  },

  // Until the worker's warm-up is over (it gives way to the first request: the warm runs would
  // otherwise include it, and --check could not see it take the split path).
  async settle() {
    await statsWhen(this.client, (s) => s.warmUpState !== 'running', 20);
  },

  // The client's errors are {message, message_en} objects: made Errors here.
  async request(type, payload) {
    try {
      return type === 'init'
        ? await this.client.init(payload)
        : await this.client.request(type, payload);
    } catch (error) {
      throw new Error(`chiso766: ${error?.message_en ?? error?.message ?? error}`);
    }
  },

  // File → every notice figure (the whole report), from an empty session.
  async run(from, to) {
    await this.request('reset');
    const [added] = await this.request('addFiles', { files: [{ file: file(), mapping: null }] });
    if (!added.ok) throw new Error(`chiso766 could not read the file: ${added.error.message_en}`);
    const report = JSON.parse(await this.request('report', {
      from, to, unmask: false, profile: null, province: null, settings: null,
    }));
    return report.units.map(pick);
  },

  // The first worker's wasm memory and the most a second worker took: an upper bound of what
  // the tab held for the dossiers at once.
  async stats() {
    const own = await this.request('stats');
    return {
      wasmMemoryBytes: own.wasmMemoryBytes + own.helperPeakBytes,
      wasmMemoryBytesFirst: own.wasmMemoryBytes,
      partsMerged: own.partsMerged,
      warmUpSplit: own.warmUpSplit,
      ownBufferReaders: own.ownBufferReaders,
      streamChunkReaders: own.streamChunkReaders,
    };
  },

  // A request that comes while the warm-up reads: it must give way to it (its state then
  // 'gave-way', set by the warm-up itself when it sees the request; 'done' if it ran on) and
  // read no chunk after it came. Its own workers (with the module start() compiled), ended after.
  async warmUpGivesWay() {
    const client = new AnalysisWorker(() => {});
    try {
      await client.init(this.module);
      // 'stats' is the workers' own: it does not stop the warm-up.
      await statsWhen(client, (s) => s.warmUpChunks > 0 || s.warmUpState !== 'running', 5);
      await client.request('reset');
      const { warmUpState, warmUpLate } = await statsWhen(
        client, (s) => s.warmUpState === 'gave-way' || s.warmUpState === 'done', 5, 10_000);
      return warmUpLate ? `${warmUpState}, ${warmUpLate} chunk(s) late` : warmUpState;
    } finally {
      client.terminate();
    }
  },

  // The second worker lost between files (as its 'error' event tells the first worker): a new
  // one is started and reads a part of the next file. {workers, parts}: how many workers were
  // started and parts merged for that file; its figures.
  async loseIdleHelper(from, to) {
    const made = window.workersMade;
    const merged = (await this.request('stats')).partsMerged;
    this.client.worker.postMessage({ id: 0, type: 'partnerLost' });
    const units = await this.run(from, to);
    const workers = window.workersMade - made;
    const parts = (await this.request('stats')).partsMerged - merged;
    return { workers, parts, units };
  },

  stop() {
    this.client.terminate();
    this.client = null;
  },
};

// ---- PapaParse + JavaScript --------------------------------------------------------------------

const papaparse = {
  // Rows of the last run with a value broken by PapaParse's chunking (figures-papaparse.js,
  // isOnline).
  damaged: 0,

  Papa: null,

  async start() {
    this.Papa = (await import('papaparse')).default;
  },

  run(from, to) {
    const { Papa } = this;
    const figures = new Figures(from, to);
    return new Promise((resolve, reject) => {
      Papa.parse(file(), {
        worker: true,
        header: false,
        // Rows arrive on this thread a chunk at a time (the parsing runs in PapaParse's worker).
        chunk: (results) => {
          for (const row of results.data) figures.add(row);
        },
        complete: () => {
          try {
            this.damaged = figures.damaged;
            resolve(figures.result());
          } catch (error) {
            reject(error);
          }
        },
        error: (error) => reject(new Error(`PapaParse: ${error.message ?? error}`)),
      });
    });
  },

  stop() {},
};

// ---- DuckDB-WASM -------------------------------------------------------------------------------

const duckdbEngine = {
  duckdb: null,
  db: null,
  conn: null,
  version: null,

  // The eh build from this origin; never the CDN bundles (getJsDelivrBundles).
  async start() {
    const duckdb = await import('@duckdb/duckdb-wasm');
    this.duckdb = duckdb;
    const worker = new Worker('/duckdb/duckdb-browser-eh.worker.js');
    this.db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await this.db.instantiate('/duckdb/duckdb-eh.wasm');
    await this.db.open({});
    this.conn = await this.db.connect();
    // First of all: else DuckDB fetches extensions from the internet when a query could use one.
    await this.conn.query('SET autoload_known_extensions = false');
    await this.conn.query('SET autoinstall_known_extensions = false');
    this.version = (await this.conn.query('SELECT version() AS v')).toArray()[0].v;
  },

  async run(from, to) {
    const name = 'ho-so.csv';
    await this.db.registerFileHandle(
      name, file(), this.duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    try {
      const sql = figuresSql
        .replaceAll('{{file}}', name).replaceAll('{{from}}', from).replaceAll('{{to}}', to);
      const table = await this.conn.query(sql);
      return table.toArray().map((row) => pick(row.toJSON()));
    } finally {
      await this.db.dropFile(name);
    }
  },

  async stop() {
    await this.conn.close();
    await this.db.terminate();
    this.db = null;
    this.conn = null;
  },
};

// ---- SheetJS + JavaScript ----------------------------------------------------------------------

// SheetJS (npm xlsx) reads the whole workbook into cells on this thread, as apps built on it do;
// the rows are then counted by the same JavaScript as PapaParse's (figures-sheet.js).
const sheetjs = {
  XLSX: null,

  async start() {
    this.XLSX = await import('xlsx');
  },

  async run(from, to) {
    const X = this.XLSX;
    const wb = X.read(new Uint8Array(await file().arrayBuffer()), { type: 'array', dense: true });
    const rows = X.utils.sheet_to_json(
      wb.Sheets[wb.SheetNames[0]], { header: 1, raw: true, defval: '' });
    return sheetFigures(rows, from, to);
  },

  stop() {},
};

const engines = { chiso766, papaparse, duckdb: duckdbEngine, sheetjs };

// ---- Measurements ------------------------------------------------------------------------------

// The longest main-thread block (long tasks: 50 ms or more) since the last reset.
let longestTaskMs = 0;
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longestTaskMs = Math.max(longestTaskMs, e.duration);
  }).observe({ type: 'longtask', buffered: true });
} catch {
  // No long-task timing in this browser: the figure stays 0.
}

// The page's JS heap, sampled every 50 ms (needs --enable-precise-memory-info); the peak since
// the last reset. Workers' heaps and wasm memories are not in it.
let heapPeak = 0;
const sampleHeap = () => {
  heapPeak = Math.max(heapPeak, performance.memory?.usedJSHeapSize ?? 0);
};
setInterval(sampleHeap, 50);

// The floor's two reading workers, started at its first run.
let readers = null;

window.bench = {
  // Starts an engine; returns the milliseconds it took.
  async start(engine) {
    const t = performance.now();
    await engines[engine].start();
    const ms = performance.now() - t;
    await engines[engine].settle?.();
    return ms;
  },
  // One run on the chosen file: {ms, units}.
  async run(engine, from, to) {
    const t = performance.now();
    const units = await engines[engine].run(from, to);
    const ms = performance.now() - t;
    sampleHeap();
    return { ms, units };
  },
  async stop(engine) {
    await engines[engine].stop();
  },
  chiso766Stats: () => chiso766.stats(),
  chiso766WarmUpGivesWay: () => chiso766.warmUpGivesWay(),
  chiso766LoseIdleHelper: (from, to) => chiso766.loseIdleHelper(from, to),
  // The file read alone in two workers, halves at once, as the app reads it, nothing done with
  // the bytes (the benchmark's floor): {ms, bytes}.
  async readAlone() {
    const f = file();
    readers ??= [new Worker('/bench-dist/read-alone.js'), new Worker('/bench-dist/read-alone.js')];
    const read = (worker, from, to) =>
      new Promise((resolve, reject) => {
        worker.onmessage = (event) => resolve(event.data.bytes);
        worker.onerror = (event) => reject(new Error(event.message));
        worker.postMessage({ file: f, from, to });
      });
    const half = f.size >> 1;
    const t = performance.now();
    const bytes = await Promise.all([read(readers[0], 0, half), read(readers[1], half, f.size)]);
    return { ms: performance.now() - t, bytes: bytes[0] + bytes[1] };
  },
  duckdbVersion: () => duckdbEngine.version,
  papaparseDamaged: () => papaparse.damaged,
  resetMeasures() {
    longestTaskMs = 0;
    heapPeak = 0;
    sampleHeap();
  },
  measures: () => ({ longestTaskMs, heapPeakBytes: heapPeak }),
};

// Cold mode: start the engine now, run once on the first file chosen.
const params = new URLSearchParams(location.search);
const cold = params.get('cold');
if (cold) {
  const started = (async () => {
    const t = performance.now();
    await engines[cold].start();
    return performance.now() - t;
  })();
  document.getElementById('file').addEventListener('change', async () => {
    try {
      const fileAt = performance.now();
      const startMs = await started;
      const units = await engines[cold].run(params.get('from'), params.get('to'));
      window.coldResult = { ms: performance.now(), startMs, fileAt, units };
    } catch (error) {
      window.coldResult = { error: String(error?.stack ?? error) };
    }
  });
}
document.body.dataset.ready = 'true';
