// chiplight: the command-line scanner. See docs/cli.md.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "chiplight/assess.h"
#include "chiplight/lexicon.h"
#include "chiplight/matcher.h"
#include "import_list.h"
#include "lexicon_internal.h"
#include "output.h"
#include "report.h"
#include "scan.h"

namespace chiplight::cli {
namespace {

// Exit codes (docs/cli.md).
constexpr int kOk = 0;
constexpr int kBadInput = 1;
constexpr int kUsage = 2;

using nlohmann::json;

std::shared_ptr<const Lexicon> LoadLexicon(const std::string& path) {
  return path.empty() ? Lexicon::BuiltIn() : Lexicon::FromFile(path);
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
  bool listed = false;
  std::string listed_file;
  scan->add_flag("--listed", listed,
                 "Also find listed parties (Entity List, MEU list; the packaged copy)");
  scan->add_option("--listed-file", listed_file,
                   "Find the listed parties of this file (written by lexicon import-list)");
  scan->add_flag("--summary,-s", summary,
                 "Per file: counts by category and the cloud-access verdict; one table sorted by "
                 "verdict");
  unsigned jobs = 0;
  scan->add_option("--jobs,-j", jobs,
                   "Files scanned at once (default: the hardware threads); output is the same")
      ->check(CLI::Range(1u, 1024u));
  // Tests lower it to put many block edges in a small file; not for users.
  size_t block_bytes = chiplight::cli::ScanOptions{}.block_bytes;
  scan->add_option("--block-bytes", block_bytes,
                   "Text files larger than this are streamed in blocks of it")
      ->check(CLI::Range(size_t{1}, size_t{1} << 40))
      ->group("");

  ReportOptions report_options;
  auto* report = app.add_subcommand(
      "report", "Write one self-contained HTML report of files and folders (opens offline)");
  report->add_option("paths", report_options.paths, "Files, folders or -")->required();
  report->add_option("--output,-o", report_options.output, "The HTML file to write")->required();
  report->add_option("--lexicon,-l", report_options.lexicon_path,
                     "A lexicon file instead of the built-in one");
  report->add_option("--jobs,-j", report_options.jobs, "Files read at once (default: all cores)")
      ->check(CLI::Range(1u, 1024u));

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
    if (*scan) {
      ScanOptions options;
      options.paths = paths;
      options.format = format;
      options.lexicon_path = lexicon_path;
      options.summary = summary;
      options.categories = categories;
      options.jobs = jobs;
      options.block_bytes = block_bytes;
      options.listed = listed;
      options.listed_file = listed_file;
      return RunScan(options);
    }
    if (*report) return RunReport(report_options);
    if (*glossary) return RunGlossary(query, lexicon_path, glossary_format);
    if (*check) return RunLexiconCheck(check_path);
    if (*import_list) return RunImportList(import_path, import_out);
  } catch (const UsageError& error) {
    std::cerr << "chiplight: " << Printable(error.what()) << "\n";
    return kUsage;
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
