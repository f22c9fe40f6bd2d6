// Internal: the byte format of what the build stores about the built-in lexicon (its compiled
// form, its automata: core/tools/builtin_tables.cc). Numbers are written in 7-bit groups, low
// first, the high bit saying "more" (most are small); texts as a length and their bytes.
#ifndef CHIPLIGHT_BYTE_IO_H_
#define CHIPLIGHT_BYTE_IO_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chiplight {

class ByteWriter {
 public:
  void Number(uint64_t value) {
    while (value >= 0x80) {
      out_ += static_cast<char>((value & 0x7F) | 0x80);
      value >>= 7;
    }
    out_ += static_cast<char>(value);
  }
  void Byte(unsigned value) { out_ += static_cast<char>(value); }
  void Raw(std::string_view bytes) { out_.append(bytes); }
  void Text(std::string_view text) {
    Number(text.size());
    out_.append(text);
  }
  void Texts(const std::vector<std::string>& texts) {
    Number(texts.size());
    for (const std::string& text : texts) Text(text);
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads what ByteWriter wrote. Reading past the end, or a caller's Fail(), makes ok() false and
// every later read zero or empty, so a reader checks once at the end.
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool AtEnd() const { return at_ == in_.size(); }
  size_t left() const { return in_.size() - at_; }
  void Fail() { ok_ = false; }

  uint64_t Number() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!Need(1)) return 0;
      const auto byte = static_cast<unsigned char>(in_[at_++]);
      value |= uint64_t{byte & 0x7Fu} << shift;
      if ((byte & 0x80) == 0) return value;
    }
    Fail();
    return 0;
  }
  // A count of things that each take at least one byte: more than the bytes left is an error.
  size_t Count() {
    const uint64_t n = Number();
    if (n > left()) Fail();
    return ok_ ? static_cast<size_t>(n) : 0;
  }
  unsigned Byte() { return Need(1) ? static_cast<unsigned char>(in_[at_++]) : 0; }
  std::string_view Raw(size_t n) {
    if (!Need(n)) return {};
    std::string_view part = in_.substr(at_, n);
    at_ += n;
    return part;
  }
  std::string Text() { return std::string(Raw(Count())); }
  std::vector<std::string> Texts() {
    std::vector<std::string> texts(Count());
    for (std::string& text : texts) text = Text();
    return texts;
  }

 private:
  bool Need(size_t n) {
    ok_ = ok_ && left() >= n;
    return ok_;
  }
  std::string_view in_;
  size_t at_ = 0;
  bool ok_ = true;
};

}  // namespace chiplight

#endif  // CHIPLIGHT_BYTE_IO_H_
