#include "readers/charset.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>

#include "chiplight/text.h"
#include "document.h"

namespace chiplight::cli::readers {
namespace {

// Strict conversion to UTF-8: false unless every byte converts.
bool Convert(const char* from, std::string_view in, std::string* out) {
  iconv_t cd = iconv_open("UTF-8", from);
  const auto failed = reinterpret_cast<iconv_t>(-1);  // NOLINT(performance-no-int-to-ptr)
  if (cd == failed) return false;
  std::string result(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = result.data();
  size_t dst_left = result.size();
  bool ok = true;
  while (src_left > 0) {
    if (iconv(cd, &src, &src_left, &dst, &dst_left) != static_cast<size_t>(-1)) continue;
    if (errno != E2BIG) {
      ok = false;
      break;
    }
    const size_t used = result.size() - dst_left;
    result.resize(result.size() * 2);
    dst = result.data() + used;
    dst_left = result.size() - used;
  }
  // A truncated multibyte sequence at the end leaves iconv waiting for more: that is a failure.
  if (ok && iconv(cd, nullptr, nullptr, &dst, &dst_left) == static_cast<size_t>(-1)) ok = false;
  iconv_close(cd);
  if (!ok) return false;
  result.resize(result.size() - dst_left);
  *out = std::move(result);
  return true;
}

struct Score {
  size_t frequent = 0;
  size_t pairs = 0;
  // frequent / pairs > other.frequent / other.pairs, without division.
  bool Beats(const Score& other) const { return frequent * other.pairs > other.frequent * pairs; }
};

Score ScoreGb(std::string_view bytes) {
  Score score;
  for (size_t i = 0; i + 1 < bytes.size();) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    const auto trail = static_cast<unsigned char>(bytes[i + 1]);
    if (lead < 0x81) {
      ++i;
      continue;
    }
    if (trail >= 0x30 && trail <= 0x39) {  // a four-byte GB18030 sequence: rare characters
      ++score.pairs;
      i += 4;
      continue;
    }
    ++score.pairs;
    // GB2312 level 1 (the 3755 most used hanzi), punctuation (row 1) and full-width forms (row 3).
    if (trail >= 0xA1 && ((lead >= 0xB0 && lead <= 0xD7) || lead == 0xA1 || lead == 0xA3)) {
      ++score.frequent;
    }
    i += 2;
  }
  return score;
}

Score ScoreBig5(std::string_view bytes) {
  Score score;
  for (size_t i = 0; i + 1 < bytes.size();) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    if (lead < 0x81) {
      ++i;
      continue;
    }
    const unsigned code = lead << 8 | static_cast<unsigned char>(bytes[i + 1]);
    ++score.pairs;
    // Big5's frequently used characters (A440-C67E) and its punctuation and symbols (A140-A3BF).
    if ((code >= 0xA440 && code <= 0xC67E) || (code >= 0xA140 && code <= 0xA3BF)) {
      ++score.frequent;
    }
    i += 2;
  }
  return score;
}

bool DecodeBig5(std::string_view bytes, std::string* out) {
  // Windows' Big5 (what Taiwanese sites save) first, then Big5-HKSCS (what browsers read).
  return Convert("CP950", bytes, out) || Convert("BIG5-HKSCS", bytes, out);
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// The label after `key` (charset, encoding) at `from`: spaces, '=', quotes, then the name.
std::string LabelAfter(const std::string& head, size_t from) {
  size_t i = from;
  while (i < head.size() && (head[i] == ' ' || head[i] == '=' || head[i] == '"' ||
                             head[i] == '\'' || head[i] == '\t' || head[i] == '\n')) {
    ++i;
  }
  size_t end = i;
  while (end < head.size() &&
         (std::isalnum(static_cast<unsigned char>(head[end])) || head[end] == '-' ||
          head[end] == '_' || head[end] == ':' || head[end] == '.')) {
    ++end;
  }
  return head.substr(i, end - i);
}

}  // namespace

bool DecodeChinese(std::string_view bytes, std::string* out, std::string* encoding) {
  std::string gb, big5;
  const bool gb_ok = Convert("GB18030", bytes, &gb);
  const bool big5_ok = DecodeBig5(bytes, &big5);
  if (!gb_ok && !big5_ok) return false;
  const bool pick_big5 = big5_ok && (!gb_ok || ScoreBig5(bytes).Beats(ScoreGb(bytes)));
  *out = pick_big5 ? std::move(big5) : std::move(gb);
  *encoding = pick_big5 ? "big5" : "gb18030";
  return true;
}

std::string DeclaredHtmlCharset(std::string_view bytes) {
  const std::string head = Lower(bytes.substr(0, 1024));
  if (head.rfind("<?xml", 0) == 0) {
    const size_t end = head.find("?>");
    const size_t at = head.find("encoding", 0);
    if (at != std::string::npos && at < end) return LabelAfter(head, at + 8);
  }
  for (size_t meta = head.find("<meta"); meta != std::string::npos;
       meta = head.find("<meta", meta + 5)) {
    const size_t end = head.find('>', meta);
    const size_t at = head.find("charset", meta);
    if (at != std::string::npos && at < end) {
      std::string label = LabelAfter(head, at + 7);
      if (!label.empty()) return label;
    }
  }
  return "";
}

bool DecodeAs(std::string_view label, std::string_view bytes, std::string* out,
              std::string* encoding) {
  const std::string name = Lower(label);
  static const char* const kGbLabels[] = {"gb2312",  "gbk",      "gb18030",   "x-gbk",      "cp936",
                                          "chinese", "csgb2312", "iso-ir-58", "windows-936"};
  static const char* const kBig5Labels[] = {"big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5"};
  if (std::find(std::begin(kGbLabels), std::end(kGbLabels), name) != std::end(kGbLabels)) {
    *encoding = "gb18030";
    return Convert("GB18030", bytes, out);
  }
  if (std::find(std::begin(kBig5Labels), std::end(kBig5Labels), name) != std::end(kBig5Labels)) {
    *encoding = "big5";
    return DecodeBig5(bytes, out);
  }
  if (name == "utf-8" || name == "utf8" || name.empty()) return false;
  *encoding = name;
  return Convert(name.c_str(), bytes, out);
}

std::string DecodeHtmlToUtf8(std::string bytes, std::string* encoding) {
  const bool has_bom = bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') ||
                                             (bytes[0] == '\xFE' && bytes[1] == '\xFF'));
  if (!has_bom && !IsValidUtf8(bytes)) {
    std::string out;
    if (DecodeAs(DeclaredHtmlCharset(bytes), bytes, &out, encoding)) return out;
  }
  return DecodeToUtf8(std::move(bytes), encoding);
}

}  // namespace chiplight::cli::readers
