// Hosted build: the worker is its own file next to index.html (copied there by scripts/build.sh).
export function makeWorker() {
  return new Worker(new URL('worker.js', document.baseURI), { name: 'chiso766' });
}
