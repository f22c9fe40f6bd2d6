// `chiplight report PATH... -o report.html`: the documents scanned, written into one
// self-contained HTML file (docs/cli.md).
#ifndef CHIPLIGHT_CLI_REPORT_H_
#define CHIPLIGHT_CLI_REPORT_H_

#include <string>
#include <string_view>
#include <vector>

namespace chiplight::cli {

struct ReportOptions {
  std::vector<std::string> paths;
  std::string output;        // the HTML file written
  std::string lexicon_path;  // "" for the built-in lexicon
  unsigned jobs = 0;         // threads; 0 for the machine's hardware threads
};

int RunReport(const ReportOptions& options);

// The page the report is written into (web/build-report.mjs), embedded at build time; empty
// when the build had no WebAssembly module.
std::string_view ReportTemplate();

}  // namespace chiplight::cli

#endif  // CHIPLIGHT_CLI_REPORT_H_
