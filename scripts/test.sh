#!/usr/bin/env bash
# Set everything up and run every test suite (C++, JavaScript, browser) through one ctest run;
# then, unless ctest arguments narrow the run, the hardening builds (docs/security.md): the C++
# suites under ASan + UBSan, the threaded test under TSan, and every fuzz target for a short time.
#   scripts/test.sh [extra ctest arguments, e.g. -R core]
#   CHIPLIGHT_FUZZ_SECONDS=N scripts/test.sh   (how long each fuzz target runs; default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export NODE_PATH=/usr/share/nodejs
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci --parallel 2 "$@"
if [ "$#" -eq 0 ]; then
  for preset in sanitize tsan fuzz; do
    extra=()
    [ "$preset" = fuzz ] && extra=(-DCHIPLIGHT_FUZZ_SECONDS="${CHIPLIGHT_FUZZ_SECONDS:-20}")
    cmake --preset "$preset" "${extra[@]}" >/dev/null
    cmake --build --preset "$preset"
    ctest --preset "$preset" --parallel 2
  done
fi
