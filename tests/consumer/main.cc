// Calls the library through both public headers, the 1-D overloads and the
// 2-D API over argmin::Tensor; exits non-zero on a wrong answer, so the
// consumer tests check compiling (C++17 from the package's target), linking
// and behaviour alike.
#include <argmin/argmin.h>

#include <argmin/argmin.hpp>
#include <cstdio>
#include <vector>

int main() {
  const std::vector<float> values = {3.0f, 1.0f, 2.0f, 1.0f};
  const int64_t first = argmin::argmin(values.data(), values.size());
  const int64_t last =
      argmin::argmin(values.data(), values.size(),
                     argmin::NanPolicy::kPropagate, argmin::Ties::kLast);
  // The same values as 2 rows of 2, argmax along the last axis.
  argmin::Tensor x(values.data(), {2, 2});
  argmin::Options options;
  options.axis = -1;
  const std::vector<int64_t> rows = argmin::argmax(x, options);
  if (first != 1 || last != 3 || rows != std::vector<int64_t>{0, 0}) {
    std::printf("wrong answer: first %lld, last %lld\n",
                static_cast<long long>(first), static_cast<long long>(last));
    return 1;
  }
  std::printf("argmin %lld on target %s, C++ %ld\n",
              static_cast<long long>(first), argmin_target_name(),
              static_cast<long>(__cplusplus));
  return 0;
}
