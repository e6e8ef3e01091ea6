#!/usr/bin/env bash
# Benchmark for training hours, against a 20,000-teacher district in its own database:
#  1. awarding one event to 5,000 attendees over HTTP (paste -> checked preview, then confirm),
#     beside the bare SQL that writes the same 5,000 attendance rows and hour records, and with
#     the statistics rollup's triggers off and on (what its maintenance adds to an award), then
#     the next statistics view, which brings those teachers into the rollup;
#  2. the rules engine (caps, minimums, pace) for every teacher, beside the bare SQL sum per
#     teacher that ignores the rules.
# Needs psql and curl. Usage: server/scripts/bench-hours.sh [teachers] [attendees]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"
teachers="${1:-20000}"
attendees="${2:-5000}"
ensure_postgres tg_bench_hours
base="${DATABASE_URL%/*}"
db="$base/tg_bench_hours"
server="$root/target/debug/server"
cargo build -q -p server
if [ "$(psql "$db" -qAt -c 'SELECT count(*) FROM teachers' 2>/dev/null || echo 0)" -lt "$teachers" ]; then
  psql "$base/postgres" -qc "DROP DATABASE IF EXISTS tg_bench_hours WITH (FORCE)" >/dev/null
  start=$(date +%s)
  DATABASE_URL="$db" "$server" demo --teachers "$teachers" >/dev/null
  echo "demo district loaded in $(( $(date +%s) - start )) s"
fi
records=$(psql "$db" -qAt -c 'SELECT count(*) FROM hour_records')
echo "district: $teachers teachers, $records hour records"
list="$root/target/bench-attendees.txt"
psql "$db" -qAt -c "SELECT staff_no FROM teachers WHERE hire_date < DATE '2026-11-01' ORDER BY id LIMIT $attendees" > "$list"
n=$(wc -l < "$list")

port=3112
DATABASE_URL="$db" BIND_ADDR="127.0.0.1:$port" "$server" serve >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do port_open 127.0.0.1 "$port" && break; sleep 0.2; done
url="http://127.0.0.1:$port"
jar=$(center_jar "$url")
# A running server has caught its rollups up (the start-up refresh runs in the background).
for _ in $(seq 1 300); do
  [ "$(psql "$db" -qAt -c 'SELECT count(*) FROM stat_dirty')" = 0 ] && break
  sleep 1
done
# One award of an event to the list: prints the stage (paste, check, preview) and confirm times.
award() {
  local event stage apply
  event=$(curl -s -b "$jar" --data-urlencode "form[title]=$1" --data-urlencode 'form[organizer]=园区教师发展中心' \
    -d 'form[level]=district&form[category]=subject&form[starts_on]=2026-11-02&form[ends_on]=&form[hours]=6' \
    "$url/api/create_event" | sed -E 's/.*"id":([0-9]+).*/\1/')
  stage=$(curl -s -w ' %{time_total}' -b "$jar" -d "event_id=$event" --data-urlencode "staff_nos@$list" "$url/api/stage_award")
  apply=$(curl -s -w ' %{time_total}' -b "$jar" -d "id=${stage% *}" "$url/api/apply_award")
  echo "${stage##* } ${apply##* } ${apply% *}"
}
# The statistics rollup's triggers (hour records -> hours rollup -> statistics facts) off, then
# on: what incremental maintenance adds to an award.
triggers() {
  psql "$db" -q -c "ALTER TABLE hour_records $1 TRIGGER hour_records_stat_ins" \
    -c "ALTER TABLE teacher_standing $1 TRIGGER teacher_standing_stat_ins" \
    -c "ALTER TABLE teacher_standing $1 TRIGGER teacher_standing_stat_upd"
}
triggers DISABLE
read -r t_stage0 t_apply0 _ < <(award 基准测试培训（无统计维护）)
triggers ENABLE
read -r t_stage t_apply outcome < <(award 基准测试培训)
# The next statistics read brings the 5,000 teachers into the statistics rollup.
t_stats=$(curl -s -o /dev/null -w '%{time_total}' -b "$jar" \
  -d 'view=hours&filter[cohort]=&filter[school]=&filter[subject]=&filter[stage]=&filter[programme]=' "$url/api/stats")
t_stats2=$(curl -s -o /dev/null -w '%{time_total}' -b "$jar" \
  -d 'view=hours&filter[cohort]=&filter[school]=&filter[subject]=&filter[stage]=&filter[programme]=' "$url/api/stats")

# Baseline: the same writes as bare SQL into a second event, timed by Postgres itself.
sql_ms=$(psql "$db" -qAt <<SQL | grep -E '^Time' | awk '{s += $2} END {printf "%.0f", s}'
\timing on
CREATE TEMP TABLE bench_list (staff_no text);
\copy bench_list FROM '$list'
INSERT INTO training_events (title, organizer, level, category, starts_on, ends_on, hours) VALUES ('基准SQL', '园区', 'district', 'subject', '2026-11-02', '2026-11-02', 6);
INSERT INTO event_attendance (event_id, teacher_id) SELECT currval('training_events_id_seq'), t.id FROM bench_list b JOIN teachers t ON upper(t.staff_no) = upper(b.staff_no);
INSERT INTO hour_records (teacher_id, hours, category, level, earned_on, source, event_id) SELECT a.teacher_id, 6, 'subject', 'district', '2026-11-02', 'event', a.event_id FROM event_attendance a WHERE a.event_id = currval('training_events_id_seq');
SQL
)

read -r _ s_teachers _ s_records _ s_on_track _ s_secs < <(DATABASE_URL="$db" RUST_LOG=error "$server" standing 2>/dev/null | grep '^teachers ')
raw_ms=$(psql "$db" -qAt <<SQL | grep -E '^Time' | awk '{s += $2} END {printf "%.0f", s}'
\timing on
SELECT count(*) FROM (SELECT teacher_id, sum(hours) FROM hour_records GROUP BY teacher_id) s;
SQL
)

printf '\n%-44s %12s %12s\n' "" "this run" "baseline"
printf '%-44s %11ss %12s\n' "award to $n: paste, check, store preview" "$t_stage" "-"
printf '%-44s %11ss %11.3fs\n' "award to $n: confirm (one transaction)" "$t_apply" "$(echo "$sql_ms / 1000" | bc -l)"
printf '%-44s %11ss %11ss  (%+.0f%%)\n' "  confirm, statistics triggers off / on" "$t_apply0" "$t_apply" "$(echo "100 * ($t_apply - $t_apply0) / $t_apply0" | bc -l)"
printf '%-44s %11ss %11ss\n' "next hours view (catch-up of $n) / after" "$t_stats" "$t_stats2"
printf '%-44s %11ss %11.3fs\n' "rule progress, $s_teachers teachers" "$s_secs" "$(echo "$raw_ms / 1000" | bc -l)"
echo "award outcome: $outcome; on track: $s_on_track of $s_teachers ($s_records records)"
echo "baselines: bare SQL inserts of the same rows; bare SUM(hours) GROUP BY teacher (no caps, no rules)"
