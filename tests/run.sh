#!/usr/bin/env bash
# Command 2 of the README, and what CI runs (.ci/run): formatting, clippy for the server and the
# wasm builds, unit + database + HTTP tests (cargo test), then the end-to-end journeys in
# Chromium against a freshly started server with a demo district.
set -euo pipefail
source "$(dirname "$0")/../server/scripts/lib.sh"
cd "$root"
ensure_build_tools
ensure_test_tools
ensure_postgres postgres
export DATABASE_URL
base_url="${DATABASE_URL%/*}"

log "cargo fmt --check"
cargo fmt --all -- --check
log "clippy: server build (ssr)"
cargo clippy --workspace --all-targets -- -D warnings
log "clippy: browser build (hydrate, wasm32)"
cargo clippy -p app --lib --target wasm32-unknown-unknown --features hydrate -- -D warnings

log "building the site and the server"
"$root/server/scripts/build-site.sh"
cargo build -p server

log "cargo test: unit, database and HTTP tests"
results="$root/target/test-results.txt"
cargo test --workspace 2>&1 | tee "$results"
# awk, not grep: grep exits 1 when nothing matches, which pipefail turns into a failed run.
rust_passed=$(awk 'match($0, /[0-9]+ passed/) {split(substr($0, RSTART), w, " "); s += w[1]} END {print s + 0}' "$results")

log "end-to-end: Chromium, desktop and phone, with and without JavaScript"
# A fresh district each run (the HTTP tests' set-up drops the databases of earlier runs).
e2e_db="tg_e2e_$(date +%s)"
server="$root/target/debug/server"
port=3107
DATABASE_URL="$base_url/$e2e_db" "$server" demo --teachers 400 >/dev/null
serve_app "$server" "$base_url/$e2e_db" "$port" "$root/target/e2e-server.log"
e2e_log="$root/target/e2e-results.txt"
(cd "$root/tests/e2e" && E2E_BASE_URL="http://127.0.0.1:$port" npx playwright test) 2>&1 | tee "$e2e_log"
e2e_passed=$(awk '/^ +[0-9]+ passed/ {s += $1} END {print s + 0}' "$e2e_log")
# A journey that passed only on its retry (see playwright.config.ts) is counted and named here.
e2e_flaky=$(awk '/^ +[0-9]+ flaky/ {s += $1} END {print s + 0}' "$e2e_log")

echo "tests: $((rust_passed + e2e_passed + e2e_flaky)) passed (${e2e_flaky} only on a retry), 0 failed"
