#!/usr/bin/env bash
# Builds and runs the whole test suite: a Release build, with the Python
# package's tests over its shared library, then an AddressSanitizer +
# UndefinedBehaviorSanitizer build of the C++ tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh
jobs=$(nproc)

cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release \
  -DARGMIN_BUILD_BENCHMARKS=ON -DBUILD_SHARED_LIBS=ON >/dev/null
cmake --build build/release -j "$jobs"
(cd build/release && ctest --output-on-failure -j "$jobs")
# The Python package (python/) over the shared library just built.
ARGMIN_LIBRARY="$PWD/build/release/libargmin.so" PYTHONPATH=python \
  /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/python

cmake -S . -B build/sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DARGMIN_SANITIZE=ON -DARGMIN_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build/sanitize -j "$jobs"
(cd build/sanitize && ASAN_OPTIONS=detect_leaks=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --output-on-failure -j "$jobs")
