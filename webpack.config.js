// Two builds from one source (DEVELOPERS.md):
//  - hosted: dist/index.html + main.[hash].js + worker.js, for an intranet server;
//  - single: dist-single/chiso766.html with everything inlined, the worker started from a Blob,
//    so it opens from file:// and from an e-mail attachment.
// The wasm travels inside the JavaScript in both, gzipped (scripts/gzip-wasm.mjs) and inflated by
// the page with DecompressionStream: the page's Content-Security-Policy has connect-src 'none',
// which forbids fetch(), the only other way to load a .wasm file.
// The worker is bundled first (config "worker"); the single build inlines its text.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import HtmlInlineScriptPlugin from 'html-inline-script-webpack-plugin';

const root = path.dirname(fileURLToPath(import.meta.url));

const common = {
  mode: 'production',
  devtool: false,
  performance: { hints: false },
  module: {
    // wasm-bindgen's glue mentions new URL('chiso766_bg.wasm', import.meta.url) as a fallback we
    // never use (the module is always passed in): do not turn it into a fetched asset.
    parser: { javascript: { url: false } },
    rules: [
      { test: /\.wasm(\.gz)?$/, type: 'asset/inline' },
      { resourceQuery: /raw/, type: 'asset/source' },
    ],
  },
};

const worker = {
  ...common,
  name: 'worker',
  target: 'webworker',
  entry: './www/worker.js',
  output: { path: path.join(root, 'build'), filename: 'worker.js', clean: true },
};

// `factory`: how the worker starts; `offline`: the service worker's registration (hosted) or
// nothing (single file, opened from file://, where there is no service worker).
const page = (name, outDir, filename, factory, offline, plugins) => ({
  ...common,
  name,
  dependencies: ['worker'],
  target: 'web',
  entry: './www/main.js',
  output: { path: path.join(root, outDir), filename: 'main.[contenthash:8].js', clean: true },
  resolve: { alias: { 'chiso766-worker-factory': path.join(root, 'www', factory),
    'chiso766-offline': path.join(root, 'www', offline) } },
  plugins: [
    // `hosted` links the web app manifest (index.html); a file:// page cannot use one.
    new HtmlWebpackPlugin({ template: './www/index.html', filename, inject: 'body',
      scriptLoading: 'module', minify: false, hosted: name === 'hosted' }),
    ...plugins,
  ],
});

export default [
  worker,
  page('hosted', 'dist', 'index.html', 'worker-factory.hosted.js', 'offline.hosted.js', []),
  page('single', 'dist-single', 'chiso766.html', 'worker-factory.single.js', 'offline.single.js',
    [new HtmlInlineScriptPlugin()]),
];
