#!/usr/bin/env bash
# Builds everything from source: the wasm module, both page builds, and the command line.
#   dist/index.html (+ main.*.js, worker.js,    hosted build
#     sw.js, manifest.webmanifest)
#   dist-single/chiso766.html                  single self-contained file
#   target/release/chiso766                    command line
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh

cargo build --lib --release --target wasm32-unknown-unknown
# Strip names here rather than with `strip = true`, which also drops the target_features section
# wasm-bindgen reads.
wasm-bindgen --target web --out-dir pkg --out-name chiso766 \
  --remove-name-section --remove-producers-section \
  target/wasm32-unknown-unknown/release/chiso766.wasm
node scripts/gzip-wasm.mjs pkg/chiso766_bg.wasm pkg/chiso766_bg.wasm.gz
npx webpack --config webpack.config.js --no-stats
cp build/worker.js dist/worker.js
node scripts/csp.mjs dist/index.html hosted
node scripts/csp.mjs dist-single/chiso766.html single
# After the policy is written into index.html: the service worker's version covers the final files.
node scripts/offline.mjs dist
cargo build --release --bin chiso766
single=dist-single/chiso766.html
echo "[build] $(du -h $single | cut -f1) $single ($(gzip -c $single | wc -c) bytes gzipped)"
