#!/usr/bin/env bash
# Fuzzes the readers with cargo-fuzz (libFuzzer + AddressSanitizer, nightly toolchain):
#   csv_ingest   any bytes as a dossier file, whole and in chunks, then a report
#   xlsx_ingest  any bytes as a workbook
#   xlsx_parts   a valid zip of a workbook's parts with hostile XML inside, read whole and by
#                random access (the same outcome both ways), and HTML tables
#   values       dates, numbers, yes/no, statuses, headers, kinds, scoreboard months
# Usage: scripts/fuzz.sh [SECONDS per target] (npm test: 30; before a release: 600 or more).
# Without a nightly toolchain it says so and skips: it never fails the suite for that.
# A crash leaves its input in fuzz/artifacts/TARGET/: add it to the corpus tests and fix.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
if ! rustup toolchain list | grep -q '^nightly'; then
  echo "[fuzz] no nightly toolchain on this machine: fuzzing skipped" >&2
  exit 0
fi
if ! command -v cargo-fuzz >/dev/null; then
  echo "[fuzz] cargo install cargo-fuzz --locked (about 30 seconds)" >&2
  cargo install cargo-fuzz --locked
fi
cd fuzz
for target in csv_ingest xlsx_ingest xlsx_parts values; do
  echo "[fuzz] $target for ${seconds} s" >&2
  cargo +nightly fuzz run "$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=0 2>&1 \
    | grep -E "^Done|ERROR|SUMMARY|panicked" || true
  # libFuzzer exits non-zero on a crash and leaves the input in artifacts/.
  if ls "artifacts/$target"/crash-* "artifacts/$target"/oom-* "artifacts/$target"/timeout-* \
    >/dev/null 2>&1; then
    echo "[fuzz] $target found a failing input: fuzz/artifacts/$target/" >&2
    exit 1
  fi
done
