#include "name_tokens.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <vector>

#include <re2/re2.h>

#include "folding.h"
#include "utf8.h"

namespace chiplight {
namespace {

bool IsCjk(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}

}  // namespace

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

}  // namespace chiplight
