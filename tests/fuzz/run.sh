#!/usr/bin/env bash
# Runs the fuzzer built in build/fuzz for $1 seconds (default 60) from the
# committed seeds, keeping what it finds new in build/fuzz/corpus, and fails
# on any finding (a crash, a sanitizer report, a wrong answer, a written
# output on error), whose input libFuzzer saves as build/fuzz/crash-*.
# Longer runs: bash tests/fuzz/run.sh 3600 (docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
mkdir -p build/fuzz/corpus
# Threads that wait for work sleep rather than spin (calls ask for up to 3).
OMP_WAIT_POLICY=passive UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  build/fuzz/tests/fuzz/argmin_fuzz -max_total_time="$seconds" -timeout=20 \
  -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=build/fuzz/ \
  build/fuzz/corpus tests/fuzz/corpus
