#!/usr/bin/env bash
# Builds the browser half of the app into target/site: the wasm of the islands (hydrate
# feature), its JS glue from wasm-bindgen, size-optimised by wasm-opt, and the stylesheet; each
# named after a hash of its content (listed in target/site/hash.txt, which the server reads),
# with brotli (q11) and gzip (-9) copies beside it for the server to send as they are.
# What cargo-leptos would do, without its downloads (GitHub is out of reach here) and its
# rustc >= 1.96 requirement.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"
out=target/site
build=target/site-build
mkdir -p "$out/pkg" "$build"
cargo build -p app --lib --target wasm32-unknown-unknown --features hydrate --profile wasm-release
wasm="target/wasm32-unknown-unknown/wasm-release/app.wasm"
# wasm-opt takes a while: redo the bindings only when cargo produced a new wasm.
if [ ! -f "$build/app_bg.wasm" ] || [ "$wasm" -nt "$build/app_bg.wasm" ]; then
  wasm-bindgen --target web --no-typescript --out-dir "$build" --out-name app "$wasm"
  if command -v wasm-opt >/dev/null; then
    wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types \
      "$build/app_bg.wasm" -o "$build/app_bg.wasm"
  fi
fi
cp style/main.css "$build/app.css"

hash_of() { sha256sum "$1" | cut -c1-16; }
js=$(hash_of "$build/app.js")
wasm_hash=$(hash_of "$build/app_bg.wasm")
css=$(hash_of "$build/app.css")
# Only this build's files stay: an old name must not be served as if current.
find "$out/pkg" -maxdepth 1 -type f -name 'app.*' -delete
cp "$build/app.js" "$out/pkg/app.$js.js"
cp "$build/app_bg.wasm" "$out/pkg/app.$wasm_hash.wasm"
cp "$build/app.css" "$out/pkg/app.$css.css"
if [ -d "$build/snippets" ]; then
  rm -rf "$out/pkg/snippets" && cp -r "$build/snippets" "$out/pkg/snippets"
fi
for f in "$out/pkg/app.$js.js" "$out/pkg/app.$wasm_hash.wasm" "$out/pkg/app.$css.css"; do
  brotli -q 11 -f -o "$f.br" "$f"
  gzip -9 -k -f "$f"
done
printf 'js: %s\nwasm: %s\ncss: %s\n' "$js" "$wasm_hash" "$css" >"$out/hash.txt"
echo "site built: $(wc -c <"$out/pkg/app.$wasm_hash.wasm") B wasm, $(wc -c <"$out/pkg/app.$wasm_hash.wasm.br") B brotli, in $out/pkg"
