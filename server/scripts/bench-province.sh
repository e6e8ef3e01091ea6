#!/usr/bin/env bash
# The rollup path at province scale: a 20,000-teacher district (six years of history) copied
# 50 times into its own database — 1,000,000 teachers in 50× the schools, with the current
# cycle's hour records only (about 11 million), promotions, school history and Party stages;
# mentoring is not copied. Then: the full rollup refresh (rules engine for every teacher and
# the upsert, as the 10-minute refresher does it), and the statistics functions beside the same
# SQL through pgbench (bench-stats.sh with fewer calls).
# Usage: server/scripts/bench-province.sh [copies] [calls]   (defaults 50 20)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"
copies="${1:-50}"
calls="${2:-20}"
ensure_postgres tg_bench_province
base="${DATABASE_URL%/*}"
db="$base/tg_bench_province"
server="$root/target/release/server"
cargo build -q --release -p server
if [ "$(psql "$db" -qAt -c 'SELECT count(*) FROM teachers' 2>/dev/null || echo 0)" -lt $((copies * 20000)) ]; then
  psql "$base/postgres" -qc "DROP DATABASE IF EXISTS tg_bench_province WITH (FORCE)" >/dev/null
  start=$(date +%s)
  DATABASE_URL="$db" "$server" demo --teachers 20000 >/dev/null
  psql "$db" -q -v ON_ERROR_STOP=1 <<SQL
BEGIN;
INSERT INTO schools (id, code, name, stage)
  SELECT s.id + k * 1000, s.code || '-' || k, s.name || '（' || k || '）', s.stage
  FROM schools s, generate_series(1, $copies - 1) k;
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
INSERT INTO hour_records (teacher_id, hours, category, level, earned_on, source)
  SELECT r.teacher_id + k * 100000, r.hours, r.category, r.level, r.earned_on, 'import'
  FROM hour_records r, generate_series(1, $copies - 1) k WHERE r.earned_on >= DATE '2025-01-01';
SELECT setval('schools_id_seq', (SELECT max(id) FROM schools));
SELECT setval('teachers_id_seq', (SELECT max(id) FROM teachers));
COMMIT;
VACUUM ANALYZE;
SQL
  echo "province loaded in $(($(date +%s) - start)) s"
fi
psql "$db" -qAt -F ' ' -c "SELECT 'province:', (SELECT count(*) FROM teachers), 'teachers,',
  (SELECT count(*) FROM schools), 'schools,', (SELECT count(*) FROM hour_records), 'hour records'"
echo "full rollup refresh (what the 10-minute refresher does):"
DATABASE_URL="$db" RUST_LOG=warn /usr/bin/time -f '  peak RSS %M KB' "$server" refresh-standing
BENCH_DB=tg_bench_province BENCH_SKIP_SSR=1 BENCH_VIEWS="${BENCH_VIEWS:-headcount hours tiers dual}" \
  exec "$root/server/scripts/bench-stats.sh" $((copies * 20000)) 6 "$calls"
