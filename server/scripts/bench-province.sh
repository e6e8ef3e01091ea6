#!/usr/bin/env bash
# Statistics at province scale, in one command: a 20,000-teacher district (six years of
# history) copied 50 times into its own database — 1,000,000 teachers, 50 areas (片区, one per
# copy) of 160 schools, over 10 million hour records of the current cycle, promotions, school
# history, Party stages, open programme enrolments, pairings and their mentoring sessions. Then:
#  1. the full refresh of both rollups (hours, then the statistics facts and group cells), its
#     time and the process's peak RSS;
#  2. each view through its server function (curl, one kept-alive connection) for the whole
#     province and for a filter of each kind — cohort, school, area, subject, stage, programme —
#     beside the raw aggregate over the base tables (the same sums, pgbench, no filter);
#  3. 50 concurrent center users clicking through views and filters (wrk, each user pausing
#     0.5–1.5 s between clicks): p50/p95, errors, RSS;
#  4. EXPLAIN of a one-school drill-down (the attention list): no sequential scan of hour records.
# Ends with one line per view: province <view> p50_ms=<x> p95_ms=<y> raw_p50_ms=<z>.
# Usage: server/scripts/bench-province.sh [copies] [calls]   (defaults 50 20)
# BENCH_RAW_CALLS (default 3) times the raw aggregate; BENCH_SKIP_REFRESH=1 reuses the rollups.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"
copies="${1:-50}"
calls="${2:-20}"
raw_calls="${BENCH_RAW_CALLS:-3}"
name=tg_bench_province
ensure_postgres "$name"
command -v wrk >/dev/null || apt_install wrk
command -v pgbench >/dev/null || apt_install postgresql-client
base="${DATABASE_URL%/*}"
db="$base/$name"
hostport="${base#*@}"
export PGHOST="${hostport%:*}" PGPORT="${hostport##*:}" PGUSER=postgres PGOPTIONS="-c jit=off -c parallel_setup_cost=10000"
server="$root/target/release/server"
log "release build of the server"
cargo build -q --release -p server
if [ "$(psql "$db" -qAt -c 'SELECT count(*) FROM teachers' 2>/dev/null || echo 0)" -lt $((copies * 20000)) ]; then
  psql "$base/postgres" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
  start=$(date +%s)
  DATABASE_URL="$db" "$server" demo --teachers 20000 >/dev/null
  year=$(date +%Y)
  # The copies are a bulk load: the rollups' triggers are off (replica role) and the full
  # refresh below recomputes everything.
  psql "$db" -q -v ON_ERROR_STOP=1 <<SQL
BEGIN;
SET LOCAL session_replication_role = replica;
INSERT INTO schools (id, code, name, stage, area)
  SELECT s.id + k * 1000, s.code || '-' || k, s.name || '（' || k || '）', s.stage, NULL
  FROM schools s, generate_series(1, $copies - 1) k;
UPDATE schools SET area = '第' || lpad((id / 1000 + 1)::text, 2, '0') || '片区';
INSERT INTO teachers (id, staff_no, name, gender, school_id, subject, stage, hire_date, cohort_year,
                      title, party_stage, education, active)
  SELECT t.id + k * 100000, t.staff_no || '-' || k, t.name, t.gender, t.school_id + k * 1000, t.subject,
         t.stage, t.hire_date, t.cohort_year, t.title, t.party_stage, t.education, t.active
  FROM teachers t, generate_series(1, $copies - 1) k;
INSERT INTO teacher_school_history (teacher_id, school_id, from_date, to_date)
  SELECT h.teacher_id + k * 100000, h.school_id + k * 1000, h.from_date, h.to_date
  FROM teacher_school_history h, generate_series(1, $copies - 1) k;
INSERT INTO tier_promotions (teacher_id, level_id, promoted_on)
  SELECT p.teacher_id + k * 100000, p.level_id, p.promoted_on FROM tier_promotions p, generate_series(1, $copies - 1) k;
INSERT INTO party_stage_changes (teacher_id, stage, changed_on)
  SELECT c.teacher_id + k * 100000, c.stage, c.changed_on FROM party_stage_changes c, generate_series(1, $copies - 1) k;
INSERT INTO programme_enrolments (programme_id, teacher_id, stage, started_on, ended_on, outcome)
  SELECT e.programme_id, e.teacher_id + k * 100000, e.stage, e.started_on, e.ended_on, e.outcome
  FROM programme_enrolments e, generate_series(1, $copies - 1) k WHERE e.ended_on IS NULL;
INSERT INTO mentor_pairings (id, mentor_id, mentee_id, programme_id, started_on, ended_on, end_reason)
  SELECT p.id + k * 1000000, p.mentor_id + k * 100000, p.mentee_id + k * 100000, p.programme_id,
         p.started_on, p.ended_on, p.end_reason
  FROM mentor_pairings p, generate_series(1, $copies - 1) k;
INSERT INTO mentor_sessions (pairing_id, held_on, minutes, kind, topic, confirmed_at, disputed_at, dispute_reason)
  SELECT s.pairing_id + k * 1000000, s.held_on, s.minutes, s.kind, s.topic, s.confirmed_at, s.disputed_at, s.dispute_reason
  FROM mentor_sessions s, generate_series(1, $copies - 1) k;
-- The copies' hours are the current cycle's: the district's last three years of records, each
-- moved into this year (no later than today), so every one counts toward the cycle.
INSERT INTO hour_records (teacher_id, hours, category, level, earned_on, source)
  SELECT r.teacher_id + k * 100000, r.hours, r.category, r.level,
         LEAST(r.earned_on + make_interval(years => $year - EXTRACT(YEAR FROM r.earned_on)::int), CURRENT_DATE)::date, 'import'
  FROM hour_records r, generate_series(1, $copies - 1) k WHERE r.earned_on >= make_date($year - 2, 1, 1);
SELECT setval('schools_id_seq', (SELECT max(id) FROM schools));
SELECT setval('teachers_id_seq', (SELECT max(id) FROM teachers));
SELECT setval('mentor_pairings_id_seq', (SELECT max(id) FROM mentor_pairings));
COMMIT;
VACUUM ANALYZE;
SQL
  echo "province loaded in $(($(date +%s) - start)) s"
fi
psql "$db" -qAt -F ' ' -c "SELECT 'province:', (SELECT count(*) FROM teachers), 'teachers,',
  (SELECT count(*) FROM schools), 'schools,', (SELECT count(DISTINCT area) FROM schools), 'areas,',
  (SELECT count(*) FROM hour_records), 'hour records,',
  (SELECT count(*) FROM hour_records WHERE earned_on >= make_date(2021 + (EXTRACT(YEAR FROM CURRENT_DATE)::int - 2021) / 5 * 5, 1, 1)),
  'of the current cycle,', (SELECT count(*) FROM mentor_sessions), 'sessions'"
if [ -z "${BENCH_SKIP_REFRESH:-}" ]; then
  echo "full refresh of both rollups (server refresh-standing):"
  DATABASE_URL="$db" RUST_LOG=error /usr/bin/time -f '  peak RSS %M KB, %e s wall' "$server" refresh-standing
fi
psql "$db" -qc "VACUUM ANALYZE stat_cells, teacher_facts, teacher_fact_keys" >/dev/null
psql "$db" -qAt -F ' ' -c "SELECT 'rollup:', sum(n), 'cells (levels 0/1/2/3/4:', string_agg(n::text, '/' ORDER BY level) || '),',
  (SELECT count(*) FROM teacher_facts), 'teacher facts'
  FROM (SELECT level, count(*) AS n FROM stat_cells GROUP BY level) l"

port=3115
DATABASE_URL="$db" BIND_ADDR="127.0.0.1:$port" RUST_LOG=warn RUN_JOBS=0 "$server" serve >"$root/target/bench-province-server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do port_open 127.0.0.1 "$port" && break; sleep 0.2; done
url="http://127.0.0.1:$port"
jar=$(center_jar "$url")
cookie="tg_session=$(awk '$6 == "tg_session" {print $7}' "$jar")"

# One filter of each kind (a cohort, a school, an area, a subject, a stage, a programme).
read -r cohort school area subject programme < <(psql "$db" -qAt -F ' ' -c "SELECT
  (SELECT max(cohort_year) FROM teachers), (SELECT min(id) FROM schools), (SELECT min(area) FROM schools),
  (SELECT subject FROM teachers GROUP BY 1 ORDER BY count(*) DESC LIMIT 1),
  (SELECT p.code FROM programme_enrolments e JOIN programmes p ON p.id = e.programme_id
   WHERE e.ended_on IS NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1)")
filters=("" "cohort=$cohort" "school=$school" "area=$area" "subject=$subject" "stage=junior" "programme=$programme")
form() { # view, filter (k=v or empty) -> the server function's form body
  local f="cohort= school= area= subject= stage= programme=" kv
  kv="$2"
  printf 'view=%s' "$1"
  for k in $f; do
    k="${k%=}"
    if [ -n "$kv" ] && [ "${kv%%=*}" = "$k" ]; then printf '&filter[%s]=%s' "$k" "${kv#*=}"; else printf '&filter[%s]=' "$k"; fi
  done
}
percentiles() { sort -g | awk '{v[NR] = $1} END {printf "%.1f %.1f\n", v[int(NR * 0.5 + 0.5)] * 1000, v[int(NR * 0.95 + 0.5)] * 1000}'; }
work="$root/target/bench-province"
mkdir -p "$work"
views="${BENCH_VIEWS:-headcount hours mentoring tiers attention dual}"
printf '\n%-12s %-28s %9s %9s\n' "view" "filter ($calls calls each)" "p50 ms" "p95 ms"
for view in $views; do
  : >"$work/$view.all"
  for filter in "${filters[@]}"; do
    for _ in $(seq 1 "$calls"); do printf 'url = "%s/api/stats"\noutput = /dev/null\n' "$url"; done >"$work/curl.cfg"
    curl -s -b "$jar" -d "$(form "$view" "$filter")" -w '%{time_total}\n' -K "$work/curl.cfg" >"$work/times"
    cat "$work/times" >>"$work/$view.all"
    read -r p50 p95 < <(percentiles <"$work/times")
    printf '%-12s %-28s %9s %9s\n' "$view" "${filter:-(whole province)}" "$p50" "$p95"
  done
  # The raw aggregate: the same sums from the base tables, whole province.
  DATABASE_URL="$db" "$server" stats-sql --raw "$view" >"$work/$view.raw.sql"
  defines=()
  for d in $(DATABASE_URL="$db" "$server" stats-sql --raw --defines "$view"); do defines+=(-D "$d"); done
  rm -f "$work"/pgbench_log.*
  (cd "$work" && pgbench -n -M prepared -c 1 -t "$raw_calls" "${defines[@]}" -f "$view.raw.sql" -l "$name" >/dev/null)
  awk '{print $3 / 1000000}' "$work"/pgbench_log.* | percentiles | awk '{print $1}' >"$work/$view.raw"
done
printf '\n%-34s %10s\n' "server peak RSS (VmHWM)" "$(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status")"

# 50 center users clicking through views and filters at once.
{
  echo 'local bodies = {'
  for view in $views; do for filter in "${filters[@]}"; do printf '  "%s",\n' "$(form "$view" "$filter")"; done; done
  echo '}'
  echo "local cookie = \"$cookie\""
  cat <<'LUA'
local i = 0
-- A user reads the figures before the next click: 0.5–1.5 s.
delay = function()
  return math.random(500, 1500)
end
request = function()
  i = i + 1
  return wrk.format("POST", "/api/stats", {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = cookie}, bodies[(i % #bodies) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("wrk: %d requests, %d errors (status %d, timeout %d), p50 %.1f ms, p95 %.1f ms, p99 %.1f ms\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.errors.timeout, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
LUA
} >"$work/clicks.lua"
echo
echo "50 concurrent center users clicking every 0.5-1.5 s, ${BENCH_SECONDS:-20} s (wrk -c50):"
wrk -t2 -c50 -d"${BENCH_SECONDS:-20}s" -s "$work/clicks.lua" "$url" | grep '^wrk:'
printf '%-34s %10s\n' "server peak RSS under load (VmHWM)" "$(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status")"

echo
echo "EXPLAIN ANALYZE of the drill-down list and the attention lists for one school (hour_records must not be scanned):"
for list in teachers attention; do DATABASE_URL="$db" "$server" stats-sql --explain-school "$school" "$list"; done >"$work/explain.txt"
grep -oE '(Seq|Index|Index Only|Bitmap Heap|Bitmap Index) Scan (using [a-z_]+ )?on [a-z_]+' "$work/explain.txt" | sort | uniq -c | sort -rn | sed 's/^/  /'
grep -E 'Execution Time' "$work/explain.txt" | sed 's/^/  /'
if grep -q 'Seq Scan on hour_records' "$work/explain.txt"; then echo "  SEQUENTIAL SCAN of hour_records"; else echo "  no sequential scan of hour_records"; fi

echo
for view in $views; do
  read -r p50 p95 < <(percentiles <"$work/$view.all")
  echo "province $view p50_ms=$p50 p95_ms=$p95 raw_p50_ms=$(cat "$work/$view.raw")"
done
