// The analysis worker: owns the Session (the loaded dossiers) so that reading files and computing
// never block the page. Protocol (one reply per request, matched by id):
//   {id, type: 'init', module}                      → true   (a compiled WebAssembly.Module)
//   {id, type: 'addFiles',
//    files: [{file, mapping, national} | {sample: {rows, month, index, name}}]}
//                                                    (national: a DVCQG export, for reconciliation)
//                                                    → [{ok, info | error}]   + progress messages
//   {type: 'cancel'}                                 (no reply: the running addFiles stops, its
//                                                    file's rows are dropped, it replies cancelled)
//   {id, type: 'report', from, to, unmask, profile, province, settings}
//                                                    → the report as JSON text (profile: JSON
//                                                    text or null), without overdue_dossiers
//                                                    and the units' indicators and what-if
//   {id, type: 'overdue', unit}                     → that unit's overdue dossiers (last report)
//   {id, type: 'unitScores', unit}                  → that unit's scores with their indicators
//                                                    and what-if steps (the report's units[]
//                                                    carry the groups' points only)
//   {id, type: 'exportDocx', notice}                → .docx bytes (notice: the preview's JSON)
//   {id, type: 'exportXlsx'}                        → .xlsx bytes of the appendices
//   {id, type: 'exportCsv', appendix}               → .csv bytes of one appendix
//   {id, type: 'appendixList'}                      → [[id, title]] of the last report
//   {id, type: 'trend', unit}                       → month by month (unit index or null)
//   {id, type: 'reset'}                             → true
//   {id, type: 'listSlice', list, from, count}      → JSON text {total, rows} of a long list of
//                                                    the last report ('overdue', 'differences')
//   {id, type: 'exportTable', format, table}        → .csv/.xlsx bytes of a table the page shows
//                                                    (table: JSON text, see src/wasm.rs)
// Replies: {id, ok: true, result} or {id, ok: false, error: {message, message_en}}.
// Progress: {type: 'progress', file, loaded, total}.
// After a file read in two halves, unless the second worker is kept: {type: 'helper-spent'}
//   (the page answers with {id, type: 'partner', port}: the channel to a fresh second worker).
//   When the second worker fails, the page sends {id, type: 'partnerLost'}: its part is read by
//   this worker.
//
// The page starts two of these workers and gives each one end of a MessageChannel at init
// ({id, type: 'init', module, port, role: 'part'} for the second). A large CSV is read in two
// parts at once: this worker reads to a line end near the middle while the second reads from
// there to the end, then takes its rows over. When to split, where to cut and when to read on
// alone are decided in Rust (src/ingest/halves.rs, through Session.feedFile's steps); this file
// only reads bytes and carries the part. Over the channel:
//   {id, file, plan, cut}  →  {id, part: Uint8Array | null, memory}  (memory: the second
//   worker's wasm memory in bytes, which decides whether it is kept for the next file)
import {
  initSync, Session, PartSession, sampleFile, exportTable, readsByRandomAccess, kindBytes,
} from '../pkg/chiso766.js';
import { fileReader, READ_BUFFER } from './file-reader.js';

let session = null;
let wasm = null;
let cancelRequested = false;

const PROGRESS_EVERY = 4 * 1024 * 1024;
// Two workers hold more at their peak than one (the second's part twice over while it hands it
// on; docs/benchmarks.md): a PC that says it has under 4 GB of memory reads with one.
const LOW_MEMORY = (self.navigator?.deviceMemory ?? 8) < 4;

// The channel to the second worker, and its answers awaited by id.
let partner = null;
const parts = new Map();
let nextPart = 1;
// Second halves taken over so far (for the benchmark's check).
let partsMerged = 0;
// The most wasm memory a second worker took, and what the current one held at its last answer.
let helperPeakBytes = 0;
let partnerMemory = 0;
// A second worker holding at most this much wasm memory after its part is kept for the next
// file; above, it is ended after the file, which gives its memory back (a year's file leaves it
// holding more). A fresh worker grows its memory as it reads, page by page, and reads slower
// than one kept (docs/benchmarks.md).
const KEEP_PARTNER_BYTES = 64 * 1024 * 1024;
// Whether the warm-up read its second half as the second worker does; its state: 'none' (not
// started; always in the second worker), 'running', 'stopped' (a request came, the warm-up has
// not yet seen it), 'gave-way' (it stopped for that request) or 'done'.
let warmUpSplit = false;
let warmUpState = 'none';
// Warm-up chunks read, and read after a request had come (for the benchmark's check: none).
let warmUpChunks = 0;
let warmUpLate = 0;
// Readers of a File made so far: into a buffer of their own, or the stream's chunks (openReader).
let ownBufferReaders = 0;
let streamChunkReaders = 0;
// Second workers lost while idle and replaced (a few at most: one that keeps failing is not).
let idleLosses = 0;
const MAX_IDLE_LOSSES = 2;

function usePartner(port) {
  partner = port;
  partnerMemory = 0;
  port.onmessage = (event) => {
    const resolve = parts.get(event.data.id);
    parts.delete(event.data.id);
    partnerMemory = event.data.memory ?? Infinity;
    helperPeakBytes = Math.max(helperPeakBytes, event.data.memory ?? 0);
    resolve?.(event.data.part);
  };
}

// Forgets the second worker's channel (the page ends that worker) and what was asked of it.
function dropPartner() {
  if (partner) {
    partner.onmessage = null;
    partner.close();
  }
  partner = null;
  parts.clear();
}

function askPart(file, plan, cut) {
  const id = nextPart++;
  return new Promise((resolve) => {
    parts.set(id, resolve);
    partner.postMessage({ id, file, plan, cut }, [plan.buffer]);
  });
}

// A reader of a File (www/file-reader.js), counted by how the browser let it read.
function openReader(blob, first) {
  const reader = fileReader(blob, first);
  if (reader.ownBuffer) ownBufferReaders += 1;
  else streamChunkReaders += 1;
  return reader;
}

// The second worker's side: reads `file` from `cut` to its end with the first worker's plan.
async function readPart({ file, plan, cut }) {
  const part = new PartSession(plan, file.size - cut);
  try {
    const reader = openReader(file.slice(cut), READ_BUFFER);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      feedInPieces(part, value);
    }
    return part.finish();
  } finally {
    part.free();
  }
}

// A read hands over up to 4 MB (READ_BUFFER; a stream's own chunks, where there is no BYOB
// reader, up to 2 MB); each call copies its bytes into wasm memory, which keeps the largest
// copy's room. In pieces of FEED_PIECE bytes that room is 0.5 MB.
const FEED_PIECE = 512 * 1024;

function feedInPieces(into, bytes) {
  for (let at = 0; at < bytes.length; at += FEED_PIECE) {
    into.feed(bytes.subarray(at, at + FEED_PIECE));
  }
}

// Streams a File into the session chunk by chunk: the file is never held whole, and between
// chunks a Cancel can arrive. The session's steps say what to do next (src/ingest/halves.rs):
// feed bytes, look at the bytes past the middle, start the second worker, hand over its part,
// read the rest after all, end.
async function streamFile(file, mapping, national) {
  // The second worker's part, once asked for.
  let part = null;
  // Once this file is done with the second worker (read, cancelled or failed), the page starts
  // a fresh one (which gives the memory back) and sends the channel to it ('partner'); files
  // until then are read by this worker alone. A second worker that answered with its part and
  // holds little memory is kept instead (KEEP_PARTNER_BYTES).
  const releasePartner = (answered = false) => {
    if (part === null) return;
    part = null;
    if (answered && partnerMemory <= KEEP_PARTNER_BYTES) return;
    dropPartner();
    postMessage({ type: 'helper-spent' });
  };
  let reader = null;
  const stopped = () => {
    reader?.cancel();
    releasePartner();
    session.cancel();
    return cancelled(file);
  };
  try {
    // An .xlsx is read by random access (its zip's directory, then the parts needed, a
    // megabyte at a time) through synchronous reads of the File's slices: never held whole.
    if (typeof FileReaderSync === 'function' && file.size > 0) {
      const sync = new FileReaderSync();
      const readAt = (at, len) => new Uint8Array(sync.readAsArrayBuffer(file.slice(at, at + len)));
      if (readsByRandomAccess(readAt(0, kindBytes()))) {
        return readWorkbook(file, mapping, national, readAt);
      }
    }
    session.beginFile(file.name, mapping ?? undefined, Boolean(national), file.size,
      Boolean(partner) && !LOW_MEMORY, undefined);
    reader = openReader(file);
    let loaded = 0;
    let lastReport = 0;
    let next = { step: 'feed' };
    // The steps between two feeds (a look, the second worker's start), answered at once.
    const answer = async (step) => {
      if (step.step === 'look') {
        const bytes = new Uint8Array(await file.slice(step.at, step.at + step.len).arrayBuffer());
        return answer(session.look(bytes));
      }
      if (step.step === 'second') {
        const plan = session.secondPlan();
        // The second worker may have been lost meanwhile ('partnerLost'): then this one reads
        // on alone.
        if (partner) part = askPart(file, plan, step.cut);
        return session.secondStarted(Boolean(partner));
      }
      return step;
    };
    for (;;) {
      if (cancelRequested) return stopped();
      if (next.step === 'feed') {
        const { done, value } = await reader.read();
        if (done) {
          next = session.bytesEnded();
          continue;
        }
        for (let at = 0; at < value.length && next.step === 'feed'; at += FEED_PIECE) {
          next = await answer(session.feedFile(value.subarray(at, at + FEED_PIECE)));
        }
        loaded += value.length;
        if (loaded - lastReport >= PROGRESS_EVERY) {
          lastReport = loaded;
          // Over the whole file while two workers read it.
          postMessage({
            type: 'progress', file: file.name, loaded: session.progress(), total: file.size,
          });
          await nextTask();
        }
      } else if (next.step === 'part') {
        reader.cancel();
        // A Cancel while the second worker still reads ends the wait.
        const bytes = await Promise.race([part ?? Promise.resolve(null), cancelSignal()]);
        cancelWaiters = [];
        releasePartner(bytes instanceof Uint8Array);
        if (bytes === CANCELLED || cancelRequested) return stopped();
        // A part that failed or cannot be taken over: this worker reads the rest itself.
        next = session.takePart(bytes ?? undefined);
        if (next.step === 'end') partsMerged += 1;
      } else if (next.step === 'readFrom') {
        reader = openReader(file.slice(next.at), READ_BUFFER);
        next = { step: 'feed' };
      } else if (next.step === 'end') {
        postMessage({ type: 'progress', file: file.name, loaded: file.size, total: file.size });
        return { ok: true, info: session.end() };
      } else {
        next = await answer(next);
      }
    }
  } catch (error) {
    releasePartner();
    return { ok: false, error: normalise(error, file.name) };
  }
}

// An .xlsx read by random access in one call (Session.addWorkbook): progress as the parts are
// read (the sheet's part is most of the file, read in order); a Cancel takes effect after it.
function readWorkbook(file, mapping, national, readAt) {
  let reported = 0;
  const reading = (at, len) => {
    if (at - reported >= PROGRESS_EVERY) {
      reported = at;
      postMessage({ type: 'progress', file: file.name, loaded: at, total: file.size });
    }
    return readAt(at, len);
  };
  try {
    const info = session.addWorkbook(
      file.name, mapping ?? undefined, Boolean(national), file.size, reading);
    postMessage({ type: 'progress', file: file.name, loaded: file.size, total: file.size });
    return { ok: true, info };
  } catch (error) {
    return { ok: false, error: normalise(error, file.name) };
  }
}

// Resolves to CANCELLED when a Cancel message arrives.
const CANCELLED = Symbol('cancelled');
let cancelWaiters = [];

function cancelSignal() {
  return new Promise((resolve) => cancelWaiters.push(() => resolve(CANCELLED)));
}

// A macrotask turn without setTimeout, which browsers clamp to 4 ms once nested (a large file
// takes dozens of turns). Each turn wakes the oldest waiter (the warm-up and a file can both be
// waiting).
const turns = new MessageChannel();
const waking = [];
turns.port1.onmessage = () => waking.shift()?.();

function nextTask() {
  return new Promise((resolve) => {
    waking.push(resolve);
    turns.port2.postMessage(null);
  });
}

function cancelled(file) {
  return {
    ok: false,
    cancelled: true,
    error: {
      file: file.name, message: 'Đã hủy đọc tệp', message_en: 'reading cancelled', columns: [],
    },
  };
}

function addBytes(name, bytes) {
  try {
    return { ok: true, info: session.addFile(name, bytes) };
  } catch (error) {
    return { ok: false, error: normalise(error, name) };
  }
}

function normalise(error, file) {
  if (error && typeof error === 'object' && 'message' in error && 'message_en' in error) {
    return error;
  }
  const text = String(error && error.message ? error.message : error);
  return {
    file: file ?? null,
    message: `Lỗi không mong đợi: ${text}`,
    message_en: `unexpected error: ${text}`,
    columns: [],
  };
}

// Reads a small generated month ten times, in chunks like a File, and throws it away. The
// browser first runs wasm through a quick baseline compiler and optimises the functions that
// turn out hot; without this, the user's first file pays for that. Each round reads its second
// half as the second worker reads a large file's and merges it, so that code is optimised too.
// The rounds run while the user is choosing a file, and give way to any request (but the
// workers' own, see BACKSTAGE) after the step in hand (a 64 kB chunk, a round's report): a file
// chosen at once does not wait for them (docs/benchmarks.md has the measurements). Once it gave
// way it does not start again.
async function warmUp() {
  try {
    if (warmUpState === 'running') {
      // Ten rounds of one small month: generating it is itself slow on baseline code, and a
      // request would wait for a large one.
      const bytes = sampleFile(2000, '2024-05', 1, 0);
      for (let round = 0; round < 10 && warmUpState === 'running'; round++) {
        await warmUpRound(bytes);
      }
    }
  } catch {
    // Only a warm-up: any failure here shows on the user's own file.
  }
  warmUpState = warmUpState === 'stopped' ? 'gave-way' : 'done';
}

// One round of the warm-up on `bytes`; it ends at the next chunk once a request came. The
// file is read as a large one is, cut near its middle (the session's steps), its second part
// read here as the second worker reads one.
async function warmUpRound(bytes) {
  const warm = new Session();
  let part = null;
  try {
    warm.beginFile('warm-up.csv', undefined, false, bytes.length, false, bytes.length >> 1);
    // One chunk per turn, so that a request is seen between two; false once one came.
    const turn = async () => {
      warmUpChunks += 1;
      await nextTask();
      return warmUpState !== 'stopped';
    };
    const late = () => {
      if (warmUpState === 'stopped') warmUpLate += 1;
    };
    let next = { step: 'feed' };
    let at = 0;
    while (next.step !== 'end') {
      if (next.step === 'feed') {
        if (at >= bytes.length) {
          next = warm.bytesEnded();
          continue;
        }
        late();
        next = warm.feedFile(bytes.subarray(at, Math.min(at + 65536, bytes.length)));
        at += 65536;
        if (!(await turn())) return;
      } else if (next.step === 'look') {
        next = warm.look(bytes.subarray(next.at, next.at + next.len));
      } else if (next.step === 'second') {
        part = new PartSession(warm.secondPlan(), bytes.length - next.cut);
        for (let from = next.cut; from < bytes.length; from += 65536) {
          late();
          part.feed(bytes.subarray(from, Math.min(from + 65536, bytes.length)));
          if (!(await turn())) return;
        }
        next = warm.secondStarted(true);
      } else if (next.step === 'part') {
        next = warm.takePart(part.finish());
        warmUpSplit ||= next.step === 'end';
      } else if (next.step === 'readFrom') {
        at = next.at;
        next = { step: 'feed' };
      }
    }
    warm.end();
    warm.report('2024-05-01', '2024-05-31', false, undefined, undefined, undefined);
  } finally {
    part?.free();
    warm.free();
  }
}

const handlers = {
  // A fresh second worker's channel (see 'helper-spent').
  partner({ port }) {
    usePartner(port);
    return true;
  },
  // The second worker failed: what was asked of it is read here instead. One lost while idle
  // (kept after a file) is replaced, as one is after a file ('helper-spent').
  partnerLost() {
    const idle = partner !== null && parts.size === 0;
    for (const resolve of parts.values()) resolve(null);
    dropPartner();
    if (idle && idleLosses < MAX_IDLE_LOSSES) {
      idleLosses += 1;
      postMessage({ type: 'helper-spent' });
    }
    return true;
  },
  init({ module, port, role }) {
    wasm = initSync({ module });
    if (port && role === 'part') {
      port.onmessage = async (event) => {
        const { id } = event.data;
        let part = null;
        try {
          part = await readPart(event.data);
        } catch {
          // The first worker then reads the rest itself.
        }
        // With the memory it holds: the first worker keeps it for the next file when that is
        // little (KEEP_PARTNER_BYTES), and the benchmark reports the most.
        port.postMessage(
          { id, part, memory: wasm.memory.buffer.byteLength }, part ? [part.buffer] : []);
      };
    } else if (port) {
      usePartner(port);
    }
    session = new Session();
    // After the reply, while the user is still choosing a file. The first worker only: the
    // optimised code goes with the module, so the second worker, started with the same module,
    // runs it too (a second warm-up would take a core from the first worker's file).
    if (role !== 'part') {
      warmUpState = 'running';
      setTimeout(warmUp, 0);
    }
    return true;
  },
  async addFiles({ files }) {
    cancelRequested = false;
    const results = [];
    for (const { file, mapping, sample, national } of files) {
      results.push(sample
        ? addBytes(sample.name, sampleFile(sample.rows, sample.month, 766, sample.index))
        : await streamFile(file, mapping, national));
      if (cancelRequested) break;
    }
    return results;
  },
  defaultPeriod() {
    return session.defaultPeriod();
  },
  report({ from, to, unmask, profile, province, settings }) {
    return session.report(
      from, to, unmask, profile ?? undefined, province || undefined, settings ?? undefined);
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
  unitScores({ unit }) {
    return session.unitScores(unit);
  },
  // The page's tables (www/table.js): a long list a slice at a time, and the rows a table keeps.
  listSlice({ list, from, count }) {
    return session.listSlice(list, from, count);
  },
  exportTable({ format, table }) {
    return exportTable(format, table);
  },
  // For the benchmark: the wasm memory's size (it only grows).
  stats() {
    return {
      wasmMemoryBytes: wasm.memory.buffer.byteLength, helperPeakBytes, partsMerged, warmUpSplit,
      warmUpState, warmUpChunks, warmUpLate, ownBufferReaders, streamChunkReaders,
    };
  },
  reset() {
    session.free();
    session = new Session();
    return true;
  },
};

// Follow-up with the units (issue #24), after a 'report' (they use its profile, masking and
// notice settings); asOf: 'YYYY-MM-DD' or null for the default day D:
//   {id, type: 'defaultAsOf'}                       → 'YYYY-MM-DD' (latest receipt or finish date)
//   {id, type: 'earlyWarning', asOf}                → the early warning as JSON text
//   {id, type: 'unitPackList', asOf}                → the units concerned and their files,
//                                                    JSON text
//   {id, type: 'unitPacks', asOf}                   → .zip bytes of every unit's letter and list
//                                                    + {type: 'progress', task: 'unitPacks',
//                                                    loaded, total} after each unit (in units);
//                                                    or an error with cancelled: true after
//   {id, type: 'cancelUnitPacks'}                   → true (the packs stop at the next unit)
Object.assign(handlers, {
  defaultAsOf() {
    return session.defaultAsOf() ?? null;
  },
  earlyWarning({ asOf }) {
    return session.earlyWarning(asOf ?? undefined);
  },
  unitPackList({ asOf }) {
    return session.unitPackList(asOf ?? undefined);
  },
  unitPacks,
  cancelUnitPacks() {
    packsCancelled = true;
    return true;
  },
});

// A unit a task: the Cancel request is read between units.
let packsCancelled = false;
async function unitPacks({ asOf }) {
  packsCancelled = false;
  const builder = session.unitPackBuilder(asOf ?? undefined);
  try {
    const total = builder.total();
    for (let done = 0; done < total;) {
      done = builder.step();
      postMessage({ type: 'progress', task: 'unitPacks', loaded: done, total });
      await nextTask();
      if (packsCancelled) {
        throw {
          cancelled: true,
          message: 'Đã hủy tạo gói cho từng đơn vị',
          message_en: 'unit packs cancelled',
        };
      }
    }
    return builder.finish();
  } finally {
    builder.free();
  }
}

// Requests that are not the user's work.
const BACKSTAGE = new Set(['partner', 'partnerLost', 'stats']);

self.onmessage = async (event) => {
  const { id, type } = event.data;
  if (type === 'cancel') {
    cancelRequested = true;
    for (const wake of cancelWaiters.splice(0)) wake();
    return;
  }
  // Work asked for stops the warm-up at its next chunk (the workers' own messages do not).
  if (warmUpState === 'running' && !BACKSTAGE.has(type)) warmUpState = 'stopped';
  try {
    const handler = handlers[type];
    if (!handler) throw new Error(`unknown request ${type}`);
    const result = await handler(event.data);
    postMessage({ id, ok: true, result });
  } catch (error) {
    postMessage({ id, ok: false, error: normalise(error) });
  }
};
