// The analysis worker: owns the Session (the loaded dossiers) so that reading files and computing
// never block the page. Protocol (one reply per request, matched by id):
//   {id, type: 'init', module}                      → true   (a compiled WebAssembly.Module)
//   {id, type: 'addFiles', files: [{file, mapping, national} | {sample: {rows, month, index, name}}]}
//                                                    (national: a DVCQG export, for reconciliation)
//                                                    → [{ok, info | error}]   + progress messages
//   {type: 'cancel'}                                 (no reply: the running addFiles stops, its
//                                                    file's rows are dropped, it replies cancelled)
//   {id, type: 'report', from, to, unmask, profile, province, settings}
//                                                    → report object (profile: JSON text or null),
//                                                    without overdue_dossiers
//   {id, type: 'overdue', unit}                     → that unit's overdue dossiers (last report)
//   {id, type: 'exportDocx', notice}                → .docx bytes (notice: the preview's JSON)
//   {id, type: 'exportXlsx'}                        → .xlsx bytes of the appendices
//   {id, type: 'exportCsv', appendix}               → .csv bytes of one appendix
//   {id, type: 'appendixList'}                      → [[id, title]] of the last report
//   {id, type: 'trend', unit}                       → month by month (unit index or null)
//   {id, type: 'reset'}                             → true
// Replies: {id, ok: true, result} or {id, ok: false, error: {message, message_en}}.
// Progress: {type: 'progress', file, loaded, total}.
import { initSync, Session, sampleFile } from '../pkg/chiso766.js';

let session = null;
let wasm = null;
let cancelRequested = false;

const PROGRESS_EVERY = 4 * 1024 * 1024;

// Streams a File into the session chunk by chunk: the file is never held whole, and between
// chunks a Cancel can arrive.
async function streamFile(file, mapping, national) {
  try {
    if (national) session.beginNational(file.name, mapping ?? undefined);
    else session.begin(file.name, mapping ?? undefined);
    const reader = file.stream().getReader();
    let loaded = 0;
    let lastReport = 0;
    for (;;) {
      if (cancelRequested) {
        reader.cancel();
        session.cancel();
        return { ok: false, cancelled: true, error: { file: file.name, message: 'Đã hủy đọc tệp', message_en: 'reading cancelled', columns: [] } };
      }
      const { done, value } = await reader.read();
      if (done) break;
      session.feed(value);
      loaded += value.length;
      if (loaded - lastReport >= PROGRESS_EVERY) {
        lastReport = loaded;
        postMessage({ type: 'progress', file: file.name, loaded, total: file.size });
        // A File's chunks resolve as microtasks: yield a macrotask turn so a Cancel message
        // can be handled.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
    postMessage({ type: 'progress', file: file.name, loaded, total: file.size });
    return { ok: true, info: session.end() };
  } catch (error) {
    return { ok: false, error: normalise(error, file.name) };
  }
}

function addBytes(name, bytes) {
  try {
    return { ok: true, info: session.addFile(name, bytes) };
  } catch (error) {
    return { ok: false, error: normalise(error, name) };
  }
}

function normalise(error, file) {
  if (error && typeof error === 'object' && 'message' in error && 'message_en' in error) return error;
  const text = String(error && error.message ? error.message : error);
  return { file: file ?? null, message: `Lỗi không mong đợi: ${text}`, message_en: `unexpected error: ${text}`, columns: [] };
}

// Reads a small generated month once, in chunks like a File, and throws it away. The browser
// first runs wasm through a quick baseline compiler and optimises the functions that turn out
// hot; without this, the user's first file pays for that. Measured on 1,000,000 dossiers from
// file:// (docs/benchmarks.md): 3.43–3.48 s without, 2.99–3.33 s with. 20,000 dossiers take
// ≈ 0.2 s, before any file arrives.
function warmUp() {
  const warm = new Session();
  try {
    const bytes = sampleFile(20000, '2024-05', 1, 0);
    warm.begin('warm-up.csv', undefined);
    for (let at = 0; at < bytes.length; at += 65536) warm.feed(bytes.subarray(at, at + 65536));
    warm.end();
    warm.report('2024-05-01', '2024-05-31', false, undefined, undefined, undefined);
  } catch {
    // Only a warm-up: any failure here shows on the user's own file.
  } finally {
    warm.free();
  }
}

const handlers = {
  init({ module }) {
    wasm = initSync({ module });
    session = new Session();
    // After the reply, while the user is still choosing a file.
    setTimeout(warmUp, 0);
    return true;
  },
  async addFiles({ files }) {
    cancelRequested = false;
    const results = [];
    for (const { file, mapping, sample, national } of files) {
      results.push(sample ? addBytes(sample.name, sampleFile(sample.rows, sample.month, 766, sample.index)) : await streamFile(file, mapping, national));
      if (cancelRequested) break;
    }
    return results;
  },
  defaultPeriod() {
    return session.defaultPeriod();
  },
  report({ from, to, unmask, profile, province, settings }) {
    return session.report(from, to, unmask, profile ?? undefined, province || undefined, settings ?? undefined);
  },
  exportDocx({ notice }) {
    return session.exportDocx(notice);
  },
  exportXlsx() {
    return session.exportXlsx();
  },
  exportCsv({ appendix }) {
    return session.exportCsv(appendix);
  },
  trend({ unit }) {
    return session.trend(unit ?? undefined);
  },
  appendixList() {
    return session.appendixList();
  },
  overdue({ unit }) {
    return session.overdue(unit);
  },
  // For the benchmark: the wasm memory's size (it only grows).
  stats() {
    return { wasmMemoryBytes: wasm.memory.buffer.byteLength };
  },
  reset() {
    session.free();
    session = new Session();
    return true;
  },
};

self.onmessage = async (event) => {
  const { id, type } = event.data;
  if (type === 'cancel') {
    cancelRequested = true;
    return;
  }
  try {
    const handler = handlers[type];
    if (!handler) throw new Error(`unknown request ${type}`);
    const result = await handler(event.data);
    postMessage({ id, ok: true, result });
  } catch (error) {
    postMessage({ id, ok: false, error: normalise(error) });
  }
};
