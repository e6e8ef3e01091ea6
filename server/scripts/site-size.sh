#!/usr/bin/env bash
# Prints the size of the built browser bundle (run build-site.sh first): raw, gzip -9, brotli -q 11.
# Baseline: the first foundation build (wasm 1,066,719 / 400,018 / 306,910 bytes).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root/target/site/pkg"
printf '%-14s %10s %10s %10s\n' file raw gzip brotli
for f in app_bg.wasm app.js app.css; do
  br=$(command -v brotli >/dev/null && brotli -q 11 -c "$f" | wc -c || echo n/a)
  printf '%-14s %10s %10s %10s\n' "$f" "$(wc -c <"$f")" "$(gzip -9 -c "$f" | wc -c)" "$br"
done
