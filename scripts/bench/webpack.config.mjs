// Bundles the benchmark page (scripts/bench/page.js with PapaParse, DuckDB-WASM's browser module
// and the apache-arrow it imports by bare name) into bench-dist/page.js, and the floor's reading
// worker (scripts/bench/read-alone.js, with the app's www/file-reader.js) into
// bench-dist/read-alone.js. DuckDB's worker and wasm are not bundled: scripts/bench/server.mjs
// serves them from node_modules.
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export default {
  mode: 'production',
  devtool: false,
  performance: { hints: false },
  // Readable, and built in a second instead of ten: the page's own size is not what is measured.
  optimization: { minimize: false },
  target: 'web',
  context: root,
  entry: { page: './scripts/bench/page.js', 'read-alone': './scripts/bench/read-alone.js' },
  // The engines' chunks (import() in page.js) are fetched from /bench-dist/.
  output: { path: path.join(root, 'bench-dist'), filename: '[name].js', chunkFilename: '[name].js',
    publicPath: '/bench-dist/', clean: true },
  // The page's worker client, with workers from the app's built worker.js (served at /app/).
  resolve: { alias: { 'chiso766-worker-factory': path.join(root,
    'scripts/bench/worker-factory.js') } },
  module: {
    // Keep any new URL(…, import.meta.url) as it is: every URL is given explicitly in page.js.
    parser: { javascript: { url: false } },
    // figures.sql as text (import sql from './figures.sql?raw').
    rules: [{ resourceQuery: /raw/, type: 'asset/source' }],
  },
};
