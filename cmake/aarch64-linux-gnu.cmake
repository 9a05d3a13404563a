# Cross-compiles for 64-bit Arm Linux with Debian's cross toolchain
# (g++-aarch64-linux-gnu) against Debian's arm64 packages installed beside
# the host's (multiarch: libhwy-dev:arm64, libgtest-dev:arm64), and runs what
# it builds, ctest's tests included, under qemu's user-mode emulation.
# tests/run-aarch64.sh installs all of it and uses this file.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
# Packages' CMake configs and libraries under /usr/lib/aarch64-linux-gnu.
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# DLPack is one header; Debian's libdlpack-dev cannot be installed for two
# architectures at once, and the host's config names only that header.
set(dlpack_DIR /usr/lib/x86_64-linux-gnu/cmake/dlpack CACHE PATH
    "DLPack's CMake config (header only: the host's serves)")
# The loader and C++ runtime of the cross toolchain, which the binaries were
# linked against. LD_LIBRARY_PATH keeps the loader from mixing that libc with
# the arm64 libc6 that multiarch installs under /lib/aarch64-linux-gnu (a
# slightly different build): mixed, a program hangs when it starts a thread.
# QEMU_CPU chooses the emulated CPU (for example max,sve-max-vq=2 for 256-bit
# SVE).
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L /usr/aarch64-linux-gnu
    -E LD_LIBRARY_PATH=/usr/aarch64-linux-gnu/lib)
