#!/usr/bin/env bash
# Restores a dump made by backup.sh into a NEW database on the same server (or on the server of
# $RESTORE_URL's host), then runs the dump's checks there (<dump>.checks.sql: row counts of
# every table, checksums of hours, claims, sessions and evidence, every statistics view's
# output) and compares them with what the source answered at the dump's snapshot
# (<dump>.checks). Prints OK, or DIFF with the lines that differ (exit 1).
#
#   server/scripts/restore.sh <dump> <new database name> [server URL]
# Server URL default: $DATABASE_URL's server, else the cluster's primary (cluster.sh).
# An existing database of that name is never overwritten.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

dump="${1:?usage: restore.sh <dump> <new database name> [server URL]}"
new="${2:?usage: restore.sh <dump> <new database name> [server URL]}"
base="${3:-${DATABASE_URL:-postgres://postgres@127.0.0.1:55401/tg_cluster}}"
[[ "$new" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { echo "database name: lower-case letters, digits, _" >&2; exit 2; }
[ -f "$dump" ] || { echo "no such dump: $dump" >&2; exit 2; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "no PostgreSQL client tools under /usr/lib/postgresql" >&2; exit 2; }

# The server part of the URL with another database name.
server_url="${base%%\?*}"
server_url="${server_url%/*}"
admin_url="$server_url/postgres"
target_url="$server_url/$new"

if [ -n "$("$bin/psql" -X -qAt "$admin_url" -c "SELECT 1 FROM pg_database WHERE datname = '$new'")" ]; then
  echo "database $new exists already: choose a new name (restore never overwrites)" >&2
  exit 2
fi
log "restoring ${dump#$root/} into $new"
started=$(date +%s.%N)
"$bin/psql" -X -q "$admin_url" -c "CREATE DATABASE $new"
"$bin/pg_restore" --exit-on-error --no-owner -j 2 -d "$target_url" "$dump"
restored=$(date +%s.%N)
log "restored in $(python3 -c "print(f'{$restored - $started:.1f}')") s"

if [ ! -f "$dump.checks" ] || [ ! -f "$dump.checks.sql" ]; then
  echo "DIFF: no checks beside the dump (made by backup.sh?): nothing to compare" >&2
  exit 1
fi
got="$(mktemp)"
trap 'rm -f "$got"' EXIT
"$bin/psql" -X -q "$target_url" -o "$got" -f "$dump.checks.sql" >/dev/null
if cmp -s "$dump.checks" "$got"; then
  tables=$(grep -c '^rows' "$got")
  echo "OK: $new answers as the source did at the dump ($tables tables' row counts, hour/claim/session/evidence checksums, 6 statistics views: $(grep -c . "$got") lines identical)"
else
  echo "DIFF: $new answers differently from the source at the dump (< source, > restored):"
  diff "$dump.checks" "$got" | head -n 40
  exit 1
fi
