#!/usr/bin/env bash
# Fuzzes every file parser with cargo-fuzz (libFuzzer), one target after another.
#   server/scripts/fuzz.sh [seconds per target] [target...]
# Default: 600 s for each of evidence, sheet_xlsx, sheet_csv. A slow input (>10 s) or one that
# needs more than 512 MB counts as a crash. The corpus grows in tests/fuzz/corpus/<target>/;
# crashes land in tests/fuzz/artifacts/<target>/ (not committed: turn each into a regression
# under tests/fuzz/regressions/). `FUZZ_MERGE=1` minimises each corpus afterwards to the
# fewest files that reach every edge (do that before committing it: hundreds of KB, not MB). Runs at nice 19 so other builds take precedence.
#
# Stable Rust only here: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its -Z flags. It tries
# AddressSanitizer first and falls back to no sanitizer (FUZZ_SANITIZER=none to skip ASan).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$root"

seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(evidence sheet_xlsx sheet_csv)

export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="$root/target/fuzz"
fuzz_dir="$root/tests/fuzz"

if ! command -v cargo-fuzz >/dev/null; then
  log "installing cargo-fuzz (once)"
  cargo install cargo-fuzz >&2
fi
if ! command -v c++ >/dev/null; then
  log "installing g++ (libFuzzer is C++)"
  apt_install g++
fi

sanitizer="${FUZZ_SANITIZER:-address}"
build() {
  nice -n 19 cargo fuzz build --fuzz-dir "$fuzz_dir" -s "$sanitizer" -O "$1" >&2
}
for t in "${targets[@]}"; do
  log "building $t (sanitizer: $sanitizer)"
  if ! build "$t"; then
    [ "$sanitizer" = none ] && exit 1
    log "the $sanitizer build of $t failed (above); trying once more without a sanitizer"
    sanitizer=none
    build "$t"
  fi
done

status=0
for t in "${targets[@]}"; do
  corpus="$fuzz_dir/corpus/$t"
  mkdir -p "$corpus" "$fuzz_dir/artifacts/$t"
  log "fuzzing $t for $seconds s"
  if ! nice -n 19 cargo fuzz run --fuzz-dir "$fuzz_dir" -s "$sanitizer" -O "$t" "$corpus" -- \
    -max_total_time="$seconds" -rss_limit_mb=512 -malloc_limit_mb=512 -timeout=10 \
    -print_final_stats=1 2>&1 | tee "$root/target/fuzz-$t.log" | grep -E '^(#[0-9]+ +DONE|stat::|==|SUMMARY|artifact_prefix|Test unit written)' ; then
    :
  fi
  if grep -qE 'Test unit written|SUMMARY' "$root/target/fuzz-$t.log"; then
    log "$t: CRASH, see $root/target/fuzz-$t.log and $fuzz_dir/artifacts/$t/"
    status=1
  fi
  if [ "${FUZZ_MERGE:-0}" = 1 ]; then
    log "minimising the $t corpus"
    min="$root/target/fuzz-min-$t"
    rm -rf "$min" && mkdir -p "$min"
    nice -n 19 cargo fuzz run --fuzz-dir "$fuzz_dir" -s "$sanitizer" -O "$t" "$min" "$corpus" -- \
      -merge=1 -set_cover_merge=1 -use_counters=0 -rss_limit_mb=512 -timeout=10 >/dev/null 2>&1
    rm -rf "$corpus" && mv "$min" "$corpus"
  fi
done
exit "$status"
