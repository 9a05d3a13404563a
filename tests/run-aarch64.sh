#!/usr/bin/env bash
# Cross-builds the library and its C++ tests for 64-bit Arm (Debian's cross
# compiler, cmake/aarch64-linux-gnu.cmake) and runs them under qemu's
# user-mode emulation, once per emulated CPU given as QEMU_CPU values
# (default: a NEON-only Cortex-A72, and qemu's "max" CPU, which also has
# SVE and SVE2). Installs what is missing first. docs/portability.md says
# what is covered; nothing here measures speed.
#   bash tests/run-aarch64.sh [QEMU_CPU ...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh aarch64
jobs=$(nproc)
# SVE and SVE2 are not compiled: their vectors are sizeless, and the kernels
# keep vectors in arrays (docs/portability.md).
cmake -S . -B build/aarch64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake \
  -DCMAKE_BUILD_TYPE=Release -DARGMIN_BUILD_BENCHMARKS=OFF \
  -DARGMIN_INSTALL=OFF -DARGMIN_DISABLED_TARGETS="SVE;SVE2;SVE_256;SVE2_128"
cmake --build build/aarch64 -j "$jobs"
cpus=("$@")
((${#cpus[@]})) || cpus=(cortex-a72 max)
# Every CPU runs even when an earlier one failed; the script fails if any did.
failed=()
for cpu in "${cpus[@]}"; do
  echo "== QEMU_CPU=$cpu"
  # A test that starts a thread hangs under Debian 12's qemu 7.2 on some
  # hosts (docs/portability.md): the timeout turns that into a failure.
  (cd build/aarch64 && QEMU_CPU=$cpu OMP_WAIT_POLICY=passive \
    ctest --output-on-failure --timeout 300 -j "$jobs") || failed+=("$cpu")
done
if ((${#failed[@]})); then
  echo "failed on: ${failed[*]}"
  exit 1
fi
