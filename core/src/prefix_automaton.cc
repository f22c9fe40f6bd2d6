#include "prefix_automaton.h"

#include <algorithm>
#include <array>

#include "term_regex.h"

namespace chiplight {
namespace {

// Bigger automata stop paying for themselves; RE2 alone is used then.
constexpr size_t kMaxStates = 1 << 16;
constexpr size_t kMaxAtomLength = 64;
// Below this, one lane: splitting would cost more than it saves.
constexpr size_t kMinBytesPerLane = 4096;

// What the automaton reads a byte as: ASCII letters in lowercase, and every single-byte
// separator as a space (the prefix analysis spells them all as ' ': they are interchangeable
// inside names).
unsigned char CanonicalByte(unsigned char c) {
  if (c < 0x80 && IsSeparator(c)) return ' ';
  return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

// Appends to a list that is sorted by start except near its end (an atom reported later may
// start up to the longest atom's length earlier), keeping it sorted.
void InsertNearEnd(std::vector<PrefixAutomaton::Candidate>& list,
                   const PrefixAutomaton::Candidate& candidate) {
  auto it = list.end();
  while (it != list.begin() && (it - 1)->start > candidate.start) --it;
  list.insert(it, candidate);
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

  // The trie, over the byte classes and one more symbol: the start of a word (a letter or
  // digit after anything else), which the scan passes through before such a byte. An atom
  // that begins with a letter or digit begins with it: that is the word-edge rule, so such
  // atoms are never reported inside a word.
  const uint32_t word_start = classes;
  const uint32_t symbols = classes + 1;
  // One flat row of `symbols` entries per state: the trie's edges (-1: none) first, completed
  // in place into the automaton's transitions below.
  std::vector<int32_t> go(symbols, -1);
  std::vector<std::vector<End>> ends(1);
  std::vector<uint32_t> path;
  for (const Atom& atom : atoms) {
    // The atom as the scan sees it: a word start before every letter or digit that doesn't
    // follow one (at the atom's first byte too: there, the text before it must not be one).
    path.clear();
    bool after_alnum = false;
    for (char c : atom.bytes) {
      const bool alnum = IsAsciiAlnum(static_cast<unsigned char>(c));
      if (alnum && !after_alnum) path.push_back(word_start);
      path.push_back(a.byte_class_[static_cast<unsigned char>(c)]);
      after_alnum = alnum;
    }
    size_t state = 0;
    for (uint32_t symbol : path) {
      if (go[state * symbols + symbol] < 0) {
        if (ends.size() >= kMaxStates) return nullptr;
        go[state * symbols + symbol] = static_cast<int32_t>(ends.size());
        go.resize(go.size() + symbols, -1);
        ends.emplace_back();
      }
      state = static_cast<size_t>(go[state * symbols + symbol]);
    }
    ends[state].push_back({static_cast<uint8_t>(atom.bytes.size()), atom.exact, atom.alternative});
    a.max_length_ = std::max(a.max_length_, atom.bytes.size());
  }

  // Failure links in breadth-first order, completing the transitions into a DFA: a missing
  // edge goes where the failure state goes (already complete, being shallower).
  const size_t states = ends.size();
  std::vector<int32_t> fail(states, 0);
  std::vector<int32_t> queue;
  queue.reserve(states);
  for (uint32_t c = 0; c < symbols; ++c) {
    if (go[c] >= 0) {
      queue.push_back(go[c]);
    } else {
      go[c] = 0;
    }
  }
  for (size_t head = 0; head < queue.size(); ++head) {
    const auto state = static_cast<size_t>(queue[head]);
    const auto failure = static_cast<size_t>(fail[state]);
    // Atoms that end at the failure state (a suffix of this one) end here too.
    for (const End& end : ends[failure]) ends[state].push_back(end);
    for (uint32_t c = 0; c < symbols; ++c) {
      int32_t& target = go[state * symbols + c];
      if (target >= 0) {
        fail[static_cast<size_t>(target)] = go[failure * symbols + c];
        queue.push_back(target);
      } else {
        target = go[failure * symbols + c];
      }
    }
  }
  auto next = [&](size_t state, uint32_t symbol) {
    return static_cast<size_t>(go[state * symbols + symbol]);
  };

  // The same atom may be listed twice for an alternative (one per spelling it was derived
  // from): once is enough.
  for (auto& list : ends) {
    std::vector<End> kept;
    for (const End& e : list) {
      const bool duplicate = std::any_of(kept.begin(), kept.end(), [&](const End& k) {
        return k.length == e.length && k.alternative == e.alternative && k.exact == e.exact;
      });
      if (!duplicate) kept.push_back(e);
    }
    list = std::move(kept);
  }
  // States are renumbered so that those where atoms end come last: a single comparison of
  // the row offset then tells whether to record anything.
  std::vector<uint32_t> order(states), number(states);
  for (size_t s = 0; s < states; ++s) order[s] = static_cast<uint32_t>(s);
  std::stable_partition(order.begin(), order.end(), [&](uint32_t s) { return ends[s].empty(); });
  for (size_t i = 0; i < states; ++i) number[order[i]] = static_cast<uint32_t>(i);
  // The root must stay state 0 (StartRow): it has no atom ending at it, so it comes first.
  const auto accepting = static_cast<uint32_t>(
      std::count_if(ends.begin(), ends.end(), [](const auto& e) { return e.empty(); }));
  a.first_accepting_row_ = accepting * 2 * classes;
  a.table_.resize(states * 2 * classes);
  for (size_t s = 0; s < states; ++s) {
    for (uint32_t after_alnum = 0; after_alnum < 2; ++after_alnum) {
      for (uint32_t c = 0; c < classes; ++c) {
        const bool alnum = class_is_alnum[c];
        const size_t from = (alnum && !after_alnum) ? next(s, word_start) : s;
        const uint32_t target = number[next(from, c)];
        a.table_[(number[s] * 2 + after_alnum) * classes + c] =
            (target * 2 + (alnum ? 1 : 0)) * classes;
      }
    }
  }
  a.ends_.resize(states);
  for (size_t s = 0; s < states; ++s) a.ends_[number[s]] = std::move(ends[s]);
  return automaton;
}

uint32_t PrefixAutomaton::StartRow(const unsigned char* data, size_t position) const {
  const bool after_alnum = position > 0 && IsAsciiAlnum(data[position - 1]);
  return (after_alnum ? 1 : 0) * classes_;
}

void PrefixAutomaton::Record(size_t row, size_t end, size_t keep_from, size_t keep_to,
                             std::vector<Candidate>* found) const {
  for (const End& atom : ends_[row / classes_ / 2]) {
    if (end < keep_from + atom.length) continue;
    const size_t start = end - atom.length;
    if (start >= keep_to) continue;
    InsertNearEnd(*found, {start, atom.alternative, atom.length, atom.exact});
  }
}

void PrefixAutomaton::ScanRange(const unsigned char* data, size_t scan_from, size_t scan_to,
                                size_t keep_from, size_t keep_to,
                                std::vector<Candidate>* found) const {
  const uint32_t* table = table_.data();
  uint32_t row = StartRow(data, scan_from);
  for (size_t p = scan_from; p < scan_to; ++p) {
    row = table[row + byte_class_[data[p]]];
    if (row >= first_accepting_row_) Record(row, p + 1, keep_from, keep_to, found);
  }
}

void PrefixAutomaton::Collect(std::string_view text, std::vector<Candidate>* found) const {
  CollectRange(text, 0, text.size(), found);
}

void PrefixAutomaton::CollectRange(std::string_view text, size_t from, size_t to,
                                   std::vector<Candidate>* found) const {
  found->clear();
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  to = std::min(to, n);
  if (from >= to) return;
  constexpr int kLanes = 4;
  const size_t overlap = max_length_ - 1;
  if (to - from < kLanes * kMinBytesPerLane) {
    ScanRange(data, from, std::min(n, to + overlap), from, to, found);
    return;
  }
  // Lane k keeps the starts in [bound[k], bound[k+1]). It begins (at the root) at bound[k],
  // which sees every atom that starts there, and scans on past bound[k+1] far enough to see
  // every atom that starts before it.
  size_t bound[kLanes + 1];
  for (int k = 0; k <= kLanes; ++k) bound[k] = from + (to - from) / kLanes * k;
  bound[kLanes] = to;
  std::vector<Candidate> lane_found[kLanes];
  size_t pos[kLanes], end[kLanes];
  uint32_t row[kLanes];
  for (int k = 0; k < kLanes; ++k) {
    pos[k] = bound[k];
    row[k] = StartRow(data, bound[k]);
    end[k] = std::min(n, bound[k + 1] + overlap);
    lane_found[k].reserve((bound[k + 1] - bound[k]) / 64);
  }
  const uint32_t* table = table_.data();
  const uint8_t* classes = byte_class_;
  const uint32_t accepting = first_accepting_row_;
  // All lanes step together while each has bytes left; the shortest decides how far. Four
  // independent chains of lookups let the processor overlap their latencies.
  size_t together = SIZE_MAX;
  for (int k = 0; k < kLanes; ++k) together = std::min(together, end[k] - pos[k]);
  const unsigned char* d0 = data + pos[0];
  const unsigned char* d1 = data + pos[1];
  const unsigned char* d2 = data + pos[2];
  const unsigned char* d3 = data + pos[3];
  uint32_t r0 = row[0], r1 = row[1], r2 = row[2], r3 = row[3];
  for (size_t i = 0; i < together; ++i) {
    r0 = table[r0 + classes[d0[i]]];
    r1 = table[r1 + classes[d1[i]]];
    r2 = table[r2 + classes[d2[i]]];
    r3 = table[r3 + classes[d3[i]]];
    if ((r0 >= accepting) | (r1 >= accepting) | (r2 >= accepting) | (r3 >= accepting)) {
      if (r0 >= accepting) Record(r0, pos[0] + i + 1, bound[0], bound[1], &lane_found[0]);
      if (r1 >= accepting) Record(r1, pos[1] + i + 1, bound[1], bound[2], &lane_found[1]);
      if (r2 >= accepting) Record(r2, pos[2] + i + 1, bound[2], bound[3], &lane_found[2]);
      if (r3 >= accepting) Record(r3, pos[3] + i + 1, bound[3], bound[4], &lane_found[3]);
    }
  }
  row[0] = r0;
  row[1] = r1;
  row[2] = r2;
  row[3] = r3;
  for (int k = 0; k < kLanes; ++k) {
    // Finish the lane from where it stands, keeping its state.
    uint32_t r = row[k];
    for (size_t p = pos[k] + together; p < end[k]; ++p) {
      r = table[r + classes[data[p]]];
      if (r >= accepting) Record(r, p + 1, bound[k], bound[k + 1], &lane_found[k]);
    }
    found->insert(found->end(), lane_found[k].begin(), lane_found[k].end());
  }
}

}  // namespace chiplight
