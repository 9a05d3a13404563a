// The body shared by the dtype-group files dispatch/kernels_*.cc, which
// define ARGMIN_GROUP (an ARGMIN_FOREACH_*_DTYPE list) and ARGMIN_GROUP_KERNEL
// (the name of the group's Kernels getter) before including
// hwy/foreach_target.h and then this file.
//
// Per target: exported wrappers per dtype and op (kernels/keys.h's op list)
// around ArgSlice and ArgPlane, and per dtype around ChoosePlanePath. Once: the
// dispatch tables, and the getter that returns the chosen target's wrappers.

// Per-target include guard.
#if defined(ARGMIN_DISPATCH_SLICE_KERNELS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ARGMIN_DISPATCH_SLICE_KERNELS_INL_H_
#undef ARGMIN_DISPATCH_SLICE_KERNELS_INL_H_
#else
#define ARGMIN_DISPATCH_SLICE_KERNELS_INL_H_
#endif

#include "dispatch/kernel_list-inl.h"
#include "dispatch/kernels.h"
#include "hwy/highway.h"
#include "kernels/plane-inl.h"

HWY_BEFORE_NAMESPACE();
namespace argmin {
namespace HWY_NAMESPACE {

// ArgSlice for the orders of `Extremes` under the tie rule of `flags`: where
// the tie rule becomes part of each order's type, once per call. A plain
// branch, not keys.h's WithTies: kernels called from its lambda were inlined
// differently, and ran slower.
template <class Traits, class... Extremes>
void SliceWithTies(internal::OrderList<Extremes...>, const void* in, size_t n,
                   ptrdiff_t stride, uint32_t flags, int64_t* out) {
  if (flags & internal::kLastIndex) {
    ArgSlice<Traits, internal::Order<Extremes, true>...>(in, n, stride, flags,
                                                         out);
  } else {
    ArgSlice<Traits, internal::Order<Extremes, false>...>(in, n, stride, flags,
                                                          out);
  }
}

// ArgPlane as SliceWithTies is ArgSlice.
template <class Traits, class... Extremes>
bool PlaneWithTies(internal::OrderList<Extremes...>, const void* in, size_t k,
                   ptrdiff_t k_stride, size_t m, ptrdiff_t m_stride,
                   uint32_t flags, int64_t* const* out) {
  if (flags & internal::kLastIndex) {
    return ArgPlane<Traits, internal::Order<Extremes, true>...>(
        in, k, k_stride, m, m_stride, flags, out);
  }
  return ArgPlane<Traits, internal::Order<Extremes, false>...>(
      in, k, k_stride, m, m_stride, flags, out);
}

// Slice<Op><Dtype> and Plane<Op><Dtype>, for one dtype and op, as
// dispatch/kernel_list-inl.h declares them.
#define ARGMIN_DEFINE_OP_KERNELS(Name, Op, value, name, finds_min, finds_max)  \
  void Slice##Op##Name(const void* in, size_t n, ptrdiff_t stride,             \
                       uint32_t flags, int64_t* out) {                         \
    SliceWithTies<internal::Name##Keys>(                                       \
        internal::ExtremesOf<finds_min, finds_max>{}, in, n, stride, flags,    \
        out);                                                                  \
  }                                                                            \
  bool Plane##Op##Name(const void* in, size_t k, ptrdiff_t k_stride, size_t m, \
                       ptrdiff_t m_stride, uint32_t flags,                     \
                       int64_t* const* out) {                                  \
    return PlaneWithTies<internal::Name##Keys>(                                \
        internal::ExtremesOf<finds_min, finds_max>{}, in, k, k_stride, m,      \
        m_stride, flags, out);                                                 \
  }
#define ARGMIN_DEFINE_DTYPE_KERNELS(Name, code, bits, type, name)       \
  ARGMIN_FOREACH_OP_WITH(ARGMIN_DEFINE_OP_KERNELS, Name)                \
  internal::PlanePath PlanePathOf##Name(size_t k, ptrdiff_t k_stride,   \
                                        size_t m, ptrdiff_t m_stride) { \
    return ChoosePlanePath<internal::Name##Keys::Key>(k, k_stride, m,   \
                                                      m_stride);        \
  }
ARGMIN_GROUP(ARGMIN_DEFINE_DTYPE_KERNELS)
#undef ARGMIN_DEFINE_DTYPE_KERNELS
#undef ARGMIN_DEFINE_OP_KERNELS

}  // namespace HWY_NAMESPACE
}  // namespace argmin
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard

#if HWY_ONCE
namespace argmin {

#define ARGMIN_EXPORT_OP_KERNELS(Name, Op, ...) \
  HWY_EXPORT(Slice##Op##Name);                  \
  HWY_EXPORT(Plane##Op##Name);
#define ARGMIN_EXPORT_DTYPE_KERNELS(Name, code, bits, type, name) \
  ARGMIN_FOREACH_OP_WITH(ARGMIN_EXPORT_OP_KERNELS, Name)          \
  HWY_EXPORT(PlanePathOf##Name);
ARGMIN_GROUP(ARGMIN_EXPORT_DTYPE_KERNELS)
#undef ARGMIN_EXPORT_DTYPE_KERNELS
#undef ARGMIN_EXPORT_OP_KERNELS

namespace internal {

Kernels ARGMIN_GROUP_KERNEL(DType dtype, Op op, size_t index) {
#if HWY_IDE || ((HWY_TARGETS & (HWY_TARGETS - 1)) == 0)
  // Highway's tables have a single entry when it compiles a single target,
  // which is then the one chosen, whatever its index in a full table.
  index = 0;
#endif
#define ARGMIN_CHOOSE_OP_KERNELS(Name, Op_, ...)           \
  if (op == Op::k##Op_) {                                  \
    return {HWY_DISPATCH_TABLE(Slice##Op_##Name)[index],   \
            HWY_DISPATCH_TABLE(Plane##Op_##Name)[index],   \
            HWY_DISPATCH_TABLE(PlanePathOf##Name)[index]}; \
  }
#define ARGMIN_CHOOSE_DTYPE_KERNELS(Name, code, bits, type, name) \
  if (dtype == DType::k##Name) {                                  \
    ARGMIN_FOREACH_OP_WITH(ARGMIN_CHOOSE_OP_KERNELS, Name)        \
  }
  ARGMIN_GROUP(ARGMIN_CHOOSE_DTYPE_KERNELS)
#undef ARGMIN_CHOOSE_DTYPE_KERNELS
#undef ARGMIN_CHOOSE_OP_KERNELS
  return {nullptr, nullptr, nullptr};
}

}  // namespace internal
}  // namespace argmin
#endif  // HWY_ONCE
