#!/usr/bin/env bash
# Cross-builds the library and its C++ tests for 64-bit Arm (Debian's cross
# compiler, cmake/aarch64-linux-gnu.cmake) and runs them under qemu's
# user-mode emulation, once per emulated CPU given as QEMU_CPU values.
# Installs what is missing first. docs/portability.md says what is covered;
# nothing here measures speed.
#   bash tests/run-aarch64.sh [QEMU_CPU ...]
# The default CPUs cover every Arm target Highway 1.0.3 compiles: NEON on a
# Cortex-A72; SVE2_128, SVE_256 and SVE2 on qemu's "max" CPU (SVE2) at 128,
# 256 and 512 bits; SVE on the A64FX (512 bits, no SVE2); and SVE2 at 2048
# bits, where 8-bit lanes outnumber the 64 bits of a mask word.
# ARGMIN_AARCH64_TESTS, a ctest -R pattern, runs only the tests it matches.
# The kernel tests thin out their sweeps on vectors wider than 128 bits
# (ARGMIN_KERNEL_TEST_SAMPLED, tests/kernel_test.cc); set it to 0 for the
# full sweeps, which take hours under qemu at 512 bits and beyond.
set -euo pipefail
cd "$(dirname "$0")/.."
bash cmake/install-deps.sh aarch64
jobs=$(nproc)
cmake -S . -B build/aarch64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake \
  -DCMAKE_BUILD_TYPE=Release -DARGMIN_BUILD_BENCHMARKS=OFF \
  -DARGMIN_INSTALL=OFF -DARGMIN_DISABLED_TARGETS=""
cmake --build build/aarch64 -j "$jobs"
# The default CPUs, each with the targets whose per-target tests (kernel,
# forced-target and guard-page tests) are left out under it, so that each
# target runs once: NEON and SCALAR under the Cortex-A72, the fixed-length
# SVE2_128 and SVE_256 at their lengths, SVE at 128 and 512 bits, SVE2 at
# 256, 512 and 2048.
cpus=(cortex-a72 max,sve-max-vq=1 max,sve-max-vq=2 max,sve-max-vq=4 a64fx
      max,sve-default-vector-length=256)
declare -A skip=([max,sve-max-vq=1]="SVE2|NEON|SCALAR"
                 [max,sve-max-vq=2]="SVE|NEON|SCALAR"
                 [max,sve-max-vq=4]="SVE|NEON|SCALAR" [a64fx]="NEON|SCALAR"
                 [max,sve-default-vector-length=256]="SVE|NEON|SCALAR")
# The tests of indices past 2^31 walk billions of elements, most of an SVE
# CPU's time under qemu: they run on the best target of the Cortex-A72
# (NEON) and of "max" at 128, 256 and 2048 bits, not under these CPUs.
huge='OutputTest\.(Int32IndexOverflowIsAnErrorInt64IsNot|Int32LimitIsExactlyInt32Max|IndicesBeyond3[12]BitsAreExact)$'
declare -A skip_huge=([max,sve-max-vq=4]=1 [a64fx]=1)
# A default CPU named on the command line leaves out the same, unless
# ARGMIN_AARCH64_ALL=1; any other CPU runs every test on all its targets.
[[ ${ARGMIN_AARCH64_ALL:-0} == 1 ]] && skip=() skip_huge=()
(($#)) && cpus=("$@")
export ARGMIN_KERNEL_TEST_SAMPLED=${ARGMIN_KERNEL_TEST_SAMPLED:-1}
filter=()
[[ -n ${ARGMIN_AARCH64_TESTS:-} ]] && filter=(-R "$ARGMIN_AARCH64_TESTS")
# Every CPU runs even when an earlier one failed; the script fails if any did.
failed=()
for cpu in "${cpus[@]}"; do
  echo "== QEMU_CPU=$cpu"
  # The per-target tests' names end in /TARGET, then a space.
  parts=()
  [[ -n ${skip[$cpu]:-} ]] && parts+=("\.[A-Za-z]+/(${skip[$cpu]}) ")
  [[ -n ${skip_huge[$cpu]:-} ]] && parts+=("$huge")
  exclude=()
  ((${#parts[@]})) && exclude=(-E "$(IFS='|'; echo "${parts[*]}")")
  # The tests are listed anew under each CPU (tests/CMakeLists.txt); the
  # timeout turns a hang under emulation into a failure.
  rm -f build/aarch64/tests/*_tests.cmake
  (cd build/aarch64 && QEMU_CPU=$cpu OMP_WAIT_POLICY=passive \
    ctest --output-on-failure --timeout 1800 -j "$jobs" "${filter[@]}" \
      "${exclude[@]}") || failed+=("$cpu")
done
if ((${#failed[@]})); then
  echo "failed on: ${failed[*]}"
  exit 1
fi
