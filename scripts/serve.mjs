// Serves the hosted build on localhost only, with the page's Content-Security-Policy also sent as
// a header (so the worker file gets it too; the service worker gets its own, dist/sw.js.csp).
// Usage: node scripts/serve.mjs [DIR] [PORT]
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, normalize, extname } from 'node:path';

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css', '.webmanifest': 'application/manifest+json' };

export function serve(onReady, { dir = 'dist', port = 0 } = {}) {
  const policy = readFileSync(join(dir, 'index.html.csp'), 'utf8').trim();
  // The service worker's own policy: it may request this origin's files to cache them
  // (scripts/offline.mjs); the page and its analysis worker keep connect-src 'none'.
  const swPolicy = existsSync(join(dir, 'sw.js.csp'))
    ? readFileSync(join(dir, 'sw.js.csp'), 'utf8').trim() : policy;
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://localhost').pathname))
      .replace(/^(\.\.[/\\])+/, '');
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(normalize(dir)) || !existsSync(file) || file.endsWith('.csp')) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': types[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': file.endsWith('sw.js') ? swPolicy : policy,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    });
    res.end(readFileSync(file));
  });
  server.listen(port, '127.0.0.1', () => onReady?.(server, server.address().port));
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'dist';
  const port = Number(process.argv[3] ?? process.env.PORT ?? 8766);
  serve((_, p) => console.log(`chiso766: http://127.0.0.1:${p}/  (Ctrl+C để dừng / to stop)`),
    { dir, port });
}
