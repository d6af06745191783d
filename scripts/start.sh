#!/usr/bin/env bash
# npm start: build what is missing or stale, then serve the hosted build on localhost.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
echo
echo "Tệp đơn (mở trực tiếp, không cần máy chủ) / single file (open directly):"
echo "  $(pwd)/dist-single/chiso766.html"
echo "Dòng lệnh / command line:  $(pwd)/target/release/chiso766 report --month 2024-05 FILE.csv"
echo
exec node scripts/serve.mjs dist "${PORT:-8766}"
