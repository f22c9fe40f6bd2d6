#include "prefix_automaton.h"

#include <algorithm>
#include <array>
#include <tuple>

#include "folding.h"
#include "name_tokens.h"
#include "utf8.h"
#include "work_counter.h"

namespace chiplight {
namespace {

// Below this, one lane: splitting would cost more than it saves.
constexpr size_t kMinBytesPerLane = 4096;

// What the automaton reads a byte as: ASCII letters in lowercase, and every single-byte
// separator as a space (the prefix analysis spells them all as ' ': they are interchangeable
// inside names).
unsigned char CanonicalByte(unsigned char c) {
  if (c < 0x80 && IsSeparator(c)) return ' ';
  return static_cast<unsigned char>(AsciiLower(static_cast<char>(c)));
}

// Appends to a list that is sorted by start except near its end (an atom reported later may
// start up to the longest atom's length earlier), keeping it sorted.
void InsertNearEnd(std::vector<PrefixAutomaton::Candidate>& list,
                   const PrefixAutomaton::Candidate& candidate) {
  if (list.empty() || list.back().start <= candidate.start) {  // the usual case
    list.push_back(candidate);
    return;
  }
  auto it = list.end();
  while (it != list.begin() && (it - 1)->start > candidate.start) --it;
  list.insert(it, candidate);
}

// One step of the scan in each layout: the next state after a byte of class c.
struct DenseStep {
  const uint32_t* table;
  uint32_t operator()(uint32_t row, uint32_t c) const { return table[row + c]; }
};
template <typename Cell>
struct SparseStep {
  const Cell* cells;
  const uint32_t* root;
  uint32_t shift;
  uint32_t operator()(uint32_t state, uint32_t c) const {
    const Cell cell = cells[(state >> 1) + c];
    const uint32_t fallback = root[((state & 1) << shift) + c];
    // A mask, not a branch: whether a cell is the state's own is as unpredictable as the text.
    const uint32_t own = 0u - static_cast<uint32_t>(cell.check == state);
    return (cell.next & own) | (fallback & ~own);
  }
};

// Steps four lanes (text at at[k], automaton in row[k]) through their bytes [i, end) together,
// until one of them enters a row where atoms end (rows from `accepting` on). Returns the index
// of that byte, or `end`; row[] holds every lane's row after it. A function of its own, with
// nothing else in its loop, so that the compiler keeps the lanes in registers: four independent
// chains of lookups let the processor overlap their latencies.
template <typename Step>
#if defined(__GNUC__)
__attribute__((noinline))
#endif
size_t
StepLanes(const Step step, const uint8_t* classes, uint32_t accepting,
          const unsigned char* const at[4], uint32_t row[4], size_t i, size_t end) {
  // One pointer and the other lanes' fixed distances from it: fewer registers than four
  // pointers (a WebAssembly engine ran this loop 8 % faster so).
  const unsigned char* p = at[0] + i;
  const unsigned char* const stop = at[0] + end;
  const std::ptrdiff_t d1 = at[1] - at[0], d2 = at[2] - at[0], d3 = at[3] - at[0];
  uint32_t r0 = row[0], r1 = row[1], r2 = row[2], r3 = row[3];
  for (; p < stop; ++p) {
    r0 = step(r0, classes[p[0]]);
    r1 = step(r1, classes[p[d1]]);
    r2 = step(r2, classes[p[d2]]);
    r3 = step(r3, classes[p[d3]]);
    if ((r0 >= accepting) | (r1 >= accepting) | (r2 >= accepting) | (r3 >= accepting)) break;
  }
  row[0] = r0;
  row[1] = r1;
  row[2] = r2;
  row[3] = r3;
  return static_cast<size_t>(p - at[0]);
}

}  // namespace

std::unique_ptr<PrefixAutomaton> PrefixAutomaton::Build(const std::vector<Atom>& atoms) {
  if (atoms.empty()) return nullptr;
  auto automaton = std::unique_ptr<PrefixAutomaton>(new PrefixAutomaton());
  PrefixAutomaton& a = *automaton;

  // Byte classes: every byte that occurs in an atom gets its own class (upper- and lowercase
  // ASCII letters share one); the other bytes share class 0 (not letters or digits) or class
  // 1 (letters and digits), both of which lead back to the root.
  std::array<int, 256> class_of{};
  class_of.fill(-1);
  uint32_t classes = 2;
  for (const Atom& atom : atoms) {
    if (atom.bytes.empty() || atom.bytes.size() > kMaxAtomLength) return nullptr;
    for (char c : atom.bytes) {
      unsigned char folded = CanonicalByte(static_cast<unsigned char>(c));
      if (class_of[folded] < 0) class_of[folded] = static_cast<int>(classes++);
    }
  }
  if (classes > 255) return nullptr;
  std::vector<bool> class_is_alnum(classes, false);
  class_is_alnum[1] = true;
  for (int b = 0; b < 256; ++b) {
    const auto byte = static_cast<unsigned char>(b);
    const bool alnum = IsAsciiAlnum(byte);
    int c = class_of[CanonicalByte(byte)];
    if (c < 0) c = alnum ? 1 : 0;
    a.byte_class_[b] = static_cast<uint8_t>(c);
    if (alnum) class_is_alnum[c] = true;
  }
  a.classes_ = classes;
  a.SetStride();

  // The trie, over the byte classes and one more symbol: the start of a word (a letter or
  // digit after anything else), which the scan passes through before such a byte. An atom
  // that begins with a letter or digit begins with it: that is the word-edge rule, so such
  // atoms are never reported inside a word.
  const uint32_t word_start = classes;
  const uint32_t symbols = classes + 1;  // at most 256: a symbol fits in a byte

  // Every atom as the scan sees it: a word start before every letter or digit that doesn't
  // follow one (at the atom's first byte too: there, the text before it must not be one).
  // Sorted, the paths give the trie in one go, its size known before anything is allocated.
  std::vector<std::pair<std::string, uint32_t>> paths(atoms.size());  // (symbols, atom)
  for (size_t i = 0; i < atoms.size(); ++i) {
    std::string& path = paths[i].first;
    bool after_alnum = false;
    for (char c : atoms[i].bytes) {
      const bool alnum = IsAsciiAlnum(static_cast<unsigned char>(c));
      if (alnum && !after_alnum) path.push_back(static_cast<char>(word_start));
      path.push_back(static_cast<char>(a.byte_class_[static_cast<unsigned char>(c)]));
      after_alnum = alnum;
    }
    paths[i].second = static_cast<uint32_t>(i);
    a.max_length_ = std::max(a.max_length_, atoms[i].bytes.size());
  }
  std::sort(paths.begin(), paths.end());
  // How many symbols a sorted path shares with the one before it: the trie's states it reuses.
  std::vector<size_t> shared(paths.size(), 0);
  size_t states = 1;
  for (size_t i = 0; i < paths.size(); ++i) {
    const std::string& path = paths[i].first;
    if (i > 0) {
      const std::string& before = paths[i - 1].first;
      while (shared[i] < std::min(path.size(), before.size()) &&
             path[shared[i]] == before[shared[i]]) {
        ++shared[i];
      }
    }
    states += path.size() - shared[i];
  }
  if (states > kMaxStates) return nullptr;

  // The trie: states numbered as created, each with its edges (symbol, child) and the symbol
  // that enters it. Every step of the scan ends after a byte, so only states entered by a byte
  // will need rows, and the byte's class tells what came last.
  std::vector<uint32_t> entered_by(states, word_start);
  std::vector<uint32_t> parent(states, 0);
  std::vector<std::vector<End>> ends(states);
  {
    std::vector<uint32_t> stack = {0};  // the states along the previous path
    uint32_t created = 1;
    for (size_t i = 0; i < paths.size(); ++i) {
      const auto& [path, atom_index] = paths[i];
      stack.resize(shared[i] + 1);
      for (size_t k = shared[i]; k < path.size(); ++k) {
        const uint32_t state = created++;
        parent[state] = stack.back();
        entered_by[state] = static_cast<unsigned char>(path[k]);
        stack.push_back(state);
      }
      const Atom& atom = atoms[atom_index];
      ends[stack.back()].push_back(
          {static_cast<uint8_t>(atom.bytes.size()), atom.exact, atom.alternative});
    }
  }
  // Children by parent (states are created after their parents, so by number), as ranges.
  std::vector<uint32_t> first_child(states + 1, 0), children(states - 1);
  for (size_t state = 1; state < states; ++state) ++first_child[parent[state] + 1];
  for (size_t state = 0; state < states; ++state) first_child[state + 1] += first_child[state];
  {
    std::vector<uint32_t> filled(first_child.begin(), first_child.end() - 1);
    for (size_t state = 1; state < states; ++state) {
      children[filled[parent[state]]++] = static_cast<uint32_t>(state);
    }
  }

  // The DFA, one row of `symbols` transitions per state, in breadth-first order: a state's row
  // is its failure state's (shallower, so complete) with its own edges on top, and its
  // children's failure states are where the failure state's row leads.
  std::unique_ptr<int32_t[]> go(new int32_t[states * symbols]);
  std::vector<int32_t> fail(states, 0);
  std::vector<uint32_t> queue;
  queue.reserve(states);
  std::fill(go.get(), go.get() + symbols, 0);
  for (uint32_t k = first_child[0]; k < first_child[1]; ++k) {
    const uint32_t child = children[k];
    go[entered_by[child]] = static_cast<int32_t>(child);
    queue.push_back(child);
  }
  for (size_t head = 0; head < queue.size(); ++head) {
    const uint32_t state = queue[head];
    const auto failure = static_cast<size_t>(fail[state]);
    // Atoms that end at the failure state (a suffix of this one) end here too.
    for (const End& end : ends[failure]) ends[state].push_back(end);
    int32_t* row = go.get() + static_cast<size_t>(state) * symbols;
    std::copy_n(go.get() + failure * symbols, symbols, row);
    for (uint32_t k = first_child[state]; k < first_child[state + 1]; ++k) {
      const uint32_t child = children[k];
      fail[child] = row[entered_by[child]];  // still the failure state's transition
      row[entered_by[child]] = static_cast<int32_t>(child);
      queue.push_back(child);
    }
  }
  auto next = [&](size_t state, uint32_t symbol) {
    return static_cast<size_t>(go[state * symbols + symbol]);
  };

  // The scan's rows: the root twice (after a letter or digit, and after anything else: whether
  // the next letter starts a word), then every state entered by a byte, which says itself what
  // came last. States entered by a word start are passed through within a step and get none.
  // Rows where atoms end come last: a single comparison of the row offset then tells whether
  // to record anything.
  std::vector<uint32_t> row_state = {0, 0};
  for (size_t state = 1; state < states; ++state) {
    if (entered_by[state] != word_start && ends[state].empty()) {
      row_state.push_back(static_cast<uint32_t>(state));
    }
  }
  const auto accepting = static_cast<uint32_t>(row_state.size());
  for (size_t state = 1; state < states; ++state) {
    if (entered_by[state] != word_start && !ends[state].empty()) {
      row_state.push_back(static_cast<uint32_t>(state));
    }
  }
  std::vector<uint32_t> row_of(states, 0);
  for (size_t row = 2; row < row_state.size(); ++row)
    row_of[row_state[row]] = static_cast<uint32_t>(row);
  const size_t rows = row_state.size();
  a.first_accepting_row_ = a.Offset(accepting);
  a.table_.reset(new uint32_t[a.Offset(rows)]);
  uint32_t* out = a.table_.get();
  for (size_t row = 0; row < rows; ++row) {
    const size_t state = row_state[row];
    const bool after_alnum = row == 1 || (row > 1 && class_is_alnum[entered_by[state]]);
    const size_t at_word_start = next(state, word_start);
    for (uint32_t c = 0; c < classes; ++c) {
      const bool alnum = class_is_alnum[c];
      const size_t target = next((alnum && !after_alnum) ? at_word_start : state, c);
      const uint32_t target_row = target != 0 ? row_of[target] : (alnum ? 1 : 0);
      out[c] = a.Offset(target_row);
    }
    out += a.Offset(1);
  }
  a.end_begin_.assign(1, 0);
  for (size_t row = 0; row < rows; ++row) {
    if (row >= 2) {
      const auto& own = ends[row_state[row]];
      a.end_list_.insert(a.end_list_.end(), own.begin(), own.end());
    }
    a.EndRow();
  }
  return automaton;
}

void PrefixAutomaton::EndRow() {
  // Longest first, so that their starts come out in order; then by alternative, so that the
  // order is the same however the list was put together. The same atom may be listed twice for
  // an alternative (one per spelling it was derived from): once is enough.
  const auto key = [](const End& e) {
    return std::make_tuple(-int{e.length}, e.alternative, e.exact);
  };
  const auto row = end_list_.begin() + end_begin_.back();
  std::sort(row, end_list_.end(), [&](const End& a, const End& b) { return key(a) < key(b); });
  end_list_.erase(std::unique(row, end_list_.end(),
                              [&](const End& a, const End& b) { return key(a) == key(b); }),
                  end_list_.end());
  end_begin_.push_back(static_cast<uint32_t>(end_list_.size()));
}

size_t PrefixAutomaton::TableBytes() const {
  if (!cells_) return sizeof(uint32_t) * Offset(rows());
  return sizeof(Cell) * cell_count_ +
         sizeof(uint32_t) * (root_.size() + row_state_.size() + row_of_place_.size());
}

uint32_t PrefixAutomaton::StartRow(const unsigned char* data, size_t position) const {
  const bool after_alnum = position > 0 && IsAsciiAlnum(data[position - 1]);
  if (cells_) return row_state_[after_alnum ? 1 : 0];
  return Offset(after_alnum ? 1 : 0);
}

void PrefixAutomaton::Record(size_t row, size_t end, size_t keep_from, size_t keep_to,
                             std::vector<Candidate>* found) const {
  const size_t r = RowOfState(row);
  for (uint32_t k = end_begin_[r]; k < end_begin_[r + 1]; ++k) {
    const End& atom = end_list_[k];
    if (end < keep_from + atom.length) continue;
    const size_t start = end - atom.length;
    if (start >= keep_to) continue;
    InsertNearEnd(*found, {start, atom.alternative, atom.length, atom.exact});
  }
}

template <typename Step>
void PrefixAutomaton::ScanRange(const Step& step, const unsigned char* data, size_t scan_from,
                                size_t scan_to, size_t keep_from, size_t keep_to,
                                std::vector<Candidate>* found) const {
  uint32_t row = StartRow(data, scan_from);
  for (size_t p = scan_from; p < scan_to; ++p) {
    row = step(row, byte_class_[data[p]]);
    if (row >= first_accepting_row_) Record(row, p + 1, keep_from, keep_to, found);
  }
}

void PrefixAutomaton::Collect(std::string_view text, std::vector<Candidate>* found) const {
  CollectRanges(text, {{0, text.size()}}, found);
}

void PrefixAutomaton::CollectRanges(std::string_view text,
                                    const std::vector<std::pair<size_t, size_t>>& ranges,
                                    std::vector<Candidate>* found) const {
  if (cells_) {
    CollectRangesWith(SparseStep<Cell>{cells_.get(), root_.data(), shift_}, text, ranges, found);
  } else {
    CollectRangesWith(DenseStep{table_.get()}, text, ranges, found);
  }
}

template <typename Step>
void PrefixAutomaton::CollectRangesWith(const Step& step, std::string_view text,
                                        const std::vector<std::pair<size_t, size_t>>& ranges,
                                        std::vector<Candidate>* found) const {
  found->clear();
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  const size_t overlap = max_length_ - 1;
  size_t covered = 0;
  for (const auto& [from, to] : ranges) covered += std::min(to, n) - std::min(from, n);
  if (covered == 0) return;
  WorkCounter::Add(covered + ranges.size() * overlap);
  constexpr int kLanes = 4;
  if (covered < kLanes * kMinBytesPerLane) {
    for (const auto& [from, to] : ranges) {
      if (from < std::min(to, n)) {
        ScanRange(step, data, from, std::min(n, to + overlap), from, std::min(to, n), found);
      }
    }
    return;
  }
  // The ranges' bytes are dealt out to four lanes in order, a quarter each (a range may be cut
  // between two lanes). Each piece is scanned from the root at its start, which sees every atom
  // that starts there, and on past its end far enough to see every atom that starts before it.
  struct Piece {
    size_t from, to;
  };
  std::vector<Piece> pieces[kLanes];
  {
    const size_t share = (covered + kLanes - 1) / kLanes;
    int lane = 0;
    size_t room = share;
    for (const auto& [range_from, range_to] : ranges) {
      size_t from = std::min(range_from, n);
      const size_t to = std::min(range_to, n);
      while (from < to) {
        const size_t take = std::min(room, to - from);
        pieces[lane].push_back({from, from + take});
        from += take;
        room -= take;
        if (room == 0 && lane + 1 < kLanes) {
          ++lane;
          room = share;
        }
      }
    }
  }
  std::vector<Candidate> lane_found[kLanes];
  const unsigned char* at[kLanes];  // the next byte to read
  size_t left[kLanes];              // bytes left in the lane's current piece
  size_t keep_from[kLanes], keep_to[kLanes], next_piece[kLanes];
  uint32_t row[kLanes];
  auto start_piece = [&](int k) {
    if (next_piece[k] >= pieces[k].size()) {
      left[k] = 0;
      return false;
    }
    const Piece& piece = pieces[k][next_piece[k]++];
    keep_from[k] = piece.from;
    keep_to[k] = piece.to;
    at[k] = data + piece.from;
    left[k] = std::min(n, piece.to + overlap) - piece.from;
    row[k] = StartRow(data, piece.from);
    return true;
  };
  for (int k = 0; k < kLanes; ++k) {
    next_piece[k] = 0;
    lane_found[k].reserve(covered / kLanes / 64);
    start_piece(k);
  }
  const uint8_t* classes = byte_class_;
  const uint32_t accepting = first_accepting_row_;
  auto end_of = [&](const unsigned char* p) { return static_cast<size_t>(p - data) + 1; };
  for (;;) {
    // All lanes step together while each has bytes left in its piece; the shortest decides how
    // far.
    size_t together = std::min(std::min(left[0], left[1]), std::min(left[2], left[3]));
    if (together == 0) {
      bool all_done = true;
      for (int k = 0; k < kLanes; ++k) {
        if (left[k] == 0) start_piece(k);
        all_done = all_done && left[k] == 0;
      }
      if (all_done) break;
      together = std::min(std::min(left[0], left[1]), std::min(left[2], left[3]));
      if (together == 0) break;  // a lane has run out of pieces: the rest go one at a time
    }
    // Until a lane enters a row where atoms end: then that lane records them, and on.
    for (size_t i = 0;; ++i) {
      i = StepLanes(step, classes, accepting, at, row, i, together);
      if (i == together) break;
      for (int k = 0; k < kLanes; ++k) {
        if (row[k] >= accepting) {
          Record(row[k], end_of(at[k] + i), keep_from[k], keep_to[k], &lane_found[k]);
        }
      }
    }
    for (int k = 0; k < kLanes; ++k) {
      at[k] += together;
      left[k] -= together;
    }
  }
  for (int k = 0; k < kLanes; ++k) {
    // Finish the lane from where it stands, keeping its state, then its remaining pieces.
    do {
      uint32_t r = row[k];
      for (; left[k] > 0; --left[k], ++at[k]) {
        r = step(r, classes[*at[k]]);
        if (r >= accepting) Record(r, end_of(at[k]), keep_from[k], keep_to[k], &lane_found[k]);
      }
    } while (start_piece(k));
    found->insert(found->end(), lane_found[k].begin(), lane_found[k].end());
  }
}

}  // namespace chiplight
