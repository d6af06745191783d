// Single-file build: file:// forbids new Worker(url), so the worker's bundled source is inlined
// here as text and started from a Blob.
import source from '../build/worker.js?raw';

export function makeWorker() {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url, { name: 'chiso766' });
  URL.revokeObjectURL(url);
  return worker;
}
