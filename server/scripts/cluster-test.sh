#!/usr/bin/env bash
# Failover, standby and throughput test of the cluster (server/scripts/cluster.sh), on loopback,
# bounded: every load stops by itself. Brings the cluster up if it is not, then:
#
#  (a) kill -9 one app server under a load of mentoring sessions and hour claims (8 clients
#      through nginx, each write acknowledged or not, >= 2,000 acknowledged): the load goes on
#      through the others, 0 acknowledged writes lost (checked in the database by the marker
#      each write carries), failures only among the requests in flight at the kill (counted,
#      with nginx's access log saying which process each request went to);
#  (b) stop the primary for 3 s and start it again under the same load: every app answers
#      /healthz again within 10 s of the database being back, 0 acknowledged writes lost, the
#      same app processes before and after;
#  (c) stop the standby: /stats (center staff) keeps answering, from the primary; then start
#      it again and see it catch up through its slot;
#  (d) stats reads with 1 vs 3 app servers behind nginx (wrk), with the CPU each part used;
#  (e) backup.sh under a write load → restore.sh into a new database → OK/DIFF.
#
#   server/scripts/cluster-test.sh            # leaves the cluster running (cluster.sh down)
# Figures: target/cluster/test/summary.txt. Exit status 1 if a requirement is not met.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"

cluster="$root/server/scripts/cluster.sh"
dir="$root/target/cluster"
out="$dir/test"
mkdir -p "$out"
rm -f "$out"/*.json "$out"/*.txt "$out"/*.events
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
primary_port=55401
db_url="postgres://postgres@127.0.0.1:$primary_port/tg_cluster"
nginx="http://127.0.0.1:3300"
apps_csv="3301,3302,3303"
q() { "$bin/psql" -X -qAt -v ON_ERROR_STOP=1 "$db_url" "$@"; }
now() { date +%s.%N; }
command -v wrk >/dev/null || { log "installing wrk (Debian's package)"; apt_install wrk; }

log "cluster up (3 app servers)"
CLUSTER_APPS=3 "$cluster" up >"$out/up.txt" 2>&1 || { cat "$out/up.txt"; exit 1; }

# Demo users who may write yesterday: 4 mentors (each with an active pairing) and 4 teachers.
day=$(TZ=Asia/Shanghai date -d yesterday +%F)
q -F $'\t' >"$out/users.tsv" <<SQL
(SELECT DISTINCT ON (u.id) 'session', u.username, p.id FROM mentor_pairings p
   JOIN users u ON u.teacher_id = p.mentor_id JOIN teachers m ON m.id = p.mentor_id
   JOIN teachers e ON e.id = p.mentee_id
  WHERE p.ended_on IS NULL AND p.started_on < '$day' AND NOT u.disabled AND m.active AND e.active
    AND e.hire_date < '$day' AND m.hire_date < '$day' ORDER BY u.id, p.id LIMIT 4)
UNION ALL
(SELECT 'claim', u.username, 0 FROM users u JOIN teachers t ON t.id = u.teacher_id
  WHERE NOT u.disabled AND t.active AND t.hire_date < '$day'::date - 30 ORDER BY u.id DESC LIMIT 4)
SQL

app_pids() { for i in 1 2 3; do cat "$dir/app-$i.pid" 2>/dev/null || echo -; done | paste -sd' '; }

# load NAME DURATION MIN_ACKS: runs the write load in the background (pid in $load_pid).
load() {
  python3 "$root/server/scripts/cluster-load.py" --base "$nginx" --users "$out/users.tsv" \
    --run "$1-$(date +%s)" --out "$out/$1.json" --workers 8 --duration "$2" --min-acks "$3" \
    --max-duration 150 --apps "$apps_csv" --day "$day" &
  load_pid=$!
}

# What the database holds of a load's writes, for the analysis.
in_db() {
  q -c "SELECT topic FROM mentor_sessions WHERE topic LIKE 'cl-%' UNION ALL
        SELECT title FROM hour_claims WHERE title LIKE 'cl-%'" >"$out/$1.in-db.txt"
}

cat >"$out/analyse.py" <<'PY'
import json, sys
phase, load_file, db_file, events_file, access_log = sys.argv[1:6]
res = json.load(open(load_file))
in_db = set(open(db_file).read().split())
ev = dict(l.strip().split("=", 1) for l in open(events_file) if "=" in l)
ev = {k: (float(v) if v.replace(".", "").isdigit() else v) for k, v in ev.items()}
upstream = {}
for line in open(access_log):
    try:
        r = json.loads(line)
    except ValueError:
        continue
    upstream[r["request_id"]] = (r["upstream"], r["upstream_status"], r["status"])
E = res["events"]
start, end = res["start"], res["end"]
acked = [e for e in E if e["ok"]]
failed = [e for e in E if not e["ok"]]
ran = set(e["marker"] for e in E)
lost = [e["marker"] for e in acked if e["marker"] not in in_db]
unacked_in_db = [e["marker"] for e in failed if e["marker"] in in_db]
summary = {}
def out(k, v):
    print(f"  {k:<58} {v}")
    summary[k] = v
rate = lambda xs, a, b: len([e for e in xs if a <= e["done"] < b]) / max(b - a, 1e-9)
out("load", f"{len(E)} writes in {end - start:.1f} s (8 clients: 4 mentors logging sessions, 4 teachers filing claims)")
out("acknowledged writes", len(acked))
out("acknowledged writes lost (not in the database)", f"{len(lost)} {lost[:3]}")
out("failed writes", f"{len(failed)}: by status {dict((s, sum(1 for e in failed if e['status'] == s)) for s in sorted(set(e['status'] for e in failed)))}")
out("failed writes found committed anyway (answer lost)", len(unacked_in_db))
retried = sum(1 for e in E if "," in upstream.get(e["rid"], ("",))[0])
out("writes nginx passed to another process (connect refused)", retried)
ok = not lost and len(acked) >= 2000
if phase == "kill":
    t = ev["kill"]
    killed = ev["killed_addr"]
    in_flight = [e for e in E if e["sent"] <= t <= e["done"]]
    on_killed = [e for e in in_flight if killed in upstream.get(e["rid"], ("",))[0].split(",")[0]]
    fail_in_flight = [e for e in failed if e["sent"] <= t + 0.05 and e["done"] >= t - 0.05]
    fail_other = [e for e in failed if e not in fail_in_flight]
    out("killed", f"app 2 ({killed}, pid {int(ev['killed_pid'])}) with SIGKILL at {t - start:.2f} s")
    out("requests in flight at the kill (all / on the killed app)", f"{len(in_flight)} / {len(on_killed)}")
    out("failed writes in flight at the kill", f"{len(fail_in_flight)} {[(e['status'], e['body'][:60]) for e in fail_in_flight][:2]}")
    out("failed writes NOT in flight at the kill", f"{len(fail_other)} {[(e['status'], e['body'][:60]) for e in fail_other][:2]}")
    out("acknowledged writes/s before / after the kill", f"{rate(acked, start + 1, t):.0f} / {rate(acked, t + 1, end):.0f}")
    after = [upstream.get(e["rid"], ("?",))[0] for e in E if e["sent"] > t + 1]
    spread = {a: after.count(a) for a in sorted(set(x.split(",")[-1].strip() for x in after))}
    out("where writes went after the kill (last upstream)", {a: sum(1 for x in after if x.split(",")[-1].strip() == a) for a in spread})
    ok = ok and not fail_other
elif phase == "restart":
    down, back = ev["pg_down"], ev["pg_back"]
    out("primary", f"stopped (-m fast) at {down - start:.2f} s, started again (pg_ctl -w returned) at {back - start:.2f} s")
    H = res["health"]
    worst = 0.0
    for name in sorted(set(h[1] for h in H)):
        first = [h[0] for h in H if h[1] == name and h[0] >= back and h[2] == 200]
        bad = [h for h in H if h[1] == name and down <= h[0] and h[2] != 200]
        rec = (min(first) - back) if first else float("inf")
        if name != "nginx":
            worst = max(worst, rec)
        out(f"{name}: /healthz 200 again after the database was back", f"{rec:.2f} s ({len(bad)} non-200 answers during the outage)")
    acks_after = [e["done"] for e in acked if e["sent"] >= back]
    out("first acknowledged write sent after the database was back", f"{(min(acks_after) - back):.2f} s after it" if acks_after else "NONE")
    failed_window = [e for e in failed if not (down - 0.5 <= e["done"] and e["sent"] <= back + 10)]
    out("failed writes outside the outage (+10 s)", len(failed_window))
    out("app processes before / after", f"{ev['pids_before']} / {ev['pids_after']}")
    ok = ok and worst <= 10 and ev["pids_before"] == ev["pids_after"] and "-" not in ev["pids_after"]
print(f"  {'requirement met':<58} {'yes' if ok else 'NO'}")
sys.exit(0 if ok else 1)
PY

fail=0
summary="$out/summary.txt"
: >"$summary"
say() { echo "$*" | tee -a "$summary"; }

# ---------------------------------------------------------------------------------------------
say "(a) SIGKILL of app 2 under a write load (>= 2,000 acknowledged writes through nginx)"
load kill 25 2000
sleep 8
pid2=$(cat "$dir/app-2.pid")
{ echo "kill=$(now)"; echo "killed_pid=$pid2"; echo "killed_addr=127.0.0.1:3302"; } >"$out/kill.events"
kill -KILL "$pid2"
wait "$load_pid"
sleep 1.5 # nginx flushes its access log every second
in_db kill
python3 "$out/analyse.py" kill "$out/kill.json" "$out/kill.in-db.txt" "$out/kill.events" "$dir/nginx/access.log" | tee -a "$summary" || fail=1
log "bringing app 2 back (cluster.sh up)"
"$cluster" up >>"$out/up.txt" 2>&1 || { tail "$out/up.txt"; fail=1; }

# ---------------------------------------------------------------------------------------------
say ""
say "(b) the primary stopped for 3 s and started again under the same load"
pids_before=$(app_pids)
load restart 30 2000
sleep 8
echo "pg_down=$(now)" >"$out/restart.events"
"$cluster" stop-primary 2>/dev/null
sleep 3
"$cluster" start-primary 2>/dev/null
echo "pg_back=$(now)" >>"$out/restart.events"
wait "$load_pid"
sleep 1.5
{ echo "pids_before=$pids_before"; echo "pids_after=$(app_pids)"; } >>"$out/restart.events"
in_db restart
python3 "$out/analyse.py" restart "$out/restart.json" "$out/restart.in-db.txt" "$out/restart.events" "$dir/nginx/access.log" | tee -a "$summary" || fail=1

# ---------------------------------------------------------------------------------------------
say ""
say "(c) the standby stopped: /stats as center staff through nginx"
jar="$out/center.cookies"
rm -f "$jar"
curl -s -c "$jar" -b "$jar" -o /dev/null -H 'Accept: application/json' \
  --data 'username=center&password=demo2026' "$nginx/api/login"
stats_round() { # label n [t0]: n sequential /stats requests; statuses, latencies, when failures came
  local label="$1" n="$2" t0="${3:-}" lines=() r
  for _ in $(seq 1 "$n"); do
    r=$(curl -s -b "$jar" -o "$out/stats-page.html" -w '%{http_code} %{time_total}' --max-time 30 "$nginx/stats" || echo "000 30")
    lines+=("$r $(now)")
  done
  printf '%s\n' "${lines[@]}" >"$out/stats-round.txt"
  python3 - "$label" "$t0" "$out/stats-round.txt" <<'PY' | tee -a "$summary"
import sys
label, t0 = sys.argv[1], sys.argv[2]
rows = [l.split() for l in open(sys.argv[3]) if l.strip()]
codes = [r[0] for r in rows]
times = sorted(float(r[1]) for r in rows)
by = {c: codes.count(c) for c in sorted(set(codes))}
print(f"  {label:<58} statuses {by}, p50 {times[len(times)//2]*1000:.0f} ms, max {times[-1]*1000:.0f} ms")
bad = [r for r in rows if r[0] != "200"]
if bad and t0:
    print(f"  {'  the failures came at (s after the standby stopped)':<58} " + ", ".join(
        f"{float(r[2]) - float(r[1]) - float(t0):.1f} (took {float(r[1]):.1f} s)" for r in bad))
sys.exit(1 if bad else 0)
PY
}
stats_round "standby up: 10 x /stats" 10 || fail=1
"$cluster" stop-standby 2>/dev/null
standby_down=$(now)
stats_round "standby DOWN: 20 x /stats (3 processes, least_conn)" 20 "$standby_down" || fail=1
grep -o 'data as of[^<]*\|数据截至[^<]*' "$out/stats-page.html" | head -n 1 | sed 's/^/  page says: /' | tee -a "$summary" || true
for i in 1 2 3; do
  curl -s "http://127.0.0.1:330$i/metrics" | grep -iE '^[a-z_]*(replica|read|standby|fallback)[a-z_]*(\{[^}]*\})? ' | head -n 4 | sed "s/^/  app $i metrics: /" | tee -a "$summary" || true
done
log "starting the standby again (cluster.sh up)"
"$cluster" up >>"$out/up.txt" 2>&1 || true
sleep 2
"$cluster" status 2>&1 | grep -E '^(primary|standby)' | sed 's/^/  after restart: /' | tee -a "$summary" || fail=1
stats_round "standby back: 10 x /stats" 10 || fail=1
say "  standby was down for $(python3 -c "print(f'{$(now) - $standby_down:.0f}')") s"

# ---------------------------------------------------------------------------------------------
say ""
say "(d) throughput of /stats as center staff through nginx, 1 vs 3 app servers (wrk -t2 -c16 -d15s)"
cookie=$(awk '$6 == "tg_session" { print $7 }' "$jar")
cpu_of() { # cumulative CPU seconds: apps, postgres (both clusters), nginx
  python3 - "$dir" <<'PY'
import os, sys
d = sys.argv[1]
tick = os.sysconf("SC_CLK_TCK")
def cpu(pid):
    try:
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / tick
    except OSError:
        return 0.0
def children(ppid):
    out = []
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                if int(open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1]) == ppid:
                    out.append(int(p))
            except OSError:
                pass
    return out
def pidfile(path):
    try:
        return int(open(path).read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
apps = sum(cpu(p) for p in (pidfile(f"{d}/app-{i}.pid") for i in (1, 2, 3)) if p)
pg = 0.0
for c in ("primary", "standby"):
    pm = pidfile(f"{d}/{c}/postmaster.pid")
    if pm:
        pg += cpu(pm) + sum(cpu(k) for k in children(pm))
ng = pidfile(f"{d}/nginx/nginx.pid")
nginx = (cpu(ng) + sum(cpu(k) for k in children(ng))) if ng else 0.0
busy = sum(int(x) for i, x in enumerate(open("/proc/stat").readline().split()[1:]) if i not in (3, 4)) / tick
print(f"{apps:.2f} {pg:.2f} {nginx:.2f} {busy:.2f}")
PY
}
bench() { # label path
  local before after r
  before=$(cpu_of)
  r=$(wrk -t2 -c16 -d15s --timeout 30s -H "Cookie: tg_session=$cookie" "$nginx$2" 2>&1)
  after=$(cpu_of)
  python3 - "$1" "$before" "$after" "$r" <<'PY' | tee -a "$summary"
import re, sys
label, b, a, r = sys.argv[1], list(map(float, sys.argv[2].split())), list(map(float, sys.argv[3].split())), sys.argv[4]
rps = re.search(r"Requests/sec:\s+([\d.]+)", r).group(1)
lat = re.search(r"Latency\s+(\S+)", r).group(1)
non2 = re.search(r"Non-2xx or 3xx responses: (\d+)", r)
err = re.search(r"Socket errors: (.*)", r)
apps, pg, ng, busy = (a[i] - b[i] for i in range(4))
print(f"  {label:<58} {float(rps):7.1f} req/s, mean latency {lat}, non-2xx {non2.group(1) if non2 else 0}"
      f"{', socket errors ' + err.group(1) if err else ''}")
print(f"  {'':<58} CPU seconds in the 15 s (2 cores = 30): apps {apps:.1f}, postgres {pg:.1f}, nginx {ng:.1f}, "
      f"wrk and everything else on the machine {busy - apps - pg - ng:.1f}, idle {max(0.0, 30 - busy):.1f}")
PY
}
CLUSTER_APPS=1 "$cluster" up >>"$out/up.txt" 2>&1 || true
bench "1 app server:  /stats (default view, from the standby)" /stats
bench "1 app server:  /stats?view=hours" "/stats?view=hours"
CLUSTER_APPS=3 "$cluster" up >>"$out/up.txt" 2>&1 || fail=1
bench "3 app servers: /stats (default view, from the standby)" /stats
bench "3 app servers: /stats?view=hours" "/stats?view=hours"
CLUSTER_APPS=1 "$cluster" up >>"$out/up.txt" 2>&1 || true
bench "1 app server again: /stats (the machine's drift)" /stats
CLUSTER_APPS=3 "$cluster" up >>"$out/up.txt" 2>&1 || fail=1

# ---------------------------------------------------------------------------------------------
say ""
say "(e) backup under a write load → restore into a new database → compare"
load backup 10 0
sleep 3
dump=$("$root/server/scripts/backup.sh" "$db_url" 2>"$out/backup.log") || { cat "$out/backup.log"; fail=1; }
wait "$load_pid"
grep -o '[0-9.]*[KMG] in [0-9.]* s' "$out/backup.log" | sed "s|^|  backup ${dump#$root/}: |" | tee -a "$summary" || true
restored="tg_restored_$(date +%s)"
if "$root/server/scripts/restore.sh" "$dump" "$restored" "$db_url" >"$out/restore.txt" 2>&1; then :; else fail=1; fi
sed 's/^/  /' "$out/restore.txt" | grep -v '==>' | tee -a "$summary"
grep -o 'restored in [0-9.]* s' "$out/restore.txt" | sed 's/^/  /' | tee -a "$summary" || true
"$bin/psql" -X -q "${db_url%/*}/postgres" -c "DROP DATABASE IF EXISTS $restored" || true

say ""
"$cluster" status | tee -a "$summary" || fail=1
say ""
if [ "$fail" = 0 ]; then say "cluster test: every requirement met"; else say "cluster test: a requirement was NOT met (see above)"; fi
exit "$fail"
