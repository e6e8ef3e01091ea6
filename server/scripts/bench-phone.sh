#!/usr/bin/env bash
# Benchmark of issue 15, the phone-first bundle, in one run on loopback (release server):
#  1. the built browser files: raw, gzip -9 and brotli q11 bytes (what the server sends);
#  2. the phone profile in Chromium (tests/e2e/bench/phone.mjs): 4G-like network, CPU 4x
#     slower, 390x844, cold cache; per page the p50 of RUNS loads from navigation to the HTML,
#     to the page being usable (the session form on screen; the page fully shown), to the
#     island being live, and for the session form to the session recorded after two taps;
#     and the bytes a cold visit moves;
# beside the baseline measured the same way on the hydrated build before islands (issue 15).
# Usage: server/scripts/bench-phone.sh   (RUNS=5; BENCH_DB, default tg_bench_phone, kept)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"
ensure_build_tools
ensure_test_tools
name="${BENCH_DB:-tg_bench_phone}"
ensure_postgres "$name"
base="${DATABASE_URL%/*}"
db="$base/$name"
server="$root/target/release/server"
log "building the site and the release server"
"$root/server/scripts/build-site.sh" >/dev/null
cargo build -q --release -p server
if [ "$(psql "$db" -qAt -c 'SELECT count(*) FROM teachers' 2>/dev/null || echo 0)" -eq 0 ]; then
  DATABASE_URL="$db" "$server" demo >/dev/null
fi
port=3119
serve_app "$server" "$db" "$port" "$root/target/bench-phone-server.log"

echo
echo "built browser files (bytes)        raw       gzip     brotli"
for f in target/site/pkg/app.*.js target/site/pkg/app.*.wasm target/site/pkg/app.*.css; do
  printf '%-30s %10s %10s %10s\n' "$(basename "$f" | sed -E 's/\.[0-9a-f]{16}\./.<hash>./')" \
    "$(wc -c <"$f")" "$(wc -c <"$f.gz")" "$(wc -c <"$f.br")"
done
echo
echo "baseline (issue 15, hydrated build): app_bg.wasm 3,882,117 raw / 901,172 brotli q11;"
echo "  a cold visit to any page, the login page included, moved 1,236,428 B of js+wasm;"
echo "  /mentoring/log HTML ~1.0 s, interactive 7.3 s; /growth HTML 1.2 s, interactive 8.4 s."
echo
(cd "$root/tests/e2e" && node bench/phone.mjs "http://127.0.0.1:$port")
