#!/usr/bin/env bash
# Overload check (issue 11, defect 4): N concurrent requests for the heaviest statistics view
# against the demo district, as center staff. Before load shedding 200 at once gave 39 empty
# 500s after the pool's 10 s timeout ("failed to save session"). Prints the answers by status,
# whether every 503 carries Retry-After and a message, latencies, and whether /login stays
# quick while the load runs. Usage: server/scripts/bench-overload.sh [concurrent] [teachers]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"
concurrent="${1:-200}"
teachers="${2:-3000}"
ensure_postgres tg_bench_overload
base="${DATABASE_URL%/*}"
db="$base/tg_bench_overload"
server="$root/target/debug/server"
cargo build -q -p server
if [ "$(psql "$db" -qAt -c 'SELECT count(*) FROM teachers' 2>/dev/null || echo 0)" -lt "$teachers" ]; then
  psql "$base/postgres" -qc "DROP DATABASE IF EXISTS tg_bench_overload WITH (FORCE)" >/dev/null
  DATABASE_URL="$db" "$server" demo --teachers "$teachers" >/dev/null
fi
port=3113
DATABASE_URL="$db" BIND_ADDR="127.0.0.1:$port" RUST_LOG=warn "$server" serve >"$root/target/bench-overload.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do port_open 127.0.0.1 "$port" && break; sleep 0.2; done
python3 - "$port" "$concurrent" <<'PY'
import http.client, json, statistics, sys, threading, time, urllib.parse
port, n = int(sys.argv[1]), int(sys.argv[2])
def request(method, path, body=None, cookie=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"accept": "text/html"}
    if body is not None:
        headers["content-type"] = "application/x-www-form-urlencoded"
        headers["accept"] = "application/json"
    if cookie:
        headers["cookie"] = cookie
    t = time.monotonic()
    c.request(method, path, body=body, headers=headers)
    r = c.getresponse()
    data = r.read()
    return r.status, dict(r.getheaders()), data, time.monotonic() - t
status, headers, _, _ = request("POST", "/api/login", urllib.parse.urlencode({"username": "center", "password": "demo2026"}))
cookie = "; ".join(v.split(";")[0] for k, v in headers.items() if k.lower() == "set-cookie")
results = []
def hit():
    try:
        results.append(request("GET", "/stats?view=attention", cookie=cookie))
    except Exception as e:
        results.append((0, {}, str(e).encode(), 0.0))
threads = [threading.Thread(target=hit) for _ in range(n)]
start = time.monotonic()
for t in threads: t.start()
time.sleep(0.5)
login = request("GET", "/login")
for t in threads: t.join()
wall = time.monotonic() - start
by = {}
for s, h, body, secs in results:
    by.setdefault(s, []).append((h, body, secs))
print(f"{n} concurrent GET /stats?view=attention as center staff, {wall:.1f} s wall")
for s in sorted(by):
    lat = sorted(x[2] for x in by[s])
    p95 = lat[int(len(lat) * 0.95) - 1] if lat else 0
    print(f"  {s}: {len(lat):4d}  p50 {statistics.median(lat):6.2f} s  p95 {p95:6.2f} s")
busy = by.get(503, [])
print(f"  503 with Retry-After: {sum(1 for h, _, _ in busy if 'retry-after' in {k.lower() for k in h})}/{len(busy)}; with a message: {sum(1 for _, b, _ in busy if b)}/{len(busy)}")
print(f"  empty 500s: {sum(1 for h, b, _ in by.get(500, []) if not b)}")
print(f"  GET /login during the load: {login[0]} in {login[3]:.2f} s")
PY
