// Read-write pages between two PROT_NONE pages, for the tests and the fuzzer
// that place inputs against them: a read past either end of the region
// faults.
#ifndef ARGMIN_TESTS_GUARDED_REGION_H_
#define ARGMIN_TESTS_GUARDED_REGION_H_

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>

namespace argmin {
namespace test {

class GuardedRegion {
 public:
  // Maps at least `bytes` readable bytes (whole pages) between the guards;
  // ok() says whether mapping and protecting succeeded.
  explicit GuardedRegion(size_t bytes) {
    page_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    inner_ = (bytes + page_ - 1) / page_ * page_;
    total_ = inner_ + 2 * page_;
    void* p = mmap(nullptr, total_, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;
    base_ = static_cast<unsigned char*>(p);
    ok_ = mprotect(base_, page_, PROT_NONE) == 0 &&
          mprotect(base_ + page_ + inner_, page_, PROT_NONE) == 0;
  }
  ~GuardedRegion() {
    if (base_ != nullptr) munmap(base_, total_);
  }
  GuardedRegion(const GuardedRegion&) = delete;
  GuardedRegion& operator=(const GuardedRegion&) = delete;

  bool ok() const { return ok_; }
  // The first readable byte, right after the leading guard page.
  unsigned char* begin() const { return base_ + page_; }
  // One past the last readable byte: the trailing guard page.
  unsigned char* end() const { return base_ + page_ + inner_; }

 private:
  size_t page_ = 0, inner_ = 0, total_ = 0;
  unsigned char* base_ = nullptr;
  bool ok_ = false;
};

}  // namespace test
}  // namespace argmin

#endif  // ARGMIN_TESTS_GUARDED_REGION_H_
