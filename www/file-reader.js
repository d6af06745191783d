// Reading a File's bytes in a worker: the app's workers (www/worker.js) and the benchmark's floor
// (scripts/bench/read-alone.js) read this way.
//
// A reader as a stream's default reader (read() → {done, value}, cancel()), with `ownBuffer`
// saying how it reads: into one buffer of its own where the browser lets it (a "BYOB" reader:
// Chromium's File streams are byte streams), instead of a new ArrayBuffer for every chunk; else
// by the stream's own chunks. A 1,000,000-row file read alone in two workers took 0.39–0.52 s of
// the browser's CPU the first way against 0.56–0.64 s (docs/benchmarks.md). A value is only good
// until the next read, which takes its buffer back: copy it first. Reads start at `first` bytes
// and double up to READ_BUFFER, so that a reader that must find the header first (the app's
// first worker) sees it, and can hand the second half on, as soon as with the stream's own first
// chunks.
export const READ_BUFFER = 4 * 1024 * 1024;
const FIRST_READ = 256 * 1024;

export function fileReader(blob, first = FIRST_READ) {
  const stream = blob.stream();
  let reader;
  try {
    reader = stream.getReader({ mode: 'byob' });
  } catch {
    const chunks = stream.getReader();
    return { read: () => chunks.read(), cancel: () => chunks.cancel(), ownBuffer: false };
  }
  let buffer = new ArrayBuffer(READ_BUFFER);
  let size = Math.min(first, READ_BUFFER);
  return {
    async read() {
      const result = await reader.read(new Uint8Array(buffer, 0, size));
      if (result.done) return { done: true, value: undefined };
      buffer = result.value.buffer;
      size = Math.min(2 * size, READ_BUFFER);
      return result;
    },
    cancel: () => reader.cancel(),
    ownBuffer: true,
  };
}
