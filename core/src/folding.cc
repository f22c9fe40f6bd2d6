#include "folding.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <vector>

namespace chiplight {

FoldedText::FoldedText(std::string_view original) : view_(original) {
  // Full-width forms are U+FF01..U+FF5E, encoded EF BC xx / EF BD xx; the invisible characters
  // start with C2, E2 or EF. Only those lead bytes matter: one memchr pass for each, the places
  // found merged in order (most texts have none of them, and then nothing is copied).
  const char* data = original.data();
  const size_t size = original.size();
  struct Edit {
    size_t at;
    size_t length;  // original bytes
    char folded;    // the ASCII character they fold to, or 0: taken out
  };
  std::vector<Edit> edits;
  for (const char lead : {'\xC2', '\xE2', '\xEF'}) {
    for (const char* cursor = data;
         (cursor = static_cast<const char*>(std::memchr(cursor, lead, size - (cursor - data))));) {
      const size_t i = static_cast<size_t>(cursor - data);
      if (const size_t invisible = InvisibleLength(original.substr(i))) {
        edits.push_back({i, invisible, 0});
        cursor += invisible;
        if (cursor >= data + size) break;
        continue;
      }
      if (lead == '\xEF' && i + 2 < size) {
        const auto b1 = static_cast<unsigned char>(cursor[1]);
        const auto b2 = static_cast<unsigned char>(cursor[2]);
        if ((b1 == 0xBC || b1 == 0xBD) && (b2 & 0xC0) == 0x80) {
          const char32_t c = 0xF000 | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
          if (char folded = FoldFullWidth(c)) {
            edits.push_back({i, 3, folded});
            cursor += 3;
            if (cursor >= data + size) break;
            continue;
          }
        }
      }
      if (++cursor >= data + size) break;
    }
  }
  if (!edits.empty()) {
    std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.at < b.at; });
    storage_.reserve(size);
    size_t copied_until = 0;  // original bytes before this are already in storage_
    size_t shrunk = 0;
    for (const Edit& edit : edits) {
      storage_.append(data + copied_until, edit.at - copied_until);
      shrunk += edit.length - (edit.folded ? 1 : 0);
      changes_.push_back({storage_.size(), shrunk, edit.folded == 0});
      if (edit.folded) storage_ += edit.folded;
      copied_until = edit.at + edit.length;
    }
    storage_.append(data + copied_until, size - copied_until);
    view_ = storage_;
  }
  UnglueCounts();
}

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A count: 1 to 3 digits in text[from, to), not starting with 0.
bool IsCount(std::string_view text, size_t from, size_t to) {
  if (to <= from || to - from > 3 || text[from] == '0') return false;
  for (size_t k = from; k < to; ++k) {
    if (!IsDigit(text[k])) return false;
  }
  return true;
}

bool IsAlnumAt(std::string_view text, size_t i) {
  return i < text.size() && IsAsciiAlnum(static_cast<unsigned char>(text[i]));
}

// Whether the x or X at text[i] joins a count to a name: `8xH100` (a count standing alone on
// its left, anything alphanumeric on the right) or `H100x8` (a digit, or a letter before a
// lower-case x, on the left; a count standing alone on the right).
bool JoinsCount(std::string_view text, size_t i) {
  if (i == 0 || i + 1 >= text.size()) return false;
  size_t from = i;
  while (from > 0 && i - from < 4 && IsDigit(text[from - 1])) --from;
  if (IsCount(text, from, i) && !(from > 0 && IsAlnumAt(text, from - 1)) &&
      IsAlnumAt(text, i + 1)) {
    return true;
  }
  size_t to = i + 1;
  while (to < text.size() && to - i < 5 && IsDigit(text[to])) ++to;
  // After a letter only a lower-case x: `L40Sx4`, but not `RX580` or `DGX2`, names themselves.
  const bool after_name = IsDigit(text[i - 1]) || (text[i] == 'x' && IsAlnumAt(text, i - 1));
  return after_name && IsCount(text, i + 1, to) && !IsAlnumAt(text, to);
}

}  // namespace

void FoldedText::UnglueCounts() {
  std::vector<size_t> at;
  for (const char x : {'x', 'X'}) {
    const char* data = view_.data();
    const char* end = data + view_.size();
    for (const char* p = data; (p = static_cast<const char*>(std::memchr(p, x, end - p))); ++p) {
      if (JoinsCount(view_, static_cast<size_t>(p - data))) at.push_back(p - data);
    }
  }
  if (at.empty()) return;
  if (storage_.empty()) {
    storage_.assign(view_.data(), view_.size());
    view_ = storage_;
  }
  for (size_t i : at) storage_[i] = ' ';
}

size_t FoldedText::Map(size_t folded_offset, bool start) const {
  // Every change before the offset counts; at the offset, invisible characters taken out count
  // for a start (it begins after them) but not for an end, and a folded character there is not
  // yet passed.
  auto it = std::lower_bound(changes_.begin(), changes_.end(), folded_offset,
                             [](const Change& change, size_t at) { return change.at < at; });
  if (start) {
    while (it != changes_.end() && it->at == folded_offset && it->removed) ++it;
  }
  return folded_offset + (it == changes_.begin() ? 0 : std::prev(it)->shrunk);
}

}  // namespace chiplight
