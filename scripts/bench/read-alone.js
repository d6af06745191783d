// The benchmark's floor (scripts/bench.mjs, "floor"): a worker that reads a part of a File with
// the app's own reader (www/file-reader.js), as the app's two workers read their halves (the
// first from the file's start, the second from the cut with full-size reads), and does nothing
// with the bytes but count them. Bundled into bench-dist/read-alone.js.
// Request {file, from, to} → reply {bytes}.
import { fileReader, READ_BUFFER } from '../../www/file-reader.js';

onmessage = async ({ data: { file, from, to } }) => {
  const reader = fileReader(file.slice(from, to), from === 0 ? undefined : READ_BUFFER);
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
  }
  postMessage({ bytes });
};
