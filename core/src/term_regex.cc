#include "term_regex.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <vector>

#include <re2/re2.h>

namespace chiplight {
namespace {

bool IsCjk(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}

// Full-width forms that fold to ASCII; 0 for everything else.
char FoldFullWidth(char32_t c) {
  if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
      (c >= 0xFF41 && c <= 0xFF5A) || c == 0xFF0D || c == 0xFF0E || c == 0xFF3F) {
    return static_cast<char>(c - 0xFF00 + 0x20);
  }
  return 0;
}

}  // namespace

char32_t DecodeUtf8(std::string_view text, size_t i, size_t* length, bool* valid) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  *valid = true;
  if (b0 < 0x80) {
    *length = 1;
    return b0;
  }
  size_t n = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0;
  if (n == 0 || b0 > 0xF4 || i + n > text.size()) {
    *length = 1;
    *valid = false;
    return b0;
  }
  char32_t cp = b0 & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) {
      *length = 1;
      *valid = false;
      return b0;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  *length = n;
  return cp;
}

std::string EncodeUtf8(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

bool IsSeparator(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '-' ||
         c == '_' || c == 0xA0 || c == 0xAD || c == 0x3000 || (c >= 0x2010 && c <= 0x2015) ||
         c == 0x2212 || c == 0x200B;
}

const char kSeparatorClass[] =
    "[\\t\\n\\v\\f\\r \\-_\\x{A0}\\x{AD}\\x{200B}\\x{2010}-\\x{2015}\\x{2212}\\x{3000}]*";

std::vector<std::string> NameTokens(std::string_view name) {
  std::vector<std::string> tokens(1);
  enum { kNone, kAsciiAlnum, kCjk, kOther } previous = kNone;
  for (size_t i = 0; i < name.size();) {
    size_t length;
    bool valid;
    char32_t c = DecodeUtf8(name, i, &length, &valid);
    if (char folded = valid ? FoldFullWidth(c) : 0) c = static_cast<unsigned char>(folded);
    if (valid && IsSeparator(c)) {
      if (!tokens.back().empty()) tokens.emplace_back();
      i += length;
      continue;
    }
    auto kind = (c < 0x80 && IsAsciiAlnum(static_cast<unsigned char>(c))) ? kAsciiAlnum
                : IsCjk(c)                                                ? kCjk
                                                                          : kOther;
    if (((previous == kAsciiAlnum && kind == kCjk) || (previous == kCjk && kind == kAsciiAlnum)) &&
        !tokens.back().empty()) {
      tokens.emplace_back();
    }
    if (c < 0x80 && valid) {
      tokens.back() += static_cast<char>(c);
    } else {
      tokens.back().append(name.data() + i, length);
    }
    previous = kind;
    i += length;
  }
  if (tokens.back().empty()) tokens.pop_back();
  return tokens;
}

std::string NameToRegex(std::string_view name, bool case_sensitive) {
  std::string regex;
  const std::vector<std::string> tokens = NameTokens(name);
  for (size_t t = 0; t < tokens.size(); ++t) {
    if (t > 0) regex += kSeparatorClass;
    const std::string& token = tokens[t];
    for (size_t i = 0; i < token.size();) {
      size_t length;
      bool valid;
      const char32_t c = DecodeUtf8(token, i, &length, &valid);
      if (!case_sensitive && c < 0x80 && std::isalpha(static_cast<int>(c))) {
        const char lower = static_cast<char>(std::tolower(static_cast<int>(c)));
        const char upper = static_cast<char>(std::toupper(static_cast<int>(c)));
        regex += {'[', upper, lower, ']'};
      } else if (c < 0x80) {
        regex += re2::RE2::QuoteMeta(std::string(1, static_cast<char>(c)));
      } else {
        // Escape as a code point so a name with a stray invalid byte can't break the program.
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "\\x{%X}", static_cast<unsigned>(c));
        regex += buffer;
      }
      i += length;
    }
  }
  return regex;
}

size_t NameMatchLength(const std::vector<std::string>& tokens, bool case_sensitive,
                       std::string_view text, size_t s, size_t bound) {
  size_t p = s;
  for (size_t t = 0; t < tokens.size(); ++t) {
    if (t > 0) {
      // A run of separators, maybe empty. A token never begins with one, so skipping them all
      // is the regex's only way on.
      while (p < bound) {
        size_t length;
        bool valid;
        const char32_t c = DecodeUtf8(text, p, &length, &valid);
        if (!valid || !IsSeparator(c) || p + length > bound) break;
        p += length;
      }
    }
    const std::string& token = tokens[t];
    if (token.size() > bound - p) return 0;
    for (size_t i = 0; i < token.size(); ++i) {
      auto want = static_cast<unsigned char>(token[i]);
      auto got = static_cast<unsigned char>(text[p + i]);
      if (!case_sensitive && want < 0x80 && IsAsciiAlnum(want)) {
        want |= 0x20 * (want >= 'A');
        got |= 0x20 * (got >= 'A' && got <= 'Z');
      }
      if (want != got) return 0;
    }
    p += token.size();
  }
  return p - s;
}

std::string NameAlternative(std::string_view name, bool case_sensitive) {
  return "(?:" + NameToRegex(name, case_sensitive) + ")";
}

std::string PatternAlternative(const std::string& pattern, bool case_sensitive) {
  return (case_sensitive ? "(?:" : "(?i:") + pattern + ")";
}

std::vector<AlternativeAtom> NameAtoms(std::string_view name) {
  return NameAtomsOfTokens(NameTokens(name));
}

std::vector<AlternativeAtom> NameAtomsOfTokens(std::vector<std::string> tokens) {
  if (tokens.empty()) return {};  // a name of separators only
  // ASCII lowercased, as atoms are.
  for (std::string& token : tokens) {
    for (char& c : token) c = AsciiLower(c);
  }
  auto cut = [](const std::string& s) {
    size_t end = std::min(s.size(), kMaxNameAtom);
    while (end > 0 && end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    return s.substr(0, end);
  };
  std::vector<AlternativeAtom> atoms;
  // The spellings followed so far: tokens joined by no separator or by one single-byte one.
  std::vector<std::string> spellings = {tokens[0]};
  // A run that goes on past one single-byte separator, or begins with a multi-byte one (its
  // lead byte: U+00A0, U+00AD; U+2010-U+2015, U+200B, U+2212; U+3000).
  static const char* const kLongRuns[] = {"  ", " \xC2", " \xE2", " \xE3", "\xC2", "\xE2", "\xE3"};
  for (size_t t = 1; t < tokens.size() && !spellings.empty(); ++t) {
    // Both ways on double the spellings at every boundary: past eight, each spelling so far is
    // the atom of everything that follows it.
    if (spellings.size() >= 8) {
      for (const std::string& spelling : spellings) atoms.push_back({cut(spelling), false});
      spellings.clear();
      break;
    }
    std::vector<std::string> next;
    for (const std::string& spelling : spellings) {
      if (spelling.size() >= kMaxNameAtom) {
        atoms.push_back({cut(spelling), false});
        continue;
      }
      for (const char* run : kLongRuns) atoms.push_back({cut(spelling + run), false});
      next.push_back(spelling + ' ' + tokens[t]);
      next.push_back(spelling + tokens[t]);
    }
    spellings = std::move(next);
  }
  for (const std::string& spelling : spellings) {
    atoms.push_back({cut(spelling), spelling.size() <= kMaxNameAtom});
  }
  // One atom per text; where it is both a whole spelling and a prefix, finding it is finding
  // the match (a name matches one way only from a given start).
  std::sort(atoms.begin(), atoms.end(), [](const AlternativeAtom& a, const AlternativeAtom& b) {
    return a.bytes != b.bytes ? a.bytes < b.bytes : a.whole > b.whole;
  });
  atoms.erase(std::unique(atoms.begin(), atoms.end(),
                          [](const AlternativeAtom& a, const AlternativeAtom& b) {
                            return a.bytes == b.bytes;
                          }),
              atoms.end());
  if (!atoms.empty() && atoms.front().bytes.empty()) atoms.clear();
  return atoms;
}

std::string NameKey(std::string_view text) {
  std::string key;
  NameKeyInto(text, &key);
  return key;
}

void NameKeyInto(std::string_view text, std::string* out) {
  std::string& key = *out;
  key.clear();
  for (size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {  // the common case, without decoding
      if (!IsSeparator(byte)) key += AsciiLower(static_cast<char>(byte));
      ++i;
      continue;
    }
    size_t length;
    bool valid;
    char32_t c = DecodeUtf8(text, i, &length, &valid);
    if (valid && IsSeparator(c)) {
      i += length;
      continue;
    }
    if (char folded = valid ? FoldFullWidth(c) : 0) c = static_cast<unsigned char>(folded);
    if (valid && c < 0x80) {
      key += AsciiLower(static_cast<char>(c));
    } else {
      key.append(text.data() + i, length);
    }
    i += length;
  }
}

std::string CheckTermPattern(const std::string& pattern) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_longest_match(true);
  re2::RE2 re(pattern, options);
  if (!re.ok()) return re.error();
  if (re2::RE2::FullMatch("", re)) return "matches the empty string: " + pattern;
  return "";
}

FoldedText::FoldedText(std::string_view original) : view_(original) {
  // Full-width forms are U+FF01..U+FF5E, encoded EF BC xx / EF BD xx: only those bytes matter.
  const char* data = original.data();
  const size_t size = original.size();
  size_t copied_until = 0;  // original bytes before this are already in storage_
  const char* cursor = data;
  while (true) {
    cursor = static_cast<const char*>(std::memchr(cursor, 0xEF, size - (cursor - data)));
    if (cursor == nullptr) break;
    size_t i = static_cast<size_t>(cursor - data);
    if (i + 2 < size) {
      const auto b1 = static_cast<unsigned char>(cursor[1]);
      const auto b2 = static_cast<unsigned char>(cursor[2]);
      if ((b1 == 0xBC || b1 == 0xBD) && (b2 & 0xC0) == 0x80) {
        const char32_t c = 0xF000 | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
        if (char folded = FoldFullWidth(c)) {
          if (storage_.empty()) storage_.reserve(size);
          storage_.append(data + copied_until, i - copied_until);
          folded_at_.push_back(storage_.size());
          storage_ += folded;
          copied_until = i + 3;
          cursor += 3;
          continue;
        }
      }
    }
    ++cursor;
    if (cursor >= data + size) break;
  }
  if (!folded_at_.empty()) {
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

size_t FoldedText::ToOriginal(size_t folded_offset) const {
  // Each folded character before the offset stood for 3 original bytes instead of 1.
  size_t shrunk =
      std::lower_bound(folded_at_.begin(), folded_at_.end(), folded_offset) - folded_at_.begin();
  return folded_offset + 2 * shrunk;
}

}  // namespace chiplight
