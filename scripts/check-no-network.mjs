// Fails if the built page or the shipped crates gain a way to reach the network.
//   1. The bundles (hosted main.*.js and worker.js, the single .html) must not contain a
//      network API: fetch(, XMLHttpRequest, WebSocket, sendBeacon, EventSource, importScripts,
//      RTCPeerConnection, navigator.serviceWorker, WebTransport.
//   2. The crates that ship (normal dependencies, every target) must not include a networking
//      crate. Dev-only crates are not shipped (wasm-bindgen-test pulls tokio's "rt" for its test
//      runner, never in the product).
// The CSP blocks all of these at run time as well; this check keeps them out of the code.
// Two exceptions, each with its reason and its own check:
//   - the hosted page's script registers its service worker (navigator.serviceWorker): that
//     requests sw.js from the page's own origin, under worker-src 'self';
//   - the service worker (dist/sw.js) fetches its own origin's files to fill its cache: it must
//     compare each request's origin with its own before anything else.
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const APIS = ['fetch(', 'XMLHttpRequest', 'WebSocket', 'sendBeacon', 'EventSource', 'importScripts',
  'RTCPeerConnection', 'navigator.serviceWorker', 'WebTransport'];
const CRATES = ['reqwest', 'hyper', 'ureq', 'curl', 'isahc', 'surf', 'tokio', 'async-std',
  'native-tls', 'openssl', 'rustls', 'h2', 'mio', 'socket2', 'web-sys/Request',
  'web-sys/WebSocket'];

const files = [
  ...readdirSync(resolve(root, 'dist')).filter((f) => f.endsWith('.js'))
    .map((f) => resolve(root, 'dist', f)),
  resolve(root, 'dist-single/chiso766.html'),
];
const ALLOWED = {
  hostedMain: ['navigator.serviceWorker'],
  sw: ['fetch('],
};
const allowedIn = (f) => (f.endsWith('/dist/sw.js') ? ALLOWED.sw
  : /\/dist\/main\.[^/]+\.js$/.test(f) ? ALLOWED.hostedMain : []);
const found = [];
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  for (const api of APIS) if (text.includes(api) && !allowedIn(f).includes(api))
    found.push(`${f}: ${api}`);
}
const sw = readFileSync(resolve(root, 'dist/sw.js'), 'utf8');
if (!sw.includes('url.origin !== self.location.origin) return;'))
  found.push('dist/sw.js: fetches without checking the origin first');
if (readFileSync(resolve(root, 'dist-single/chiso766.html'), 'utf8').includes('serviceWorker'))
  found.push('dist-single: a service worker in the single file');

const tree = execFileSync('cargo', ['tree', '-e', 'normal', '--target', 'all', '--prefix', 'none',
  '--features', ''], { cwd: root, encoding: 'utf8' });
const shipped = new Set(tree.split('\n').map((l) => l.split(' ')[0]).filter(Boolean));
for (const c of CRATES) if (shipped.has(c)) found.push(`shipped crate: ${c}`);
const webSys = execFileSync('cargo',
  ['tree', '-e', 'features', '-i', 'web-sys', '--target', 'wasm32-unknown-unknown', '--prefix',
    'none'], { cwd: root, encoding: 'utf8' });
for (const feature of ['"Request"', '"WebSocket"', '"XmlHttpRequest"', '"EventSource"',
  '"RequestInit"']) {
  if (webSys.includes(`web-sys feature ${feature}`)) found.push(`web-sys feature ${feature}`);
}

if (found.length) {
  console.error(`[no-network] network API or crate found:\n  ${found.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `[no-network] ${files.length} bundles and ${shipped.size} shipped crates: no network API`);
