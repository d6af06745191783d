// Writes the hosted build's service worker (dist/sw.js) with the list of the build's files and a
// version made from their contents: a new build is a new cache, which the page offers to switch
// to ("Có phiên bản mới"). Also copies the web app manifest, and writes sw.js's own policy
// (dist/sw.js.csp): the page keeps connect-src 'none'; the service worker alone may request its
// own origin's files (connect-src 'self'), which is how it fills and refreshes its cache.
// Usage: node scripts/offline.mjs DIST
import { readFileSync, writeFileSync, readdirSync, copyFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';

const dist = resolve(process.argv[2] ?? 'dist');
copyFileSync(resolve(import.meta.dirname, '../www/manifest.webmanifest'),
  join(dist, 'manifest.webmanifest'));
const files = readdirSync(dist).filter((f) => /\.(html|js|webmanifest)$/.test(f) && f !== 'sw.js')
  .sort();
const hash = createHash('sha256');
for (const f of files) hash.update(f).update(readFileSync(join(dist, f)));
const version = hash.digest('hex').slice(0, 12);

const sw = `// chiso766 service worker, build ${version} (written by scripts/offline.mjs).
// Answers the page's own files from a versioned cache; requests nothing but its own origin's
// files, and nothing at all once they are cached.
const CACHE = 'chiso766-${version}';
const FILES = ${JSON.stringify(['./', ...files])};

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('chiso766-') && k !== CACHE)
      .map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  // Only this origin's files; anything else is not answered here (and the page's policy
  // forbids it anyway).
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const hit = await cache.match(event.request, { ignoreSearch: true });
    if (hit) return hit;
    if (event.request.mode === 'navigate') {
      const page = await cache.match('./');
      if (page) return page;
    }
    return fetch(event.request);
  }));
});
`;
writeFileSync(join(dist, 'sw.js'), sw);
writeFileSync(join(dist, 'sw.js.csp'), "default-src 'none'; connect-src 'self'\n");
console.log(`[offline] ${dist}/sw.js: cache chiso766-${version}, ${files.length + 1} entries`);
