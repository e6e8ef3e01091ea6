#!/usr/bin/env bash
# Backs up one database with pg_dump -Fc into target/backups/<name>-<UTC timestamp>.dump, and
# beside it what that database answered at the same instant (<dump>.checks) and the queries
# that produced it (<dump>.checks.sql): the row count of every table, checksums of the hour
# records, claims, sessions and evidence, and the output of every statistics view (the SQL
# `server stats-sql VIEW` prints, with its parameters). The dump and the checks read the same
# snapshot (pg_dump --snapshot of a REPEATABLE READ transaction), so a backup taken under a
# load of writes still has exact checks. server/scripts/restore.sh restores and compares.
#
#   server/scripts/backup.sh [database URL]
# Default: $DATABASE_URL, else the cluster's primary (cluster.sh). Prints the dump's path last.
# SERVER_BIN=path uses that binary for `stats-sql` (default target/debug/server).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"

url="${1:-${DATABASE_URL:-postgres://postgres@127.0.0.1:55401/tg_cluster}}"
server="${SERVER_BIN:-$root/target/debug/server}"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "no PostgreSQL client tools under /usr/lib/postgresql" >&2; exit 2; }
name=$(basename "${url%%\?*}")
mkdir -p "$root/target/backups"
dump="$root/target/backups/$name-$(date -u +%Y%m%dT%H%M%SZ).dump"

# The checks, written once as a psql script so restore.sh runs exactly the same statements.
checks_sql="$dump.checks.sql"
{
  cat <<'SQL'
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
\pset fieldsep '\t'
\pset null '∅'
SELECT 'rows', table_name,
       (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text
  FROM information_schema.tables
 WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name;
SELECT 'hour_records', source, count(*), sum(hours),
       md5(string_agg(concat_ws(':', id, teacher_id, hours, category, level, earned_on, event_id, claim_id), ',' ORDER BY id))
  FROM hour_records GROUP BY source ORDER BY source;
SELECT 'hour_claims', status, count(*), sum(hours),
       md5(string_agg(concat_ws(':', id, teacher_id, title, hours, earned_on), ',' ORDER BY id))
  FROM hour_claims GROUP BY status ORDER BY status;
SELECT 'claim_evidence', count(*), sum(size_bytes), md5(string_agg(sha256, ',' ORDER BY id)),
       bool_and(encode(sha256(data), 'hex') = sha256)
  FROM claim_evidence;
SELECT 'mentor_sessions', confirmed_at IS NOT NULL, count(*), sum(minutes),
       md5(string_agg(concat_ws(':', id, pairing_id, held_on, minutes, kind, topic), ',' ORDER BY id))
  FROM mentor_sessions GROUP BY 2 ORDER BY 2;
SELECT 'teacher_standing', count(*), sum(cycle_tenths), sum(district_tenths), count(*) FILTER (WHERE on_track)
  FROM teacher_standing;
SELECT 'audit_log', count(*), max(id) FROM audit_log;
SQL
  for view in headcount hours mentoring tiers attention dual; do
    echo "\\echo 'view $view'"
    # pgbench's -D name=value become psql variables, used as quoted literals.
    for def in $(DATABASE_URL="$url" "$server" stats-sql "$view" --defines); do
      echo "\\set ${def%%=*} '${def#*=}'"
    done
    DATABASE_URL="$url" "$server" stats-sql "$view" | sed -E "s/(^|[^:]):(s[0-9]+p[0-9]+)/\1:'\2'/g"
  done
} >"$checks_sql"

log "pg_dump -Fc $name → ${dump#$root/}"
started=$(date +%s.%N)
# One REPEATABLE READ transaction exports its snapshot; pg_dump and the checks both read it.
coproc PSQL { "$bin/psql" -X -qAt "$url"; }
echo "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT pg_export_snapshot();" >&"${PSQL[1]}"
read -r -t 30 snapshot <&"${PSQL[0]}"
"$bin/pg_dump" -Fc --snapshot="$snapshot" -f "$dump" "$url"
printf '\\o %s\n\\i %s\n\\o\n\\echo __checked__\n' "$dump.checks" "$checks_sql" >&"${PSQL[1]}"
while read -r -t 300 line <&"${PSQL[0]}"; do
  [ "$line" = __checked__ ] && break
done
printf 'ROLLBACK;\n\\q\n' >&"${PSQL[1]}"
wait "$PSQL_PID" 2>/dev/null || true
[ "$line" = __checked__ ] || { echo "the checks did not finish" >&2; exit 1; }
ended=$(date +%s.%N)
log "$(du -h "$dump" | cut -f1) in $(python3 -c "print(f'{$ended - $started:.1f}')") s; $(grep -c . "$dump.checks") check lines in ${dump#$root/}.checks"
echo "$dump"
