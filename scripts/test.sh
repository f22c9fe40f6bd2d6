#!/usr/bin/env bash
# Set everything up and run every test suite (C++, JavaScript, browser) through one ctest run.
#   scripts/test.sh [extra ctest arguments, e.g. -R core]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export NODE_PATH=/usr/share/nodejs
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci --parallel 2 "$@"
