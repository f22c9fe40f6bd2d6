#include "readers/extracted.h"

#include <algorithm>

#include "chiplight/text.h"

namespace chiplight::cli::readers {

ExpansionBudget::ExpansionBudget(std::uint64_t input_bytes, const Limits& limits) {
  const std::uint64_t by_ratio = input_bytes * limits.max_expansion_ratio;
  allowed_ = std::min(std::max(by_ratio, limits.expansion_grace_bytes), limits.max_expanded_bytes);
}

bool ExpansionBudget::Take(std::uint64_t bytes) {
  if (bytes > allowed_ - used_) return false;
  used_ += bytes;
  return true;
}

void EndBlock(std::string& text) {
  if (!text.empty() && text.back() != '\n') (text += chiplight::kBlockSeparator) += '\n';
}

void AddNote(std::string& note, const std::string& more) {
  if (more.empty()) return;
  if (!note.empty()) note += "; ";
  note += more;
}

std::string SizeText(std::uint64_t bytes) {
  if (bytes >= (1ull << 20)) return std::to_string((bytes + (1ull << 19)) >> 20) + " MiB";
  if (bytes >= 1024) return std::to_string((bytes + 512) >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace chiplight::cli::readers
