#!/usr/bin/env bash
# The app as a cluster on this machine, over loopback, with its data under target/cluster:
#
#   primary Postgres   127.0.0.1:55401   target/cluster/primary   (private: system initdb/pg_ctl)
#   hot standby        127.0.0.1:55402   target/cluster/standby   (pg_basebackup -R, a slot)
#   app servers        127.0.0.1:3301..  target/cluster/app-N.log (JSON logs), app-N.pid
#   nginx              127.0.0.1:3300    target/cluster/nginx     (server/deploy/nginx.conf)
#
#   server/scripts/cluster.sh up       start whatever is not running (idempotent); the first
#                                      time: create both databases and load the demo district
#   server/scripts/cluster.sh status   each part and its health; exit 1 if one is unhealthy
#   server/scripts/cluster.sh down     stop everything (apps drain first); keeps the data
#   server/scripts/cluster.sh down --wipe   ... and delete target/cluster
#   server/scripts/cluster.sh stop-primary|start-primary|stop-standby|start-standby   one part
#
# Environment: CLUSTER_APPS (app servers, default 3; `up` stops any beyond it and points nginx
# at the rest), CLUSTER_TEACHERS (demo size, default 3000), SERVER_BIN (default
# target/debug/server, built if missing); RUST_LOG, DRAIN_SECS and READ_MAX_LAG_SECS reach the apps.
# The system's Postgres on 5432 is never touched.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"

dir="$root/target/cluster"
primary_port=55401
standby_port=55402
nginx_port=3300
app_base=3300 # app i listens on app_base + i
apps="${CLUSTER_APPS:-3}"
teachers="${CLUSTER_TEACHERS:-3000}"
db=tg_cluster
slot=standby1
primary_url="postgres://postgres@127.0.0.1:$primary_port/$db"
standby_url="postgres://postgres@127.0.0.1:$standby_port/$db"
server="${SERVER_BIN:-$root/target/debug/server}"

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ]; then
    log "installing PostgreSQL"
    apt_install postgresql
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$bin"
}
bin=$(pg_bin)

# initdb and postgres refuse to run as root: run the private clusters as the postgres user.
run=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home "$dir" postgres
  run=(runuser -u postgres --)
fi
as_pg() { "${run[@]}" "$@"; }
psql_at() { "$bin/psql" -h 127.0.0.1 -p "$1" -U postgres -X -qAt -v ON_ERROR_STOP=1 "${@:2}"; }

primary_opts="-p $primary_port -k $dir/run -c listen_addresses=127.0.0.1 -c max_connections=200 -c wal_level=replica -c max_wal_senders=10 -c max_slot_wal_keep_size=4GB"
standby_opts="-p $standby_port -k $dir/run -c listen_addresses=127.0.0.1 -c max_connections=200 -c hot_standby=on -c hot_standby_feedback=on"

pg_running() { as_pg "$bin/pg_ctl" -D "$1" status >/dev/null 2>&1; }

start_pg() { # data dir, options, name, port
  local data="$1" opts="$2" name="$3" port="$4"
  if pg_running "$data"; then
    return
  fi
  if port_open 127.0.0.1 "$port"; then
    echo "port $port is taken by a server that is not the cluster's $name" >&2
    exit 2
  fi
  log "starting the $name on 127.0.0.1:$port"
  as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 120 -o "$opts" start >/dev/null
}

stop_pg() { # data dir, name
  if [ -f "$1/PG_VERSION" ] && pg_running "$1"; then
    log "stopping the $2"
    as_pg "$bin/pg_ctl" -D "$1" -w -m fast stop >/dev/null
  fi
}

http_code() { # url -> HTTP status, 000 when nothing answers
  curl -s -o /dev/null -w '%{http_code}' --max-time "${2:-3}" "$1" || true
}

app_pid() { # i -> pid of a running app i, or nothing
  local f="$dir/app-$1.pid" pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "server serve"; then
    echo "$pid"
  fi
}

start_app() { # i
  local i="$1" port=$((app_base + $1)) pid
  pid=$(app_pid "$i")
  if [ -n "$pid" ]; then
    return
  fi
  if port_open 127.0.0.1 "$port"; then
    echo "port $port is taken by a process that is not the cluster's app $i" >&2
    exit 2
  fi
  log "starting app $i on 127.0.0.1:$port"
  # setsid: the app outlives this script and gets no signal meant for the caller's terminal.
  DATABASE_URL="$primary_url" DATABASE_READ_URL="$standby_url" BIND_ADDR="127.0.0.1:$port" \
    SITE_ROOT="$root/target/site" TRUST_FORWARDED=1 LOG_FORMAT=json \
    setsid "$server" serve >>"$dir/app-$i.log" 2>&1 </dev/null &
  echo $! >"$dir/app-$i.pid"
}

wait_app() { # i: until /healthz answers 200 (60 s: start-up waits for a database)
  local i="$1" port=$((app_base + $1))
  for _ in $(seq 1 300); do
    [ "$(http_code "http://127.0.0.1:$port/healthz")" = 200 ] && return 0
    if [ -z "$(app_pid "$i")" ]; then
      echo "app $i exited; the end of target/cluster/app-$i.log:" >&2
      tail -n 20 "$dir/app-$i.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "app $i does not answer /healthz with 200 after 60 s" >&2
  exit 1
}

stop_app() { # i: SIGTERM (the app drains), SIGKILL after 30 s
  local i="$1" pid
  pid=$(app_pid "$i")
  if [ -n "$pid" ]; then
    log "stopping app $i (pid $pid; draining)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "app $i still running after 30 s: SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$dir/app-$i.pid"
}

nginx_pid() {
  local f="$dir/nginx/nginx.pid" pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q nginx; then
    echo "$pid"
  fi
}

nginx_conf() { # renders the template with CLUSTER_APPS upstreams
  local prefix="$dir/nginx" ups="" user=""
  mkdir -p "$prefix/tmp"
  for i in $(seq 1 "$apps"); do
    ups+="        server 127.0.0.1:$((app_base + i)) max_fails=2 fail_timeout=5s;"$'\n'
  done
  if [ "$(id -u)" = 0 ]; then
    # Workers run as nobody: they need their temp directories.
    user="user nobody nogroup;"
    chown -R nobody:nogroup "$prefix/tmp"
  fi
  python3 - "$root/server/deploy/nginx.conf" "$prefix/nginx.conf" "$prefix" "127.0.0.1:$nginx_port" "$ups" "$user" <<'PY'
import sys
src, out, prefix, listen, ups, user = sys.argv[1:]
text = open(src).read()
for k, v in {"@PREFIX@": prefix, "@LISTEN@": listen, "@UPSTREAMS@": ups.rstrip("\n"), "@USER@": user}.items():
    text = text.replace(k, v)
open(out, "w").write(text)
PY
}

start_nginx() {
  if ! command -v nginx >/dev/null; then
    log "installing nginx (Debian's package; its system service is not used)"
    apt_install nginx
  fi
  local prefix="$dir/nginx" nginx_cmd
  nginx_cmd=$(command -v nginx)
  nginx_conf
  "$nginx_cmd" -q -t -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log"
  if [ -n "$(nginx_pid)" ]; then
    log "nginx: reloading its configuration ($apps app servers)"
    "$nginx_cmd" -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" -s reload
  else
    if port_open 127.0.0.1 "$nginx_port"; then
      echo "port $nginx_port is taken by a process that is not the cluster's nginx" >&2
      exit 2
    fi
    log "starting nginx on 127.0.0.1:$nginx_port ($apps app servers)"
    "$nginx_cmd" -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log"
  fi
}

stop_nginx() {
  local pid
  pid=$(nginx_pid)
  if [ -n "$pid" ]; then
    log "stopping nginx"
    kill -QUIT "$pid" 2>/dev/null || true # graceful: finishes open requests
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null || true
  fi
}

up() {
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  command -v python3 >/dev/null || apt_install python3
  command -v curl >/dev/null || apt_install curl
  if [ ! -x "$server" ]; then
    log "building the server (debug)"
    nice -n 5 cargo build -q -p server --bin server
  fi
  if [ ! -f "$root/target/site/hash.txt" ]; then
    log "building the site (wasm)"
    "$root/server/scripts/build-site.sh"
  fi

  # 1. The primary, its database, the demo district.
  if [ ! -f "$dir/primary/PG_VERSION" ]; then
    log "creating the primary cluster in $dir/primary"
    as_pg mkdir -p "$dir/primary"
    as_pg "$bin/initdb" -D "$dir/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_pg mkdir -p "$dir/run" # the Unix sockets, outside the data directories
  start_pg "$dir/primary" "$primary_opts" "primary" "$primary_port"
  if [ -z "$(psql_at "$primary_port" -c "SELECT 1 FROM pg_database WHERE datname = '$db'" postgres)" ]; then
    psql_at "$primary_port" -c "CREATE DATABASE $db" postgres
  fi
  DATABASE_URL="$primary_url" "$server" migrate >/dev/null
  if [ -z "$(psql_at "$primary_port" -c "SELECT 1 FROM teachers LIMIT 1" "$db")" ]; then
    log "loading the demo district ($teachers teachers) into the primary"
    DATABASE_URL="$primary_url" "$server" demo --teachers "$teachers" --if-empty >/dev/null
  fi

  # 2. The standby: a base backup of the primary that streams from it through a slot.
  if [ ! -f "$dir/standby/PG_VERSION" ]; then
    log "creating the hot standby with pg_basebackup -R"
    if [ -n "$(psql_at "$primary_port" -c "SELECT 1 FROM pg_replication_slots WHERE slot_name = '$slot'" postgres)" ]; then
      psql_at "$primary_port" -c "SELECT pg_drop_replication_slot('$slot')" postgres >/dev/null
    fi
    as_pg "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$dir/standby" \
      -R -X stream -C -S "$slot" -c fast
  fi
  start_pg "$dir/standby" "$standby_opts" "hot standby" "$standby_port"

  # 3. The app servers (and none beyond CLUSTER_APPS).
  for i in $(seq 1 "$apps"); do start_app "$i"; done
  for f in "$dir"/app-*.pid; do
    [ -e "$f" ] || continue
    local i
    i=$(basename "$f" .pid)
    i=${i#app-}
    [ "$i" -gt "$apps" ] && stop_app "$i"
  done
  for i in $(seq 1 "$apps"); do wait_app "$i"; done

  # 4. nginx in front.
  start_nginx
  for _ in $(seq 1 50); do
    [ "$(http_code "http://127.0.0.1:$nginx_port/healthz")" = 200 ] && break
    sleep 0.1
  done
  status
}

down() {
  stop_nginx
  for f in "$dir"/app-*.pid; do
    [ -e "$f" ] || continue
    local i
    i=$(basename "$f" .pid)
    stop_app "${i#app-}" &
  done
  wait
  stop_pg "$dir/standby" "hot standby"
  stop_pg "$dir/primary" "primary"
  if [ "${1:-}" = "--wipe" ]; then
    log "deleting $dir"
    rm -rf "$dir"
  fi
}

status() {
  local bad=0 line
  printf '%-10s %-22s %s\n' part address state
  # Primary: up, writable, and who streams from it.
  if [ -f "$dir/primary/PG_VERSION" ] && pg_running "$dir/primary"; then
    line=$(psql_at "$primary_port" -F ' ' -c "SELECT CASE WHEN pg_is_in_recovery() THEN 'IN RECOVERY' ELSE 'primary' END,
      coalesce((SELECT string_agg(application_name || ' ' || state || ' ' || sync_state
                 || ' replay lag ' || coalesce(replay_lag::text, '0'), ', ') FROM pg_stat_replication), 'no standby streaming')" postgres 2>&1) || bad=1
    printf '%-10s %-22s %s\n' primary "127.0.0.1:$primary_port" "up: $line"
  else
    printf '%-10s %-22s %s\n' primary "127.0.0.1:$primary_port" "DOWN"
    bad=1
  fi
  # Standby: in recovery, receiving, how far behind.
  if [ -f "$dir/standby/PG_VERSION" ] && pg_running "$dir/standby"; then
    line=$(psql_at "$standby_port" -F ' ' -c "SELECT CASE WHEN pg_is_in_recovery() THEN 'hot standby' ELSE 'NOT IN RECOVERY (promoted?)' END,
      coalesce((SELECT 'receiving ' || status FROM pg_stat_wal_receiver), 'NOT RECEIVING'),
      'replayed up to', coalesce(to_char(pg_last_xact_replay_timestamp() AT TIME ZONE 'Asia/Shanghai', 'HH24:MI:SS'), '-'),
      'lag', CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN '0 s (caught up)'
             ELSE round(extract(epoch FROM now() - pg_last_xact_replay_timestamp()))::text || ' s' END" postgres 2>&1) || bad=1
    printf '%-10s %-22s %s\n' standby "127.0.0.1:$standby_port" "up: $line"
  else
    printf '%-10s %-22s %s\n' standby "127.0.0.1:$standby_port" "DOWN (reads fall back to the primary)"
    bad=1
  fi
  # Apps: process, /healthz (database answers), /readyz (not draining).
  local n=0
  for f in "$dir"/app-*.pid; do
    [ -e "$f" ] || continue
    n=$((n + 1))
  done
  for i in $(seq 1 "$(( n > apps ? n : apps ))"); do
    local port=$((app_base + i)) pid h r
    pid=$(app_pid "$i")
    if [ -z "$pid" ]; then
      printf '%-10s %-22s %s\n' "app $i" "127.0.0.1:$port" "DOWN"
      bad=1
      continue
    fi
    h=$(http_code "http://127.0.0.1:$port/healthz")
    r=$(http_code "http://127.0.0.1:$port/readyz")
    [ "$h" = 200 ] || bad=1
    printf '%-10s %-22s %s\n' "app $i" "127.0.0.1:$port" "pid $pid, /healthz $h, /readyz $r"
  done
  # nginx: the same health seen through the proxy, and the request id it passes on.
  if [ -n "$(nginx_pid)" ]; then
    local hdr code rid
    hdr=$(curl -s -D - -o /dev/null --max-time 3 "http://127.0.0.1:$nginx_port/healthz" || true)
    code=$(awk 'NR == 1 { print $2 }' <<<"$hdr")
    rid=$(awk -F': ' 'tolower($1) == "x-request-id" { gsub(/\r/, "", $2); print $2 }' <<<"$hdr")
    [ "$code" = 200 ] || bad=1
    printf '%-10s %-22s %s\n' nginx "127.0.0.1:$nginx_port" "pid $(nginx_pid), /healthz ${code:-000}, X-Request-Id ${rid:-none}, upstreams: $(grep -c '^ *server 127' "$dir/nginx/nginx.conf")"
  else
    printf '%-10s %-22s %s\n' nginx "127.0.0.1:$nginx_port" "DOWN"
    bad=1
  fi
  return "$bad"
}

case "${1:-}" in
  up) up ;;
  down) down "${2:-}" ;;
  status) status ;;
  # For cluster-test.sh: one Postgres alone, with the options `up` gives it.
  start-primary) start_pg "$dir/primary" "$primary_opts" "primary" "$primary_port" ;;
  stop-primary) stop_pg "$dir/primary" "primary" ;;
  start-standby) start_pg "$dir/standby" "$standby_opts" "hot standby" "$standby_port" ;;
  stop-standby) stop_pg "$dir/standby" "hot standby" ;;
  *)
    echo "usage: $0 up|down [--wipe]|status|start-primary|stop-primary|start-standby|stop-standby" >&2
    exit 2
    ;;
esac
