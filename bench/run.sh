#!/usr/bin/env bash
# Installs what is missing, builds in Release and runs the default
# micro-benchmark suite (under 3 minutes), which ends with a compact table.
# Arguments go to the benchmark binary (for example --full, or
# --benchmark_filter=float32).
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh
# build/release may come from tests/run.sh, whose pip build adds the Python
# extension; the benchmarks do not need it (nor the venv that built it).
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release \
  -DARGMIN_BUILD_BENCHMARKS=ON -DARGMIN_BUILD_PYTHON=OFF >/dev/null
cmake --build build/release -j "$(nproc)" --target argmin_bench
build/release/bench/argmin_bench "$@"
