#!/usr/bin/env bash
# npm test: every test, on a fresh machine of this kind with nothing installed by hand.
#   0. habits: rustfmt's formatting and clippy's lints, natively and for wasm, warnings as errors;
#      no line of code over 100 columns (scripts/check-lines.mjs)
#   1. native: unit tests beside the code, command-line tests on fixtures, the .docx through
#      LibreOffice to PDF (cargo test)
#   2. build: wasm, both page builds, command line (scripts/build.sh); the page's JavaScript
#      type-checked against the report's declarations generated from Rust (npm run typecheck)
#   3. no network: no network API in the bundles, no networking crate shipped
#   4. fuzz: cargo-fuzz on the readers, 30 s a target (scripts/fuzz.sh; needs nightly)
#   5. wasm: the facade in headless Chromium (wasm-bindgen-test)
#   6. end to end: the pages in Chromium through Playwright (node --test)
#   7. the benchmark on an 18 MB file: it runs, the page reads it in two workers, and every
#      engine gives the same figures (timings are printed, never asserted: `npm run bench` is
#      the measurement)
set -euo pipefail
cd "$(dirname "$0")/.."
export NEED_BROWSER=1 NEED_OFFICE=1
bash scripts/ensure-tools.sh
# The office conversion test may not skip here.
export CHISO766_REQUIRE_OFFICE=1

step() { echo; echo "=== $* ==="; }

step "formatting and lints (cargo fmt --check, lines ≤ 100 columns, cargo clippy -D warnings)"
cargo fmt --check
(cd fuzz && cargo fmt --check)
node scripts/check-lines.mjs
cargo clippy --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings

step "native tests (cargo test)"
cargo test --all-targets

step "build"
bash scripts/build.sh

step "the page's types (tsc --checkJs over www/, the report's declarations from Rust)"
npx --no-install tsc -p www/jsconfig.json

step "no network API in the bundles or the shipped crates"
node scripts/check-no-network.mjs

step "fuzzing the readers (30 s a target; skipped without a nightly toolchain)"
bash scripts/fuzz.sh 30

step "wasm tests in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test wasm

step "end-to-end tests in Chromium"
node --test tests/e2e/

step "benchmark check: chiso766 (two workers), PapaParse, DuckDB-WASM and native DuckDB agree" \
  "on an 18 MB file"
node scripts/bench.mjs --check
