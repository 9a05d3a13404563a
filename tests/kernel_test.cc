// Per-target tests of the library's slice and plane kernels (the ones it
// compiled, declared by dispatch/kernel_list-inl.h) against the scalar oracle:
// every op (argmin, argmax, both in one pass), every dtype, every length up to
// 16 vectors plus 3, every misalignment, NaN and ties everywhere, long inputs
// and strides. Each test runs once per Highway target compiled and supported
// on this machine.
#include <stdint.h>
#include <string.h>

#include <algorithm>
#include <cstdlib>
#include <initializer_list>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "tests/kernel_test.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
// Must come after foreach_target.h.
#include "dispatch/kernel_list-inl.h"
#include "hwy/highway.h"
#include "hwy/tests/hwy_gtest.h"
#include "kernels/keys.h"
#include "kernels/oracle.h"
#include "kernels/plane-inl.h"  // the kernels' tuned sizes

HWY_BEFORE_NAMESPACE();
namespace argmin {
namespace HWY_NAMESPACE {
namespace {

using internal::kIgnoreNaN;
using internal::kLastIndex;

bool HasFailure() { return ::testing::Test::HasFailure(); }

// The largest finite (or integer) bit pattern: a background that any planted
// minimum beats.
template <class Traits>
typename Traits::Key Largest() {
  using Key = typename Traits::Key;
  if constexpr (Traits::kIsFloat) {
    return static_cast<Key>(Traits::kInfBits - 1);
  } else {
    return std::numeric_limits<Key>::max();
  }
}

constexpr uint32_t kAllFlags[] = {0, kIgnoreNaN, kLastIndex,
                                  kIgnoreNaN | kLastIndex};

// The number of ops in the library's op list.
constexpr size_t kOps = 0
#define ARGMIN_COUNT_OP(unused, Name, ...) +1
    ARGMIN_FOREACH_OP_WITH(ARGMIN_COUNT_OP, );
#undef ARGMIN_COUNT_OP

using SliceFn = void (*)(const void*, size_t, ptrdiff_t, uint32_t, int64_t*);
using PlaneFn = bool (*)(const void*, size_t, ptrdiff_t, size_t, ptrdiff_t,
                         uint32_t, int64_t* const*);

// A dtype under test: its key traits, its DLPack description, and the
// library's kernels of this target for it, per op (dispatch/kernel_list-inl.h).
template <class TraitsT>
struct Type {
  using Traits = TraitsT;
  using Key = typename Traits::Key;
  DLDataType dl;
  const char* name;
  SliceFn slice[kOps];
  PlaneFn plane[kOps];
  internal::PlanePathFn plane_path;
};

// Returns the bit patterns worth planting for the dtype: extremes, zeros of
// both signs, denormals, infinities and NaNs of both signs for floats.
template <class Traits>
std::vector<typename Traits::Key> SpecialValues() {
  using Key = typename Traits::Key;
  using Bits = std::make_unsigned_t<Key>;
  std::vector<Key> values;
  if constexpr (Traits::kIsFloat) {
    const Bits sign = static_cast<Bits>(Bits{1} << (sizeof(Key) * 8 - 1));
    const Bits inf = static_cast<Bits>(Traits::kInfBits);
    const Bits magnitudes[] = {0, 1, inf - 1, inf, inf + 1,
                               static_cast<Bits>(Traits::kMagnitudeMask),
                               // 1.0 has the exponent bias: half of inf's bits
                               // rounded down to its exponent field.
                               static_cast<Bits>((inf >> 1) & inf)};
    for (Bits m : magnitudes) {
      values.push_back(static_cast<Key>(m));
      values.push_back(static_cast<Key>(m | sign));
    }
  } else if constexpr (Traits::kKind == internal::KeyKind::kBool) {
    values = {0, 1, 2, 255};
  } else {
    const Key lo = std::numeric_limits<Key>::lowest();
    const Key hi = std::numeric_limits<Key>::max();
    values = {lo, static_cast<Key>(lo + 1), 0, 1, static_cast<Key>(hi - 1), hi};
    if (std::is_signed_v<Key>) values.push_back(static_cast<Key>(-1));
  }
  return values;
}

// Returns whether the bits `raw` are a NaN of a float dtype.
template <class Traits>
bool IsNaN(typename Traits::Key raw) {
  if constexpr (Traits::kIsFloat) {
    return static_cast<typename Traits::Key>(raw & Traits::kMagnitudeMask) >
           Traits::kInfBits;
  } else {
    (void)raw;
    return false;
  }
}

// Fills test data: patterns of bit patterns of the dtype.
template <class Traits>
class Filler {
 public:
  using Key = typename Traits::Key;
  explicit Filler(uint64_t seed)
      : rng_(seed), special_(SpecialValues<Traits>()) {}

  // Returns a random non-NaN value: special or uniformly random bits.
  Key Number() {
    for (;;) {
      Key k = (rng_() % 4 == 0) ? special_[rng_() % special_.size()]
                                : static_cast<Key>(rng_());
      if constexpr (Traits::kKind == internal::KeyKind::kBool) {
        k = static_cast<Key>(rng_() % 2);
      }
      if (!IsNaN<Traits>(k)) return k;
    }
  }
  // Returns any value, NaN included, mostly specials.
  Key Any() {
    if (rng_() % 2 == 0) return special_[rng_() % special_.size()];
    return Number();
  }
  Key NaN() {
    for (;;) {
      const Key k = special_[rng_() % special_.size()];
      if (IsNaN<Traits>(k)) return k;
    }
  }
  uint64_t Next() { return rng_(); }

  // Fills `v` with pattern `pattern`.
  void Fill(int pattern, std::vector<Key>& v) {
    const size_t n = v.size();
    switch (pattern) {
      case 0:  // random numbers, no NaN
        for (auto& x : v) x = Number();
        break;
      case 1:  // specials, NaNs included
        for (auto& x : v) x = Any();
        break;
      case 2: {  // two values: ties everywhere
        const Key a = Number(), b = Number();
        for (auto& x : v) x = (rng_() % 2) ? a : b;
        break;
      }
      case 3: {  // all equal
        const Key a = Any();
        std::fill(v.begin(), v.end(), a);
        break;
      }
      case 4:  // strictly decreasing keys where the type allows
        for (size_t i = 0; i < n; ++i) v[i] = DecreasingAt(i, n);
        break;
      default: {  // random numbers with a few NaNs
        for (auto& x : v) x = Number();
        if (Traits::kIsFloat && n > 0) {
          const size_t nans = 1 + rng_() % 3;
          for (size_t i = 0; i < nans; ++i) v[rng_() % n] = NaN();
        }
        break;
      }
    }
  }

 private:
  // Returns a key-decreasing bit pattern for position i of n: for floats,
  // growing negative magnitudes; for integers, a count down.
  Key DecreasingAt(size_t i, size_t n) {
    if constexpr (Traits::kIsFloat) {
      using Bits = std::make_unsigned_t<Key>;
      const Bits sign = static_cast<Bits>(Bits{1} << (sizeof(Key) * 8 - 1));
      const Bits step = static_cast<Bits>(std::max<uint64_t>(
          1, static_cast<uint64_t>(Traits::kInfBits) / (n + 1)));
      return static_cast<Key>(sign | static_cast<Bits>(step * i));
    } else {
      return static_cast<Key>(std::numeric_limits<Key>::max() -
                              static_cast<Key>(i));
    }
  }

  std::mt19937_64 rng_;
  std::vector<Key> special_;
};

argmin_options OptionsOf(uint32_t flags) {
  argmin_options o = argmin_default_options();
  o.nan_policy =
      (flags & kIgnoreNaN) ? ARGMIN_NAN_IGNORE : ARGMIN_NAN_PROPAGATE;
  o.tie_policy = (flags & kLastIndex) ? ARGMIN_TIES_LAST : ARGMIN_TIES_FIRST;
  return o;
}

// Calls f(orders, op, name) for each op of the library's list, `orders` an
// OrderList of the op's orders and `op` its position in the list.
template <class F>
void ForEachOp(const F& f) {
#define ARGMIN_TEST_OP(Name, value, name, finds_min, finds_max) \
  f(internal::ExtremesOf<finds_min, finds_max>{},               \
    static_cast<size_t>(internal::Op::k##Name), #Name);
  ARGMIN_FOREACH_OP(ARGMIN_TEST_OP)
#undef ARGMIN_TEST_OP
}

// Checks the kernels of every op against the oracle on `n` elements at `p`
// with `stride`, for every flag combination.
template <class T>
void CheckAllFlags(const T& type, const void* p, size_t n, ptrdiff_t stride,
                   const std::string& what) {
  for (uint32_t flags : kAllFlags) {
    int64_t expected[2];
    for (int o = 0; o < 2; ++o) {
      expected[o] = oracle::Arg1D(p, type.dl, static_cast<int64_t>(n), stride,
                                  OptionsOf(flags), o == 1);
    }
    ForEachOp([&](auto list, size_t op_index, const char* op) {
      using List = decltype(list);
      int64_t actual[2] = {-7, -7};
      type.slice[op_index](p, n, stride, flags, actual);
      List::ForEach([&](auto order, size_t o) {
        ASSERT_EQ(expected[decltype(order)::kMax ? 1 : 0], actual[o])
            << type.name << " " << what << " op=" << op << " order " << o
            << " n=" << n << " stride=" << stride << " flags=" << flags
            << " target=" << hwy::TargetName(HWY_TARGET);
      });
    });
  }
}

// Copies `v` to `offset` bytes into a fresh buffer and checks it there, so
// the kernel sees every misalignment.
template <class T>
void CheckAt(const T& type, const std::vector<typename T::Key>& v,
             size_t offset, const std::string& what) {
  using Key = typename T::Key;
  std::vector<uint8_t> buffer(v.size() * sizeof(Key) + offset + 1);
  if (!v.empty())
    memcpy(buffer.data() + offset, v.data(), v.size() * sizeof(Key));
  CheckAllFlags(type, buffer.data() + offset, v.size(), 1, what);
}

// Returns 1, or, under ARGMIN_KERNEL_TEST_SAMPLED=1, vector_bytes / 16 (at
// least 1): how much the sweeps that grow with the vector width are thinned
// out. tests/run-aarch64.sh sets it, since qemu would take hours over the
// full sweeps of 512- and 2048-bit SVE; a 128-bit vector is never thinned.
size_t SampleEvery(size_t vector_bytes) {
  const char* sampled = std::getenv("ARGMIN_KERNEL_TEST_SAMPLED");
  if (sampled == nullptr || std::string(sampled) != "1") return 1;
  return std::max<size_t>(1, vector_bytes / 16);
}

// Whether sweep case number `c` runs with pattern number `p` of the
// sweep's `count`: always, or, when thinned (`sample` above 1), with one
// pattern only, taken in turn, so that each case meets one pattern and each
// pattern its share of the cases.
bool RunsPattern(size_t sample, size_t c, size_t p, size_t count) {
  return sample == 1 || c % count == p;
}

// Every length from 1 to 16 vectors plus 3, every byte misalignment within a
// vector, every pattern. Sampled (SampleEvery), the lengths beyond the ones
// that a 128-bit vector sweeps are those around a whole number of vectors,
// at three misalignments, and the misalignments past the first 16 bytes
// are thinned out.
template <class T>
void LengthsAndAlignments(const T& type) {
  using Key = typename T::Key;
  const size_t lanes = hn::Lanes(hn::ScalableTag<Key>());
  const size_t vector_bytes = lanes * sizeof(Key);
  const size_t sample = SampleEvery(vector_bytes);
  Filler<typename T::Traits> filler(42);
  std::vector<Key> v;
  for (size_t n = 1; n <= 16 * lanes + 3; ++n) {
    const bool swept = n <= 16 * (lanes / sample) + 3;
    const size_t rem = n % lanes;
    if (!swept && rem > 1 && rem != 3 && rem + 1 != lanes) continue;
    v.resize(n);
    for (int pattern = 0; pattern < 6; ++pattern) {
      filler.Fill(pattern, v);
      if (!swept) {
        for (size_t offset : {size_t{0}, size_t{1}, vector_bytes - 1}) {
          CheckAt(type, v, offset, "pattern " + std::to_string(pattern));
          if (HasFailure()) return;
        }
        continue;
      }
      // Every misalignment for the patterns most likely to expose a bad
      // tail; a few for the rest, to bound the run time.
      const size_t step = (pattern == 1 || pattern == 5) ? 1 : 7;
      for (size_t offset = 0; offset < vector_bytes;
           offset += offset < 16 ? step : step * sample) {
        CheckAt(type, v, offset, "pattern " + std::to_string(pattern));
        if (HasFailure()) return;
      }
    }
  }
}

// Returns the positions worth planting at in an input of n elements: every
// one near a block or vector edge, near either end, and a seeded sample.
std::vector<size_t> PlantPositions(size_t n, size_t lanes, size_t block) {
  std::vector<size_t> positions;
  std::mt19937_64 rng(n);
  for (size_t p = 0; p < n; ++p) {
    const size_t in_block = p % block;
    if (p < 2 * lanes || p + 2 * lanes >= n || in_block < 2 ||
        in_block + 2 >= block || in_block % lanes == 0 ||
        in_block % lanes + 1 == lanes || rng() % 64 == 0) {
      positions.push_back(p);
    }
  }
  return positions;
}

// The minimum, a tie and a NaN planted at block and vector edges of inputs
// spanning several blocks, including final blocks shorter than a vector;
// sampled (SampleEvery), at one in four times so many of those positions.
template <class T>
void PlantedEverywhere(const T& type) {
  using Key = typename T::Key;
  using Traits = typename T::Traits;
  const size_t lanes = hn::Lanes(hn::ScalableTag<Key>());
  const size_t block = internal::kBlockVectors * lanes;
  Filler<Traits> filler(7);
  // Each position costs a pass over n, which grows with the vector too.
  const size_t every = SampleEvery(lanes * sizeof(Key));
  const size_t sample = every == 1 ? 1 : 4 * every;
  for (size_t n : {3 * block + 5, 2 * block, block + 1, block + lanes - 1,
                   4 * lanes + 3}) {
    std::vector<Key> v(n);
    // Sampled (SampleEvery), one position in `sample`, and the last.
    const std::vector<size_t> all = PlantPositions(n, lanes, block);
    std::vector<size_t> positions;
    for (size_t i = 0; i < all.size(); ++i) {
      if (i % sample == 0 || i + 1 == all.size()) positions.push_back(all[i]);
    }
    for (size_t pos : positions) {
      // A background of one repeated value, the minimum (then the maximum)
      // planted once or twice: ties between blocks and within them.
      const Key large = Largest<Traits>();
      const Key small =
          Traits::kIsFloat ? Key{0} : std::numeric_limits<Key>::lowest();
      for (const auto& [background, planted] :
           {std::pair<Key, Key>{large, small}, {small, large}}) {
        std::fill(v.begin(), v.end(), background);
        v[pos] = planted;
        CheckAt(type, v, 0, "extreme at " + std::to_string(pos));
        v[(pos * 7 + 3) % n] = planted;
        CheckAt(type, v, 0, "tie at " + std::to_string(pos));
        // A tie one block later: the later block ties the running best.
        v[(pos + block) % n] = planted;
        CheckAt(type, v, 0, "tie a block later " + std::to_string(pos));
      }
      if (Traits::kIsFloat) {
        for (auto& x : v) x = filler.Number();
        v[pos] = filler.NaN();
        CheckAt(type, v, 0, "NaN at " + std::to_string(pos));
        v[(pos * 13 + 1) % n] = filler.NaN();
        CheckAt(type, v, 0, "two NaNs at " + std::to_string(pos));
        // Only NaNs but one number: ignore mode must find the number.
        std::fill(v.begin(), v.end(), filler.NaN());
        v[pos] = filler.Number();
        CheckAt(type, v, 0, "one number among NaNs at " + std::to_string(pos));
      }
      if (HasFailure()) return;
    }
  }
}

// Inputs longer than any 8- or 16-bit counter could index, with the minimum
// and its ties near both ends, and seeded random inputs.
template <class T>
void LongInputs(const T& type) {
  using Key = typename T::Key;
  using Traits = typename T::Traits;
  Filler<Traits> filler(123);
  for (size_t n : {size_t{65536 + 17}, size_t{70000}, size_t{200003}}) {
    std::vector<Key> v(n);
    for (int pattern = 0; pattern < 6; ++pattern) {
      filler.Fill(pattern, v);
      CheckAt(type, v, pattern % 3, "long pattern " + std::to_string(pattern));
    }
    const Key lowest =
        Traits::kIsFloat ? static_cast<Key>(Traits::kInfBits | Traits::kLowest)
                         : std::numeric_limits<Key>::lowest();
    const Key highest = Traits::kIsFloat ? static_cast<Key>(Traits::kInfBits)
                                         : std::numeric_limits<Key>::max();
    // The extremes of the dtype (infinities for floats) planted in a
    // background of the other extreme's side.
    for (const auto& [background, planted] :
         {std::pair<Key, Key>{Largest<Traits>(), lowest}, {lowest, highest}}) {
      std::fill(v.begin(), v.end(), background);
      v[n - 1] = planted;
      CheckAt(type, v, 0, "an extreme at the end");
      v[1] = planted;
      v[n / 2] = planted;
      CheckAt(type, v, 0, "an extreme three times");
    }
    if (Traits::kIsFloat) {
      v[n - 2] = filler.NaN();
      CheckAt(type, v, 0, "NaN near the end");
      std::fill(v.begin(), v.end(), filler.NaN());
      CheckAt(type, v, 0, "all NaN");
    }
    if (HasFailure()) return;
  }
}

// Checks every flag combination on strided slices of each length in `ns`,
// each filled with each pattern in `patterns`, for each stride in `strides`
// (negative: the slice starts at its buffer's end), from a filler seeded
// with `seed`.
template <class T>
void CheckStridedSlices(const T& type, uint64_t seed,
                        std::initializer_list<ptrdiff_t> strides,
                        std::initializer_list<size_t> ns,
                        std::initializer_list<int> patterns, const char* what) {
  using Key = typename T::Key;
  Filler<typename T::Traits> filler(seed);
  for (ptrdiff_t stride : strides) {
    for (size_t n : ns) {
      for (int pattern : patterns) {
        const size_t span = (n - 1) * static_cast<size_t>(std::abs(stride)) + 1;
        std::vector<Key> v(span);
        filler.Fill(pattern, v);
        const Key* start = stride < 0 ? v.data() + span - 1 : v.data();
        CheckAllFlags(type, start, n, stride, what);
        if (HasFailure()) return;
      }
    }
  }
}

// The scalar strided path: positive, negative and zero strides.
template <class T>
void Strides(const T& type) {
  CheckStridedSlices(type, 99, {2, 3, -1, -2, 0}, {1, 2, 5, 31, 64, 257},
                     {0, 1, 2, 3, 4, 5}, "strided");
}

// Long strided slices, copied into the buffer a part at a time: parts end
// inside, at and past a buffer's worth, with the minimum, a tie or a NaN in
// the last part.
template <class T>
void LongStrides(const T& type) {
  const size_t part = kCopyBytes / sizeof(typename T::Key);
  CheckStridedSlices(type, 17, {3, -2}, {part - 1, part, 2 * part + 7},
                     {0, 2, 4, 5}, "long strided");
}

// Checks ArgPlane of every op on the M slices of K elements at `p + m *
// m_stride + k * k_stride` (strides in elements) against the oracle, slice
// by slice, for every flag combination.
template <class T>
void CheckPlane(const T& type, const typename T::Key* p, size_t K,
                ptrdiff_t k_stride, size_t M, ptrdiff_t m_stride,
                const std::string& what) {
  std::vector<int64_t> out[2] = {std::vector<int64_t>(M),
                                 std::vector<int64_t>(M)};
  std::vector<int64_t> expected[2] = {std::vector<int64_t>(M),
                                      std::vector<int64_t>(M)};
  for (uint32_t flags : kAllFlags) {
    bool want_ok = true;
    for (int o = 0; o < 2; ++o) {
      for (size_t m = 0; m < M; ++m) {
        expected[o][m] = oracle::Arg1D(p + static_cast<ptrdiff_t>(m) * m_stride,
                                       type.dl, static_cast<int64_t>(K),
                                       k_stride, OptionsOf(flags), o == 1);
        want_ok &= expected[o][m] != internal::kAllNaN;
      }
    }
    ForEachOp([&](auto list, size_t op_index, const char* op) {
      using List = decltype(list);
      int64_t* outs[2] = {out[0].data(), out[1].data()};
      for (auto& v : out) std::fill(v.begin(), v.end(), int64_t{-7});
      const bool ok =
          type.plane[op_index](p, K, k_stride, M, m_stride, flags, outs);
      List::ForEach([&](auto order, size_t o) {
        const std::vector<int64_t>& want =
            expected[decltype(order)::kMax ? 1 : 0];
        for (size_t m = 0; m < M; ++m) {
          ASSERT_EQ(want[m], out[o][m])
              << type.name << " " << what << " op=" << op << " order " << o
              << " slice " << m << " of M=" << M << " K=" << K
              << " k_stride=" << k_stride << " m_stride=" << m_stride
              << " flags=" << flags
              << " target=" << hwy::TargetName(HWY_TARGET);
        }
      });
      // An op fails when one of its orders meets an all-NaN slice; both
      // orders see the same NaNs, so any op fails exactly when argmin does.
      ASSERT_EQ(want_ok, ok) << type.name << " " << what << " op=" << op;
    });
  }
}

// A plane of M slices of K elements with the given strides over fresh data
// of `pattern`, checked by CheckPlane.
template <class T>
void PlaneCase(const T& type, Filler<typename T::Traits>& filler, int pattern,
               size_t K, ptrdiff_t k_stride, size_t M, ptrdiff_t m_stride,
               const std::string& what) {
  using Key = typename T::Key;
  ptrdiff_t low = 0, high = 0;
  for (ptrdiff_t reach : {k_stride * static_cast<ptrdiff_t>(K - 1),
                          m_stride * static_cast<ptrdiff_t>(M - 1)}) {
    (reach > 0 ? high : low) += reach;
  }
  std::vector<Key> v(static_cast<size_t>(high - low + 1));
  filler.Fill(pattern, v);
  CheckPlane(type, v.data() - low, K, k_stride, M, m_stride,
             what + " pattern " + std::to_string(pattern));
}

// The column kernel over slices side by side (m_stride 1): widths around
// whole tiles and panels (a last panel narrower than a vector overlaps the
// one before), row counts around chunks and, for 8-bit keys, the segments
// after which row lanes wrap; reversed, gapped and broadcast rows. Sampled
// (SampleEvery), one pattern per case (RunsPattern).
template <class T>
void Columns(const T& type) {
  using Key = typename T::Key;
  const size_t lanes = hn::Lanes(hn::ScalableTag<Key>());
  const size_t panel = ColumnPanel<typename T::Traits>::kColumns;
  const size_t sample = SampleEvery(lanes * sizeof(Key));
  size_t c = 0;  // the case number, for RunsPattern
  // The patterns of the tall planes: not 1, whose NaNs would settle each
  // column within its first rows.
  constexpr int kTallPatterns[] = {0, 2, 3, 4, 5};
  Filler<typename T::Traits> filler(23);
  const size_t widths[] = {
      lanes,         lanes + 1, 4 * lanes - 1,    4 * lanes,
      5 * lanes + 3, panel + 1, panel + lanes + 2};
  for (size_t M : widths) {
    for (size_t K :
         {size_t{1}, size_t{2}, kMinChunkRows + 1, 2 * kMinChunkRows + 3,
          kMaxChunkRows + 1, 2 * kMaxChunkRows + 3}) {
      ++c;
      for (int pattern = 0; pattern < 6; ++pattern) {
        if (!RunsPattern(sample, c, pattern, 6)) continue;
        const ptrdiff_t row = static_cast<ptrdiff_t>(M + (pattern % 2) * 3);
        PlaneCase(type, filler, pattern, K, row, M, 1, "columns");
        if (HasFailure()) return;
      }
    }
  }
  for (ptrdiff_t k_stride : {ptrdiff_t{-1}, ptrdiff_t{0}}) {
    const size_t M = 3 * lanes + 1;
    ++c;
    for (int pattern = 0; pattern < 6; ++pattern) {
      if (!RunsPattern(sample, c, pattern, 6)) continue;
      PlaneCase(type, filler, pattern, 37, k_stride * static_cast<ptrdiff_t>(M),
                M, 1, "reversed or broadcast rows");
      if (HasFailure()) return;
    }
  }
  // Tall enough for both orders to go by chunk where they do (the row
  // found again in its chunk; for 8-bit keys, across segments).
  {
    const size_t M = lanes + 1;
    const size_t K = kChunksByChunk * ChunkRows(M * sizeof(Key)) + 5;
    ++c;
    for (size_t p = 0; p < 5; ++p) {
      if (!RunsPattern(sample, c, p, 5)) continue;
      const int pattern = kTallPatterns[p];
      PlaneCase(type, filler, pattern, K, static_cast<ptrdiff_t>(M), M, 1,
                "by chunk");
      if (HasFailure()) return;
    }
  }
  // Segments: row lanes of 8-bit keys wrap after 256 rows, of 16-bit keys
  // after 65536.
  std::vector<size_t> tall = {255, 256, 257, 600};
  if (sizeof(Key) == 2) tall = {65536, 65537};
  for (size_t K : tall) {
    ++c;
    for (size_t p = 0; p < 5; ++p) {
      if (!RunsPattern(sample, c, p, 5)) continue;
      const int pattern = kTallPatterns[p];
      PlaneCase(type, filler, pattern, K, static_cast<ptrdiff_t>(lanes + 1),
                lanes + 1, 1, "segments");
      if (HasFailure()) return;
    }
  }
}

// Planes that the column kernel reads through the copy buffer (short
// contiguous slices, permuted, reversed and broadcast slices) or that go
// slice by slice (long contiguous slices, fewer slices than lanes). Sampled
// (SampleEvery), one pattern per case (RunsPattern).
template <class T>
void CopiedPlanes(const T& type) {
  using Key = typename T::Key;
  const size_t lanes = hn::Lanes(hn::ScalableTag<Key>());
  const size_t sample = SampleEvery(lanes * sizeof(Key));
  Filler<typename T::Traits> filler(31);
  for (int pattern = 0; pattern < 6; ++pattern) {
    size_t c = 0;  // the case number, for RunsPattern
    // Rows of a row-major matrix, short (every length that some target
    // transposes, and 12 and 13, which none does) and around the long ones.
    for (size_t K :
         {size_t{2}, size_t{3}, size_t{4}, size_t{5}, size_t{6}, size_t{7},
          size_t{8}, size_t{9}, size_t{10}, size_t{11}, size_t{12}, size_t{13},
          size_t{14}, size_t{16}, LongSlice<Key>(lanes) - 1,
          LongSlice<Key>(lanes), LongSlice<Key>(lanes) + 5}) {
      for (size_t M : {lanes - 1 + (lanes == 1), 3 * lanes + 1, size_t{700}}) {
        if (!RunsPattern(sample, c++, pattern, 6)) continue;
        PlaneCase(type, filler, pattern, K, 1, M, static_cast<ptrdiff_t>(K),
                  "rows");
        if (HasFailure()) return;
      }
    }
    // Rows read one at a time by vectors: lengths around a vector, around
    // the 64-lane words that hold their masks, of several words, around the
    // row kernel's groups of vectors (a last group of less than a vector
    // after whole ones, of several vectors) and the few-vector kernel's
    // longest rows, and just below the long slices; back to back, gapped
    // and in reverse order.
    constexpr size_t kGroup = internal::kGroupVectors;
    constexpr size_t kFew = internal::kFewRowVectors;
    for (size_t K :
         {size_t{4}, size_t{5}, size_t{7}, size_t{8}, lanes + 1, 2 * lanes + 3,
          size_t{63}, size_t{64}, size_t{65}, size_t{100}, size_t{130},
          size_t{200}, kFew * lanes, kFew * lanes + 1, 2 * kGroup * lanes + 1,
          3 * kGroup * lanes - 1, 3 * kGroup * lanes + lanes / 2 + 1,
          LongSlice<Key>(lanes) - 3, LongSlice<Key>(lanes) - 1}) {
      const ptrdiff_t row = static_cast<ptrdiff_t>(K);
      for (ptrdiff_t m_stride : {row, row + 3, -row - 1}) {
        if (!RunsPattern(sample, c++, pattern, 6)) continue;
        PlaneCase(type, filler, pattern, K, 1, 37, m_stride, "rows by vector");
        if (HasFailure()) return;
      }
    }
    // Odd strides both ways, with tall planes that need several copies.
    const ptrdiff_t strides[][2] = {{3, -2}, {-5, 2},    {2, 0},
                                    {0, 3},  {1000, -1}, {-1, 700}};
    for (const auto& s : strides) {
      for (size_t K : {size_t{5}, size_t{300}, size_t{3000}}) {
        if (!RunsPattern(sample, c++, pattern, 6)) continue;
        PlaneCase(type, filler, pattern, K, s[0], 2 * lanes + 3, s[1],
                  "strided");
        if (HasFailure()) return;
      }
    }
  }
}

// Checks the path the plane kernel reports for planes of each shape, which
// dispatch's thread policy asks (SplitsRows): the column kernel exactly for
// slices side by side, at least a vector of them, and narrow columns for
// fewer.
template <class T>
void PlanePaths(const T& type) {
  using internal::PlanePath;
  const size_t N = hn::Lanes(hn::ScalableTag<typename T::Key>());
  const size_t long_slice = LongSlice<typename T::Key>(N);
  const auto path = [&](size_t K, ptrdiff_t k_stride, size_t M,
                        ptrdiff_t m_stride) {
    return type.plane_path(K, k_stride, M, m_stride);
  };
  for (size_t M : {std::max<size_t>(N, 2), 4 * N + 1, size_t{5000}}) {
    const ptrdiff_t m = static_cast<ptrdiff_t>(M);
    EXPECT_EQ(PlanePath::kColumns, path(1000, m, M, 1)) << type.name << M;
    EXPECT_EQ(PlanePath::kColumns, path(3, m + 7, M, 1)) << type.name << M;
    EXPECT_EQ(PlanePath::kCopiedColumns, path(1000, 1000 * m, M, -1))
        << type.name << M;
    EXPECT_EQ(PlanePath::kCopiedColumns, path(3, 1, M, 5)) << type.name << M;
    EXPECT_EQ(PlanePath::kMidRows, path(20, 1, M, 20)) << type.name << M;
    EXPECT_EQ(PlanePath::kSlices, path(long_slice, 1, M, 1 + long_slice))
        << type.name << M;
    EXPECT_EQ(HWY_TARGET == HWY_SCALAR ? PlanePath::kCopiedColumns
                                       : PlanePath::kTransposedRows,
              path(2, 1, M, 2))
        << type.name << M;
  }
  if (N > 1) {
    // Rows N apart, so that the plane is no single slice where N is 2.
    EXPECT_EQ(PlanePath::kNarrowColumns,
              path(1000, static_cast<ptrdiff_t>(N), N - 1, 1))
        << type.name;
    EXPECT_EQ(PlanePath::kSlices, path(2, 1, N - 1, 2)) << type.name;
  }
}

// Calls `test` once per dtype of the library's list.
template <class F>
void ForEachType(F test) {
#define ARGMIN_SLICE_OF(Name, Op, ...) &Slice##Op##Name,
#define ARGMIN_PLANE_OF(Name, Op, ...) &Plane##Op##Name,
#define ARGMIN_TEST_DTYPE(Name, code, bits, type, name) \
  test(Type<internal::Name##Keys>{                      \
      {code, bits, 1},                                  \
      name,                                             \
      {ARGMIN_FOREACH_OP_WITH(ARGMIN_SLICE_OF, Name)},  \
      {ARGMIN_FOREACH_OP_WITH(ARGMIN_PLANE_OF, Name)},  \
      &PlanePathOf##Name});
  ARGMIN_FOREACH_DTYPE(ARGMIN_TEST_DTYPE)
#undef ARGMIN_TEST_DTYPE
#undef ARGMIN_PLANE_OF
#undef ARGMIN_SLICE_OF
}

}  // namespace

// Test<Check>(), which HWY_EXPORT_AND_TEST_P runs once per target: Check on
// every dtype's kernels.
#define ARGMIN_TEST_EVERY_TYPE(Check)                   \
  void Test##Check() {                                  \
    ForEachType([](const auto& type) { Check(type); }); \
  }
ARGMIN_TEST_EVERY_TYPE(LengthsAndAlignments)
ARGMIN_TEST_EVERY_TYPE(PlantedEverywhere)
ARGMIN_TEST_EVERY_TYPE(LongInputs)
ARGMIN_TEST_EVERY_TYPE(Strides)
ARGMIN_TEST_EVERY_TYPE(LongStrides)
ARGMIN_TEST_EVERY_TYPE(Columns)
ARGMIN_TEST_EVERY_TYPE(CopiedPlanes)
ARGMIN_TEST_EVERY_TYPE(PlanePaths)
#undef ARGMIN_TEST_EVERY_TYPE

}  // namespace HWY_NAMESPACE
}  // namespace argmin
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace argmin {
HWY_BEFORE_TEST(ArgminKernelTest);
HWY_EXPORT_AND_TEST_P(ArgminKernelTest, TestLengthsAndAlignments);
HWY_EXPORT_AND_TEST_P(ArgminKernelTest, TestPlantedEverywhere);
HWY_EXPORT_AND_TEST_P(ArgminKernelTest, TestLongInputs);
HWY_EXPORT_AND_TEST_P(ArgminKernelTest, TestStrides);
HWY_EXPORT_AND_TEST_P(ArgminKernelTest, TestLongStrides);
HWY_EXPORT_AND_TEST_P(ArgminKernelTest, TestColumns);
HWY_EXPORT_AND_TEST_P(ArgminKernelTest, TestCopiedPlanes);
HWY_EXPORT_AND_TEST_P(ArgminKernelTest, TestPlanePaths);
}  // namespace argmin
#endif  // HWY_ONCE
