// The benchmark page's HTTP server, on 127.0.0.1 only: one origin for the bench page, chiso766's
// hosted worker and wasm, and DuckDB-WASM's worker and wasm, so that nothing is fetched from
// anywhere else. No CSP: the page is ours, not the app's (scripts/serve.mjs serves the app).
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

// URL prefix → folder. The bench page and its bundle; the app's built worker (dist/worker.js);
// the wasm that worker expects (pkg/chiso766_bg.wasm: the hosted page inlines the same file in
// main.*.js and hands the worker a compiled module); DuckDB-WASM's files from node_modules.
const mounts = [
  ['/app/', join(root, 'dist')],
  ['/pkg/', join(root, 'pkg')],
  ['/duckdb/', join(root, 'node_modules/@duckdb/duckdb-wasm/dist')],
  ['/bench-dist/', join(root, 'bench-dist')],
  ['/', join(root, 'scripts/bench')],
];

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
};

// Calls onReady(server, port) once listening on a free port.
export function serve(onReady) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    if (path === '/') path = '/page.html';
    const [prefix, dir] = mounts.find(([p]) => path.startsWith(p));
    const file = normalize(join(dir, path.slice(prefix.length)));
    // Only files inside the mounted folder.
    if (!file.startsWith(dir + '/') || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': types[extname(file)] ?? 'application/octet-stream',
      'Content-Length': statSync(file).size,
      'Cache-Control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  server.listen(0, '127.0.0.1', () => onReady(server, server.address().port));
  return server;
}
