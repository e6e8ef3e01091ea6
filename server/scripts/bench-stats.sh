#!/usr/bin/env bash
# Benchmark for statistics at district scale, in one run on loopback (release build):
#  1. each statistics server function's p50/p95 over N calls (curl, one kept-alive connection),
#     beside the same SQL statements run through pgbench (prepared statements with the same
#     parameter values, one client, N transactions: the rollup reads; the two in turns), and
#     beside the raw
#     aggregate — the same sums computed from the base tables (BENCH_RAW_CALLS, default 20);
#     "net" is the function's p50 less the fixed cost of any authenticated request (/api/me),
#     over the SQL's p50; "data" is the view's data function alone (`stats::view` behind a bare
#     axum route, answering the same JSON), "data/SQL" its p50 over the SQL's;
#  2. SSR throughput of /stats and of a teacher's growth page (wrk, 32 connections, 20 s),
#     beside a bare axum handler that calls the same data functions and answers the same bytes;
#  3. the server's peak RSS under that load, and the release wasm's size (raw / gzip / brotli).
# Usage: server/scripts/bench-stats.sh [teachers] [years] [calls]   (defaults 20000 25 200)
# The district is generated once into its own database (BENCH_DB, default tg_bench_stats) and
# kept for reruns. BENCH_VIEWS picks views, BENCH_SKIP_SSR=1 stops after the functions,
# BENCH_SECONDS sets wrk's duration, BENCH_SERVER times another server binary (a saved build, as
# a before/after), without building.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"
teachers="${1:-20000}"
years="${2:-25}"
calls="${3:-200}"
duration="${BENCH_SECONDS:-20}"
name="${BENCH_DB:-tg_bench_stats}"
views="${BENCH_VIEWS:-headcount hours mentoring tiers attention dual}"
ensure_postgres "$name"
command -v wrk >/dev/null || apt_install wrk
command -v pgbench >/dev/null || apt_install postgresql-client
command -v brotli >/dev/null || apt_install brotli
base="${DATABASE_URL%/*}"
db="$base/$name"
# pgbench takes libpq settings, not a URL with a database path it can create.
hostport="${base#*@}"
export PGHOST="${hostport%:*}" PGPORT="${hostport##*:}" PGUSER=postgres
# The same session settings as the server's pool (startup::SESSION_SETTINGS).
export PGOPTIONS="-c jit=off -c parallel_setup_cost=10000"
server="${BENCH_SERVER:-$root/target/release/server}"
log "release build of the server"
[ -n "${BENCH_SERVER:-}" ] || cargo build -q --release -p server
if [ "$(psql "$db" -qAt -c 'SELECT count(*) FROM teachers' 2>/dev/null || echo 0)" -lt "$teachers" ]; then
  psql "$base/postgres" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
  start=$(date +%s)
  DATABASE_URL="$db" "$server" demo --teachers "$teachers" --years "$years" >/dev/null
  echo "demo district loaded in $(($(date +%s) - start)) s"
  psql "$db" -qc "VACUUM ANALYZE" >/dev/null
fi
psql "$db" -qAt -F ' ' -c "SELECT 'district:', (SELECT count(*) FROM teachers), 'teachers,',
  (SELECT count(*) FROM hour_records), 'hour records,', (SELECT count(*) FROM mentor_sessions), 'sessions'"

port=3113
bare_port=3114
# A server left on these ports would answer in place of the one timed.
for p in $port $bare_port 3115; do
  if port_open 127.0.0.1 "$p"; then echo "port $p is in use: stop what listens there first" >&2; exit 1; fi
done
DATABASE_URL="$db" BIND_ADDR="127.0.0.1:$port" RUST_LOG=warn "$server" serve >"$root/target/bench-server.log" 2>&1 &
pid=$!
bare_pid=
trap 'kill $pid $bare_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do port_open 127.0.0.1 "$port" && break; sleep 0.2; done
url="http://127.0.0.1:$port"
jar=$(center_jar "$url")
cookie="tg_session=$(awk '$6 == "tg_session" {print $7}' "$jar")"
# The rollup is refreshed at start-up in the background; wait for it, as a running server has.
until [ "$(psql "$db" -qAt -c "SELECT count(*) FROM teacher_standing WHERE as_of = (now() AT TIME ZONE 'Asia/Shanghai')::date")" -ge \
        "$(psql "$db" -qAt -c "SELECT count(*) FROM teachers WHERE active")" ]; do sleep 1; done
# And the statistics rollup (the first call would catch it up, once): caught up, then analysed
# as the app does after a catch-up above READ_CATCH_UP teachers — here whatever the size, as
# bench-province.sh does (a district of 5,000 or fewer is never analysed by the app, and the
# database was analysed above while the rollup was empty).
curl -s -b "$jar" -d "view=headcount&filter[cohort]=&filter[school]=&filter[subject]=&filter[stage]=&filter[programme]=" "$url/api/stats" >/dev/null
until [ "$(psql "$db" -qAt -c "SELECT NOT EXISTS (SELECT 1 FROM stat_dirty) AND NOT EXISTS (SELECT 1 FROM standing_dirty)")" = t ]; do sleep 1; done
psql "$db" -qc "ANALYZE stat_cells, teacher_facts, teacher_fact_keys" >/dev/null

# p50 and p95 of a list of seconds, in milliseconds.
percentiles() { sort -g | awk '{v[NR] = $1} END {printf "%.2f %.2f\n", v[int(NR * 0.5 + 0.5)] * 1000, v[int(NR * 0.95 + 0.5)] * 1000}'; }
empty='filter[cohort]=&filter[school]=&filter[subject]=&filter[stage]=&filter[programme]='
work="$root/target/bench-stats"
mkdir -p "$work"
# The fixed cost of any server function: an authenticated request that reads nothing else
# (/api/me: the session and the user, the HTTP exchange, the JSON answer).
for _ in $(seq 1 "$calls"); do printf 'url = "%s/api/me"\noutput = /dev/null\n' "$url"; done >"$work/curl.cfg"
curl -s -b "$jar" -d "" -w '%{time_total}\n' -K "$work/curl.cfg" >"$work/me.times"
read -r me50 me95 < <(percentiles <"$work/me.times")
printf '\n%-34s %9s %9s\n' "fixed cost: /api/me (ms)" "$me50" "$me95"
# The data function alone (the bare server's /views/VIEW: the same `stats::view`, answered as
# JSON without the app's HTTP stack, session and Leptos), timed in the same turns.
data_port=3115
DATABASE_URL="$db" BIND_ADDR="127.0.0.1:$data_port" RUST_LOG=warn "$server" bench-bare \
  --stats-bytes 1 --growth-bytes 1 >"$root/target/bench-data.log" 2>&1 &
data_pid=$!
trap 'kill $pid $data_pid $bare_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do port_open 127.0.0.1 "$data_port" && break; sleep 0.2; done
printf '\n%-34s %9s %9s %9s %9s %9s %7s %9s %9s %9s\n' "server function (ms, $calls calls)" "p50" "p95" "data p50" "SQL p50" "SQL p95" "ratio" "net" "data/SQL" "raw p50"
# The function and its SQL run in turns (BENCH_ROUNDS, default 5, of calls/rounds each), so a
# slow spell of this shared machine falls on both rather than on one. Each round starts warm:
# curl's first call (it connects) and pgbench's first 5 transactions (it connects, prepares, and
# Postgres plans each statement afresh 5 times before it settles on a cached plan) are not
# counted, as the server's own connections are long warm.
rounds="${BENCH_ROUNDS:-5}"
per_round=$(((calls + rounds - 1) / rounds))
for view in $views; do
  # Server function: one curl, one connection, every call timed by curl.
  {
    for _ in $(seq 0 "$per_round"); do printf 'url = "%s/api/stats"\noutput = /dev/null\n' "$url"; done
  } >"$work/curl.cfg"
  # Baseline: the statements the function runs, through pgbench, each transaction timed.
  DATABASE_URL="$db" "$server" stats-sql "$view" >"$work/$view.sql"
  defines=()
  for d in $(DATABASE_URL="$db" "$server" stats-sql --defines "$view"); do defines+=(-D "$d"); done
  for _ in $(seq 0 "$per_round"); do printf 'url = "http://127.0.0.1:%s/views/%s"\noutput = /dev/null\n' "$data_port" "$view"; done >"$work/data.cfg"
  : >"$work/$view.times"
  : >"$work/$view.data.times"
  : >"$work/$view.sql.times"
  for _ in $(seq 1 "$rounds"); do
    curl -s -b "$jar" -d "view=$view&$empty" -w '%{time_total}\n' -K "$work/curl.cfg" | tail -n +2 >>"$work/$view.times"
    curl -s -w '%{time_total}\n' -K "$work/data.cfg" | tail -n +2 >>"$work/$view.data.times"
    rm -f "$work"/pgbench_log.*
    (cd "$work" && pgbench -n -M prepared -c 1 -t "$((per_round + 5))" "${defines[@]}" -f "$view.sql" -l "$name" >/dev/null)
    awk 'NR > 5 {print $3 / 1000000}' "$work"/pgbench_log.* >>"$work/$view.sql.times"
  done
  read -r fn50 fn95 < <(percentiles <"$work/$view.times")
  read -r sql50 sql95 < <(percentiles <"$work/$view.sql.times")
  read -r data50 _ < <(percentiles <"$work/$view.data.times")
  # The raw aggregate over the base tables.
  DATABASE_URL="$db" "$server" stats-sql --raw "$view" >"$work/$view.raw.sql"
  defines=()
  for d in $(DATABASE_URL="$db" "$server" stats-sql --raw --defines "$view"); do defines+=(-D "$d"); done
  rm -f "$work"/pgbench_log.*
  (cd "$work" && pgbench -n -M prepared -c 1 -t "${BENCH_RAW_CALLS:-20}" "${defines[@]}" -f "$view.raw.sql" -l "$name" >/dev/null)
  read -r raw50 _ < <(awk '{print $3 / 1000000}' "$work"/pgbench_log.* | percentiles)
  printf '%-34s %9s %9s %9s %9s %9s %6.2fx %8.2fx %8.2fx %9s\n' "$view" "$fn50" "$fn95" "$data50" "$sql50" "$sql95" \
    "$(echo "$fn50 / $sql50" | bc -l)" "$(echo "($fn50 - $me50) / $sql50" | bc -l)" "$(echo "$data50 / $sql50" | bc -l)" "$raw50"
done
kill "$data_pid" 2>/dev/null || true

if [ -n "${BENCH_SKIP_SSR:-}" ]; then
  printf '\n%-34s %10s\n' "server peak RSS (VmHWM)" "$(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status")"
  exit 0
fi

# SSR throughput against a bare handler with the same data work and the same bytes.
teacher=$(psql "$db" -qAt -c "SELECT t.id FROM teachers t JOIN hour_records r ON r.teacher_id = t.id
  WHERE t.active GROUP BY t.id ORDER BY count(*) DESC, t.id LIMIT 1")
stats_bytes=$(curl -s -b "$jar" -o /dev/null -w '%{size_download}' "$url/stats")
growth_bytes=$(curl -s -b "$jar" -o /dev/null -w '%{size_download}' "$url/teachers/$teacher/growth")
DATABASE_URL="$db" BIND_ADDR="127.0.0.1:$bare_port" RUST_LOG=warn "$server" bench-bare \
  --stats-bytes "$stats_bytes" --growth-bytes "$growth_bytes" >"$root/target/bench-bare.log" 2>&1 &
bare_pid=$!
for _ in $(seq 1 300); do port_open 127.0.0.1 "$bare_port" && break; sleep 0.2; done
rps() { wrk -t2 -c32 -d"${duration}s" -H "Cookie: $cookie" "$1" | awk '/Requests\/sec/ {print $2}'; }
printf '\n%-34s %10s %10s %7s\n' "SSR (req/s, wrk 32 conns, ${duration} s)" "app" "bare" "ratio"
for path in /stats "/teachers/$teacher/growth"; do
  bytes=$([ "$path" = /stats ] && echo "$stats_bytes" || echo "$growth_bytes")
  app_rps=$(rps "$url$path")
  bare_rps=$(rps "http://127.0.0.1:$bare_port$path")
  printf '%-34s %10s %10s %6.0f%%\n' "$path ($bytes B)" "$app_rps" "$bare_rps" "$(echo "100 * $app_rps / $bare_rps" | bc -l)"
done
printf '\n%-34s %10s\n' "server peak RSS (VmHWM)" "$(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status")"
printf '%-34s %10s\n' "bare server peak RSS" "$(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$bare_pid/status")"

if [ -f "$root/target/site/hash.txt" ]; then
  echo
  "$root/server/scripts/site-size.sh"
else
  echo "wasm size: run server/scripts/build-site.sh first"
fi
echo "baselines: pgbench -M prepared over the same statements; a bare axum handler calling the same data functions"
