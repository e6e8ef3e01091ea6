#!/usr/bin/env bash
# Command 1 of the README: install what is missing, make sure Postgres is reachable, build,
# migrate, load the demo district into an empty database, and serve at http://127.0.0.1:3000.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"
ensure_build_tools
ensure_postgres teacher_growth
log "building the site (wasm) and the server"
"$root/server/scripts/build-site.sh"
cargo build -p server
server="$root/target/debug/server"
"$server" demo --if-empty
log "serving http://127.0.0.1:3000 (database: $DATABASE_URL) — Ctrl-C stops"
exec "$server" serve
