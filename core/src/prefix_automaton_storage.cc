// Storing an automaton and reading it back (PrefixAutomaton::Serialize and Deserialize), in
// both layouts: the dense rows as differences from the root rows, and the sparse comb the build
// packs for automata too large for a dense table. The readers trust nothing: every count, class,
// next state and cell is checked before the scan can use it (docs/security.md, stored tables).
#include <algorithm>
#include <string>
#include <string_view>

#include "byte_io.h"
#include "prefix_automaton.h"

namespace chiplight {
namespace {

constexpr std::string_view kSerializedTag = "chiplight-automaton-3";
constexpr std::string_view kSparseTag = "chiplight-automaton-sparse-1";

}  // namespace

bool PrefixAutomaton::ReadShape(ByteReader& in, uint64_t* rows_read,
                                uint64_t* first_accepting_read) {
  const uint64_t class_count = in.Number();
  const std::string_view classes = in.Raw(sizeof byte_class_);
  const uint64_t rows = *rows_read = in.Number();
  const uint64_t first_accepting = *first_accepting_read = in.Number();
  const uint64_t max_length = in.Number();
  if (!in.ok() || class_count < 2 || class_count > 255 || rows < 2 || rows > kMaxStates + 1 ||
      first_accepting < 2 || first_accepting > rows || max_length == 0 ||
      max_length > kMaxAtomLength || classes.size() != sizeof byte_class_) {
    return false;
  }
  classes_ = static_cast<uint32_t>(class_count);
  SetStride();
  max_length_ = static_cast<size_t>(max_length);
  for (size_t b = 0; b < sizeof byte_class_; ++b) {
    byte_class_[b] = static_cast<uint8_t>(classes[b]);
    if (byte_class_[b] >= classes_) return false;
  }
  return true;
}

void PrefixAutomaton::ReadRowEnds(ByteReader& in, size_t alternatives, bool accepting) {
  const size_t ends = in.Count();
  for (size_t k = 0; k < ends && in.ok(); ++k) {
    End end;
    end.length = static_cast<uint8_t>(in.Byte());
    end.exact = in.Byte() != 0;
    const uint64_t alternative = in.Number();
    end.alternative = static_cast<uint32_t>(alternative);
    if (end.length == 0 || end.length > max_length_ || alternative >= alternatives) in.Fail();
    end_list_.push_back(end);
  }
  // Rows where atoms end, and only those, are the accepting ones.
  if (accepting != (end_list_.size() > end_begin_.back())) in.Fail();
  EndRow();
}

std::string PrefixAutomaton::Serialize() const {
  if (cells_ || sizeof(uint32_t) * Offset(rows()) > kSparseAboveBytes) return SerializeSparse();
  ByteWriter out;
  out.Raw(kSerializedTag);
  const size_t rows = this->rows();
  out.Number(classes_);
  out.Raw(std::string_view(reinterpret_cast<const char*>(byte_class_), sizeof byte_class_));
  out.Number(rows);
  out.Number(RowOf(first_accepting_row_));
  out.Number(max_length_);
  // The two root rows in full, then every other row as its differences from the root row of
  // its kind (after a letter or digit or not: whichever differs less).
  for (size_t row = 0; row < rows; ++row) {
    const uint32_t* own = &table_[Offset(row)];
    std::vector<uint32_t> patches[2];
    for (uint32_t base = 0; base < 2; ++base) {
      for (uint32_t c = 0; c < classes_; ++c) {
        if (row < 2 || own[c] != table_[Offset(base) + c]) patches[base].push_back(c);
      }
    }
    const uint32_t base = patches[1].size() < patches[0].size() ? 1 : 0;
    out.Number(base);
    out.Number(patches[base].size());
    for (uint32_t c : patches[base]) {
      out.Byte(c);
      out.Number(RowOf(own[c]));
    }
    out.Number(end_begin_[row + 1] - end_begin_[row]);
    for (uint32_t k = end_begin_[row]; k < end_begin_[row + 1]; ++k) {
      const End& end = end_list_[k];
      out.Byte(end.length);
      out.Byte(end.exact);
      out.Number(end.alternative);
    }
  }
  return out.Take();
}

std::string PrefixAutomaton::SerializeSparse() const {
  const size_t rows = this->rows();
  const uint32_t classes = classes_;
  std::vector<uint32_t> row_state;
  std::vector<Cell> cells;
  std::vector<uint32_t> root(2 * size_t{classes});
  if (cells_) {
    row_state = row_state_;
    cells.assign(cells_.get(), cells_.get() + cell_count_);
    for (uint32_t base = 0; base < 2; ++base) {
      std::copy_n(&root_[Offset(base)], classes, &root[base * classes]);
    }
  } else {
    // Packing: each row is its differences from the root row it differs least from (its base),
    // placed at the first displacement where all of their cells are free (first fit, from the
    // first free cell on). Rows where atoms end are placed after all the others.
    std::vector<uint32_t> base(rows), patch_begin(rows + 1, 0);
    std::vector<uint8_t> patch_class;
    std::vector<uint32_t> patch_row;
    for (size_t row = 0; row < rows; ++row) {
      const uint32_t* own = &table_[Offset(row)];
      size_t differ[2] = {0, 0};
      for (uint32_t b = 0; b < 2; ++b) {
        for (uint32_t c = 0; c < classes; ++c) differ[b] += own[c] != table_[Offset(b) + c];
      }
      base[row] = differ[1] < differ[0] ? 1 : 0;
      for (uint32_t c = 0; c < classes; ++c) {
        if (own[c] != table_[Offset(base[row]) + c]) {
          patch_class.push_back(static_cast<uint8_t>(c));
          patch_row.push_back(static_cast<uint32_t>(RowOf(own[c])));
        }
      }
      patch_begin[row + 1] = static_cast<uint32_t>(patch_class.size());
    }
    std::vector<uint32_t> place(rows);
    std::vector<char> taken, place_used;
    auto room = [&](size_t upto) {
      if (taken.size() < upto) {
        taken.resize(upto, 0);
        place_used.resize(upto, 0);
      }
    };
    size_t lower = 0, first_free = 0, empty_cursor = 0, highest = 0;
    const auto first_accepting = static_cast<size_t>(RowOf(first_accepting_row_));
    for (size_t row = 0; row < rows; ++row) {
      if (row == first_accepting && row > 0) {
        lower = highest + 1;
        empty_cursor = std::max(empty_cursor, lower);
      }
      size_t p;
      if (patch_begin[row] == patch_begin[row + 1]) {
        room(empty_cursor + classes + 1);
        while (place_used[empty_cursor]) room(++empty_cursor + classes + 1);
        p = empty_cursor;
      } else {
        const size_t first_class = patch_class[patch_begin[row]];
        p = std::max(lower, first_free > first_class ? first_free - first_class : 0);
        for (;; ++p) {
          room(p + classes + 1);
          if (place_used[p]) continue;
          bool fits = true;
          for (uint32_t k = patch_begin[row]; k < patch_begin[row + 1] && fits; ++k) {
            fits = !taken[p + patch_class[k]];
          }
          if (fits) break;
        }
        for (uint32_t k = patch_begin[row]; k < patch_begin[row + 1]; ++k) {
          taken[p + patch_class[k]] = 1;
        }
        while (first_free < taken.size() && taken[first_free]) ++first_free;
      }
      place_used[p] = 1;
      place[row] = static_cast<uint32_t>(p);
      highest = std::max(highest, p);
    }
    row_state.resize(rows);
    for (size_t row = 0; row < rows; ++row) row_state[row] = (place[row] << 1) | base[row];
    cells.assign(highest + classes, Cell{kNoOwner, 0});
    for (size_t row = 0; row < rows; ++row) {
      for (uint32_t k = patch_begin[row]; k < patch_begin[row + 1]; ++k) {
        cells[place[row] + patch_class[k]] = {row_state[row], row_state[patch_row[k]]};
      }
    }
    for (uint32_t b = 0; b < 2; ++b) {
      for (uint32_t c = 0; c < classes; ++c) {
        root[b * classes + c] = row_state[RowOf(table_[Offset(b) + c])];
      }
    }
  }
  ByteWriter out;
  out.Raw(kSparseTag);
  out.Number(classes);
  out.Raw(std::string_view(reinterpret_cast<const char*>(byte_class_), sizeof byte_class_));
  out.Number(rows);
  size_t first_accepting = rows;
  if (cells_) {
    for (size_t row = 0; row < rows; ++row) {
      if (row_state_[row] >= first_accepting_row_) {
        first_accepting = row;
        break;
      }
    }
  } else {
    first_accepting = RowOf(first_accepting_row_);
  }
  out.Number(first_accepting);
  out.Number(max_length_);
  out.Number(cells.size());
  for (size_t row = 0; row < rows; ++row) {
    out.Number(row_state[row]);
    out.Number(end_begin_[row + 1] - end_begin_[row]);
    for (uint32_t k = end_begin_[row]; k < end_begin_[row + 1]; ++k) {
      const End& end = end_list_[k];
      out.Byte(end.length);
      out.Byte(end.exact);
      out.Number(end.alternative);
    }
  }
  for (uint32_t state : root) out.Number(state);
  // The cells as fixed little-endian words: read without decoding numbers one byte at a time.
  std::string raw(cells.size() * 8, '\0');
  for (size_t i = 0; i < cells.size(); ++i) {
    for (int b = 0; b < 4; ++b) {
      raw[8 * i + b] = static_cast<char>(cells[i].check >> (8 * b));
      raw[8 * i + 4 + b] = static_cast<char>(cells[i].next >> (8 * b));
    }
  }
  out.Raw(raw);
  return out.Take();
}

std::unique_ptr<PrefixAutomaton> PrefixAutomaton::DeserializeSparse(std::string_view bytes,
                                                                    size_t alternatives) {
  ByteReader in(bytes);
  in.Raw(kSparseTag.size());
  auto automaton = std::unique_ptr<PrefixAutomaton>(new PrefixAutomaton());
  PrefixAutomaton& a = *automaton;
  uint64_t rows = 0, first_accepting = 0;
  if (!a.ReadShape(in, &rows, &first_accepting)) return nullptr;
  const uint64_t cell_count = in.Number();
  // Cells take 8 bytes each, after everything else: more than the bytes left is corrupt (and
  // is refused before anything that size is allocated).
  if (!in.ok() || cell_count < a.classes_ || cell_count > in.left() / 8) {
    return nullptr;
  }
  a.cell_count_ = static_cast<size_t>(cell_count);
  a.row_of_place_.assign(a.cell_count_, kNoOwner);
  a.row_state_.resize(rows);
  a.end_begin_.assign(1, 0);
  // Every row's state: a displacement whose cells are all in the array, one row per place.
  for (size_t row = 0; row < rows && in.ok(); ++row) {
    const uint64_t state = in.Number();
    const uint64_t place = state >> 1;
    if (place + a.classes_ > a.cell_count_ || a.row_of_place_[place] != kNoOwner) {
      in.Fail();
      break;
    }
    a.row_of_place_[place] = static_cast<uint32_t>(row);
    a.row_state_[row] = static_cast<uint32_t>(state);
    a.ReadRowEnds(in, alternatives, row >= first_accepting);
  }
  if (!in.ok() || a.end_begin_.size() != rows + 1) return nullptr;
  // Rows where atoms end have the highest states: one comparison tells them apart.
  uint32_t accepting = kNoOwner;
  for (size_t row = first_accepting; row < rows; ++row) {
    accepting = std::min(accepting, a.row_state_[row] & ~uint32_t{1});
  }
  for (size_t row = 0; row < first_accepting; ++row) {
    if (a.row_state_[row] >= accepting) return nullptr;
  }
  a.first_accepting_row_ = accepting;
  const auto valid = [&a](uint64_t state) {
    const uint64_t place = state >> 1;
    return place < a.cell_count_ && a.row_of_place_[place] != kNoOwner &&
           a.row_state_[a.row_of_place_[place]] == state;
  };
  a.root_.assign(size_t{2} << a.shift_, a.row_state_[0]);
  for (uint32_t base = 0; base < 2; ++base) {
    for (uint32_t c = 0; c < a.classes_; ++c) {
      const uint64_t state = in.Number();
      if (!valid(state)) in.Fail();
      a.root_[a.Offset(base) + c] = static_cast<uint32_t>(state);
    }
  }
  const std::string_view raw = in.Raw(a.cell_count_ * 8);
  if (!in.ok() || !in.AtEnd()) return nullptr;
  // Cell by cell: a cell is free (no owner, nothing in it) or owned by a row whose cells it is
  // among, and leads to a row's state.
  a.cells_.reset(new Cell[a.cell_count_]);
  const auto* p = reinterpret_cast<const unsigned char*>(raw.data());
  const auto word = [](const unsigned char* q) {
    return uint32_t{q[0]} | uint32_t{q[1]} << 8 | uint32_t{q[2]} << 16 | uint32_t{q[3]} << 24;
  };
  for (size_t i = 0; i < a.cell_count_; ++i, p += 8) {
    const Cell cell = {word(p), word(p + 4)};
    if (cell.check == kNoOwner) {
      if (cell.next != 0) return nullptr;
    } else if (!valid(cell.check) || i < (cell.check >> 1) || i - (cell.check >> 1) >= a.classes_ ||
               !valid(cell.next)) {
      return nullptr;
    }
    a.cells_[i] = cell;
  }
  return automaton;
}

std::unique_ptr<PrefixAutomaton> PrefixAutomaton::Deserialize(std::string_view bytes,
                                                              size_t alternatives) {
  if (bytes.substr(0, kSparseTag.size()) == kSparseTag) {
    return DeserializeSparse(bytes, alternatives);
  }
  ByteReader in(bytes);
  if (in.Raw(kSerializedTag.size()) != kSerializedTag) return nullptr;
  auto automaton = std::unique_ptr<PrefixAutomaton>(new PrefixAutomaton());
  PrefixAutomaton& a = *automaton;
  uint64_t rows = 0, first_accepting = 0;
  if (!a.ReadShape(in, &rows, &first_accepting)) return nullptr;
  a.first_accepting_row_ = a.Offset(static_cast<uint32_t>(first_accepting));
  // Zeroed (the root row) so that nothing is ever read uninitialised, whatever the bytes say;
  // every entry a scan can read is then also checked below.
  a.table_.reset(new uint32_t[a.Offset(rows)]());
  a.end_begin_.assign(1, 0);
  for (size_t row = 0; row < rows && in.ok(); ++row) {
    const uint64_t base = in.Number();
    const uint64_t patches = in.Number();
    uint32_t* own = &a.table_[a.Offset(row)];
    if (base > 1 || patches > a.classes_ || (row < 2 && patches != a.classes_)) return nullptr;
    if (row >= 2) std::copy_n(&a.table_[a.Offset(base)], a.classes_, own);
    // Each class at most once per row, in increasing order (as Serialize writes them): the two
    // root rows, written in full, then set every one of their entries, which the other rows
    // copy. A repeated class would leave another entry unset.
    int previous_class = -1;
    for (uint32_t k = 0; k < patches; ++k) {
      const unsigned c = in.Byte();
      const uint64_t target = in.Number();
      if (c >= a.classes_ || target >= rows || static_cast<int>(c) <= previous_class) in.Fail();
      previous_class = static_cast<int>(c);
      own[c < a.classes_ ? c : 0] = a.Offset(static_cast<uint32_t>(target < rows ? target : 0));
    }
    a.ReadRowEnds(in, alternatives, row >= first_accepting);
  }
  if (!in.ok() || !in.AtEnd() || a.end_begin_.size() != rows + 1) return nullptr;
  return automaton;
}

}  // namespace chiplight
