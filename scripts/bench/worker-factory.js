// The benchmark page's workers: the app's built worker (dist/worker.js), which
// scripts/bench/server.mjs serves at /app/worker.js.
export function makeWorker() {
  return new Worker('/app/worker.js', { name: 'chiso766' });
}
