// chiplight: the command-line scanner. See docs/cli.md.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "chiplight/assess.h"
#include "chiplight/lexicon.h"
#include "chiplight/listed.h"
#include "chiplight/matcher.h"
#include "document.h"
#include "import_list.h"
#include "lexicon_internal.h"
#include "readers/stream.h"

namespace chiplight::cli {
namespace {

using nlohmann::json;

// Exit codes (docs/cli.md).
constexpr int kOk = 0;
constexpr int kBadInput = 1;
constexpr int kUsage = 2;

// Text from files, file names and lexicons is untrusted: written raw to a terminal, an escape
// sequence in it could retitle the window, rewrite earlier lines or worse. Control characters
// (C0, DEL, C1) and the bidirectional overrides that reorder a line are shown as \xHH / \u{HHHH}.
std::string Printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char escape[16];
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) {
      std::snprintf(escape, sizeof escape, "\\x%02X", c);
      out += escape;
      continue;
    }
    // C1 controls, U+0080-U+009F: C2 80 - C2 9F.
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      std::snprintf(escape, sizeof escape, "\\u{%04X}", static_cast<unsigned char>(text[i + 1]));
      out += escape;
      ++i;
      continue;
    }
    // U+202A-U+202E (E2 80 AA-AE) and U+2066-U+2069 (E2 81 A6-A9): embeddings, overrides,
    // isolates.
    if (c == 0xE2 && i + 2 < text.size()) {
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      const auto c2 = static_cast<unsigned char>(text[i + 2]);
      if ((c1 == 0x80 && c2 >= 0xAA && c2 <= 0xAE) || (c1 == 0x81 && c2 >= 0xA6 && c2 <= 0xA9)) {
        std::snprintf(escape, sizeof escape, "\\u{%04X}",
                      0x2000 + ((c1 & 0x3F) << 6) + (c2 & 0x3F));
        out += escape;
        i += 2;
        continue;
      }
    }
    out += static_cast<char>(c);
  }
  return out;
}

struct Style {
  bool color = false;
  std::string Paint(std::string_view text, const char* code) const {
    if (!color) return Printable(text);
    return std::string("\033[") + code + "m" + Printable(text) + "\033[0m";
  }
  std::string Category(Category category) const {
    static const char* codes[kCategoryCount] = {"1;31", "1;34", "1;35", "1;32", "1;36"};
    return Paint(CategoryName(category), codes[static_cast<int>(category)]);
  }
  std::string Verdict(Verdict verdict) const {
    static const char* codes[] = {"2", "33", "1;33", "1;31"};
    return Paint(VerdictName(verdict), codes[static_cast<int>(verdict)]);
  }
  std::string Bold(std::string_view text) const { return Paint(text, "1"); }
  std::string Dim(std::string_view text) const { return Paint(text, "2"); }
};

std::string Dump(const json& value) {
  // Documents may hold invalid UTF-8; replace it rather than fail the whole line.
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Quoted, and a cell a spreadsheet would read as a formula (starting with = + - @, a tab or a
// carriage return: a file name, a lexicon's label) gets a leading apostrophe, as OWASP advises;
// "-" alone, stdin's name, is left as it is.
std::string CsvField(std::string_view text) {
  std::string out = "\"";
  if (!text.empty() && text != "-" &&
      std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos) {
    out += '\'';
  }
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::shared_ptr<const Lexicon> LoadLexicon(const std::string& path) {
  return path.empty() ? Lexicon::BuiltIn() : Lexicon::FromFile(path);
}

std::vector<Category> ParseCategories(const std::vector<std::string>& names) {
  std::vector<Category> categories;
  for (const std::string& name : names) {
    auto category = ParseCategory(name);
    if (!category) throw CLI::ValidationError("--category", "unknown category '" + name + "'");
    categories.push_back(*category);
  }
  return categories;
}

// Line and column (1-based, in code points) of byte offsets, computed in one forward walk.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  std::pair<size_t, size_t> At(size_t offset) {
    for (; pos_ < offset && pos_ < text_.size(); ++pos_) {
      if (text_[pos_] == '\n') {
        ++line_;
        column_ = 1;
      } else if ((static_cast<unsigned char>(text_[pos_]) & 0xC0) != 0x80) {
        ++column_;
      }
    }
    return {line_, column_};
  }

 private:
  std::string_view text_;
  size_t pos_ = 0, line_ = 1, column_ = 1;
};

struct FileResult {
  std::string name;
  std::vector<Match> matches;
  Assessment assessment;
  std::array<size_t, kCategoryCount> counts{};
  std::string text;  // the document's text, which offsets refer to
  std::vector<size_t> page_starts;
  std::string note;  // why the file was read only in part or not at all
};

// The page (1-based) of a byte offset in a paged document (PDF, slides); 0 for other documents.
size_t PageOf(const FileResult& r, size_t offset) {
  return std::upper_bound(r.page_starts.begin(), r.page_starts.end(), offset) -
         r.page_starts.begin();
}

json EvidenceJson(const Matcher& matcher, const FileResult& r) {
  json evidence = json::array();
  for (size_t i : r.assessment.evidence) {
    const Match& m = r.matches[i];
    const Entry& e = matcher.entry(m);
    evidence.push_back({{"start", m.start},
                        {"end", m.end},
                        {"text", r.text.substr(m.start, m.end - m.start)},
                        {"id", e.id},
                        {"category", CategoryName(e.category)},
                        {"label", e.label}});
  }
  return evidence;
}

json CountsJson(const FileResult& r) {
  json counts = json::object();
  for (Category c : kAllCategories)
    counts[std::string(CategoryName(c))] = r.counts[static_cast<int>(c)];
  return counts;
}

void PrintMatchesText(const Matcher& matcher, const FileResult& r, const Style& style) {
  std::cout << style.Bold(r.name) << "\n";
  LineCounter lines(r.text);
  for (const Match& m : r.matches) {
    const Entry& e = matcher.entry(m);
    auto [line, column] = lines.At(m.start);
    std::ostringstream where;
    if (size_t page = PageOf(r, m.start)) where << "p" << page << ":";
    where << line << ":" << column;
    std::string category = style.Category(e.category);
    std::cout << "  " << std::left << std::setw(9) << where.str() << " " << category
              << std::string(13 - CategoryName(e.category).size(), ' ')
              << Printable(r.text.substr(m.start, m.end - m.start)) << style.Dim("  " + e.label)
              << "\n";
  }
  if (r.matches.empty()) std::cout << "  " << style.Dim("no mentions") << "\n";
  if (!r.note.empty()) std::cout << "  note: " << Printable(r.note) << "\n";
  std::cout << "  cloud-access pattern: " << style.Verdict(r.assessment.verdict) << " - "
            << Printable(r.assessment.explanation) << "\n\n";
}

// The mentions that support a file's verdict, as they read in it, joined.
std::string EvidenceText(const FileResult& r, const char* separator) {
  std::string evidence;
  for (size_t i : r.assessment.evidence) {
    const Match& m = r.matches[i];
    if (!evidence.empty()) evidence += separator;
    evidence += r.text.substr(m.start, m.end - m.start);
  }
  return evidence;
}

// One line of the folder table: what it needs of a file, without the file's text, so that a
// folder of any size costs only a line per file.
struct SummaryRow {
  std::string name;
  Verdict verdict = Verdict::kNone;
  std::array<size_t, kCategoryCount> counts{};
  std::string evidence;
  std::string note;
};

void PrintSummaryText(std::vector<SummaryRow>& rows, const Style& style) {
  std::stable_sort(rows.begin(), rows.end(),
                   [](const SummaryRow& a, const SummaryRow& b) { return a.verdict > b.verdict; });
  std::cout << style.Bold("verdict   chip cloud inter  reg list  file") << "\n";
  std::array<size_t, 4> by_verdict{};
  for (const auto& row : rows) {
    ++by_verdict[static_cast<int>(row.verdict)];
    std::string verdict(VerdictName(row.verdict));
    std::cout << style.Verdict(row.verdict) << std::string(9 - verdict.size(), ' ');
    for (size_t count : row.counts) std::cout << std::right << std::setw(5) << count;
    std::cout << "  " << Printable(row.name) << "\n";
    if (row.verdict != Verdict::kNone) {
      std::cout << "          " << style.Dim("evidence: " + row.evidence) << "\n";
    }
    if (!row.note.empty()) std::cout << "          note: " << Printable(row.note) << "\n";
  }
  std::cout << "\n"
            << rows.size() << " file(s): " << by_verdict[3] << " strong, " << by_verdict[2]
            << " moderate, " << by_verdict[1] << " weak, " << by_verdict[0] << " none\n";
}

// The listed parties asked for (docs/listed-parties.md): none, the packaged copy, or a file
// `lexicon import-list` wrote; asking for the category `listed` asks for the packaged copy.
struct ListedChoice {
  bool packaged = false;
  std::string file;
};

std::shared_ptr<const Lexicon> WithListed(std::shared_ptr<const Lexicon> lexicon,
                                          ListedChoice listed,
                                          const std::vector<Category>& categories,
                                          std::string* list_date) {
  if (std::find(categories.begin(), categories.end(), Category::kListed) != categories.end())
    listed.packaged = listed.packaged || listed.file.empty();
  if (!listed.file.empty()) {
    std::ifstream in(listed.file, std::ios::binary);
    if (!in) throw LexiconError(listed.file, "cannot read the file");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ListedParties parties = WithListedParties(*lexicon, text, listed.file);
    *list_date = parties.list_date;
    return parties.lexicon;
  }
  if (!listed.packaged) return lexicon;
  ListedParties parties = WithListedParties(*lexicon, PackagedListedJson(), "listed-lexicon.json");
  *list_date = parties.list_date;
  return parties.lexicon;
}

int RunScan(const std::vector<std::string>& paths, const std::string& format,
            const std::string& lexicon_path, bool summary,
            const std::vector<std::string>& category_names, const ListedChoice& listed) {
  MatcherOptions options;
  options.categories = ParseCategories(category_names);
  std::string list_date;
  auto lexicon = WithListed(LoadLexicon(lexicon_path), listed, options.categories, &list_date);
  Matcher matcher(lexicon, options);

  std::vector<std::string> errors;
  std::vector<std::string> inputs = CollectInputs(paths, &errors);
  for (const auto& error : errors) std::cerr << "chiplight: " << Printable(error) << "\n";
  Style style{format == "text" && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR")};
  const bool progress = isatty(STDERR_FILENO) && inputs.size() > 20;

  if (format == "csv") {
    std::string category_columns;
    for (Category c : kAllCategories) category_columns += std::string(CategoryName(c)) + ",";
    std::cout << (summary ? "file,verdict," + category_columns + "evidence,note\n"
                          : "file,start,end,text,id,category,label,page\n");
  }
  std::vector<SummaryRow> rows;               // for the text summary table, printed at the end
  readers::DocumentStream documents(inputs);  // files, and the members of archives
  for (;;) {
    Document doc;
    try {
      if (!documents.Next(&doc)) break;
    } catch (const std::exception& error) {
      errors.emplace_back(error.what());
      std::cerr << (progress ? "\n" : "") << "chiplight: " << Printable(error.what()) << "\n";
      continue;
    }
    if (progress) {
      std::cerr << "\rscanning " << documents.inputs_started() << "/" << inputs.size()
                << std::flush;
    }
    for (const std::string& warning : doc.warnings) {
      std::cerr << (progress ? "\n" : "") << "chiplight: " << Printable(doc.name)
                << ": warning: " << Printable(warning) << "\n";
    }
    if (!doc.note.empty()) {
      errors.push_back(doc.name + ": " + doc.note);
      std::cerr << (progress ? "\n" : "") << "chiplight: " << Printable(errors.back()) << "\n";
    }
    FileResult r;
    r.name = doc.name;
    r.page_starts = std::move(doc.page_starts);
    r.note = std::move(doc.note);
    r.matches = matcher.Scan(doc.text);
    r.assessment = Assess(*lexicon, r.matches);
    for (const Match& m : r.matches) ++r.counts[static_cast<int>(matcher.entry(m).category)];
    r.text = std::move(doc.text);

    if (summary) {
      if (format == "jsonl") {
        json line = {{"file", r.name},
                     {"counts", CountsJson(r)},
                     {"verdict", VerdictName(r.assessment.verdict)},
                     {"explanation", r.assessment.explanation},
                     {"evidence", EvidenceJson(matcher, r)}};
        if (!r.note.empty()) line["note"] = r.note;
        std::cout << Dump(line) << "\n";
      } else if (format == "csv") {
        std::cout << CsvField(r.name) << "," << VerdictName(r.assessment.verdict);
        for (size_t count : r.counts) std::cout << "," << count;
        std::cout << "," << CsvField(EvidenceText(r, "; ")) << "," << CsvField(r.note) << "\n";
      } else {
        rows.push_back({r.name, r.assessment.verdict, r.counts, EvidenceText(r, ", "), r.note});
      }
      continue;
    }
    if (format == "jsonl") {
      for (const Match& m : r.matches) {
        const Entry& e = matcher.entry(m);
        json line = {
            {"file", r.name},   {"start", m.start},
            {"end", m.end},     {"text", r.text.substr(m.start, m.end - m.start)},
            {"id", e.id},       {"category", CategoryName(e.category)},
            {"label", e.label},
        };
        if (size_t page = PageOf(r, m.start)) line["page"] = page;
        if (e.category == Category::kListed) line["list_date"] = list_date;
        std::cout << Dump(line) << "\n";
      }
    } else if (format == "csv") {
      for (const Match& m : r.matches) {
        const Entry& e = matcher.entry(m);
        std::cout << CsvField(r.name) << "," << m.start << "," << m.end << ","
                  << CsvField(r.text.substr(m.start, m.end - m.start)) << "," << CsvField(e.id)
                  << "," << CategoryName(e.category) << "," << CsvField(e.label) << ",";
        if (size_t page = PageOf(r, m.start)) std::cout << page;
        std::cout << "\n";
      }
    } else {
      PrintMatchesText(matcher, r, style);
    }
  }
  if (progress) std::cerr << "\r" << std::string(30, ' ') << "\r";
  if (summary && format == "text") PrintSummaryText(rows, style);
  if (!list_date.empty() && format == "text") {
    std::cout << "listed parties: Entity List and Military End-User list as of " << list_date
              << (listed.file.empty() ? " (the packaged copy)"
                                      : " (" + Printable(listed.file) + ")")
              << "\n";
  }
  return errors.empty() ? kOk : kBadInput;
}

int RunGlossary(const std::string& query, const std::string& lexicon_path,
                const std::string& format) {
  auto lexicon = LoadLexicon(lexicon_path);
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  const std::string needle = lower(query);
  Style style{format == "text" && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR")};
  size_t shown = 0;
  for (const Entry& e : lexicon->entries()) {
    bool hit = needle.empty() || lower(e.id).find(needle) != std::string::npos ||
               lower(e.label).find(needle) != std::string::npos;
    for (const auto& name : e.names) hit = hit || lower(name).find(needle) != std::string::npos;
    if (!hit) continue;
    ++shown;
    if (format == "json") {
      std::cout << Dump(LexiconInternals::Source(*lexicon, e)) << "\n";
      continue;
    }
    std::cout << style.Bold(e.label) << "  " << style.Category(e.category)
              << (e.kind.empty() ? "" : style.Dim(" / " + e.kind)) << style.Dim("  [" + e.id + "]")
              << "\n";
    if (!e.names.empty()) {
      std::string names;
      for (const auto& n : e.names) names += (names.empty() ? "" : ", ") + n;
      std::cout << "  names: " << Printable(names) << "\n";
    }
    const json glossary = LexiconInternals::Source(*lexicon, e).value("glossary", json::object());
    if (glossary.contains("summary")) {
      for (const char* lang : {"en", "zh"}) {
        if (glossary["summary"].contains(lang)) {
          std::cout << "  " << Printable(glossary["summary"][lang].get<std::string>()) << "\n";
        }
      }
    }
    for (const auto& d : glossary.value("dates", json::array())) {
      std::cout << "  " << Printable(d.value("date", "")) << "  " << Printable(d.value("event", ""))
                << "\n";
    }
    for (const auto& c : glossary.value("citations", json::array())) {
      std::cout << "  cite: " << Printable(c.value("text", "")) << "  "
                << style.Dim(c.value("url", "")) << "\n";
    }
    if (glossary.contains("control")) {
      const json& control = glossary["control"];
      std::string rules;
      for (const auto& r : control.value("rules", json::array())) {
        rules += (rules.empty() ? "" : ", ") + r.get<std::string>();
      }
      std::cout << "  controlled by: " << Printable(rules)
                << (control.contains("since")
                        ? " since " + Printable(control["since"].get<std::string>())
                        : "")
                << "\n";
    }
    if (glossary.contains("related")) {
      std::string related;
      for (const auto& r : glossary["related"])
        related += (related.empty() ? "" : ", ") + r.get<std::string>();
      std::cout << "  related: " << Printable(related) << "\n";
    }
    if (format == "text") std::cout << "\n";
  }
  if (shown == 0) {
    std::cerr << "chiplight: no glossary entry matches '" << Printable(query) << "'\n";
    return kBadInput;
  }
  return kOk;
}

int RunLexiconCheck(const std::string& path) {
  auto lexicon = Lexicon::FromFile(path);
  Matcher matcher(lexicon);
  std::array<size_t, kCategoryCount> counts{};
  for (const Entry& e : lexicon->entries()) ++counts[static_cast<int>(e.category)];
  std::cout << Printable(path) << ": ok, version " << Printable(lexicon->version()) << ", "
            << lexicon->entries().size() << " entries (";
  for (Category c : kAllCategories) {
    std::cout << (c == kAllCategories[0] ? "" : ", ") << counts[static_cast<size_t>(c)] << " "
              << CategoryName(c);
  }
  std::cout << "), " << lexicon->contexts().size() << " context sets\n";
  if (std::string reason = matcher.SlowPathReason(); !reason.empty()) {
    std::cout << Printable(path)
              << ": note: matching runs on RE2 alone (same results, slower) because of " << reason
              << "; see docs/lexicon.md\n";
  }
  return kOk;
}

}  // namespace
}  // namespace chiplight::cli

int main(int argc, char** argv) try {
  using namespace chiplight::cli;
  CLI::App app{
      "chiplight: finds controlled AI chips, cloud providers, intermediaries and "
      "export-control terms in documents"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("chiplight 0.1.0"));

  std::vector<std::string> paths;
  std::string format = "text", lexicon_path, query, check_path;
  std::vector<std::string> categories;
  bool summary = false;

  auto* scan = app.add_subcommand("scan", "Scan files, folders (recursively) or - for stdin");
  scan->add_option("paths", paths, "Files, folders or -")->required();
  scan->add_option("--format,-f", format, "Output format")
      ->check(CLI::IsMember({"text", "jsonl", "csv"}))
      ->capture_default_str();
  scan->add_option("--lexicon,-l", lexicon_path, "A lexicon file instead of the built-in one");
  scan->add_option("--category,-c", categories,
                   "Only these categories (chip, cloud, intermediary, regulation, listed); "
                   "repeatable")
      ->delimiter(',');
  ListedChoice listed;
  scan->add_flag("--listed", listed.packaged,
                 "Also find listed parties (Entity List, MEU list; the packaged copy)");
  scan->add_option("--listed-file", listed.file,
                   "Find the listed parties of this file (written by lexicon import-list)");
  scan->add_flag("--summary,-s", summary,
                 "Per file: counts by category and the cloud-access verdict; one table sorted by "
                 "verdict");

  auto* glossary =
      app.add_subcommand("glossary", "Print glossary entries matching QUERY (all if none)");
  glossary->add_option("query", query, "Part of an id, label or name");
  glossary->add_option("--lexicon,-l", lexicon_path, "A lexicon file instead of the built-in one");
  std::string glossary_format = "text";
  glossary->add_option("--format,-f", glossary_format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));

  auto* lexicon = app.add_subcommand("lexicon", "Work with lexicon files");
  lexicon->require_subcommand(1);
  auto* check = lexicon->add_subcommand("check", "Validate a lexicon file; print the first error");
  check->add_option("file", check_path, "The lexicon JSON file")->required();
  std::string import_path, import_out;
  auto* import_list = lexicon->add_subcommand(
      "import-list",
      "Convert a Consolidated Screening List download (trade.gov, JSON or CSV) into a listed "
      "parties file for scan --listed-file");
  import_list->add_option("file", import_path, "The CSL file (.json or .csv)")->required();
  import_list->add_option("--out,-o", import_out,
                          "Write here (replaced only when the conversion is valid); default: "
                          "standard output");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? kOk : kUsage;
  }
  try {
    if (*scan) return RunScan(paths, format, lexicon_path, summary, categories, listed);
    if (*glossary) return RunGlossary(query, lexicon_path, glossary_format);
    if (*check) return RunLexiconCheck(check_path);
    if (*import_list) return RunImportList(import_path, import_out);
  } catch (const CLI::ValidationError& error) {
    std::cerr << "chiplight: " << Printable(error.what()) << "\n";
    return kUsage;
  } catch (const std::exception& error) {  // a bad lexicon, unreadable input, out of memory
    std::cerr << "chiplight: " << Printable(error.what()) << "\n";
    return kBadInput;
  }
  return kUsage;
}
// Anything thrown before a command runs (setting up the argument parser) still ends with a
// message and the bad-input code.
catch (const std::exception& error) {
  std::cerr << "chiplight: " << chiplight::cli::Printable(error.what()) << "\n";
  return chiplight::cli::kBadInput;
}
