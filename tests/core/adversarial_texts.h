// Adversarial texts for the matcher's linear-time guarantee, generated from each pattern's own
// syntax (tests/core/linearity_test.cc, bench/linearity_bench.cc). For every place where a
// pattern can repeat without end (`*`, `+`, `{m,}`), a path through the pattern that reaches it,
// then a long run of what it repeats, then:
//   - "run-then-letter": a letter glued on, so the match ends inside a word (the right edge is
//     decided by searching back through the run, the case that was quadratic);
//   - "near-miss": nothing of the rest of the pattern (the match never completes);
//   - "repeated": the path and a short run, over and over, each a candidate that may read on.
// Also the same for every name (its tokens with long separator runs between them) and a few
// user patterns that are pathological in themselves.
#ifndef CHIPLIGHT_TESTS_ADVERSARIAL_TEXTS_H_
#define CHIPLIGHT_TESTS_ADVERSARIAL_TEXTS_H_

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "chiplight/lexicon.h"
#include "chiplight/matcher.h"
#include "utf8.h"
#include "work_counter.h"

namespace chiplight::adversarial {

// A tiny sampler for the RE2 syntax the lexicon's patterns use: literals, escapes (\x{..},
// \xHH, \d, \s, escaped punctuation), classes, groups ((?:, (?i:, (?P<..>), alternation, and
// the quantifiers ? * + {m,n}. Anything else ends the sample where it stands.
class Sampler {
 public:
  explicit Sampler(std::string pattern) : p_(std::move(pattern)) { root_ = ParseAlternation(); }

  // How many places repeat without end.
  size_t loops() const { return loops_; }

  // A string the pattern reads up to loop `loop`, then `times` repetitions of what it repeats.
  // `rest`: whether what follows the loop in the pattern is appended (one sample).
  std::string Through(size_t loop, size_t times, bool rest) const {
    std::string out;
    bool reached = false;
    Emit(*root_, loop, times, rest, &out, &reached);
    return out;
  }

 private:
  struct Node {
    enum Kind { kLiteral, kConcat, kAlternate, kRepeat } kind = kLiteral;
    std::string literal;  // kLiteral: one sample character (or empty)
    std::vector<std::unique_ptr<Node>> children;
    int min = 1, max = 1;    // kRepeat; max -1: unbounded
    size_t loop = SIZE_MAX;  // kRepeat unbounded: its number
    bool has_loop(size_t l) const {
      if (loop == l) return true;
      for (const auto& c : children) {
        if (c->has_loop(l)) return true;
      }
      return false;
    }
  };

  // Returns false once the target loop has been emitted and `rest` is false (stop everything).
  bool Emit(const Node& n, size_t target, size_t times, bool rest, std::string* out,
            bool* reached) const {
    switch (n.kind) {
      case Node::kLiteral:
        *out += n.literal;
        return true;
      case Node::kConcat:
        for (const auto& c : n.children) {
          if (!Emit(*c, target, times, rest, out, reached)) return false;
        }
        return true;
      case Node::kAlternate: {
        const Node* pick = n.children.front().get();
        for (const auto& c : n.children) {
          if (c->has_loop(target)) pick = c.get();
        }
        return Emit(*pick, target, times, rest, out, reached);
      }
      case Node::kRepeat: {
        const Node& body = *n.children.front();
        if (n.loop == target) {
          for (size_t k = 0; k < times; ++k) Emit(body, SIZE_MAX, 0, true, out, reached);
          *reached = true;
          return rest;
        }
        // Optional parts only when they lead to the target; otherwise their minimum (at least
        // once for the target's own path).
        int count = n.has_loop(target) ? std::max(1, n.min) : n.min;
        for (int k = 0; k < count; ++k) {
          if (!Emit(body, target, times, rest, out, reached)) return false;
        }
        return true;
      }
    }
    return true;
  }

  bool AtEnd() const { return i_ >= p_.size(); }

  std::unique_ptr<Node> ParseAlternation() {
    auto alternate = std::make_unique<Node>();
    alternate->kind = Node::kAlternate;
    alternate->children.push_back(ParseConcat());
    while (!AtEnd() && p_[i_] == '|') {
      ++i_;
      alternate->children.push_back(ParseConcat());
    }
    return alternate;
  }

  std::unique_ptr<Node> ParseConcat() {
    auto concat = std::make_unique<Node>();
    concat->kind = Node::kConcat;
    while (!AtEnd() && p_[i_] != '|' && p_[i_] != ')') {
      auto atom = ParseAtom();
      if (!atom) {
        i_ = p_.size();
        break;
      }
      concat->children.push_back(ParseQuantifiers(std::move(atom)));
    }
    return concat;
  }

  std::unique_ptr<Node> ParseQuantifiers(std::unique_ptr<Node> atom) {
    while (!AtEnd()) {
      int min = 1, max = 1;
      const char c = p_[i_];
      if (c == '?') {
        min = 0;
      } else if (c == '*') {
        min = 0, max = -1;
      } else if (c == '+') {
        max = -1;
      } else if (c == '{') {
        const size_t close = p_.find('}', i_);
        if (close == std::string::npos) break;
        const std::string inside = p_.substr(i_ + 1, close - i_ - 1);
        const size_t comma = inside.find(',');
        min = std::atoi(inside.substr(0, comma).c_str());
        max = comma == std::string::npos   ? min
              : comma + 1 == inside.size() ? -1
                                           : std::atoi(inside.substr(comma + 1).c_str());
        i_ = close;
      } else {
        break;
      }
      ++i_;
      if (!AtEnd() && p_[i_] == '?') ++i_;  // lazy
      auto repeat = std::make_unique<Node>();
      repeat->kind = Node::kRepeat;
      repeat->min = min;
      repeat->max = max;
      if (max < 0) repeat->loop = loops_++;
      repeat->children.push_back(std::move(atom));
      atom = std::move(repeat);
    }
    return atom;
  }

  static std::unique_ptr<Node> Literal(std::string s) {
    auto node = std::make_unique<Node>();
    node->literal = std::move(s);
    return node;
  }

  // One character an escape stands for (after the backslash), or nullopt-like empty on failure.
  std::string EscapeSample() {
    ++i_;  // backslash
    if (AtEnd()) return "";
    const char c = p_[i_++];
    switch (c) {
      case 'd':
        return "7";
      case 's':
        return " ";
      case 'w':
        return "w";
      case 't':
        return "\t";
      case 'n':
        return "\n";
      case 'r':
        return "\r";
      case 'x': {
        std::string hex;
        if (!AtEnd() && p_[i_] == '{') {
          const size_t close = p_.find('}', i_);
          hex = p_.substr(i_ + 1, close - i_ - 1);
          i_ = close + 1;
        } else {
          hex = p_.substr(i_, 2);
          i_ += 2;
        }
        return EncodeUtf8(static_cast<char32_t>(std::strtoul(hex.c_str(), nullptr, 16)));
      }
      default:
        if (std::isalnum(static_cast<unsigned char>(c))) return "";  // \b, \pN, ...: stop
        return std::string(1, c);
    }
  }

  std::unique_ptr<Node> ParseAtom() {
    const char c = p_[i_];
    if (c == '(') {
      ++i_;
      if (!AtEnd() && p_[i_] == '?') {
        const size_t colon = p_.find_first_of(":)>", i_);
        if (colon == std::string::npos) return nullptr;
        if (p_[colon] == ')') {  // (?i): a flag for what follows
          i_ = colon + 1;
          return Literal("");
        }
        i_ = colon + 1;
      }
      auto inner = ParseAlternation();
      if (AtEnd() || p_[i_] != ')') return nullptr;
      ++i_;
      return inner;
    }
    if (c == '[') {
      // The class's first member (a range's low end), as the sample.
      ++i_;
      if (!AtEnd() && p_[i_] == '^') return nullptr;
      std::string first;
      bool first_set = false;
      while (!AtEnd() && (p_[i_] != ']' || !first_set)) {
        std::string member;
        if (p_[i_] == '\\') {
          member = EscapeSample();
        } else {
          size_t length;
          bool valid;
          DecodeUtf8(p_, i_, &length, &valid);
          member = p_.substr(i_, length);
          i_ += length;
        }
        if (!first_set) first = member;
        first_set = true;
      }
      if (AtEnd()) return nullptr;
      ++i_;  // ']'
      return Literal(first);
    }
    if (c == '\\') {
      std::string sample = EscapeSample();
      if (sample.empty()) return nullptr;
      return Literal(sample);
    }
    if (c == '^' || c == '$' || c == '.') return nullptr;
    size_t length;
    bool valid;
    DecodeUtf8(p_, i_, &length, &valid);
    std::string ch = p_.substr(i_, length);
    i_ += length;
    return Literal(ch);
  }

  std::string p_;
  size_t i_ = 0;
  size_t loops_ = 0;
  std::unique_ptr<Node> root_;
};

// One adversarial text family: a name for people and the text at a given size.
struct Family {
  std::string name;
  std::string (*make)(const std::string& stem, const std::string& unit, const std::string& tail,
                      size_t bytes);
  std::string stem, unit, tail;
  std::string Text(size_t bytes) const { return make(stem, unit, tail, bytes); }
};

// `stem`, then `unit` until the text is `bytes` long, then `tail`.
inline std::string Run(const std::string& stem, const std::string& unit, const std::string& tail,
                       size_t bytes) {
  std::string text = stem;
  while (text.size() + unit.size() + tail.size() <= bytes) text += unit;
  return text + tail;
}

// `stem` + `unit` + `tail`, over and over, until the text is `bytes` long.
inline std::string Repeated(const std::string& stem, const std::string& unit,
                            const std::string& tail, size_t bytes) {
  const std::string piece = stem + unit + tail;
  std::string text;
  while (text.size() + piece.size() <= bytes) text += piece;
  return text;
}

// The families for every pattern loop and every name of `lexicon` (deduplicated by text).
inline std::vector<Family> FamiliesOf(const Lexicon& lexicon) {
  std::vector<Family> families;
  std::set<std::pair<std::string, std::string>> seen;
  auto add = [&](std::string name, auto make, std::string stem, std::string unit,
                 std::string tail) {
    if (unit.empty() ||
        !seen.insert({stem + "\x01" + unit + "\x01" + tail, name.substr(0, 3)}).second) {
      return;
    }
    families.push_back({std::move(name), make, std::move(stem), std::move(unit), std::move(tail)});
  };
  auto add_pattern = [&](const std::string& owner, const std::string& pattern) {
    const Sampler sampler(pattern);
    for (size_t loop = 0; loop < sampler.loops(); ++loop) {
      const std::string stem = sampler.Through(loop, 1, false);
      const std::string twice = sampler.Through(loop, 2, false);
      if (twice.size() <= stem.size()) continue;
      const std::string unit = twice.substr(stem.size());
      const std::string rest = sampler.Through(loop, 1, true).substr(stem.size());
      const std::string where =
          owner + " /" + pattern.substr(0, 40) + "/ loop " + std::to_string(loop);
      add("run-then-letter: " + where, Run, stem, unit, "q");
      add("run-then-digit: " + where, Run, stem, unit, "7");
      add("near-miss: " + where, Run, stem, unit, "");
      add("repeated: " + where, Repeated, stem, unit, rest);
      add("repeated-glued: " + where, Repeated, stem, unit, "");
    }
  };
  for (const Entry& e : lexicon.entries()) {
    for (const std::string& pattern : e.patterns) add_pattern(e.id, pattern);
    for (const std::string& name : e.names) {
      // A name's first word, then a long run of separators before the rest.
      const size_t space = name.find(' ');
      if (space == std::string::npos) {
        add("name-repeated: " + e.id + " " + name, Repeated, name, "_", "");
        continue;
      }
      add("name-separators: " + e.id + " " + name, Run, name.substr(0, space), " ",
          name.substr(space + 1) + "q");
    }
  }
  for (const ContextSet& set : lexicon.contexts()) {
    for (const std::string& pattern : set.patterns) add_pattern("contexts." + set.name, pattern);
  }
  return families;
}

// The bytes every search of one scan of `text` was given.
inline uint64_t ScanWork(const Matcher& matcher, std::string_view text) {
  const WorkCounter counter;
  (void)matcher.Scan(text);
  return counter.bytes();
}

// User patterns that are pathological in themselves, each with its adversarial text.
struct UserCase {
  const char* pattern;
  const char* why;
  std::string stem, unit, tail;
};

inline std::vector<UserCase> PathologicalUserPatterns() {
  return {
      {"a[ a]*b", "every candidate reads to the end of the run, and no b", "", "a ", ""},
      {"-[a0-9-]*0", "long matches that all end inside a word", "", "-0a", ""},
      {"-0 |-0(?: -0)* !", "a short match, then a branch alive to the end", "", "-0 ", ""},
      {"X[_a]*b", "ends after '_' glued to a letter (RE2's \\b can't see them)", "X", "_a", "_ab1"},
      {"a.*c", "RE2 alone (no prefixes): matches rejected at the left edge", "", "ca", "c"},
      {"Gaudi[ ]*2[ ]*HL[ ]*[0-9]+", "a run of digits, then a letter", "Gaudi 2 HL", "7", "x"},
      {"(?:x$|y)z", "an anchor in an alternative", "", "xz yz ", ""},
  };
}

}  // namespace chiplight::adversarial

#endif  // CHIPLIGHT_TESTS_ADVERSARIAL_TEXTS_H_
