#!/usr/bin/env bash
# Restarts Postgres in the middle of a load of acknowledged writes and checks that the server
# rides it out and that no acknowledged write is lost.
#
# A PRIVATE cluster under target/pg-restart (the system's initdb/pg_ctl, on a spare port; the
# Postgres on 5432 is never touched), a 200-teacher demo district, target/debug/server against
# it, and a loopback load: W clients that each log in as center staff (cookies kept) and create
# training events through the real server function (POST /api/create_event), one after
# another, for D seconds; at R seconds `pg_ctl restart -m fast`. Then it reports the outage
# (first failed write to first success after it), the recovery time after Postgres is back,
# acknowledged writes, the writes in the database, acknowledged writes lost (must be 0), and
# whether the server process stayed up. Exit status 1 if a write was lost or the server died.
#
#   server/scripts/pg-restart-under-load.sh [duration s, default 40] [restart at s, default 12] [workers, default 4]
# SERVER_BIN=path uses that binary instead of building target/debug/server.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"

duration="${1:-40}"
restart_at="${2:-12}"
workers="${3:-4}"
pg_port="${PG_RESTART_PORT:-5447}"
app_port="${APP_RESTART_PORT:-3147}"
dir="$root/target/pg-restart"
data="$dir/data"
db="postgres://postgres@127.0.0.1:$pg_port/tg_restart"
mkdir -p "$dir"

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
  log "installing PostgreSQL"
  apt_install postgresql
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
command -v python3 >/dev/null || apt_install python3
run=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home "$data" postgres
  run=(runuser -u postgres --)
fi
pg_ctl() { "${run[@]}" "$bin/pg_ctl" -D "$data" "$@"; }

if port_open 127.0.0.1 "$pg_port" && ! pg_ctl status >/dev/null 2>&1; then
  echo "port $pg_port is taken by another server: set PG_RESTART_PORT" >&2
  exit 2
fi
if [ ! -f "$data/PG_VERSION" ]; then
  log "creating a private PostgreSQL cluster in $data"
  mkdir -p "$data"
  [ "$(id -u)" = 0 ] && chown postgres "$data" "$dir"
  "${run[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
pg_opts="-p $pg_port -k $data -c listen_addresses=127.0.0.1"
if ! pg_ctl status >/dev/null 2>&1; then
  log "starting the private PostgreSQL on port $pg_port"
  pg_ctl -l "$data/server.log" -w -o "$pg_opts" start >/dev/null
fi

server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  pg_ctl -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

server="${SERVER_BIN:-$root/target/debug/server}"
if [ -z "${SERVER_BIN:-}" ]; then
  log "building the server (debug)"
  nice -n 5 cargo build -q -p server --bin server
fi

log "loading a 200-teacher demo district into tg_restart"
"$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "DROP DATABASE IF EXISTS tg_restart WITH (FORCE)" postgres >/dev/null
DATABASE_URL="$db" "$server" demo --teachers 200 >/dev/null

log "serving on 127.0.0.1:$app_port"
DATABASE_URL="$db" BIND_ADDR="127.0.0.1:$app_port" RUST_LOG="${RUST_LOG:-warn}" \
  "$server" >"$dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  port_open 127.0.0.1 "$app_port" && break
  sleep 0.2
done
port_open 127.0.0.1 "$app_port" || { echo "server did not start" >&2; cat "$dir/server.log" >&2; exit 1; }

results="$dir/load.json"
log "load: $workers clients creating events for $duration s; Postgres restarts at $restart_at s"
python3 - "$app_port" "$duration" "$workers" "$results" <<'PY' &
import http.cookiejar, json, sys, threading, time, urllib.parse, urllib.request
port, duration, workers, out = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
base = f"http://127.0.0.1:{port}/api/"
start = time.time()
events = []  # (t, worker, seq, ok, status, title)
lock = threading.Lock()

def post(opener, name, fields, timeout=20):
    data = urllib.parse.urlencode(fields).encode()
    req = urllib.request.Request(base + name, data=data,
                                 headers={"Accept": "application/json"})
    try:
        with opener.open(req, timeout=timeout) as res:
            return res.status, res.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except Exception as e:  # refused, reset, timeout
        return 0, repr(e)

def worker(w):
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    status, body = post(opener, "login", {"username": "center", "password": "demo2026"})
    assert status == 200, (status, body)
    seq = 0
    while time.time() - start < duration:
        seq += 1
        title = f"restart-{w}-{seq}"
        day = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 8 * 3600 - 86400))
        sent = time.time() - start
        status, body = post(opener, "create_event", {
            "form[title]": title, "form[organizer]": "load", "form[level]": "district",
            "form[category]": "subject", "form[starts_on]": day, "form[ends_on]": day,
            "form[hours]": "2"})
        ok = status == 200 and '"id"' in body
        with lock:
            events.append((time.time() - start, w, seq, ok, status, title,
                           "" if ok else body[:160], sent))
        if not ok:
            time.sleep(0.1)
        else:
            time.sleep(0.02)

threads = [threading.Thread(target=worker, args=(w,)) for w in range(workers)]
for t in threads: t.start()
for t in threads: t.join()
json.dump({"start": start, "events": sorted(events)}, open(out, "w"))
PY
load_pid=$!
load_start=$(date +%s.%N)

sleep "$restart_at"
restart_begin=$(date +%s.%N)
log "pg_ctl restart -m fast"
pg_ctl -l "$data/server.log" -w -m fast -o "$pg_opts" restart >/dev/null
pg_back=$(date +%s.%N)
wait "$load_pid"

alive="yes"
if ! kill -0 "$server_pid" 2>/dev/null; then alive="NO (exited)"; fi
in_db="$dir/in-db.txt"
"$bin/psql" "$db" -qAt -c "SELECT title FROM training_events WHERE title LIKE 'restart-%'" | sort >"$in_db"

python3 - "$results" "$in_db" "$load_start" "$restart_begin" "$pg_back" "$alive" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))
in_db = set(open(sys.argv[2]).read().split())
# Times on the load's clock (its start is a few ms after load_start).
offset = res["start"] - float(sys.argv[3])
restart = float(sys.argv[4]) - float(sys.argv[3]) - offset
back = float(sys.argv[5]) - float(sys.argv[3]) - offset
ev = res["events"]
acked = [e for e in ev if e[3]]
failed = [e for e in ev if not e[3]]
lost = [e[5] for e in acked if e[5] not in in_db]
print(f"requests:                 {len(ev)} ({len(failed)} failed)")
print(f"Postgres restart:         began at {restart:.2f} s, back (pg_ctl -w returned) at {back:.2f} s: {back - restart:.2f} s")
if failed:
    first_fail = min(e[0] for e in failed)
    after = [e[0] for e in acked if e[0] > first_fail]
    first_ok = min(after) if after else None
    print(f"first failed write:       {first_fail:.2f} s")
    if first_ok is None:
        print("first success after it:   NONE: the server did not recover")
    else:
        print(f"first success after it:   {first_ok:.2f} s")
        print(f"outage (first failure to first success after): {first_ok - first_fail:.2f} s")
        print(f"recovery after Postgres was back: {max(0.0, first_ok - back):.2f} s")
    statuses = {}
    for e in failed:
        statuses[e[4]] = statuses.get(e[4], 0) + 1
    print(f"failed writes by status:  {statuses} (0 = connection error/timeout)")
    print(f"e.g.:                     {failed[0][4]} {failed[0][6]!r}")
else:
    print("no write failed during the restart (requests waited for the pool instead)")
# Writes held up: the longest time without any acknowledgement, and the slowest write.
times = sorted(e[0] for e in acked)
gaps = [(b - a, a) for a, b in zip(times, times[1:])]
gap, gap_at = max(gaps) if gaps else (0.0, 0.0)
slow = max(acked, key=lambda e: e[0] - e[7]) if acked else None
around = [e[0] - e[7] for e in acked if e[7] < restart - 1]
print(f"longest time without an acknowledged write: {gap:.2f} s (from {gap_at:.2f} s)")
if slow:
    print(f"slowest acknowledged write: {slow[0] - slow[7]:.2f} s (sent at {slow[7]:.2f} s); "
          f"median before the restart {sorted(around)[len(around) // 2] * 1000:.0f} ms")
print(f"acknowledged writes:      {len(acked)}")
print(f"writes in the database:   {len(in_db)}")
print(f"acknowledged writes lost: {len(lost)} {lost[:5]}")
print(f"server process stayed up: {sys.argv[6]}")
sys.exit(1 if lost or sys.argv[6] != "yes" else 0)
PY
