#include "readers/office.h"

#include <zip.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <pugixml.hpp>

namespace chiplight::cli::readers {
namespace {

// A DOM costs several times its XML; parts past this end in a note rather than gigabytes.
constexpr std::uint64_t kMaxXmlPartBytes = 64ull << 20;

// The zip container, read from memory.
class Zip {
 public:
  explicit Zip(std::string_view bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source != nullptr) {
      zip_ = zip_open_from_source(source, ZIP_RDONLY, &error);
      if (zip_ == nullptr) zip_source_free(source);
    }
    zip_error_fini(&error);
  }
  ~Zip() {
    if (zip_ != nullptr) zip_discard(zip_);
  }
  Zip(const Zip&) = delete;
  Zip& operator=(const Zip&) = delete;

  bool ok() const { return zip_ != nullptr; }
  bool Has(const std::string& name) const { return zip_name_locate(zip_, name.c_str(), 0) >= 0; }

  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    const zip_int64_t count = zip_get_num_entries(zip_, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
      const char* name = zip_get_name(zip_, static_cast<zip_uint64_t>(i), 0);
      if (name != nullptr) names.emplace_back(name);
    }
    return names;
  }

  // Reads a part whole, within the part limit and the budget; a note says why not.
  bool Read(const std::string& name, ExpansionBudget& budget, std::string* out,
            std::string* note) const {
    zip_file_t* file = zip_fopen(zip_, name.c_str(), 0);
    if (file == nullptr) {
      *note = name + ": " + zip_strerror(zip_);
      return false;
    }
    out->clear();
    char buffer[1 << 16];
    bool ok = true;
    for (;;) {
      const zip_int64_t got = zip_fread(file, buffer, sizeof buffer);
      if (got == 0) break;
      if (got < 0) {
        *note = name + ": " + zip_file_strerror(file);
        ok = false;
        break;
      }
      if (out->size() + static_cast<std::uint64_t>(got) > kMaxXmlPartBytes) {
        *note = name + " is larger than " + SizeText(kMaxXmlPartBytes) + "; not read";
        ok = false;
        break;
      }
      if (!budget.Take(static_cast<std::uint64_t>(got))) {
        *note = "expands past " + SizeText(budget.allowed()) + " (a zip bomb?); stopped in " + name;
        ok = false;
        break;
      }
      out->append(buffer, static_cast<size_t>(got));
    }
    zip_fclose(file);
    return ok;
  }

 private:
  zip_t* zip_ = nullptr;
};

const char* LocalName(const pugi::xml_node& node) {
  const char* name = node.name();
  const char* colon = std::strchr(name, ':');
  return colon != nullptr ? colon + 1 : name;
}

bool Is(const pugi::xml_node& node, const char* local) {
  return std::strcmp(LocalName(node), local) == 0;
}

// Prefixes are the writer's choice (w:, x:, none at all): elements and attributes are found by
// their local names.
pugi::xml_node Child(const pugi::xml_node& node, const char* local) {
  for (pugi::xml_node child : node.children()) {
    if (Is(child, local)) return child;
  }
  return {};
}

// The relationship id (r:id), which a presentation's sldId carries beside an id of its own.
const char* RelationshipId(const pugi::xml_node& node) {
  for (pugi::xml_attribute attribute : node.attributes()) {
    const char* colon = std::strchr(attribute.name(), ':');
    if (colon != nullptr && std::strcmp(colon + 1, "id") == 0) return attribute.value();
  }
  return "";
}

const char* Attribute(const pugi::xml_node& node, const char* local) {
  for (pugi::xml_attribute attribute : node.attributes()) {
    const char* name = attribute.name();
    const char* colon = std::strchr(name, ':');
    if (std::strcmp(colon != nullptr ? colon + 1 : name, local) == 0) return attribute.value();
  }
  return "";
}

// Text appended up to the text limit; what doesn't fit is dropped and remembered.
class TextOut {
 public:
  TextOut(Extracted& out, std::size_t max) : out_(out), max_(max) {}
  void Append(std::string_view text) {
    if (cut_) return;
    if (out_.text.size() + text.size() > max_) {
      size_t keep = max_ - out_.text.size();
      while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) --keep;
      out_.text.append(text.substr(0, keep));
      cut_ = true;
      return;
    }
    out_.text.append(text);
  }
  void Block() {
    if (!cut_) EndBlock(out_.text);
  }
  void Page() { out_.page_starts.push_back(out_.text.size()); }
  bool cut() const { return cut_; }

 private:
  Extracted& out_;
  std::size_t max_;
  bool cut_ = false;
};

// How one XML vocabulary maps to text, by local element name.
struct Vocabulary {
  std::vector<const char*> blocks;  // end a block before and after
  std::vector<const char*> skip;    // never read inside
  std::vector<const char*> breaks;  // a line break within a paragraph: a block end too
  const char* text = nullptr;       // text only inside these (w:t, a:t); else all text in blocks
  const char* tab = nullptr;
  const char* spaces = nullptr;  // ODF's <text:s text:c="3"/>
  const char* page = nullptr;    // a page of its own (ODF presentation pages)
};

bool In(const std::vector<const char*>& names, const char* local) {
  return std::any_of(names.begin(), names.end(),
                     [local](const char* name) { return std::strcmp(name, local) == 0; });
}

const Vocabulary kWord{{"p", "tc", "tr", "tbl", "txbxContent"},
                       {"delText", "instrText", "Fallback", "rPr", "pPr", "sectPr"},
                       {"br", "cr"},
                       "t",
                       "tab",
                       nullptr,
                       nullptr};
const Vocabulary kDrawing{{"p", "tc", "tr", "tbl"},
                          {"Fallback", "tabLst", "rPr", "pPr"},
                          {"br"},
                          "t",
                          nullptr,
                          nullptr,
                          nullptr};
const Vocabulary kOpenDocument{{"p", "h", "table-cell", "list-item", "table-row"},
                               {"tracked-changes", "annotation", "forms", "bookmark-ref",
                                "sequence-decls", "variable-decls", "user-field-decls"},
                               {"line-break"},
                               nullptr,
                               "tab",
                               "s",
                               "page"};

// Appends the text of `root` by `vocabulary`, walking without recursion (documents can nest
// as deep as they like).
void WalkText(const pugi::xml_node& root, const Vocabulary& vocabulary, TextOut& out) {
  int in_blocks = 0;  // how many block elements enclose the node (ODF reads text only there)
  pugi::xml_node node = root.first_child();
  while (node) {
    bool descend = false;
    if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
      if (vocabulary.text == nullptr && in_blocks > 0) {
        // ODF collapses runs of white space, as HTML does; <text:s/> writes the kept ones.
        std::string collapsed;
        bool space = false;
        for (const char* c = node.value(); *c != '\0'; ++c) {
          const bool is_space = *c == ' ' || *c == '\n' || *c == '\t' || *c == '\r';
          if (is_space && space) continue;
          collapsed += is_space ? ' ' : *c;
          space = is_space;
        }
        out.Append(collapsed);
      }
    } else if (node.type() == pugi::node_element) {
      const char* local = LocalName(node);
      if (In(vocabulary.skip, local)) {
        // nothing inside counts
      } else if (vocabulary.text != nullptr && std::strcmp(local, vocabulary.text) == 0) {
        for (pugi::xml_node child : node.children()) out.Append(child.value());
      } else if (In(vocabulary.breaks, local)) {
        out.Block();
      } else if (vocabulary.tab != nullptr && std::strcmp(local, vocabulary.tab) == 0) {
        out.Append("\t");
      } else if (vocabulary.spaces != nullptr && std::strcmp(local, vocabulary.spaces) == 0) {
        const int count = std::clamp(node.attribute("text:c").as_int(1), 1, 1000);
        out.Append(std::string(static_cast<size_t>(count), ' '));
      } else {
        if (vocabulary.page != nullptr && std::strcmp(local, vocabulary.page) == 0) {
          out.Block();
          out.Page();
        }
        if (In(vocabulary.blocks, local)) {
          out.Block();
          ++in_blocks;
        }
        descend = true;
      }
    }
    if (descend && node.first_child()) {
      node = node.first_child();
      continue;
    }
    // Leave the node, and every ancestor that has no next sibling, ending their blocks.
    while (node && node != root) {
      if (descend && In(vocabulary.blocks, LocalName(node))) {
        out.Block();
        --in_blocks;
      }
      descend = true;  // every ancestor was descended into
      if (node.next_sibling()) {
        node = node.next_sibling();
        break;
      }
      node = node.parent();
    }
    if (node == root) break;
  }
}

// Office files keep the XML in parts; a bad part is a note, and the rest still reads.
class Package {
 public:
  Package(const Zip& zip, ExpansionBudget& budget, Extracted& out, const Limits& limits)
      : zip_(zip), budget_(budget), out_(out), text_(out, limits.max_text_bytes) {}

  bool Load(const std::string& name, pugi::xml_document& xml) {
    std::string bytes, note;
    if (!zip_.Read(name, budget_, &bytes, &note)) {
      AddNote(out_.note, note);
      return false;
    }
    // White space that is all of a run's text (<w:t xml:space="preserve"> </w:t>) is text.
    pugi::xml_parse_result parsed =
        xml.load_buffer(bytes.data(), bytes.size(), pugi::parse_default | pugi::parse_ws_pcdata);
    if (!parsed) {
      AddNote(out_.note, name + ": damaged XML (" + parsed.description() + ")");
      return false;
    }
    return true;
  }

  void Walk(const std::string& name, const Vocabulary& vocabulary) {
    pugi::xml_document xml;
    if (Load(name, xml)) WalkText(xml, vocabulary, text_);
  }

  // Part names of a relationship file's targets, by relationship id, resolved against `folder`.
  std::map<std::string, std::string> Relationships(const std::string& rels,
                                                   const std::string& folder) {
    std::map<std::string, std::string> targets;
    pugi::xml_document xml;
    if (!zip_.Has(rels) || !Load(rels, xml)) return targets;
    for (pugi::xml_node rel : xml.document_element().children()) {
      std::string target = rel.attribute("Target").value();
      if (target.empty() || std::string(rel.attribute("TargetMode").value()) == "External") {
        continue;
      }
      std::string path = target[0] == '/' ? target.substr(1) : folder + target;
      // Resolve "../" the way a file system would.
      std::vector<std::string> parts;
      size_t start = 0;
      while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        std::string part = path.substr(start, end - start);
        if (part == "..") {
          if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") {
          parts.push_back(part);
        }
        start = end + 1;
      }
      std::string resolved;
      for (const auto& part : parts) resolved += (resolved.empty() ? "" : "/") + part;
      targets[rel.attribute("Id").value()] = resolved;
    }
    return targets;
  }

  // Parts named prefix + N + ".xml", by N (header1.xml, header2.xml, ... header10.xml).
  std::vector<std::string> Numbered(const std::string& prefix) const {
    std::vector<std::pair<long, std::string>> found;
    for (const std::string& name : zip_.Names()) {
      if (name.rfind(prefix, 0) != 0 || name.size() < prefix.size() + 5) continue;
      const std::string middle = name.substr(prefix.size(), name.size() - prefix.size() - 4);
      if (name.substr(name.size() - 4) != ".xml" || middle.empty() ||
          middle.find_first_not_of("0123456789") != std::string::npos || middle.size() > 9) {
        continue;
      }
      found.emplace_back(std::stol(middle), name);
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> names;
    for (auto& [number, name] : found) names.push_back(std::move(name));
    return names;
  }

  void Word() {
    for (const auto& header : Numbered("word/header")) Walk(header, kWord);
    Walk("word/document.xml", kWord);
    for (const char* part : {"word/footnotes.xml", "word/endnotes.xml"}) {
      if (zip_.Has(part)) Walk(part, kWord);
    }
    for (const auto& footer : Numbered("word/footer")) Walk(footer, kWord);
  }

  void Excel() {
    std::vector<std::string> shared;
    if (zip_.Has("xl/sharedStrings.xml")) {
      pugi::xml_document xml;
      if (Load("xl/sharedStrings.xml", xml)) {
        for (pugi::xml_node si : xml.document_element().children()) {
          if (!Is(si, "si")) continue;
          std::string value;
          // Rich text runs (r/t) or plain (t); phonetic guides (rPh) are not the cell's text.
          for (pugi::xml_node run : si.children()) {
            if (Is(run, "t")) value += run.text().get();
            if (Is(run, "r")) value += Child(run, "t").text().get();
          }
          shared.push_back(std::move(value));
        }
      }
    }
    const auto targets = Relationships("xl/_rels/workbook.xml.rels", "xl/");
    pugi::xml_document workbook;
    if (!Load("xl/workbook.xml", workbook)) return;
    for (pugi::xml_node sheet : Child(workbook.document_element(), "sheets").children()) {
      auto target = targets.find(RelationshipId(sheet));
      if (target == targets.end()) continue;
      text_.Append(Attribute(sheet, "name"));
      text_.Block();
      pugi::xml_document xml;
      if (!Load(target->second, xml)) continue;
      for (pugi::xml_node row : Child(xml.document_element(), "sheetData").children()) {
        for (pugi::xml_node cell : row.children()) {
          const std::string type = Attribute(cell, "t");
          std::string value;
          if (type == "s") {
            const size_t index = Child(cell, "v").text().as_ullong(~0ull);
            if (index < shared.size()) value = shared[index];
          } else if (type == "inlineStr") {
            for (pugi::xml_node run : Child(cell, "is").children()) {
              if (Is(run, "t")) value += run.text().get();
              if (Is(run, "r")) value += Child(run, "t").text().get();
            }
          } else {
            value = Child(cell, "v").text().get();
          }
          if (value.empty()) continue;
          text_.Append(value);
          text_.Block();
        }
      }
    }
  }

  void PowerPoint() {
    const auto targets = Relationships("ppt/_rels/presentation.xml.rels", "ppt/");
    pugi::xml_document presentation;
    if (!Load("ppt/presentation.xml", presentation)) return;
    for (pugi::xml_node slide : Child(presentation.document_element(), "sldIdLst").children()) {
      auto target = targets.find(RelationshipId(slide));
      if (target == targets.end()) continue;
      text_.Block();
      text_.Page();
      Walk(target->second, kDrawing);
    }
  }

  void OpenDocument() {
    pugi::xml_document styles;
    const bool have_styles = zip_.Has("styles.xml") && Load("styles.xml", styles);
    // Headers and footers live in the master pages of styles.xml.
    auto master_parts = [&](const char* kind) {
      if (!have_styles) return;
      pugi::xml_node masters = Child(styles.document_element(), "master-styles");
      for (pugi::xml_node master : masters.children()) {
        for (pugi::xml_node part : master.children()) {
          if (std::strncmp(LocalName(part), kind, std::strlen(kind)) == 0) {
            WalkText(part, kOpenDocument, text_);
            text_.Block();
          }
        }
      }
    };
    master_parts("header");
    Walk("content.xml", kOpenDocument);
    master_parts("footer");
  }

  bool cut() const { return text_.cut(); }

 private:
  const Zip& zip_;
  ExpansionBudget& budget_;
  Extracted& out_;
  TextOut text_;
};

}  // namespace

bool IsOfficeExtension(std::string_view extension) {
  for (const char* known :
       {".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm", ".odt", ".ods", ".odp"}) {
    if (extension == known) return true;
  }
  return false;
}

bool IsLegacyOfficeExtension(std::string_view extension) {
  return extension == ".doc" || extension == ".xls" || extension == ".ppt";
}

Extracted ReadLegacyOffice(std::string_view bytes, std::string_view extension) {
  Extracted out;
  const bool ole = bytes.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  if (ole && IsOfficeExtension(extension)) {
    out.note = "password-protected Office file (encrypted); not read";
  } else {
    out.note = "legacy Office 97-2003 file (" + std::string(extension) +
               "): not read (no Debian library reads it reliably); save it as .docx, .xlsx or "
               "PDF";
  }
  return out;
}

Extracted ReadOffice(std::string_view bytes, ExpansionBudget& budget, const Limits& limits) {
  Extracted out;
  if (bytes.substr(0, 4) == std::string_view("\xD0\xCF\x11\xE0", 4)) {
    return ReadLegacyOffice(bytes, ".docx");
  }
  Zip zip(bytes);
  if (!zip.ok()) {
    out.note = "damaged office file (not a readable zip); not read";
    return out;
  }
  Package package(zip, budget, out, limits);
  if (zip.Has("word/document.xml")) {
    package.Word();
  } else if (zip.Has("xl/workbook.xml")) {
    package.Excel();
  } else if (zip.Has("ppt/presentation.xml")) {
    package.PowerPoint();
  } else if (zip.Has("content.xml")) {
    package.OpenDocument();
  } else {
    out.note = "not a Word, Excel, PowerPoint or OpenDocument file (no document part); not read";
  }
  if (package.cut()) AddNote(out.note, "text cut at " + SizeText(limits.max_text_bytes));
  return out;
}

}  // namespace chiplight::cli::readers
