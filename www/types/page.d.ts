// What the page's type check (npm run typecheck) must know beside the DOM and the generated
// declarations: webpack's asset imports, and browser features newer than TypeScript's lib.

// The gzipped wasm, inlined by webpack as a data: URL (webpack.config.js).
declare module '*.wasm.gz' {
  const url: string;
  export default url;
}

// A module's source text (the single .html's worker, started from a Blob).
declare module '*?raw' {
  const source: string;
  export default source;
}

interface Uint8ArrayConstructor {
  /** Chromium 140 on; main.js falls back to atob. */
  fromBase64?(base64: string): Uint8Array<ArrayBuffer>;
}

interface Navigator {
  /** Chromium only: the device's memory in GB, rounded. */
  readonly deviceMemory?: number;
}

interface Window {
  /** What the benchmark and the end-to-end tests read from the page (main.js). */
  __chiso766: { longestTaskMs: number; worker: () => unknown };
}

/** Workers only (the type check reads the page's lib, not the worker's): worker.js reads an .xlsx
 *  by random access through it. */
declare class FileReaderSync {
  readAsArrayBuffer(blob: Blob): ArrayBuffer;
}
