// The benchmark's floor (scripts/bench.mjs, "floor"): a worker that reads a part of a File through
// its stream, as the app's two workers read their halves (www/worker.js), and does nothing with
// the bytes but count them. Request {file, from, to} → reply {bytes}.
onmessage = async ({ data: { file, from, to } }) => {
  const reader = file.slice(from, to).stream().getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
  }
  postMessage({ bytes });
};
