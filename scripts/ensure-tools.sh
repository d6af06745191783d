#!/usr/bin/env bash
# Installs what the build and the tests need and is missing, on a fresh machine of this kind:
# the wasm32 target, wasm-bindgen-cli at the crate's exact pin, node modules, and (with
# NEED_BROWSER=1) Debian's Chromium and ChromeDriver, (with NEED_OFFICE=1) LibreOffice Writer and
# poppler-utils to check the .docx converts to PDF. Idempotent and quiet when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "[ensure-tools] $*" >&2; }

# npm test checks the formatting and the lints (cargo fmt --check, cargo clippy).
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "rustup component add $component"
    rustup component add "$component"
  fi
done
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must equal the wasm-bindgen crate pinned in Cargo.toml.
pin=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${pin}\$"; then
  say "cargo install wasm-bindgen-cli --version ${pin} (about 2 minutes)"
  # No --locked: the registry mirror lacks one locked dependency.
  cargo install wasm-bindgen-cli --version "${pin}"
fi

if [ ! -f node_modules/.package-lock.json ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
fi

if [ "${NEED_BROWSER:-0}" = 1 ] \
  && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "apt-get install chromium chromium-driver"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq \
    chromium chromium-driver >/dev/null
fi

if [ "${NEED_OFFICE:-0}" = 1 ] \
  && { ! command -v soffice >/dev/null || ! command -v pdftoppm >/dev/null; }; then
  say "apt-get install libreoffice-writer poppler-utils (about 15 seconds, 360 MB)"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
    libreoffice-writer poppler-utils >/dev/null
fi
