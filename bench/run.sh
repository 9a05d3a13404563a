#!/usr/bin/env bash
# Installs what is missing, builds in Release and runs the default
# micro-benchmark suite, which ends with compact tables.
# Arguments go to the benchmark binary (for example --full, or
# --benchmark_filter=float32). The terminal gets the binary's header and
# tables; every benchmark's raw result goes to a JSON file, named at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh
bench=build/release/bench/argmin_bench
json=build/release/bench/argmin_bench.json
echo "Building and running $bench (the default suite takes a few minutes)"
# build/release may come from tests/run.sh, whose pip build adds the Python
# extension; the benchmarks do not need it (nor the venv that built it).
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release \
  -DARGMIN_BUILD_BENCHMARKS=ON -DARGMIN_BUILD_PYTHON=OFF >/dev/null
# make's progress lines are noise here; compiler errors go to stderr.
cmake --build build/release -j "$(nproc)" --target argmin_bench >/dev/null

# Where the user picks Google Benchmark's display, or asks for its list of
# benchmarks or its help (both on stdout), the output is theirs to direct.
for arg in "$@"; do
  case $arg in
    --benchmark_format* | --benchmark_list_tests* | --help | -h)
      exec "$bench" "$@" ;;
  esac
done
# Under the json format the binary prints its header and tables to stderr
# and the raw results to stdout: the tables come to our stdout, as under the
# console format (so saved logs still suit bench/layout_table.py), along
# with anything else on its stderr, such as why it failed.
status=0
{ "$bench" --benchmark_format=json "$@" >"$json"; } 2>&1 || status=$?
if ((status != 0)); then
  # The runs that finished before it failed can help find why.
  left=""
  [[ -s $json ]] && left="; raw results so far: $json"
  echo "$bench failed (exit status $status)$left" >&2
  exit "$status"
fi
# An empty file: no benchmark matched the filter, which the binary has said.
[[ -s $json ]] || exit 0
echo
# The json format records what the console format warns about ("Library was
# built as DEBUG"), which readers of the file would otherwise blame on us.
if grep -q '"library_build_type": "debug"' "$json"; then
  echo "Google Benchmark's \"library_build_type\": \"debug\" (its 'Library" \
    "was built as DEBUG' warning) concerns Debian's libbenchmark itself;" \
    "argmin and the benchmarks are built Release."
fi
echo "Raw results (Google Benchmark JSON): $json"
