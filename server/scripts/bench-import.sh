#!/usr/bin/env bash
# Benchmark: bulk pairing import of 2,000 rows (upload + check + preview, then confirm).
# Loads a demo district into its own database, frees the new teachers, writes a 2,000-row CSV
# of valid pairings, and times both steps over HTTP against the debug server that dev.sh builds.
# Prints the figures beside the baseline: the first run, 2026-11-27, debug build, 2 cores,
# 12,000-teacher district (2.77 s preview, 2.53 s confirm).
# Needs psql and curl. Usage: server/scripts/bench-import.sh [rows]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"
rows="${1:-2000}"
ensure_postgres tg_bench_import
base="${DATABASE_URL%/*}"
db="$base/tg_bench_import"
server="$root/target/debug/server"
cargo build -q -p server
psql "$base/postgres" -qc "DROP DATABASE IF EXISTS tg_bench_import WITH (FORCE)" >/dev/null
DATABASE_URL="$db" "$server" demo --teachers 12000 >/dev/null
# End every pairing so that every new teacher needs a mentor again.
psql "$db" -qc "UPDATE mentor_pairings SET ended_on = GREATEST(started_on, DATE '2026-11-01'), end_reason = 'bench' WHERE ended_on IS NULL" >/dev/null
csv="$root/target/bench-import.csv"
psql "$db" -qAt -F, -c "
  WITH mentees AS (
    SELECT t.staff_no, t.school_id, t.stage, row_number() OVER (PARTITION BY t.school_id, t.stage ORDER BY t.id) AS n
    FROM teachers t WHERE t.cohort_year >= 2024),
  mentors AS (
    SELECT t.staff_no, t.school_id, t.stage, row_number() OVER (PARTITION BY t.school_id, t.stage ORDER BY t.id) AS n
    FROM teachers t WHERE t.cohort_year IS NULL)
  SELECT m.staff_no, e.staff_no, 'mentoring', '2026-11-02'
  FROM mentees e JOIN mentors m ON m.school_id = e.school_id AND m.stage = e.stage AND m.n = (e.n + 2) / 3
  LIMIT $rows" > "$csv.body"
{ echo "导师工号,徒弟工号,项目,开始日期"; cat "$csv.body"; } > "$csv"
n=$(wc -l < "$csv.body")
port=3111
DATABASE_URL="$db" BIND_ADDR="127.0.0.1:$port" "$server" serve >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do port_open 127.0.0.1 "$port" && break; sleep 0.2; done
jar=$(mktemp)
curl -s -c "$jar" -b "$jar" -d 'username=center&password=demo2026' "http://127.0.0.1:$port/api/login" >/dev/null
preview=$(curl -s -o /dev/null -w '%{time_total} %{redirect_url}' -b "$jar" -F "file=@$csv;filename=bench.csv" "http://127.0.0.1:$port/pairings/import")
t_preview=${preview% *}
id=${preview##*/}
apply=$(curl -s -w ' %{time_total}' -b "$jar" -d "id=$id" "http://127.0.0.1:$port/api/apply_import")
t_apply=${apply##* }
printf '%-28s %12s %12s\n' "bulk import ($n rows)" "this run" "baseline"
printf '%-28s %11ss %11ss\n' "upload + check + preview" "$t_preview" "2.77"
printf '%-28s %11ss %11ss\n' "confirm (one transaction)" "$t_apply" "2.53"
echo "outcome: ${apply% *}"
