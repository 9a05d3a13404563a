/* argmin's vocabulary: its dtypes and its ops, each listed once, as X-macros
 * that expand a given macro X once per entry. The C++ interface
 * (argmin.hpp), the library, its scalar oracle, its tests, benchmarks and
 * Python module all expand these lists, so that a dtype or an op added here
 * is declared, dispatched, tested and measured everywhere at once.
 *
 * The lists need a C++ compiler only where X uses their C++ column. */
#ifndef ARGMIN_VOCABULARY_H_
#define ARGMIN_VOCABULARY_H_

#include <argmin/argmin.h>

/* The dtypes, by group: X(Name, DLPack type code, bits, C++ type, name). The
 * C++ types float16 and bfloat16 are argmin.hpp's, in namespace argmin. */
#define ARGMIN_FOREACH_FLOAT_DTYPE(X)                        \
  X(Float16, kDLFloat, 16, ::argmin::float16, "float16")     \
  X(BFloat16, kDLBfloat, 16, ::argmin::bfloat16, "bfloat16") \
  X(Float32, kDLFloat, 32, float, "float32")                 \
  X(Float64, kDLFloat, 64, double, "float64")
#define ARGMIN_FOREACH_INT_DTYPE(X)      \
  X(Int8, kDLInt, 8, int8_t, "int8")     \
  X(Int16, kDLInt, 16, int16_t, "int16") \
  X(Int32, kDLInt, 32, int32_t, "int32") \
  X(Int64, kDLInt, 64, int64_t, "int64")
#define ARGMIN_FOREACH_UINT_DTYPE(X)         \
  X(UInt8, kDLUInt, 8, uint8_t, "uint8")     \
  X(UInt16, kDLUInt, 16, uint16_t, "uint16") \
  X(UInt32, kDLUInt, 32, uint32_t, "uint32") \
  X(UInt64, kDLUInt, 64, uint64_t, "uint64") \
  X(Bool, ARGMIN_DL_BOOL, 8, bool, "bool")
#define ARGMIN_FOREACH_DTYPE(X) \
  ARGMIN_FOREACH_FLOAT_DTYPE(X) \
  ARGMIN_FOREACH_INT_DTYPE(X)   \
  ARGMIN_FOREACH_UINT_DTYPE(X)

/* The ops: X(arg, Name, argmin_op value, name, finds min, finds max). An op
 * finds the minimum, the maximum or both in one pass, and its outputs follow:
 * min_indices (and optionally min_values) for the minimum, max_indices (and
 * max_values) for the maximum. `arg` is passed through, for lists nested in
 * another list; ARGMIN_FOREACH_OP(X) gives X(Name, ...) without it. */
#define ARGMIN_FOREACH_OP_WITH(X, arg)       \
  X(arg, Min, ARGMIN_OP_MIN, "argmin", 1, 0) \
  X(arg, Max, ARGMIN_OP_MAX, "argmax", 0, 1) \
  X(arg, MinMax, ARGMIN_OP_MINMAX, "argminmax", 1, 1)
#define ARGMIN_DETAIL_DROP_ARG(X, ...) X(__VA_ARGS__)
#define ARGMIN_FOREACH_OP(X) ARGMIN_FOREACH_OP_WITH(ARGMIN_DETAIL_DROP_ARG, X)

#endif /* ARGMIN_VOCABULARY_H_ */
