// Calls the library through both public headers; exits non-zero on a wrong
// answer, so the consumer tests check linking and behaviour alike.
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
  if (first != 1 || last != 3) {
    std::printf("wrong answer: first %lld, last %lld\n",
                static_cast<long long>(first), static_cast<long long>(last));
    return 1;
  }
  std::printf("argmin %lld on target %s\n", static_cast<long long>(first),
              argmin_target_name());
  return 0;
}
