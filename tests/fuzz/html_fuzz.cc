// Any bytes as a page or a text file: decoded and, as HTML, reduced to text without a crash;
// the parser never nests deeper than the limit allows (the bound behind linear reading time).
#include "document.h"

using namespace chiplight::cli;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string encoding;
  std::vector<std::string> warnings;
  const std::string text =
      DecodeToUtf8(std::string(reinterpret_cast<const char*>(data), size), &encoding, &warnings);
  HtmlReadWork work;
  (void)HtmlToText(text, &work);
  if (work.max_depth > 2 * kMaxHtmlDepth + 8) __builtin_trap();
  return 0;
}
