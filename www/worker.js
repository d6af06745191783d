// The analysis worker: owns the Session (the loaded dossiers) so that reading files and computing
// never block the page. Protocol (one reply per request, matched by id):
//   {id, type: 'init', module}                      → true   (a compiled WebAssembly.Module)
//   {id, type: 'addFiles', files: [File]}           → [{ok, info | error}]   + progress messages
//   {id, type: 'sample', rows, month}               → [{ok, info}]
//   {id, type: 'report', from, to, unmask}          → report object
//   {id, type: 'reset'}                             → true
// Replies: {id, ok: true, result} or {id, ok: false, error: {message, message_en}}.
// Progress: {type: 'progress', file, loaded, total}.
import { initSync, Session, sampleCsv } from '../pkg/chiso766.js';

let session = null;

const CHUNK = 8 * 1024 * 1024;

// Reads a File into one buffer of its exact size, reporting progress per chunk.
async function readWithProgress(file) {
  const bytes = new Uint8Array(file.size);
  const reader = file.stream().getReader();
  let loaded = 0;
  let lastReport = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes.set(value, loaded);
    loaded += value.length;
    if (loaded - lastReport >= CHUNK) {
      lastReport = loaded;
      postMessage({ type: 'progress', file: file.name, loaded, total: file.size });
    }
  }
  postMessage({ type: 'progress', file: file.name, loaded, total: file.size });
  return bytes;
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
  return { file: file ?? null, message: `Lỗi không mong đợi: ${text}`, message_en: `unexpected error: ${text}` };
}

const handlers = {
  init({ module }) {
    initSync({ module });
    session = new Session();
    return true;
  },
  async addFiles({ files }) {
    const results = [];
    for (const file of files) {
      const bytes = await readWithProgress(file);
      results.push(addBytes(file.name, bytes));
    }
    return results;
  },
  sample({ rows, month }) {
    const bytes = sampleCsv(rows, month, 766);
    return [addBytes(`du-lieu-mau-${month}.csv`, bytes)];
  },
  defaultPeriod() {
    return session.defaultPeriod();
  },
  report({ from, to, unmask }) {
    return session.report(from, to, unmask);
  },
  reset() {
    session.free();
    session = new Session();
    return true;
  },
};

self.onmessage = async (event) => {
  const { id, type } = event.data;
  try {
    const handler = handlers[type];
    if (!handler) throw new Error(`unknown request ${type}`);
    const result = await handler(event.data);
    postMessage({ id, ok: true, result });
  } catch (error) {
    postMessage({ id, ok: false, error: normalise(error) });
  }
};
