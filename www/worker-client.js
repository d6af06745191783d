// The page's side of the worker protocol (see worker.js): requests as promises, progress as a
// callback.
import { makeWorker } from 'chiso766-worker-factory';

export class AnalysisWorker {
  constructor(onProgress) {
    this.worker = makeWorker();
    // Reads the second half of a large CSV while the first reads the first (worker.js); started
    // afresh after a file that left it holding much memory, which gives that memory back.
    this.helper = null;
    this.module = null;
    this.pending = new Map();
    this.nextId = 1;
    this.worker.onmessage = (event) => {
      const msg = event.data;
      if (msg.type === 'progress') {
        onProgress(msg);
        return;
      }
      if (msg.type === 'helper-spent') {
        const port = this.startHelper();
        this.worker.postMessage({ id: 0, type: 'partner', port }, [port]);
        return;
      }
      const waiting = this.pending.get(msg.id);
      if (!waiting) return;
      this.pending.delete(msg.id);
      if (msg.ok) waiting.resolve(msg.result);
      else waiting.reject(msg.error);
      // Settled after the promise's handlers have run (and started any follow-up request).
      setTimeout(() => this.mark(), 0);
    };
    this.worker.onerror = (event) => {
      const error = { message: `Lỗi trong bộ phân tích: ${event.message}`,
        message_en: `worker error: ${event.message}` };
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
  }

  // Starts both workers with the compiled module, joined by a channel of their own.
  init(module) {
    this.module = module;
    const port = this.startHelper();
    return this.request('init', { module, port }, [port]);
  }

  // A new second worker; returns the first worker's end of the channel to it.
  startHelper() {
    this.helper?.terminate();
    this.helper = makeWorker();
    // A second worker that fails (its start, or the browser ends it) must not leave the first
    // waiting: it reads on alone.
    const lost = () => this.worker.postMessage({ id: 0, type: 'partnerLost' });
    this.helper.onerror = lost;
    this.helper.onmessage = (event) => {
      if (event.data.ok === false) lost();
    };
    const channel = new MessageChannel();
    this.helper.postMessage({ id: 0, type: 'init', module: this.module, port: channel.port2,
      role: 'part' }, [channel.port2]);
    return channel.port1;
  }

  // Ends both workers (the page keeps them for its life; the benchmark page ends them between
  // engines).
  terminate() {
    this.helper?.terminate();
    this.worker.terminate();
  }

  // Fire and forget: no reply (the running request answers instead).
  send(type) {
    this.worker.postMessage({ type });
  }

  request(type, payload = {}, transfer = []) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.mark();
      this.worker.postMessage({ id, type, ...payload }, transfer);
    });
  }

  // body[data-worker-idle] says whether any request is in flight (tests wait on it).
  mark() {
    document.body.dataset.workerIdle = String(this.pending.size === 0);
  }
}
