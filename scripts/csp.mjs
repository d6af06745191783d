// Writes the Content-Security-Policy into a built page: every connection forbidden
// (connect-src 'none', default-src 'none'), and only what wasm, the worker and the page's own
// inline script and style need. Inline blocks are allowed by their SHA-256, never by
// 'unsafe-inline'. The hosted build's service worker has a policy of its own (dist/sw.js.csp,
// written by scripts/offline.mjs): connect-src 'self', the one exception, so that it can copy
// the page's own files into its cache.  Usage: node scripts/csp.mjs FILE hosted|single
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const [file, mode] = process.argv.slice(2);
let html = readFileSync(file, 'utf8');

const hashes = (tag) =>
  [...html.matchAll(new RegExp(`<${tag}(?![^>]*\\ssrc=)[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))]
    .map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);

const scripts = hashes('script');
const styles = hashes('style');
const policy = [
  "default-src 'none'",
  `script-src ${mode === 'hosted' ? "'self' " : ''}'wasm-unsafe-eval' ${scripts.join(' ')}`.trim(),
  `worker-src ${mode === 'hosted' ? "'self'" : 'blob:'}`,
  `style-src ${styles.join(' ')}`,
  // plotters measures chart text with a span whose font it sets through a style attribute; a
  // style attribute cannot run code, and with connect-src/img-src closed nothing can leave.
  "style-src-attr 'unsafe-inline'",
  'img-src data:',
  "connect-src 'none'",
  "font-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  // The hosted page links its web app manifest (installable, offline); the single file has none.
  ...(mode === 'hosted' ? ["manifest-src 'self'"] : []),
].join('; ');

// The HTML may have been minified (attribute quotes dropped), so the whole tag is rewritten.
const meta = /<meta http-equiv=["']?Content-Security-Policy["']? content=["']?__CSP__["']?\s*\/?>/;
if (!meta.test(html)) throw new Error(`${file}: no CSP placeholder`);
html = html.replace(meta, () => `<meta http-equiv="Content-Security-Policy" content="${policy}">`);
writeFileSync(file, html);
writeFileSync(file + '.csp', policy + '\n');
console.log(`[csp] ${file}: ${scripts.length} inline script(s), ${styles.length} style(s)`);
