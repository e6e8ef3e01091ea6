#!/usr/bin/env bash
# Benchmark: the yearly intake over HTTP against the release server, beside a raw COPY of the
# same rows (the floor: Postgres taking text rows with no checks at all).
#   1. 2,000 new teachers: upload + check + stored preview, then confirm (targets: < 2 s, < 3 s).
#   2. 20,000 new teachers: the same two steps, and `COPY` of the same 20,000 rows into a bare
#      table of text columns; the ratio (preview + confirm) / COPY goes into the README.
# A 12,000-teacher demo district in its own database for each size. Prints this run beside the
# baseline: the first run, 2026-12-06, release build, 2 cores (then the CSV reader counted each
# row's line from the file's start: quadratic, 10 s of the 20,000-row preview).
# Needs psql and curl. Usage: server/scripts/bench-intake.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"
ensure_postgres tg_bench_intake
base="${DATABASE_URL%/*}"
server="$root/target/release/server"
log "release build of the server"
cargo build -q --release -p server
port=3112
jar=$(mktemp)
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -f "$jar"' EXIT

# A list of `rows` new teachers (unique staff numbers, the district's schools in turn).
write_list() {
  local db="$1" rows="$2" file="$3"
  {
    echo "工号,姓名,性别,出生日期,入职日期,见习期开始,学校,学科,学段,学历,职称,政治面貌,手机,邮箱"
    psql "$db" -qAt -F, -c "
      SELECT 'B' || lpad(n::text, 8, '0'), '测试' || n, CASE WHEN n % 2 = 0 THEN '女' ELSE '男' END,
             '2001-05-04', '2026-08-20', '2026-08-25', s.code,
             (ARRAY['语文','数学','英语','科学','体育'])[1 + n % 5], '小学', '本科', '', '群众',
             '1380000' || lpad((n % 10000)::text, 4, '0'), ''
      FROM generate_series(1, $rows) AS n
      JOIN LATERAL (SELECT code FROM schools WHERE active ORDER BY id OFFSET (n % (SELECT count(*) FROM schools WHERE active)) LIMIT 1) s ON true"
  } > "$file"
}

# Times the upload (check + stored preview) and the confirm of `file`; prints both seconds.
time_intake() {
  local db="$1" file="$2"
  DATABASE_URL="$db" BIND_ADDR="127.0.0.1:$port" "$server" serve >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do port_open 127.0.0.1 "$port" && break; sleep 0.2; done
  rm -f "$jar"
  curl -s -c "$jar" -b "$jar" -d 'username=center&password=demo2026' "http://127.0.0.1:$port/api/login" >/dev/null
  local preview id apply
  preview=$(curl -s -o /dev/null -w '%{time_total} %{redirect_url}' -b "$jar" \
    -F cohort=2026 -F "file=@$file;filename=intake.csv" "http://127.0.0.1:$port/roster/import")
  id=${preview##*/}
  apply=$(curl -s -w ' %{time_total}' -b "$jar" -d "id=$id" "http://127.0.0.1:$port/api/apply_intake")
  kill $pid; wait $pid 2>/dev/null || true; pid=""
  echo "${preview% *} ${apply##* } ${apply% *}"
}

fresh_district() {
  local name="$1"
  psql "$base/postgres" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
  DATABASE_URL="$base/$name" "$server" demo --teachers 12000 >/dev/null
}

log "2,000 rows"
fresh_district tg_bench_intake
small="$root/target/bench-intake-2000.csv"
write_list "$base/tg_bench_intake" 2000 "$small"
read -r p2 a2 out2 < <(time_intake "$base/tg_bench_intake" "$small")

log "20,000 rows"
fresh_district tg_bench_intake
large="$root/target/bench-intake-20000.csv"
write_list "$base/tg_bench_intake" 20000 "$large"
copy_ms=$(psql "$base/tg_bench_intake" -qAt -c "CREATE TABLE copy_floor (staff_no text, name text, gender text, birth text, hire text, probation text, school text, subject text, stage text, education text, title text, party text, phone text, email text)" \
  -c '\timing on' -c "\\copy copy_floor FROM '$large' WITH (FORMAT csv, HEADER true)" | awk '/^Time:/ {print $2}')
read -r p20 a20 out20 < <(time_intake "$base/tg_bench_intake" "$large")
copy_s=$(awk -v ms="$copy_ms" 'BEGIN { printf "%.3f", ms / 1000 }')
ratio=$(awk -v p="$p20" -v a="$a20" -v c="$copy_s" 'BEGIN { printf "%.0f", (p + a) / c }')

printf '%-40s %12s %12s\n' "intake (release, 12,000-teacher district)" "this run" "baseline"
printf '%-40s %11ss %12s\n' "2,000 rows: upload + check + preview" "$p2" "0.16 s"
printf '%-40s %11ss %12s\n' "2,000 rows: confirm (one transaction)" "$a2" "0.19 s"
printf '%-40s %11ss %12s\n' "20,000 rows: upload + check + preview" "$p20" "10.49 s"
printf '%-40s %11ss %12s\n' "20,000 rows: confirm" "$a20" "1.98 s"
printf '%-40s %11ss %12s\n' "20,000 rows: raw COPY of the same rows" "$copy_s" "0.036 s"
printf '%-40s %11sx %12s\n' "ratio (preview + confirm) / COPY" "$ratio" "346x"
echo "outcomes: 2,000 → $out2; 20,000 → $out20"
