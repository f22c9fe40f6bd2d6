// Shared by the fuzz targets: a crash is a finding; so is a difference between two ways of
// computing what must be the same result, reported by abort() with both sides printed.
#ifndef CHIPLIGHT_FUZZ_SUPPORT_H_
#define CHIPLIGHT_FUZZ_SUPPORT_H_

#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "chiplight/matcher.h"

namespace chiplight::fuzz {

inline void PrintMatches(const char* what, const std::vector<Match>& matches) {
  std::fprintf(stderr, "%s:", what);
  for (const Match& m : matches) std::fprintf(stderr, " [%zu,%zu)#%u", m.start, m.end, m.entry);
  std::fprintf(stderr, "\n");
}

inline void ExpectSame(const char* what, const std::vector<Match>& expected,
                       const std::vector<Match>& actual) {
  if (expected == actual) return;
  std::fprintf(stderr, "fuzz: %s differs from RE2 alone\n", what);
  PrintMatches("RE2 alone", expected);
  PrintMatches(what, actual);
  std::abort();
}

// Reads the fuzzer's bytes as a few small choices followed by a rest.
class Choices {
 public:
  Choices(const uint8_t* data, size_t size) : bytes_(reinterpret_cast<const char*>(data), size) {}
  uint8_t Byte() {
    if (bytes_.empty()) return 0;
    const auto b = static_cast<uint8_t>(bytes_[0]);
    bytes_.remove_prefix(1);
    return b;
  }
  // Up to the next NUL byte (or the end).
  std::string_view Field() {
    const size_t nul = bytes_.find('\0');
    std::string_view field = bytes_.substr(0, nul);
    bytes_.remove_prefix(nul == std::string_view::npos ? bytes_.size() : nul + 1);
    return field;
  }
  std::string_view Rest() const { return bytes_; }

 private:
  std::string_view bytes_;
};

// The categories a byte selects (its low four bits); none means all.
inline std::vector<Category> CategoriesOf(uint8_t bits) {
  std::vector<Category> categories;
  for (int c = 0; c < 4; ++c) {
    if (bits & (1 << c)) categories.push_back(kAllCategories[c]);
  }
  return categories;
}

}  // namespace chiplight::fuzz

#endif  // CHIPLIGHT_FUZZ_SUPPORT_H_
