#!/usr/bin/env bash
# Prints the size of the built browser files (run build-site.sh first): raw, and the gzip -9 and
# brotli q11 copies the server sends. Baselines: the hydrated build before islands (issue 15)
# had wasm 3,882,117 / 1,355,226 / 900,930 bytes; the first foundation build 1,066,719 /
# 400,018 / 306,910.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root/target/site/pkg"
printf '%-14s %10s %10s %10s\n' file raw gzip brotli
for f in app.*.js app.*.wasm app.*.css; do
  printf '%-14s %10s %10s %10s\n' "app.${f##*.}" "$(wc -c <"$f")" "$(wc -c <"$f.gz")" "$(wc -c <"$f.br")"
done
