#!/usr/bin/env bash
# Installs the Debian 12 packages argmin builds, tests and benchmarks with,
# when any is missing (apt-get, as root). Safe to run again: it does nothing
# when everything is there. With the argument "aarch64", the cross build's
# packages instead (tests/run-aarch64.sh): the arm64 architecture added to
# dpkg, the cross compiler, qemu's user-mode emulator, and the arm64 builds
# of Highway and GoogleTest, which install beside the host's.
set -euo pipefail
# python3-dev and python3-venv: the Python extension is built with pip in a
# virtual environment (Debian's pip refuses the system Python, PEP 668).
# libopenmpi-dev and openmpi-bin: the MPI component (ARGMIN_WITH_MPI) and
# its tests under mpirun. clang, its runtimes and libomp: the fuzzer
# (ARGMIN_FUZZ, docs/fuzzing.md). pkg-config: the consumer test that builds
# with the installed argmin.pc.
packages=(build-essential cmake pkg-config libhwy-dev highway-doc libgtest-dev
          libgmock-dev libbenchmark-dev libdlpack-dev
          libopenmpi-dev openmpi-bin clang libclang-rt-14-dev libomp-dev
          python3-dev python3-venv
          python3-numpy python3-pytest python3-matplotlib python3-torch)
if [[ ${1:-} == aarch64 ]]; then
  packages=(g++-aarch64-linux-gnu qemu-user libhwy-dev:arm64
            libgtest-dev:arm64 cmake libdlpack-dev)
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    [[ $(id -u) -ne 0 ]] && sudo_arch=(sudo) || sudo_arch=()
    "${sudo_arch[@]}" dpkg --add-architecture arm64
  fi
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq \
    "${missing[@]}" >/dev/null
fi
