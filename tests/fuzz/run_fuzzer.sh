#!/usr/bin/env bash
# run_fuzzer.sh FUZZER CORPUS REGRESSIONS SECONDS [-dict=FILE]
# Replays the regression inputs (each once: a crash found before must stay fixed), then fuzzes
# for SECONDS from a scratch copy of CORPUS. A crash leaves its input in the scratch folder's
# crash-* file, printed at the end, for a new regression input.
set -euo pipefail
fuzzer=$1 corpus=$2 regressions=$3 seconds=$4
shift 4
if compgen -G "$regressions/*" >/dev/null; then
  "$fuzzer" -runs=1 "$regressions"/*
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
cp "$corpus"/* "$work/corpus/"
# -timeout: one input taking longer is a finding (linear time); -rss_limit_mb: so is memory.
if ! (cd "$work" && "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 "$@" corpus); then
  for crash in "$work"/crash-* "$work"/timeout-* "$work"/oom-* "$work"/leak-*; do
    [ -e "$crash" ] && { echo "finding: $crash"; od -c "$crash" | head -20; }
  done
  exit 1
fi
