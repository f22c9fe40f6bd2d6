// Internal: an Aho-Corasick automaton over the literal prefixes ("atoms") of every alternative
// of the term programs. One pass over a range of text (the matcher asks for a block at a time)
// lists every position there where some alternative could start, and which; the matcher then
// settles candidates in order (a whole-match atom by its length, a name by comparing it, a pattern
// by its own RE2 program, anchored). Because every match of every alternative starts with one of
// the atoms, the first settled position is exactly a combined RE2 program's leftmost match: a table
// lookup per byte replaces RE2's DFA step, and four chunks of the text are scanned at once so that
// the lookups' latencies overlap. Atoms that begin with an ASCII letter or digit are only reported
// where the byte before is not one (the word-edge rule), so words' insides never become candidates.
#ifndef CHIPLIGHT_PREFIX_AUTOMATON_H_
#define CHIPLIGHT_PREFIX_AUTOMATON_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chiplight {

class ByteReader;

class PrefixAutomaton {
 public:
  struct Atom {
    std::string bytes;         // matched with ASCII letters in either case
    uint32_t alternative = 0;  // the caller's number for the alternative it starts
    bool exact = false;        // the atom is a whole match of its alternative
  };

  // An atom found in the text.
  struct Candidate {
    size_t start;
    uint32_t alternative;
    uint8_t length;
    bool exact;
  };

  // Returns nullptr when there are no atoms, one is empty or too long, or the automaton would
  // be too large; callers then search with RE2 alone.
  static std::unique_ptr<PrefixAutomaton> Build(const std::vector<Atom>& atoms);

  // Every atom found in the text, ordered by start, into *found (cleared first). Several atoms
  // may start at one place.
  // (CollectRanges over the whole text: for tests and tools; the matcher asks for ranges.)
  void Collect(std::string_view text, std::vector<Candidate>* found) const;

  // The same for the atoms that start in any of `ranges` (sorted, disjoint): their bytes are
  // scanned once, in four lanes, however many ranges there are.
  void CollectRanges(std::string_view text, const std::vector<std::pair<size_t, size_t>>& ranges,
                     std::vector<Candidate>* found) const;

  // The automaton as bytes, and back: the build stores the built-in lexicon's automata so that
  // starting a matcher only copies rows (core/tools/builtin_tables.cc). Each row is written as
  // its differences from the root's row, which are few. An automaton whose dense table would be
  // large (more than kSparseAboveBytes: the listed parties', 62 MiB) is written instead in a
  // sparse layout, packed here (core/tools/listed_tables.cc runs this at build time), which
  // Deserialize reads cell by cell into the table the scan uses, with no packing and no 62 MiB
  // to write. Deserialize returns nullptr for bytes that aren't a whole automaton of either
  // layout whose alternatives are below `alternatives` (every next state in range).
  std::string Serialize() const;
  static std::unique_ptr<PrefixAutomaton> Deserialize(std::string_view bytes, size_t alternatives);

  // The sparse layout whatever the size (what Serialize writes above kSparseAboveBytes).
  std::string SerializeSparse() const;
  static constexpr size_t kSparseAboveBytes = size_t{16} << 20;
  // Whether the scan uses the sparse layout (read from bytes written so), for tests and tools.
  bool sparse() const { return cells_ != nullptr; }
  // The bytes the scan's tables take (the dense table, or the sparse cells and their indexes).
  size_t TableBytes() const;

 private:
  PrefixAutomaton() = default;
  // Bigger automata stop paying for themselves; RE2 alone is used then.
  static constexpr size_t kMaxStates = size_t{1} << 18;
  static constexpr size_t kMaxAtomLength = 64;
  template <typename Step>
  void ScanRange(const Step& step, const unsigned char* data, size_t scan_from, size_t scan_to,
                 size_t keep_from, size_t keep_to, std::vector<Candidate>* found) const;
  template <typename Step>
  void CollectRangesWith(const Step& step, std::string_view text,
                         const std::vector<std::pair<size_t, size_t>>& ranges,
                         std::vector<Candidate>* found) const;
  static std::unique_ptr<PrefixAutomaton> DeserializeSparse(std::string_view bytes,
                                                            size_t alternatives);
  // The row to begin scanning at `position`: after a letter or digit or not.
  uint32_t StartRow(const unsigned char* data, size_t position) const;
  void Record(size_t row, size_t end, size_t keep_from, size_t keep_to,
              std::vector<Candidate>* found) const;

  uint8_t byte_class_[256] = {};
  uint32_t classes_ = 2;
  // Rows are 2^shift_ entries apart (at least classes_): a row's offset and back are shifts.
  uint32_t shift_ = 1;
  void SetStride() {
    while ((uint32_t{1} << shift_) < classes_) ++shift_;
  }
  uint32_t Offset(size_t row) const { return static_cast<uint32_t>(row) << shift_; }
  size_t RowOf(uint32_t offset) const { return offset >> shift_; }
  // Row-major transitions over (state, after a letter or digit) rows: an entry is the offset
  // of the next row. Rows from first_accepting_row_ on are states where atoms end.
  std::unique_ptr<uint32_t[]> table_;  // entries past a row's classes_ are never set or read
  uint32_t first_accepting_row_ = 0;
  struct End {
    uint8_t length;
    bool exact;
    uint32_t alternative;
  };
  // Per row: the atoms that end there (its state's own and its suffixes'), as the range
  // [end_begin_[row], end_begin_[row + 1]) of end_list_: one array, so that recording reads
  // neighbouring memory.
  std::vector<End> end_list_;
  std::vector<uint32_t> end_begin_;
  size_t rows() const { return end_begin_.size() - 1; }

  // The sparse layout (a comb with owner checks, as in a double-array trie). A state is
  // (displacement << 1) | base: its transition on class c is cells_[displacement + c].next if
  // that cell's check is the state itself, else the root row `base`'s (root_[(base << shift_) +
  // c]), the root row it differs least from. Displacements of rows where atoms end are above all
  // others, so first_accepting_row_ (then a state) still tells them apart with one comparison.
  struct Cell {
    uint32_t check;  // the state owning the cell, or kNoOwner
    uint32_t next;
  };
  static constexpr uint32_t kNoOwner = 0xFFFFFFFF;
  std::unique_ptr<Cell[]> cells_;  // nullptr: the dense table_
  size_t cell_count_ = 0;
  std::vector<uint32_t> root_;          // the two root rows, 2 << shift_ entries: next states
  std::vector<uint32_t> row_state_;     // per row, its state
  std::vector<uint32_t> row_of_place_;  // per displacement, the row there, or kNoOwner
  // The row of a state (its end list).
  size_t RowOfState(uint32_t state) const {
    return cells_ ? row_of_place_[state >> 1] : RowOf(state);
  }
  // Orders the atoms of the row just completed in end_list_ (longest first) and closes it.
  void EndRow();
  // Reads a stored row's atoms (either layout) and closes the row; a bad atom, or atoms on a row
  // that is not `accepting` (or none on one that is), fails `in`.
  void ReadRowEnds(ByteReader& in, size_t alternatives, bool accepting);
  // Reads a stored automaton's classes, byte classes and sizes (the start of either layout),
  // giving its rows and first accepting row; false if any is cut off or out of range.
  bool ReadShape(ByteReader& in, uint64_t* rows, uint64_t* first_accepting);
  size_t max_length_ = 0;
};

}  // namespace chiplight

#endif  // CHIPLIGHT_PREFIX_AUTOMATON_H_
