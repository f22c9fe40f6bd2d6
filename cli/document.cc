#include "document.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <new>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <gumbo.h>

namespace chiplight::cli {
namespace fs = std::filesystem;
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool IsScannableExtension(const fs::path& path) {
  const std::string ext = Lower(path.extension().string());
  return ext == ".txt" || ext == ".md" || ext == ".html" || ext == ".htm";
}

bool IsHtmlPath(const std::string& path) {
  const std::string ext = Lower(fs::path(path).extension().string());
  return ext == ".html" || ext == ".htm";
}

// Returns false when the whole input can't be converted.
bool Convert(const char* from, const std::string& in, std::string* out) {
  iconv_t cd = iconv_open("UTF-8", from);
  // iconv_open's documented failure value is (iconv_t)-1.
  const auto failed = reinterpret_cast<iconv_t>(-1);  // NOLINT(performance-no-int-to-ptr)
  if (cd == failed) return false;
  out->assign(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out->data();
  size_t dst_left = out->size();
  bool ok = true;
  while (src_left > 0) {
    if (iconv(cd, &src, &src_left, &dst, &dst_left) == static_cast<size_t>(-1)) {
      if (errno == E2BIG) {
        size_t used = out->size() - dst_left;
        out->resize(out->size() * 2);
        dst = out->data() + used;
        dst_left = out->size() - used;
        continue;
      }
      ok = false;
      break;
    }
  }
  iconv_close(cd);
  if (ok) out->resize(out->size() - dst_left);
  return ok;
}

bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_BODY:
      return true;
    default:
      return false;
  }
}

bool IsInvisible(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT ||
         tag == GUMBO_TAG_TEMPLATE || tag == GUMBO_TAG_HEAD || tag == GUMBO_TAG_IFRAME ||
         tag == GUMBO_TAG_OBJECT;
}

// Blocks end with U+2029 PARAGRAPH SEPARATOR and a line break. A line break alone is a
// separator inside names ("Amazon Web\nServices" in a text file), so a name could run from
// one paragraph or table cell into the next; U+2029 is not, as in the browser highlighter.
void AppendBreak(std::string& out) {
  if (!out.empty() && out.back() != '\n') out += "\xE2\x80\xA9\n";
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
      GumboTag tag = node->v.element.tag;
      if (frame.closing) {
        if (IsBlock(tag)) AppendBreak(out);
        continue;
      }
      if (IsInvisible(tag)) continue;
      if (IsBlock(tag)) AppendBreak(out);
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

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > n || c == 0xC0 || c == 0xC1 || c > 0xF4) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

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
  if (IsValidUtf8(bytes) && bytes.find('\0') == std::string::npos) return bytes;
  if (bool big_endian = false; LooksLikeUtf16(bytes, &big_endian)) {
    return utf16(bytes, big_endian, "(no byte-order mark; NUL bytes show UTF-16)");
  }
  if (IsValidUtf8(bytes)) return bytes;
  std::string out;
  if (Convert("GB18030", bytes, &out) && IsValidUtf8(out)) {
    *encoding = "gb18030";
    return out;
  }
  warn(
      "neither UTF-8, UTF-16 nor GB18030: scanned as raw bytes (text in other encodings is "
      "not found)");
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
                                       std::vector<std::string>* errors) {
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
      if (it->is_regular_file(ec) && IsScannableExtension(it->path())) {
        found.push_back(it->path().string());
      }
    }
    if (ec) errors->push_back(path + ": " + ec.message());
    std::sort(found.begin(), found.end());
    inputs.insert(inputs.end(), found.begin(), found.end());
  }
  return inputs;
}

namespace {

Document ReadDocumentOrThrow(const std::string& path) {
  Document doc;
  doc.name = path;
  std::string bytes;
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    bytes = buffer.str();
  } else {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (!ec && fs::exists(status) && !fs::is_regular_file(status)) {
      throw std::runtime_error(path + ": not a regular file (" + KindOf(status) +
                               "); scan reads files, folders and - for stdin");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open the file");
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) throw std::runtime_error(path + ": read error");
  }
  doc.text = DecodeToUtf8(std::move(bytes), &doc.encoding, &doc.warnings);
  doc.html = IsHtmlPath(path);
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

}  // namespace

Document ReadDocument(const std::string& path) {
  try {
    return ReadDocumentOrThrow(path);
  } catch (const std::bad_alloc&) {
    throw std::runtime_error(path + ": out of memory reading the file");
  }
}

}  // namespace chiplight::cli
