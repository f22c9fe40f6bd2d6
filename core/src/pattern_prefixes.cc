#include "pattern_prefixes.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <tuple>
#include <utility>

#include "folding.h"
#include "name_tokens.h"
#include "utf8.h"

namespace chiplight {
namespace {

constexpr size_t kMaxPrefixBytes = 8;
constexpr size_t kMaxItems = 32;
constexpr size_t kMaxClassSize = 64;

// One way a match of a piece can begin: the bytes, and whether they are the whole piece
// (so what follows the piece may be appended) or only its beginning.
struct Item {
  std::string bytes;
  bool complete;
  bool operator<(const Item& o) const {
    return std::tie(bytes, complete) < std::tie(o.bytes, o.complete);
  }
};
// A set of items: appended freely, sorted and deduplicated only when read (a std::set of
// strings made lexicon compilation several times slower).
class Items {
 public:
  Items() = default;
  Items(std::initializer_list<Item> items) : items_(items) { dirty_ = items_.size() > 1; }
  void insert(Item item) {
    items_.push_back(std::move(item));
    dirty_ = true;
  }
  template <typename It>
  void insert(It first, It last) {
    items_.insert(items_.end(), first, last);
    dirty_ = true;
  }
  size_t size() const { return Normalized().size(); }
  // Without deduplicating: cheap, an upper bound.
  size_t raw_size() const { return items_.size(); }
  std::vector<Item>::const_iterator begin() const { return Normalized().begin(); }
  std::vector<Item>::const_iterator end() const { return Normalized().end(); }

 private:
  const std::vector<Item>& Normalized() const {
    if (dirty_) {
      std::sort(items_.begin(), items_.end());
      items_.erase(std::unique(items_.begin(), items_.end(),
                               [](const Item& a, const Item& b) {
                                 return a.complete == b.complete && a.bytes == b.bytes;
                               }),
                   items_.end());
      dirty_ = false;
    }
    return items_;
  }
  mutable std::vector<Item> items_;
  mutable bool dirty_ = false;
};

struct Unsupported {};

Items Empty() { return {{"", true}}; }

// Characters outside ASCII that have no case variants in RE2's folding tables: Latin-1
// punctuation and symbols (but the micro sign folds with mu), general punctuation, currency,
// arrows, maths and shapes (but not the letterlike block or circled letters), CJK and
// everything after it except the few cased blocks there.
bool IsCaseless(unsigned cp) {
  if (cp >= 0x80 && cp <= 0xBF) return cp != 0xB5;
  if (cp == 0xD7 || cp == 0xF7) return true;
  if (cp >= 0x2000 && cp <= 0x20FF) return true;
  if (cp >= 0x2190 && cp <= 0x245F) return true;
  if (cp >= 0x2500 && cp <= 0x2BFF) return true;
  if (cp >= 0x2E80 && cp <= 0xFFFF) {
    return !(cp >= 0xA640 && cp <= 0xA7FF) && !(cp >= 0xAB30 && cp <= 0xABBF) &&
           !(cp >= 0xFF21 && cp <= 0xFF5A);
  }
  return cp >= 0x20000 && cp <= 0x3FFFF;
}

size_t CharLength(unsigned char lead) {
  return lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

// Cuts at a character boundary at or before `limit` bytes, but keeps at least the first
// character whole (a prefix must not be empty).
std::string Truncate(const std::string& s, size_t limit = kMaxPrefixBytes) {
  if (!s.empty()) limit = std::max(limit, CharLength(static_cast<unsigned char>(s[0])));
  size_t end = 0;
  while (end < s.size()) {
    size_t next = end + CharLength(static_cast<unsigned char>(s[end]));
    if (next > limit) break;
    end = next;
  }
  return s.substr(0, end);
}

// Too many ways to begin: shorten them all (a prefix of a prefix is still a prefix) until the
// set is small enough, rather than give up.
Items Limit(Items items) {  // NOLINT(performance-unnecessary-value-param): moved into
  if (items.size() <= kMaxItems) return items;
  // The longest cut that leaves few enough ways to begin; counting distinct cuts per length.
  std::vector<Item> all(items.begin(), items.end());
  for (size_t limit = kMaxPrefixBytes - 1; limit > 0; --limit) {
    std::vector<std::string> cuts;
    cuts.reserve(all.size());
    for (const Item& item : all) cuts.push_back(Truncate(item.bytes, limit));
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    if (cuts.size() > kMaxItems) continue;
    Items shorter;
    for (const Item& item : all) {
      if (item.bytes.size() > limit) {
        shorter.insert({Truncate(item.bytes, limit), false});
      } else {
        shorter.insert(item);
      }
    }
    return shorter;
  }
  throw Unsupported{};
}

Items Concat(const Items& a, const Items& b) {
  if (std::none_of(a.begin(), a.end(), [](const Item& x) { return x.complete; })) return a;
  Items out;
  for (const Item& x : a) {
    if (!x.complete) {
      out.insert(x);
      continue;
    }
    for (const Item& y : b) {
      std::string joined = x.bytes + y.bytes;
      if (joined.size() > kMaxPrefixBytes) {
        out.insert({Truncate(joined), false});
      } else {
        out.insert({std::move(joined), y.complete});
      }
    }
    if (out.raw_size() > 8 * kMaxItems) out = Limit(std::move(out));
  }
  return Limit(std::move(out));
}

Items Union(Items a, const Items& b) {
  a.insert(b.begin(), b.end());
  return Limit(std::move(a));
}

// Zero or more repetitions, approximately: nothing, or a beginning of the piece after which
// we can't say precisely what follows (so those items are marked incomplete).
Items LooseStar(const Items& a) {
  Items out = Empty();
  for (const Item& x : a) {
    if (!x.bytes.empty()) out.insert({x.bytes, false});
  }
  return out;
}

// Zero or more: nothing, or one exact repetition followed by the loose rest. Keeping the first
// repetition exact lets what follows a separator run be seen ("re-seller": "re-selle").
Items Star(const Items& a) { return Union(Empty(), Concat(a, LooseStar(a))); }

std::string Lower(std::string s) {
  for (char& c : s) {
    c = AsciiLower(c);
  }
  return s;
}

class Parser {
 public:
  Parser(const std::string& pattern, bool case_insensitive)
      : p_(pattern), case_insensitive_(case_insensitive) {}

  Items Parse() {
    Items items = Alternation();
    if (i_ != p_.size()) throw Unsupported{};
    return items;
  }

  // Whether something the items can't express was seen: an assertion (`^ $ \A \z \b \B`, which
  // consume nothing but may fail where the items would match) or a part matched case-sensitively
  // inside a case-insensitive one (`(?-i)`). The items are still prefixes of every match, but no
  // longer the pattern's whole language.
  bool inexact() const { return inexact_; }

 private:
  bool AtEnd() const { return i_ >= p_.size(); }
  char Peek() const { return p_[i_]; }

  Items Alternation() {
    Items items = Concatenation();
    while (!AtEnd() && Peek() == '|') {
      ++i_;
      items = Union(items, Concatenation());
    }
    return items;
  }

  Items Concatenation() {
    Items items = Empty();
    while (!AtEnd() && Peek() != '|' && Peek() != ')') {
      if (std::none_of(items.begin(), items.end(), [](const Item& x) { return x.complete; })) {
        SkipToConcatenationEnd();  // every way to begin is already cut: the rest can't matter
        break;
      }
      items = Concat(items, Repetition());
    }
    return items;
  }

  // Moves to the '|' or ')' that ends the current concatenation, or to the end.
  void SkipToConcatenationEnd() {
    int depth = 0;
    while (!AtEnd()) {
      const char c = Peek();
      if (c == '\\') {
        i_ += 2;
      } else if (c == '[') {
        ++i_;
        if (!AtEnd() && Peek() == '^') ++i_;
        if (!AtEnd() && Peek() == ']') ++i_;
        while (!AtEnd() && Peek() != ']') i_ += Peek() == '\\' ? 2 : 1;
        ++i_;
      } else if (c == '(') {
        ++depth;
        ++i_;
      } else if (c == ')' || c == '|') {
        if (depth == 0) return;
        if (c == ')') --depth;
        ++i_;
      } else {
        ++i_;
      }
    }
    i_ = std::min(i_, p_.size());
  }

  Items Repetition() {
    Items atom = Atom();
    while (!AtEnd()) {
      char c = Peek();
      if (c == '?') {
        ++i_;
        atom = Union(Empty(), atom);
      } else if (c == '*') {
        ++i_;
        atom = Star(atom);
      } else if (c == '+') {
        ++i_;
        atom = Concat(atom, Star(atom));
      } else if (c == '{') {
        size_t close = p_.find('}', i_);
        if (close == std::string::npos) throw Unsupported{};
        std::string inside = p_.substr(i_ + 1, close - i_ - 1);
        size_t comma = inside.find(',');
        std::string low = inside.substr(0, comma);
        if (low.empty() || low.find_first_not_of("0123456789") != std::string::npos) {
          throw Unsupported{};
        }
        const int min = std::atoi(low.c_str());
        int max = min;  // -1: unbounded
        if (comma != std::string::npos) {
          std::string high = inside.substr(comma + 1);
          if (high.find_first_not_of("0123456789") != std::string::npos) throw Unsupported{};
          max = high.empty() ? -1 : std::atoi(high.c_str());
        }
        i_ = close + 1;
        Items repeated = Empty();
        for (int k = 0; k < std::min(min, 4); ++k) repeated = Concat(repeated, atom);
        if (min > 4 || max != min) repeated = Concat(repeated, Star(atom));
        atom = repeated;
      } else {
        break;
      }
      if (!AtEnd() && Peek() == '?') ++i_;  // lazy: same strings
    }
    return atom;
  }

  Items Atom() {
    char c = Peek();
    if (c == '(') {
      ++i_;
      if (!AtEnd() && Peek() == '?') {
        ++i_;
        if (!AtEnd() && Peek() == 'P') {  // (?P<name>...)
          size_t close = p_.find('>', i_);
          if (close == std::string::npos) throw Unsupported{};
          i_ = close + 1;
        } else {
          // Flags: (?i:...), (?i), (?s-i:...), ... Case doesn't matter to the automaton (a
          // pattern with `i` anywhere is analysed case-insensitively: ComputePatternPrefixes), but
          // a part turned case-sensitive (`-i`) is a whole match only if its case is right.
          const size_t flags_from = i_;
          while (!AtEnd() && Peek() != ':' && Peek() != ')') ++i_;
          if (AtEnd()) throw Unsupported{};
          const std::string flags = p_.substr(flags_from, i_ - flags_from);
          const size_t minus = flags.find('-');
          if (minus != std::string::npos && flags.find('i', minus) != std::string::npos) {
            inexact_ = true;
          }
          if (Peek() == ')') {
            ++i_;
            return Empty();
          }
          ++i_;
        }
      }
      Items inner = Alternation();
      if (AtEnd() || Peek() != ')') throw Unsupported{};
      ++i_;
      return inner;
    }
    if (c == '[') return Class();
    if (c == '\\') return Escape(false);
    if (c == '^' || c == '$') {  // assertions consume nothing, but may fail
      ++i_;
      inexact_ = true;
      return Empty();
    }
    if (c == '.' || c == '*' || c == '+' || c == '?' || c == '{' || c == ')' || c == '|') {
      throw Unsupported{};
    }
    size_t length = CharLength(static_cast<unsigned char>(c));
    std::string ch = p_.substr(i_, length);
    i_ += length;
    return Literal(ch);
  }

  // One character as the text may have it.
  Items Literal(const std::string& ch) {
    if (raw_literals_) return {{ch, true}};
    // Separators: the automaton gives every single-byte one the class of ' ', so one stands
    // for all; a multi-byte one is represented by its lead byte, its end left open.
    if (IsSeparator(CodePoint(ch))) {
      if (ch.size() == 1) return {{" ", true}};
      return {{ch.substr(0, 1), false}};
    }
    if (!case_insensitive_) return {{Lower(ch), true}};
    if (ch.size() == 1) {
      const char lower = Lower(ch)[0];
      // RE2's (?i) folds these two with non-ASCII letters too.
      if (lower == 'k') return {{"k", true}, {"\xE2\x84\xAA", true}};
      if (lower == 's') return {{"s", true}, {"\xC5\xBF", true}};
      return {{std::string(1, lower), true}};
    }
    // Non-ASCII: only characters RE2 never case-folds are safe under (?i).
    if (!IsCaseless(Parser::CodePoint(ch))) throw Unsupported{};
    return {{ch, true}};
  }

  // After a backslash. In a class, only single characters make sense.
  Items Escape(bool in_class) {
    ++i_;
    if (AtEnd()) throw Unsupported{};
    char c = p_[i_++];
    auto set_of = [this](const std::string& chars) {
      Items items;
      for (char ch : chars) {
        Items one = Literal(std::string(1, ch));
        items.insert(one.begin(), one.end());
      }
      return items;
    };
    if (!std::isalnum(static_cast<unsigned char>(c))) return Literal(std::string(1, c));
    switch (c) {
      case 'd':
        return set_of("0123456789");
      case 's':
        return set_of("\t\n\f\r ");
      case 'n':
        return set_of("\n");
      case 't':
        return set_of("\t");
      case 'r':
        return set_of("\r");
      case 'f':
        return set_of("\f");
      case 'v':
        return set_of("\v");
      case 'b':
      case 'B':
      case 'A':
      case 'z':
        if (in_class) throw Unsupported{};
        inexact_ = true;  // consumes nothing, but may fail
        return Empty();
      case 'x': {
        unsigned cp;
        if (!AtEnd() && Peek() == '{') {
          size_t close = p_.find('}', i_);
          if (close == std::string::npos) throw Unsupported{};
          cp = static_cast<unsigned>(
              std::strtoul(p_.substr(i_ + 1, close - i_ - 1).c_str(), nullptr, 16));
          i_ = close + 1;
        } else {
          if (i_ + 2 > p_.size()) throw Unsupported{};
          cp = static_cast<unsigned>(std::strtoul(p_.substr(i_, 2).c_str(), nullptr, 16));
          i_ += 2;
        }
        return Literal(EncodeUtf8(cp));
      }
      default:
        throw Unsupported{};
    }
  }

  // The next character of a class, as a code point; escapes resolved.
  unsigned ClassChar(std::vector<unsigned>* extra) {
    if (Peek() == '\\') {
      // Raw characters here: Class() turns each into what the text may have, once.
      raw_literals_ = true;
      Items escaped = Escape(true);
      raw_literals_ = false;
      if (escaped.size() != 1) {
        for (const Item& item : escaped) extra->push_back(CodePoint(item.bytes));
        return UINT32_MAX;  // a set such as \d, not a single character
      }
      return CodePoint(escaped.begin()->bytes);
    }
    if (Peek() == '[') throw Unsupported{};  // [[:alpha:]]
    size_t length = CharLength(static_cast<unsigned char>(Peek()));
    unsigned cp = CodePoint(p_.substr(i_, length));
    i_ += length;
    return cp;
  }

  static unsigned CodePoint(const std::string& utf8) {
    size_t length;
    bool valid;
    return DecodeUtf8(utf8, 0, &length, &valid);
  }

  Items Class() {
    ++i_;  // '['
    if (!AtEnd() && Peek() == '^') throw Unsupported{};
    std::vector<unsigned> chars;
    bool first = true;
    while (!AtEnd() && (Peek() != ']' || first)) {
      first = false;
      unsigned low = ClassChar(&chars);
      if (low == UINT32_MAX) continue;
      if (i_ + 1 < p_.size() && Peek() == '-' && p_[i_ + 1] != ']') {
        ++i_;
        unsigned high = ClassChar(&chars);
        if (high == UINT32_MAX || high < low || high - low > kMaxClassSize) throw Unsupported{};
        for (unsigned cp = low; cp <= high; ++cp) chars.push_back(cp);
      } else {
        chars.push_back(low);
      }
      if (chars.size() > kMaxClassSize) throw Unsupported{};
    }
    if (AtEnd()) throw Unsupported{};
    ++i_;  // ']'
    Items items;
    for (unsigned cp : chars) {
      Items one = Literal(EncodeUtf8(cp));
      items.insert(one.begin(), one.end());
    }
    return Limit(std::move(items));
  }

  const std::string& p_;
  const bool case_insensitive_;
  bool raw_literals_ = false;
  bool inexact_ = false;
  size_t i_ = 0;
};

// Whether a flag group anywhere turns case-insensitivity on: `(?i)`, `(?i:`, `(?si:`, `(?mi)`,
// `(?U-s:i)`... (an `i` among the flags before any `-`). Then the whole pattern is analysed
// case-insensitively, a superset: every way a match can begin, in any case RE2 folds.
bool TurnsCaseInsensitive(const std::string& pattern) {
  for (size_t at = pattern.find("(?"); at != std::string::npos; at = pattern.find("(?", at + 1)) {
    for (size_t k = at + 2; k < pattern.size(); ++k) {
      const char c = pattern[k];
      if (c == 'i') return true;
      if (c != 'm' && c != 's' && c != 'U') break;  // '-', ':', ')' or not flags at all
    }
  }
  return false;
}

}  // namespace

std::optional<std::vector<std::string>> PatternPrefixes(const std::string& pattern,
                                                        bool case_insensitive, bool* exact) {
  const auto [table, size] = PrecomputedPatternPrefixes();
  const PrecomputedPrefixes* end = table + size;
  const PrecomputedPrefixes* found =
      std::lower_bound(table, end, std::make_pair(std::string_view(pattern), case_insensitive),
                       [](const PrecomputedPrefixes& row, const auto& key) {
                         return std::make_pair(row.pattern, row.case_insensitive) < key;
                       });
  if (found != end && found->pattern == pattern && found->case_insensitive == case_insensitive) {
    if (exact) *exact = found->exact;
    if (!found->known) return std::nullopt;
    return std::vector<std::string>(found->prefixes, found->prefixes + found->count);
  }
  return ComputePatternPrefixes(pattern, case_insensitive, exact);
}

std::optional<std::vector<std::string>> ComputePatternPrefixes(const std::string& pattern,
                                                               bool case_insensitive, bool* exact) {
  if (exact) *exact = false;
  // An inline flag turning on (?i) anywhere makes the whole pattern count as case-insensitive:
  // a superset.
  case_insensitive = case_insensitive || TurnsCaseInsensitive(pattern);
  Items items;
  bool inexact = false;
  try {
    Parser parser(pattern, case_insensitive);
    items = parser.Parse();
    inexact = parser.inexact();
  } catch (const Unsupported&) {
    return std::nullopt;
  }
  std::vector<std::string> prefixes;
  bool whole_language = !inexact;
  for (const Item& item : items) {
    if (item.bytes.empty()) return std::nullopt;  // a match could begin with anything
    // A canonical ' ' stands for several separators, only some of which may be allowed.
    whole_language = whole_language && item.complete && item.bytes.find(' ') == std::string::npos;
    prefixes.push_back(item.bytes);
  }
  if (exact) *exact = whole_language;
  prefixes.erase(std::unique(prefixes.begin(), prefixes.end()), prefixes.end());
  return prefixes;
}

}  // namespace chiplight
