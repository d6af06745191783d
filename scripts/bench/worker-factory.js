// The benchmark page's workers: the app's built worker (dist/worker.js), which
// scripts/bench/server.mjs serves at /app/worker.js. Counted (window.workersMade): a second
// worker that is kept between files is not started again.
export function makeWorker() {
  window.workersMade = (window.workersMade ?? 0) + 1;
  return new Worker('/app/worker.js', { name: 'chiso766' });
}
