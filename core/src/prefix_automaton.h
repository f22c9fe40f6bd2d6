// Internal: an Aho-Corasick automaton over the literal prefixes ("atoms") of every alternative
// of the term programs. One pass over the text lists every position where some alternative
// could start; RE2 then confirms candidates with anchored matches, in order. Because every
// match of every alternative starts with one of the atoms, the first confirmed position is
// exactly RE2's leftmost match: a table lookup per byte replaces RE2's DFA step, and four
// chunks of the text are scanned at once so that the lookups' latencies overlap.
#ifndef CHIPLIGHT_PREFIX_AUTOMATON_H_
#define CHIPLIGHT_PREFIX_AUTOMATON_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace chiplight {

class PrefixAutomaton {
 public:
  static constexpr int kPrograms = 2;

  struct Atom {
    std::string bytes;  // matched with ASCII letters in either case
    int program;        // which list its starts go to: 0 to kPrograms - 1
  };

  // Returns nullptr when there are no atoms, one is empty or too long, or the automaton would
  // be too large; callers then search with RE2 alone.
  static std::unique_ptr<PrefixAutomaton> Build(const std::vector<Atom>& atoms);

  // Every position where an atom of program p starts, in increasing order, each once, into
  // starts[p] (cleared first).
  void Collect(std::string_view text, std::vector<size_t> (&starts)[kPrograms]) const;

  size_t states() const { return ends_.size(); }

  // Atoms that begin with an ASCII letter or digit are only reported where the byte before is
  // not one (the word-edge rule), so words' insides never become candidates.

 private:
  PrefixAutomaton() = default;
  void ScanRange(const unsigned char* data, size_t scan_from, size_t scan_to, size_t keep_from,
                 size_t keep_to, std::vector<size_t> (&starts)[kPrograms]) const;
  // The row to begin scanning at `position`: after a letter or digit or not.
  uint32_t StartRow(const unsigned char* data, size_t position) const;
  void Record(size_t row, size_t end, size_t keep_from, size_t keep_to,
              std::vector<size_t> (&starts)[kPrograms]) const;

  uint8_t byte_class_[256] = {};
  uint32_t classes_ = 2;
  // Row-major transitions over (state, after a letter or digit) rows. An entry is
  // (row offset of the next row) << 1 | accepting.
  std::vector<uint32_t> table_;
  // Per state: (length, program bit mask) of the atoms that end there, longest first.
  std::vector<std::vector<std::pair<uint8_t, uint8_t>>> ends_;
  size_t max_length_ = 0;
};

}  // namespace chiplight

#endif  // CHIPLIGHT_PREFIX_AUTOMATON_H_
