#include "document.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
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

void CollectText(const GumboNode* root, std::string& out) {
  // An explicit stack: deeply nested pages must not overflow ours.
  struct Frame {
    const GumboNode* node;
    bool closing;
  };
  std::vector<Frame> stack{{root, false}};
  while (!stack.empty()) {
    Frame frame = stack.back();
    stack.pop_back();
    const GumboNode* node = frame.node;
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
      stack.push_back({node, true});
    }
    const GumboVector& children =
        node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
    for (size_t i = children.length; i > 0; --i) {
      stack.push_back({static_cast<const GumboNode*>(children.data[i - 1]), false});
    }
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

std::string DecodeToUtf8(std::string bytes, std::string* encoding) {
  *encoding = "utf-8";
  if (bytes.size() >= 2) {
    const auto b0 = static_cast<unsigned char>(bytes[0]);
    const auto b1 = static_cast<unsigned char>(bytes[1]);
    std::string out;
    if (b0 == 0xFF && b1 == 0xFE && Convert("UTF-16LE", bytes.substr(2), &out)) {
      *encoding = "utf-16le";
      return out;
    }
    if (b0 == 0xFE && b1 == 0xFF && Convert("UTF-16BE", bytes.substr(2), &out)) {
      *encoding = "utf-16be";
      return out;
    }
  }
  if (IsValidUtf8(bytes)) return bytes;
  std::string out;
  if (readers::DecodeChinese(bytes, &out, encoding) && IsValidUtf8(out)) return out;
  *encoding = "utf-8";
  return bytes;
}

std::string HtmlToText(std::string_view html) {
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string text;
  CollectText(output->document, text);
  gumbo_destroy_output(&kGumboDefaultOptions, output);
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

Document ReadDocument(const std::string& path) {
  readers::Limits limits;
  std::string bytes = ReadInputBytes(path, limits.max_file_bytes);
  readers::ExpansionBudget budget(bytes.size(), limits);
  return DocumentFromBytes(path, std::move(bytes), budget, limits);
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
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open the file");
    std::error_code ec;
    if (fs::is_regular_file(path, ec) && fs::file_size(path, ec) > max_bytes && !ec) {
      throw std::runtime_error(path + ": larger than " + readers::SizeText(max_bytes) +
                               "; not read");
    }
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
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
                      : DecodeToUtf8(std::move(bytes), &doc.encoding);
  if (doc.html) doc.text = HtmlToText(doc.text);
  return doc;
}

}  // namespace chiplight::cli
