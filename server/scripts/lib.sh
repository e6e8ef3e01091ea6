# Shared helpers for the project's scripts; sourced, not run.
# Each step checks first and installs only what is missing, so a second run is quick.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tools="$root/target/tools"
export PATH="$tools/bin:$tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

log() { printf '\033[1m==> [%dm%02ds] %s\033[0m\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# The wasm target, wasm-bindgen at exactly the version in Cargo.lock, wasm-opt and brotli.
ensure_build_tools() {
  rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown \
    || rustup target add wasm32-unknown-unknown
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$root/Cargo.lock")
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    log "installing wasm-bindgen-cli $want (a few minutes, once)"
    cargo install wasm-bindgen-cli --version "$want" --root "$tools" >&2
  fi
  if ! command -v npm >/dev/null; then
    log "installing Node.js and npm"
    apt_install nodejs npm
  fi
  if ! command -v brotli >/dev/null; then
    log "installing brotli (the built files are served precompressed)"
    apt_install brotli
  fi
  if ! wasm-opt --version 2>/dev/null | grep -q "version 132"; then
    log "installing wasm-opt (binaryen 132 from npm)"
    npm install --silent --prefix "$tools" binaryen@132.0.0 >&2
  fi
}

# Debian's Chromium and the Playwright runner for the end-to-end tests.
ensure_test_tools() {
  if [ ! -x /usr/bin/chromium ]; then
    log "installing Chromium and CJK fonts"
    apt_install chromium fonts-noto-cjk
  fi
  local modules="$root/tests/e2e/node_modules"
  if [ ! -d "$modules/@playwright/test" ] || [ ! -d "$modules/@axe-core/playwright" ] || [ ! -d "$modules/exceljs" ]; then
    log "installing Playwright, axe-core and exceljs (no browser download)"
    (cd "$root/tests/e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent >&2)
  fi
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# Signs in at the app on $1 as the demo district's center staff; prints the cookie jar's path.
center_jar() {
  local jar
  jar=$(mktemp)
  curl -s -c "$jar" -b "$jar" -d 'username=center&password=demo2026' "$1/api/login" >/dev/null
  echo "$jar"
}

# Serves the app binary $1 against the database URL $2 on 127.0.0.1:$3 (output in $4), stopped
# when the script exits; returns once it listens.
serve_app() {
  DATABASE_URL="$2" BIND_ADDR="127.0.0.1:$3" "$1" serve >"$4" 2>&1 &
  server_pid=$!
  trap 'kill $server_pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    port_open 127.0.0.1 "$3" && return
    sleep 0.2
  done
}

# Sets DATABASE_URL to a reachable server: the one given, else a local one on 5432, else a
# private cluster under target/pgdata started with the system's initdb/pg_ctl (installing
# Debian's postgresql when absent). $1 is the database name to use in the URL.
ensure_postgres() {
  local db="$1"
  if [ -n "${DATABASE_URL:-}" ]; then
    return
  fi
  if [ -z "${TG_PRIVATE_PG:-}" ] && port_open 127.0.0.1 5432; then
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
    return
  fi
  local port=5439 data="$root/target/pgdata"
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/$db"
  if port_open 127.0.0.1 "$port"; then
    return
  fi
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ]; then
    log "installing PostgreSQL"
    apt_install postgresql
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  # initdb refuses to run as root: run the private cluster as the postgres system user.
  local run=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home "$data" postgres
    run=(runuser -u postgres --)
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    log "creating a private PostgreSQL cluster in $data"
    mkdir -p "$data"
    [ "$(id -u)" = 0 ] && chown postgres "$data"
    "${run[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  log "starting the private PostgreSQL on port $port"
  "${run[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1" start >/dev/null
}
