#!/usr/bin/env bash
# Builds the browser half of the app into target/site: the wasm (hydrate feature), its JS glue
# from wasm-bindgen, size-optimised by wasm-opt, and the stylesheet. What cargo-leptos would do,
# without its downloads (GitHub is out of reach here) and its rustc >= 1.96 requirement.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"
site=target/site/pkg
mkdir -p "$site"
cargo build -p app --lib --target wasm32-unknown-unknown --features hydrate --profile wasm-release
wasm="target/wasm32-unknown-unknown/wasm-release/app.wasm"
# wasm-opt takes most of a minute: redo the bindings only when cargo produced a new wasm.
if [ ! -f "$site/app_bg.wasm" ] || [ "$wasm" -nt "$site/app_bg.wasm" ]; then
  wasm-bindgen --target web --no-typescript --out-dir "$site" --out-name app "$wasm"
  if command -v wasm-opt >/dev/null; then
    wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types \
      "$site/app_bg.wasm" -o "$site/app_bg.wasm"
  fi
fi
cp style/main.css "$site/app.css"
echo "site built: $(du -h "$site/app_bg.wasm" | cut -f1) wasm in $site"
