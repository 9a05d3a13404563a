#!/usr/bin/env bash
# A/B of the working tree against a revision (default HEAD): both built as
# shared libraries (AVX2, AVX3 and the baseline target only), loaded into one
# process by bench/ab/ab.cc and timed in paired rounds; prints time(new) /
# time(old) per case, median of the rounds. Arguments after the revision go
# to ab: rounds (default 31), a filter on the case names, and threads
# (default 1). Force a target for both with ARGMIN_TARGET.
#
#   bash bench/ab.sh            # the working tree against HEAD
#   bash bench/ab.sh HEAD~3 15 rows
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-HEAD}
shift || true
old_src=build/ab-old-src
git worktree remove --force "$old_src" 2>/dev/null || rm -rf "$old_src"
git worktree add --detach -f "$old_src" "$rev" >/dev/null
trap 'git worktree remove --force "$old_src"' EXIT
for side in old new; do
  src=.
  [[ $side == old ]] && src=$old_src
  cmake -S "$src" -B "build/ab-$side" -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_SHARED_LIBS=ON -DARGMIN_BUILD_TESTS=OFF \
    -DARGMIN_BUILD_BENCHMARKS=OFF -DARGMIN_INSTALL=OFF \
    -DARGMIN_DISABLED_TARGETS="SSSE3;SSE4" >/dev/null
  cmake --build "build/ab-$side" -j "$(nproc)" --target argmin_shared \
    >/dev/null
done
g++ -O2 -std=c++17 -Iinclude bench/ab/ab.cc -ldl -o build/ab-tool
build/ab-tool "$(realpath build/ab-old/libargmin.so)" \
  "$(realpath build/ab-new/libargmin.so)" "$@"
