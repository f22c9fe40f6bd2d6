#include "document.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <new>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include <gumbo.h>
#include <nlohmann/json.hpp>

#include "chiplight/text.h"

#include "readers/charset.h"
#include "readers/formats.h"

namespace chiplight::cli {
std::string_view HtmlBlocksJson();  // core/data/html-blocks.json, embedded at build time

namespace fs = std::filesystem;
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool IsScannableExtension(const fs::path& path) {
  return readers::IsScannableName(path.filename().string());
}

bool IsHtmlPath(const std::string& path) {
  const std::string ext = Lower(fs::path(path).extension().string());
  return ext == ".html" || ext == ".htm";
}

// How a page is cut into blocks: core/data/html-blocks.json, shared with the page highlighter
// (web/highlighter/collect.js) so both find the same matches in the same HTML.
enum class TagKind : char { kBlock, kInline, kSkip };

struct TagRules {
  std::vector<TagKind> known;  // by GumboTag
  std::unordered_map<std::string, TagKind> by_name;
};

const TagRules& Rules() {
  static const TagRules rules = [] {
    TagRules r;
    const auto data = nlohmann::json::parse(HtmlBlocksJson());
    for (const auto& name : data.at("inline"))
      r.by_name[name.get<std::string>()] = TagKind::kInline;
    // The scanner has no frame's document: a frame's contents are skipped.
    for (const char* list : {"skip", "frames"}) {
      for (const auto& name : data.at(list)) r.by_name[name.get<std::string>()] = TagKind::kSkip;
    }
    r.known.assign(GUMBO_TAG_LAST, TagKind::kBlock);
    for (int t = 0; t < GUMBO_TAG_LAST; ++t) {
      auto it = r.by_name.find(gumbo_normalized_tagname(static_cast<GumboTag>(t)));
      if (it != r.by_name.end()) r.known[t] = it->second;
    }
    return r;
  }();
  return rules;
}

TagKind KindOf(const GumboElement& element) {
  const TagRules& rules = Rules();
  if (element.tag != GUMBO_TAG_UNKNOWN) return rules.known[element.tag];
  GumboStringPiece name = element.original_tag;
  gumbo_tag_from_original_text(&name);
  auto it = rules.by_name.find(Lower(std::string(name.data, name.length)));
  return it == rules.by_name.end() ? TagKind::kBlock : it->second;
}

// Blocks end with the block separator (chiplight/text.h) and a line break. A line break alone is
// a separator inside names ("Amazon Web\nServices" in a text file), so a name could run from
// one paragraph or table cell into the next; the block separator is not, as in the browser.
void AppendBreak(std::string& out) {
  if (!out.empty() && out.back() != '\n') (out += chiplight::kBlockSeparator) += '\n';
}

void CollectText(const GumboNode* root, std::string& out, HtmlReadWork& work) {
  // An explicit stack: deeply nested pages must not overflow ours.
  struct Frame {
    const GumboNode* node;
    size_t depth;
    bool closing;
  };
  std::vector<Frame> stack{{root, 0, false}};
  while (!stack.empty()) {
    Frame frame = stack.back();
    stack.pop_back();
    const GumboNode* node = frame.node;
    if (!frame.closing) {
      ++work.nodes;
      work.depth_sum += frame.depth;
      work.max_depth = std::max(work.max_depth, frame.depth);
    }
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
        node->type == GUMBO_NODE_CDATA) {
      out += node->v.text.text;
      continue;
    }
    // Template contents are inert: never shown until a script clones them.
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) continue;
    if (node->type == GUMBO_NODE_ELEMENT) {
      const TagKind kind = KindOf(node->v.element);
      if (frame.closing) {
        if (kind == TagKind::kBlock) AppendBreak(out);
        continue;
      }
      if (kind == TagKind::kSkip) continue;
      if (kind == TagKind::kBlock) AppendBreak(out);
      stack.push_back({node, frame.depth, true});
    }
    const GumboVector& children =
        node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
    for (size_t i = children.length; i > 0; --i) {
      stack.push_back(
          {static_cast<const GumboNode*>(children.data[i - 1]), frame.depth + 1, false});
    }
  }
}

// Bounding the depth the parser sees. gumbo 0.10.1 has no max_tree_depth option, so a light
// pass over the tags models its stack of open elements and drops start tags (and their end
// tags) that would nest deeper than kMaxHtmlDepth. The model errs on the deep side: end tags
// close only what the parser would close (not across table cells or past special elements),
// formatting elements closed by something else still count (the parser reopens them), and the
// elements it closes implicitly are few. Pages within the limit reach the parser unchanged.
class NestingLimiter {
 public:
  explicit NestingLimiter(std::string_view html) : html_(html) {}

  // The page with its too-deep tags dropped, or nullopt if none was.
  std::optional<std::string> Run(size_t* dropped_count) {
    size_t i = 0;
    const size_t n = html_.size();
    while (i < n) {
      size_t lt = html_.find('<', i);
      if (lt == std::string_view::npos) break;
      i = lt + 1;
      if (i >= n) break;
      if (html_.compare(lt, 4, "<!--") == 0) {
        size_t end = html_.find("-->", lt + 4);
        i = end == std::string_view::npos ? n : end + 3;
        continue;
      }
      if (html_[i] == '!' || html_[i] == '?') {
        size_t end = html_.find('>', i);
        i = end == std::string_view::npos ? n : end + 1;
        continue;
      }
      const bool closing = html_[i] == '/';
      size_t name_at = closing ? i + 1 : i;
      if (name_at >= n || !IsAsciiLetter(html_[name_at])) continue;
      size_t name_end = name_at;
      while (name_end < n && !IsTagNameEnd(html_[name_end])) ++name_end;
      const std::string name = Lower(std::string(html_.substr(name_at, name_end - name_at)));
      const size_t tag_end = TagEnd(name_end);
      if (closing) {
        EndTag(name, lt, tag_end);
      } else if (IsRawText(name)) {
        // No tags inside, up to the element's end tag: a leaf, kept at any depth (so that a
        // script stays a script).
        i = RawTextEnd(name, tag_end);
        continue;
      } else {
        StartTag(name, lt, tag_end);
        if (name == "plaintext") break;
      }
      i = tag_end;
    }
    *dropped_count = drops_.size();
    if (drops_.empty()) return std::nullopt;
    std::string out;
    out.reserve(html_.size());
    size_t from = 0;
    for (auto [start, end] : drops_) {
      out.append(html_.substr(from, start - from));
      from = end;
    }
    out.append(html_.substr(from));
    return out;
  }

 private:
  static bool IsAsciiLetter(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
  static bool IsTagNameEnd(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' || c == '>';
  }
  static bool IsIn(const std::string& name, std::initializer_list<const char*> names) {
    for (const char* n : names) {
      if (name == n) return true;
    }
    return false;
  }
  static bool IsRawText(const std::string& name) {
    return IsIn(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                       "noframes", "noscript"});
  }
  static bool IsVoid(const std::string& name) {
    return IsIn(
        name, {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image",
               "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"});
  }
  static bool IsFormatting(const std::string& name) {
    return IsIn(name, {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike",
                       "strong", "tt", "u"});
  }
  // Where an end tag's search for its element stops (the HTML standard's scope boundaries).
  static bool IsScopeBoundary(const std::string& name) {
    return IsIn(name, {"applet", "caption", "html", "table", "td", "th", "marquee", "object",
                       "template", "svg", "math"});
  }
  // Elements closed by a start tag of the same name, or (p) by any block.
  static bool IsImpliedEnd(const std::string& name) {
    return IsIn(name,
                {"p", "li", "dd", "dt", "option", "optgroup", "tr", "td", "th", "rb", "rt", "rp"});
  }

  // Past the tag's closing '>', skipping quoted attribute values.
  size_t TagEnd(size_t i) const {
    char quote = 0;
    for (; i < html_.size(); ++i) {
      char c = html_[i];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return i + 1;
      }
    }
    return html_.size();
  }

  size_t RawTextEnd(const std::string& name, size_t i) const {
    const std::string closer = "</" + name;
    while (i < html_.size()) {
      size_t lt = html_.find("</", i);
      if (lt == std::string_view::npos) return html_.size();
      if (Lower(std::string(html_.substr(lt, closer.size()))) == closer) return lt;
      i = lt + 2;
    }
    return html_.size();
  }

  size_t depth() const { return open_.size() + reopened_formatting_; }

  void StartTag(const std::string& name, size_t start, size_t end) {
    if (IsVoid(name)) return;
    if (!open_.empty() && IsImpliedEnd(open_.back()) &&
        (open_.back() == name || (open_.back() == "p" && !IsFormatting(name)))) {
      open_.pop_back();
    }
    if (depth() >= kMaxHtmlDepth) {
      drops_.emplace_back(start, end);
      ++dropped_open_[name];
      return;
    }
    open_.push_back(name);
  }

  void EndTag(const std::string& name, size_t start, size_t end) {
    // The innermost element of that name is one that was dropped, if any is still open.
    if (auto it = dropped_open_.find(name); it != dropped_open_.end() && it->second > 0) {
      --it->second;
      drops_.emplace_back(start, end);
      return;
    }
    const bool special = !IsFormatting(name);
    for (size_t k = open_.size(); k > 0; --k) {
      const std::string& open = open_[k - 1];
      if (open == name) {
        // What it closes on the way: formatting elements are reopened by the parser later.
        for (size_t j = k; j < open_.size(); ++j) {
          if (IsFormatting(open_[j])) ++reopened_formatting_;
        }
        open_.resize(k - 1);
        return;
      }
      if (IsScopeBoundary(open) || (!special && !IsFormatting(open))) break;
    }
    // Nothing open of that name: the parser ignores it, unless it ends a reopened element.
    if (IsFormatting(name) && reopened_formatting_ > 0) --reopened_formatting_;
  }

  std::string_view html_;
  std::vector<std::string> open_;
  size_t reopened_formatting_ = 0;
  std::map<std::string, size_t> dropped_open_;
  std::vector<std::pair<size_t, size_t>> drops_;
};

// UTF-16 to UTF-8, every unpaired surrogate replaced by U+FFFD (and counted); an odd last byte
// too.
std::string DecodeUtf16(std::string_view bytes, bool big_endian, size_t* replaced) {
  std::string out;
  out.reserve(bytes.size() * 3 / 2);
  auto unit = [&](size_t i) {
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    const auto b1 = static_cast<unsigned char>(bytes[i + 1]);
    return static_cast<char32_t>(big_endian ? (b0 << 8) | b1 : (b1 << 8) | b0);
  };
  auto append = [&](char32_t c) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  };
  size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    char32_t c = unit(i);
    if (c >= 0xD800 && c <= 0xDBFF && i + 3 < bytes.size()) {
      char32_t low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append(0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
        continue;
      }
    }
    if (c >= 0xD800 && c <= 0xDFFF) {
      ++*replaced;
      c = 0xFFFD;
    }
    append(c);
  }
  if (i < bytes.size()) {
    ++*replaced;
    append(0xFFFD);
  }
  return out;
}

// UTF-16 without a byte-order mark shows itself by NUL bytes (the high byte of every ASCII
// character), which text in UTF-8 or GB18030 never has: the side with most of them is the high
// byte. Returns false when the bytes don't look like UTF-16.
bool LooksLikeUtf16(std::string_view bytes, bool* big_endian) {
  if (bytes.size() < 2 || bytes.size() % 2 != 0) return false;
  size_t even_nuls = 0, odd_nuls = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\0') ++(i % 2 == 0 ? even_nuls : odd_nuls);
  }
  if (even_nuls + odd_nuls == 0) return false;
  // In a real UTF-16 text the NULs are nearly all on one side.
  if (even_nuls > 4 * odd_nuls) {
    *big_endian = true;
    return true;
  }
  if (odd_nuls > 4 * even_nuls) {
    *big_endian = false;
    return true;
  }
  return false;
}

std::string KindOf(const fs::file_status& status) {
  switch (status.type()) {
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::character:
      return "a character device";
    case fs::file_type::fifo:
      return "a FIFO";
    case fs::file_type::socket:
      return "a socket";
    default:
      return "not a file";
  }
}

}  // namespace

std::string DecodeToUtf8(std::string bytes, std::string* encoding,
                         std::vector<std::string>* warnings) {
  *encoding = "utf-8";
  auto warn = [&](std::string message) {
    if (warnings) warnings->push_back(std::move(message));
  };
  auto utf16 = [&](std::string_view units, bool big_endian, const char* how) {
    size_t replaced = 0;
    std::string out = DecodeUtf16(units, big_endian, &replaced);
    *encoding = big_endian ? "utf-16be" : "utf-16le";
    if (*how) warn(std::string("read as ") + *encoding + " " + how);
    if (replaced > 0) {
      warn(std::to_string(replaced) + " invalid " + *encoding +
           " code unit(s) replaced with U+FFFD");
    }
    return out;
  };
  if (bytes.size() >= 2) {
    const auto b0 = static_cast<unsigned char>(bytes[0]);
    const auto b1 = static_cast<unsigned char>(bytes[1]);
    if (b0 == 0xFF && b1 == 0xFE) return utf16(std::string_view(bytes).substr(2), false, "");
    if (b0 == 0xFE && b1 == 0xFF) return utf16(std::string_view(bytes).substr(2), true, "");
  }
  if (IsValidUtf8(bytes, NulBytes::kRefused)) return bytes;
  if (bool big_endian = false; LooksLikeUtf16(bytes, &big_endian)) {
    return utf16(bytes, big_endian, "(no byte-order mark; NUL bytes show UTF-16)");
  }
  if (IsValidUtf8(bytes)) return bytes;
  std::string out;
  if (readers::DecodeChinese(bytes, &out, encoding) && IsValidUtf8(out)) return out;
  *encoding = "utf-8";
  warn(
      "neither UTF-8, UTF-16, GB18030 nor Big5: scanned as raw bytes (text in other encodings "
      "is not found)");
  return bytes;
}

std::string HtmlToText(std::string_view html, HtmlReadWork* work) {
  HtmlReadWork local;
  HtmlReadWork& counted = work ? *work : local;
  std::optional<std::string> limited = NestingLimiter(html).Run(&counted.tags_flattened);
  if (limited) html = *limited;
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = kMaxHtmlErrors;
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  std::string text;
  CollectText(output->document, text, counted);
  gumbo_destroy_output(&options, output);
  counted.bytes_out = text.size();
  return text;
}

std::vector<std::string> CollectInputs(const std::vector<std::string>& paths,
                                       std::vector<std::string>* errors,
                                       std::map<std::string, size_t>* skipped_formats) {
  std::vector<std::string> inputs;
  for (const std::string& path : paths) {
    if (path == "-") {
      inputs.push_back(path);
      continue;
    }
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      errors->push_back(path + ": no such file or folder");
      continue;
    }
    if (!fs::is_directory(status)) {
      inputs.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    auto options = fs::directory_options::skip_permission_denied;
    for (auto it = fs::recursive_directory_iterator(path, options, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      if (IsScannableExtension(it->path())) {
        found.push_back(it->path().string());
      } else if (skipped_formats) {
        const std::string ext = Lower(it->path().extension().string());
        ++(*skipped_formats)[ext.empty() ? "(no extension)" : ext];
      }
    }
    if (ec) errors->push_back(path + ": " + ec.message());
    std::sort(found.begin(), found.end());
    inputs.insert(inputs.end(), found.begin(), found.end());
  }
  return inputs;
}

std::string ReadInputBytes(const std::string& path, std::uint64_t max_bytes) {
  std::string bytes;
  if (path == "-") {
    char chunk[1 << 16];
    while (std::cin.read(chunk, sizeof chunk) || std::cin.gcount() > 0) {
      bytes.append(chunk, static_cast<size_t>(std::cin.gcount()));
      if (bytes.size() > max_bytes) {
        throw std::runtime_error("-: larger than " + readers::SizeText(max_bytes) + "; not read");
      }
    }
  } else {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (!ec && fs::exists(status) && !fs::is_regular_file(status)) {
      throw std::runtime_error(path + ": not a regular file (" + KindOf(status) +
                               "); scan reads files, folders and - for stdin");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open the file");
    if (fs::is_regular_file(path, ec) && fs::file_size(path, ec) > max_bytes && !ec) {
      throw std::runtime_error(path + ": larger than " + readers::SizeText(max_bytes) +
                               "; not read");
    }
    // Read at its size in one go (a character iterator cost an eighth of a large scan); a file
    // that grows while being read is read on to its end.
    const std::uint64_t size = fs::file_size(path, ec);
    if (!ec) {
      bytes.resize(static_cast<size_t>(size));
      in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      bytes.resize(static_cast<size_t>(in.gcount()));
    }
    if (in.good()) {
      char chunk[1 << 16];
      while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        bytes.append(chunk, static_cast<size_t>(in.gcount()));
        if (bytes.size() > max_bytes) {
          throw std::runtime_error(path + ": larger than " + readers::SizeText(max_bytes) +
                                   "; not read");
        }
      }
    }
    if (in.bad()) throw std::runtime_error(path + ": read error");
  }
  return bytes;
}

Document DocumentFromBytes(std::string name, std::string bytes, readers::ExpansionBudget& budget,
                           const readers::Limits& limits) {
  Document doc;
  doc.name = std::move(name);
  if (auto extracted = readers::ReadBinary(doc.name, bytes, budget, limits)) {
    doc.text = std::move(extracted->text);
    doc.page_starts = std::move(extracted->page_starts);
    doc.note = std::move(extracted->note);
    return doc;
  }
  doc.html = IsHtmlPath(doc.name);
  doc.text = doc.html ? readers::DecodeHtmlToUtf8(std::move(bytes), &doc.encoding)
                      : DecodeToUtf8(std::move(bytes), &doc.encoding, &doc.warnings);
  if (doc.html) {
    HtmlReadWork work;
    doc.text = HtmlToText(doc.text, &work);
    if (work.tags_flattened > 0) {
      doc.warnings.push_back(std::to_string(work.tags_flattened) +
                             " HTML tag(s) nested deeper than " + std::to_string(kMaxHtmlDepth) +
                             " levels ignored (their text is kept)");
    }
  }
  return doc;
}

Document ReadDocument(const std::string& path) {
  try {
    readers::Limits limits;
    std::string bytes = ReadInputBytes(path, limits.max_file_bytes);
    readers::ExpansionBudget budget(bytes.size(), limits);
    return DocumentFromBytes(path, std::move(bytes), budget, limits);
  } catch (const std::bad_alloc&) {
    throw std::runtime_error(path + ": out of memory reading the file");
  }
}

}  // namespace chiplight::cli
