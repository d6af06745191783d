// The benchmark's floor (scripts/bench.mjs, "floor"): a worker that reads a part of a File as the
// app's two workers read their halves (www/worker.js, fileReader: into a 4 MB buffer of its own
// where the stream allows it), and does nothing with the bytes but count them.
// Request {file, from, to} → reply {bytes}.
onmessage = async ({ data: { file, from, to } }) => {
  const stream = file.slice(from, to).stream();
  let bytes = 0;
  let reader;
  try {
    reader = stream.getReader({ mode: 'byob' });
  } catch {
    reader = null;
  }
  if (reader) {
    let buffer = new ArrayBuffer(4 * 1024 * 1024);
    for (;;) {
      const { done, value } = await reader.read(new Uint8Array(buffer));
      if (done) break;
      bytes += value.length;
      buffer = value.buffer;
    }
  } else {
    const chunks = stream.getReader();
    for (;;) {
      const { done, value } = await chunks.read();
      if (done) break;
      bytes += value.length;
    }
  }
  postMessage({ bytes });
};
