#!/usr/bin/env bash
# Builds and runs the whole test suite:
# - one Release build, by pip (scikit-build-core), of the library, its MPI
#   component, the C++ tests (the MPI ones under mpirun with 1 to 4 ranks),
#   the benchmarks and the Python extension, in build/release, which
#   also gives the wheel build/wheel/argmin-*.whl; then ctest there;
# - the Python tests against that wheel installed in two virtual
#   environments: Debian's Python with its numpy 1.24 and torch
#   (build/venv/system), and numpy 2, onnx, pandas and polars from PyPI
#   (build/venv/numpy2);
# - an AddressSanitizer + UndefinedBehaviorSanitizer build of the C++ tests,
#   the MPI ones included;
# - ThreadSanitizer over the tests of concurrent calls and of calls in
#   forked children, built with clang and libomp (tests/run-tsan.sh);
# - the libFuzzer target over the C ABI, built with clang, for 60 seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh
jobs=$(nproc)
export CMAKE_BUILD_PARALLEL_LEVEL=$jobs

# Makes virtual environment $1 from Debian's Python, seeing Debian's packages
# if $2 is "true", unless one made that way is there; then installs the
# packages $3... into it.
make_venv() {
  local dir=$1 system=$2
  shift 2
  if ! grep -qx "include-system-site-packages = $system" \
      "$dir/pyvenv.cfg" 2>/dev/null; then
    rm -rf "$dir"
    if [[ $system == true ]]; then
      /usr/bin/python3 -m venv --system-site-packages "$dir"
    else
      /usr/bin/python3 -m venv "$dir"
    fi
  fi
  "$dir/bin/pip" install -q --disable-pip-version-check "$@"
}

system_numpy=$(/usr/bin/python3 -c 'import numpy; print(numpy.__version__)')
build_requires=$(/usr/bin/python3 -c 'import tomllib
with open("pyproject.toml", "rb") as f:
    print(" ".join(tomllib.load(f)["build-system"]["requires"]))')
# Debian's numpy pinned, so that nothing pip installs replaces it.
# shellcheck disable=SC2086
make_venv build/venv/system true $build_requires \
  ml_dtypes "numpy==$system_numpy"

# The build directory is build/release whatever pip does, with the same
# generator as bench/run.sh, so that the benchmarks and ctest reuse it.
rm -rf build/wheel
CMAKE_GENERATOR="Unix Makefiles" build/venv/system/bin/pip wheel -q \
  --disable-pip-version-check --no-deps --no-build-isolation -w build/wheel \
  --config-settings=build-dir=build/release \
  --config-settings=cmake.define.ARGMIN_BUILD_TESTS=ON \
  --config-settings=cmake.define.ARGMIN_BUILD_BENCHMARKS=ON \
  --config-settings=cmake.define.ARGMIN_WITH_MPI=ON .
wheel=$(ls build/wheel/argmin-*.whl)
(cd build/release && ctest --output-on-failure -j "$jobs")

# The Python tests import the installed package, never the source tree.
# ARGMIN_REQUIRE turns a missing optional module into a failure.
build/venv/system/bin/pip install -q --disable-pip-version-check \
  --force-reinstall --no-deps "$wheel"
ARGMIN_REQUIRE="torch ml_dtypes matplotlib" build/venv/system/bin/python \
  -m pytest -q -p no:cacheprovider tests/python
# numpy 2 from PyPI (no torch there: Debian's torch 1.13 is built for
# numpy 1), with onnx for its reference implementation of ArgMin, which
# tests/python/test_frontends_peers.py compares argmin.onnx with, and pandas
# and polars, whose groupby idxmin/idxmax and group_by arg_min/arg_max
# tests/python/test_grouped.py compares argmin.pandas and
# argmin.group_reduce with (pinned: their NaN rules change between
# versions).
make_venv build/venv/numpy2 false "numpy>=2,<3" ml_dtypes pytest onnx \
  "pandas==3.1.2" "polars==2.2.0"
build/venv/numpy2/bin/pip install -q --disable-pip-version-check \
  --force-reinstall --no-deps "$wheel"
build/venv/numpy2/bin/python -c \
  'import numpy, sys; sys.exit(int(numpy.__version__.split(".")[0]) < 2)'
ARGMIN_REQUIRE="ml_dtypes onnx.reference pandas polars" \
  build/venv/numpy2/bin/python \
  -m pytest -q -p no:cacheprovider tests/python

# The sanitizer and fuzz builds compile only the baseline target and the
# CPU's widest one (AVX3 where the CPU has AVX-512, else AVX2): instrumented
# kernels take several times as long to compile and to run, a target this
# CPU lacks cannot run here, and the Release build above already runs every
# target's kernels, guard-page tests included, against the oracle. So CI
# instruments two targets on either kind of machine it has run on.
disabled="SSSE3;SSE4"
if grep -qw avx512f /proc/cpuinfo; then
  disabled="$disabled;AVX2"
else
  disabled="$disabled;AVX3"
fi
cmake -S . -B build/sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DARGMIN_SANITIZE=ON -DARGMIN_WITH_MPI=ON -DARGMIN_BUILD_BENCHMARKS=OFF \
  -DARGMIN_DISABLED_TARGETS="$disabled" >/dev/null
cmake --build build/sanitize -j "$jobs"
(cd build/sanitize && ASAN_OPTIONS=detect_leaks=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --output-on-failure -j "$jobs")

# ThreadSanitizer over the concurrency and fork tests, with clang and
# libomp (docs/threads.md): about two minutes.
bash tests/run-tsan.sh

# The fuzzer over the C ABI (docs/fuzzing.md), with clang: 60 seconds from
# the committed seeds; any finding fails.
CC=clang CXX=clang++ cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=Release \
  -DARGMIN_FUZZ=ON -DARGMIN_BUILD_TESTS=OFF -DARGMIN_BUILD_BENCHMARKS=OFF \
  -DARGMIN_INSTALL=OFF -DARGMIN_DISABLED_TARGETS="$disabled" >/dev/null
cmake --build build/fuzz -j "$jobs" --target argmin_fuzz
bash tests/fuzz/run.sh 60
