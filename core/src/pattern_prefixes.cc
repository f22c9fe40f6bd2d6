#include "pattern_prefixes.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <tuple>
#include <utility>

namespace chiplight {
namespace {

constexpr size_t kMaxPrefixBytes = 8;
constexpr size_t kMaxItems = 256;
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
using Items = std::set<Item>;

struct Unsupported {};

Items Empty() { return {{"", true}}; }

size_t CharLength(unsigned char lead) {
  return lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

// Cuts at a character boundary at or before kMaxPrefixBytes.
std::string Truncate(const std::string& s) {
  size_t end = 0;
  while (end < s.size()) {
    size_t next = end + CharLength(static_cast<unsigned char>(s[end]));
    if (next > kMaxPrefixBytes) break;
    end = next;
  }
  return s.substr(0, end);
}

Items Limit(Items items) {
  if (items.size() > kMaxItems) throw Unsupported{};
  return items;
}

Items Concat(const Items& a, const Items& b) {
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
        out.insert({joined, y.complete});
      }
    }
    if (out.size() > kMaxItems) throw Unsupported{};
  }
  return out;
}

Items Union(Items a, const Items& b) {
  a.insert(b.begin(), b.end());
  return Limit(std::move(a));
}

// Zero or more: a match starts with nothing, or with a beginning of the piece (after which we
// can't say precisely what follows, so those items are marked incomplete).
Items Star(const Items& a) {
  Items out = Empty();
  for (const Item& x : a) {
    if (!x.bytes.empty()) out.insert({x.bytes, false});
  }
  return out;
}

std::string Utf8(unsigned cp) {
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (cp >> 18));
    s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return s;
}

class Parser {
 public:
  explicit Parser(const std::string& pattern) : p_(pattern) {}

  Items Parse() {
    Items items = Alternation();
    if (i_ != p_.size()) throw Unsupported{};
    return items;
  }

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
    while (!AtEnd() && Peek() != '|' && Peek() != ')') items = Concat(items, Repetition());
    return items;
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
          // Flags: (?i:...) or (?i). Case doesn't matter to the automaton.
          while (!AtEnd() && Peek() != ':' && Peek() != ')') ++i_;
          if (AtEnd()) throw Unsupported{};
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
    if (c == '^' || c == '$') {  // assertions consume nothing
      ++i_;
      return Empty();
    }
    if (c == '.' || c == '*' || c == '+' || c == '?' || c == '{' || c == ')' || c == '|') {
      throw Unsupported{};
    }
    size_t length = CharLength(static_cast<unsigned char>(c));
    std::string ch = p_.substr(i_, length);
    i_ += length;
    return {{Lower(ch), true}};
  }

  // After a backslash. In a class, only single characters make sense.
  Items Escape(bool in_class) {
    ++i_;
    if (AtEnd()) throw Unsupported{};
    char c = p_[i_++];
    auto set_of = [](const std::string& chars) {
      Items items;
      for (char ch : chars) items.insert({Lower(std::string(1, ch)), true});
      return items;
    };
    if (!std::isalnum(static_cast<unsigned char>(c))) return {{std::string(1, c), true}};
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
        return {{Lower(Utf8(cp)), true}};
      }
      default:
        throw Unsupported{};
    }
  }

  Items Class() {
    ++i_;  // '['
    if (!AtEnd() && Peek() == '^') throw Unsupported{};
    std::vector<std::string> chars;
    bool first = true;
    while (!AtEnd() && (Peek() != ']' || first)) {
      first = false;
      std::string low;
      if (Peek() == '\\') {
        Items escaped = Escape(true);
        if (escaped.size() != 1) {
          for (const Item& item : escaped) chars.push_back(item.bytes);
          continue;
        }
        low = escaped.begin()->bytes;
      } else if (Peek() == '[') {
        throw Unsupported{};  // [[:alpha:]]
      } else {
        size_t length = CharLength(static_cast<unsigned char>(Peek()));
        low = p_.substr(i_, length);
        i_ += length;
      }
      if (i_ + 1 < p_.size() && Peek() == '-' && p_[i_ + 1] != ']') {
        ++i_;
        std::string high;
        if (Peek() == '\\') {
          Items escaped = Escape(true);
          if (escaped.size() != 1) throw Unsupported{};
          high = escaped.begin()->bytes;
        } else {
          size_t length = CharLength(static_cast<unsigned char>(Peek()));
          high = p_.substr(i_, length);
          i_ += length;
        }
        if (low.size() != 1 || high.size() != 1 || low[0] > high[0]) throw Unsupported{};
        if (static_cast<size_t>(high[0] - low[0]) > kMaxClassSize) throw Unsupported{};
        for (char ch = low[0];; ++ch) {
          chars.push_back(std::string(1, ch));
          if (ch == high[0]) break;
        }
      } else {
        chars.push_back(low);
      }
      if (chars.size() > kMaxClassSize) throw Unsupported{};
    }
    if (AtEnd()) throw Unsupported{};
    ++i_;  // ']'
    Items items;
    for (const std::string& ch : chars) items.insert({Lower(ch), true});
    return items;
  }

  const std::string& p_;
  size_t i_ = 0;
};

}  // namespace

std::optional<std::vector<std::string>> PatternPrefixes(const std::string& pattern) {
  Items items;
  try {
    items = Parser(pattern).Parse();
  } catch (const Unsupported&) {
    return std::nullopt;
  }
  std::vector<std::string> prefixes;
  for (const Item& item : items) {
    if (item.bytes.empty()) return std::nullopt;  // a match could begin with anything
    prefixes.push_back(item.bytes);
  }
  prefixes.erase(std::unique(prefixes.begin(), prefixes.end()), prefixes.end());
  return prefixes;
}

}  // namespace chiplight
