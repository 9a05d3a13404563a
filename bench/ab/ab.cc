// A/B of two builds of the shared library in one process: each is loaded
// with dlopen (RTLD_LOCAL, so that their symbols stay apart), and every case
// is timed old, new, new, old, ... in paired rounds, so that the machine's
// changing load falls on both alike. Prints, per case, the median over the
// rounds of time(new) / time(old) (below 1: new is faster) and checks that
// both builds give the same indices. bench/ab.sh builds the two libraries
// and runs this.
//
//   ab OLD.so NEW.so [rounds] [filter] [threads]
#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "argmin/argmin.h"
#include "argmin/vocabulary.h"

namespace {

// The entry points of one build.
struct Library {
  void* handle = nullptr;
  argmin_options (*default_options)() = nullptr;
  argmin_status (*reduce)(const DLTensor*, int32_t, const argmin_options*,
                          const argmin_outputs*) = nullptr;
  argmin_status (*contiguous_reduce)(const void*, DLDataType, int64_t, int32_t,
                                     const argmin_options*, int64_t*,
                                     int64_t*) = nullptr;
  const char* (*target_name)() = nullptr;
};

template <typename F>
void Find(void* handle, const char* name, F* f) {
  *f = reinterpret_cast<F>(dlsym(handle, name));
  if (*f == nullptr) {
    std::fprintf(stderr, "ab: %s lacks %s\n", name, dlerror());
    std::exit(2);
  }
}

Library Load(const char* path) {
  Library lib;
  lib.handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
  if (lib.handle == nullptr) {
    std::fprintf(stderr, "ab: %s\n", dlerror());
    std::exit(2);
  }
  Find(lib.handle, "argmin_default_options", &lib.default_options);
  Find(lib.handle, "argmin_reduce", &lib.reduce);
  Find(lib.handle, "argmin_contiguous_reduce", &lib.contiguous_reduce);
  Find(lib.handle, "argmin_target_name", &lib.target_name);
  return lib;
}

// One case: a tensor of random values, reduced along `axis` (-1: all).
struct Case {
  std::string name;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;  // empty: compact
  int axis;
  DLDataType dtype;
  int32_t op;
  bool contiguous;  // through argmin_contiguous_reduce (1-D, axis none)
};

const DLDataType kF32{kDLFloat, 32, 1}, kF64{kDLFloat, 64, 1},
    kI8{kDLInt, 8, 1}, kBF16{kDLBfloat, 16, 1};

std::vector<Case> Cases() {
  std::vector<Case> cases;
  const auto add = [&](std::string name, std::vector<int64_t> shape,
                       std::vector<int64_t> strides, int axis,
                       DLDataType dtype) {
    for (int32_t op : {ARGMIN_OP_MIN, ARGMIN_OP_MAX}) {
      cases.push_back({name + (op == ARGMIN_OP_MAX ? " max" : " min"), shape,
                       strides, axis, dtype, op, false});
    }
  };
  // The layouts of bench/layouts.cc, 16 MiB of float32 unless named.
  add("(4096,1024)/axis0", {4096, 1024}, {}, 0, kF32);
  add("(1024,4096)/axis1", {1024, 4096}, {}, 1, kF32);
  add("(64,256,256)/axis1", {64, 256, 256}, {}, 1, kF32);
  add("(2^20,8)/axis1", {1 << 20, 8}, {}, 1, kF32);
  add("(65536,3)/axis1", {65536, 3}, {}, 1, kF32);
  add("(4096,1024).T/none", {1024, 4096}, {1, 1024}, -1, kF32);
  add("(256,1024)/axis0", {256, 1024}, {}, 0, kF32);
  add("(256,1024)/axis1", {256, 1024}, {}, 1, kF32);
  add("(16384,4096)/axis0", {16384, 4096}, {}, 0, kF32);
  // Planes of fewer side-by-side columns than a vector holds (AVX-512's 16
  // float32, 64 int8), which the plane kernel reads column by column.
  add("(2^20,4)/axis0", {1 << 20, 4}, {}, 0, kF32);
  add("(2^18,12)/axis0", {1 << 18, 12}, {}, 0, kF32);
  add("(2^18,48)/axis0/int8", {1 << 18, 48}, {}, 0, kI8);
  add("(4096,1024)/axis0/int8", {4096, 1024}, {}, 0, kI8);
  add("(4096,1024)/axis0/bf16", {4096, 1024}, {}, 0, kBF16);
  add("(2^20,8)/axis1/int8", {1 << 20, 8}, {}, 1, kI8);
  add("(2^20,8)/axis1/bf16", {1 << 20, 8}, {}, 1, kBF16);
  for (int64_t k : {2, 3, 5, 7, 10, 16, 32, 64, 100, 256, 1000, 4096}) {
    add("rows K=" + std::to_string(k), {(int64_t{4} << 20) / k, k}, {}, 1,
        kF32);
  }
  // Small calls, whose fixed cost (validation, planning, dispatch) shows:
  // logits of a batch of 256, and a call of 64 elements.
  add("(256,1000)/axis1", {256, 1000}, {}, 1, kF32);
  add("(4,16)/axis1", {4, 16}, {}, 1, kF32);
  for (int64_t k : {16, 100, 1000}) {
    add("rows K=" + std::to_string(k) + "/float64", {(int64_t{2} << 20) / k, k},
        {}, 1, kF64);
  }
  // Through argmin_contiguous_reduce: float32 at three sizes, and, as the
  // default benchmark's dtype matrix, 64 Ki elements of every other dtype of
  // the library's list.
  const auto add_contiguous = [&](std::string name, int64_t n,
                                  DLDataType dtype) {
    for (int32_t op : {ARGMIN_OP_MIN, ARGMIN_OP_MAX}) {
      cases.push_back({name + (op == ARGMIN_OP_MAX ? " max" : " min"),
                       {n},
                       {},
                       -1,
                       dtype,
                       op,
                       true});
    }
  };
  for (int64_t n : {int64_t{4} << 10, int64_t{64} << 10, int64_t{1} << 20}) {
    add_contiguous("contiguous " + std::to_string(n), n, kF32);
  }
  const auto add_dtype = [&](DLDataType dtype, const char* name) {
    if (dtype.code == kDLFloat && dtype.bits == 32) return;
    add_contiguous(std::string("contiguous 65536/") + name, int64_t{64} << 10,
                   dtype);
  };
#define ARGMIN_AB_DTYPE(Name, code, bits, type, name) \
  add_dtype(DLDataType{code, bits, 1}, name);
  ARGMIN_FOREACH_DTYPE(ARGMIN_AB_DTYPE)
#undef ARGMIN_AB_DTYPE
  return cases;
}

// Returns a case's input: random values, finite for floats.
std::vector<uint8_t> Input(const Case& c) {
  int64_t n = 1;
  for (int64_t e : c.shape) n *= e;
  std::vector<uint8_t> data(static_cast<size_t>(n) * c.dtype.bits / 8);
  std::mt19937_64 rng(7);
  for (size_t i = 0; i + 8 <= data.size(); i += 8) {
    uint64_t v = rng();
    if (c.dtype.code == ARGMIN_DL_BOOL) {
      v &= 0x0101010101010101u;  // bool's bytes are 0 or 1
    } else {
      // Floats finite (the top exponent bit clear: no NaN or infinity), of
      // every sign and size; integers strictly inside their range (the top
      // two bits clear, the lowest set), so that no lane holds the extreme
      // that would end a call early.
      const bool is_float =
          c.dtype.code == kDLFloat || c.dtype.code == kDLBfloat;
      const int bits = c.dtype.bits;
      for (int lane = 0; lane < 64 / bits; ++lane) {
        const int top = lane * bits + bits - 2;
        if (is_float) {
          v &= ~(uint64_t{1} << top);
        } else {
          v &= ~(uint64_t{3} << top);
          v |= uint64_t{1} << (lane * bits);
        }
      }
    }
    std::memcpy(&data[i], &v, 8);
  }
  return data;
}

// A call of a case through `lib`, and its outputs. Both libraries read the
// same input buffer: inputs that fit in a cache ran up to 1.7 times slower
// in one copy than in another (where their pages fall in the cache), which
// a copy per library measured as a change of code.
struct Run {
  uint8_t* data;
  DLTensor in{};
  argmin_options options{};
  int64_t out_count = 1;
  std::vector<int64_t> indices;
  DLTensor out{};
  int64_t out_shape[ARGMIN_MAX_NDIM] = {};
  argmin_outputs outputs{};

  Run(const Case& c, const Library& lib, std::vector<uint8_t>* input,
      int threads)
      : data(input->data()) {
    in.data = data;
    in.device = {kDLCPU, 0};
    in.ndim = static_cast<int32_t>(c.shape.size());
    in.dtype = c.dtype;
    in.shape = const_cast<int64_t*>(c.shape.data());
    in.strides =
        c.strides.empty() ? nullptr : const_cast<int64_t*>(c.strides.data());
    options = lib.default_options();
    options.num_threads = threads;
    options.has_axis = c.axis >= 0;
    options.axis = std::max(c.axis, 0);
    int32_t ndim = 0;
    if (c.axis >= 0) {
      for (size_t d = 0; d < c.shape.size(); ++d) {
        if (static_cast<int>(d) != c.axis) out_shape[ndim++] = c.shape[d];
      }
    }
    for (int32_t d = 0; d < ndim; ++d) out_count *= out_shape[d];
    indices.assign(static_cast<size_t>(out_count), -2);
    out.data = indices.data();
    out.device = {kDLCPU, 0};
    out.ndim = ndim;
    out.dtype = {kDLInt, 64, 1};
    out.shape = out_shape;
    (c.op == ARGMIN_OP_MAX ? outputs.max_indices : outputs.min_indices) = &out;
  }

  // Calls `lib` `reps` times; returns the seconds of one call.
  double Time(const Case& c, const Library& lib, int reps = 1) {
    const auto start = std::chrono::steady_clock::now();
    argmin_status status = ARGMIN_OK;
    for (int i = 0; i < reps && status == ARGMIN_OK; ++i) status = Call(c, lib);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    if (status != ARGMIN_OK) {
      std::fprintf(stderr, "ab: %s failed (%d)\n", c.name.c_str(), status);
      std::exit(1);
    }
    return seconds / reps;
  }

  // Calls `lib` once.
  argmin_status Call(const Case& c, const Library& lib) {
    argmin_status status;
    if (c.contiguous) {
      int64_t* index = indices.data();
      status = lib.contiguous_reduce(data, c.dtype, c.shape[0], c.op, &options,
                                     c.op == ARGMIN_OP_MAX ? nullptr : index,
                                     c.op == ARGMIN_OP_MAX ? index : nullptr);
    } else {
      status = lib.reduce(&in, c.op, &options, &outputs);
    }
    return status;
  }
};

double Median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: ab OLD.so NEW.so [rounds] [filter] [threads]\n");
    return 2;
  }
  const Library old_lib = Load(argv[1]), new_lib = Load(argv[2]);
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 31;
  const char* filter = argc > 4 ? argv[4] : "";
  const int threads = argc > 5 ? std::max(1, std::atoi(argv[5])) : 1;
  std::printf("targets: old %s, new %s; %d paired rounds, %d thread(s)\n",
              old_lib.target_name(), new_lib.target_name(), rounds, threads);
  std::printf("%-34s %10s %10s %9s\n", "case", "old us", "new us", "new/old");
  for (const Case& c : Cases()) {
    if (c.name.find(filter) == std::string::npos) continue;
    std::vector<uint8_t> input = Input(c);
    Run old_run(c, old_lib, &input, threads),
        new_run(c, new_lib, &input, threads);
    // Warm up and check; calls shorter than about 50 us are timed in
    // batches, so that the clock's own cost and granularity do not count.
    const double once = old_run.Time(c, old_lib);
    new_run.Time(c, new_lib);
    const int reps = static_cast<int>(std::clamp(50e-6 / once, 1.0, 1e5));
    if (old_run.indices != new_run.indices) {
      std::printf("%-34s DIFFERENT ANSWERS\n", c.name.c_str());
      return 1;
    }
    std::vector<double> olds, news, ratios;
    for (int r = 0; r < rounds; ++r) {
      // Old first in even rounds, new first in odd ones.
      double o, n;
      if (r % 2 == 0) {
        o = old_run.Time(c, old_lib, reps);
        n = new_run.Time(c, new_lib, reps);
      } else {
        n = new_run.Time(c, new_lib, reps);
        o = old_run.Time(c, old_lib, reps);
      }
      olds.push_back(o);
      news.push_back(n);
      ratios.push_back(n / o);
    }
    std::printf("%-34s %10.3f %10.3f %9.3f\n", c.name.c_str(),
                Median(olds) * 1e6, Median(news) * 1e6, Median(ratios));
    std::fflush(stdout);
  }
  return 0;
}
