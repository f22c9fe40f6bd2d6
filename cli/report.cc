#include "report.h"

#include <array>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <limits>
#include <memory>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "chiplight/assess.h"
#include "chiplight/lexicon.h"
#include "chiplight/matcher.h"
#include "output.h"
#include "scan.h"

namespace chiplight::cli {
namespace {

using nlohmann::json;

constexpr std::string_view kDataMarker = "<!--CHIPLIGHT-DATA-->";

// JSON that can sit inside <script type="application/json">: '<' appears only inside strings,
// where \u003c means the same, so no "</script>" or "<!--" in a document can end the block.
std::string ScriptJson(const json& value) {
  const std::string dumped = Dump(value);
  std::string out;
  out.reserve(dumped.size() + 64);
  for (char c : dumped) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

// A document's text as its pages (one for documents without pages), for the reader.
json Pages(std::string_view text, const std::vector<size_t>* page_starts) {
  json pages = json::array();
  if (page_starts == nullptr || page_starts->empty()) {
    pages.push_back(std::string(text));
    return pages;
  }
  for (size_t i = 0; i < page_starts->size(); ++i) {
    const size_t from = std::min((*page_starts)[i], text.size());
    const size_t to =
        i + 1 < page_starts->size() ? std::min((*page_starts)[i + 1], text.size()) : text.size();
    pages.push_back(std::string(text.substr(from, to > from ? to - from : 0)));
  }
  return pages;
}

std::string Today() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d", &utc);
  return text;
}

struct FileCloser {
  void operator()(std::FILE* file) const {
    if (file != nullptr) std::fclose(file);
  }
};

}  // namespace

int RunReport(const ReportOptions& options) {
  const std::string_view page = ReportTemplate();
  const size_t marker = page.find(kDataMarker);
  if (page.empty() || marker == std::string_view::npos) {
    throw std::runtime_error(
        "this chiplight was built without the report page (its WebAssembly matcher): build it "
        "with emscripten installed (scripts/setup.sh)");
  }
  auto lexicon =
      options.lexicon_path.empty() ? Lexicon::BuiltIn() : Lexicon::FromFile(options.lexicon_path);
  const Matcher matcher(lexicon);
  Inputs inputs = GatherInputs(options.paths);
  for (const auto& error : inputs.errors) std::cerr << "chiplight: " << Printable(error) << "\n";

  std::unique_ptr<std::FILE, FileCloser> out(std::fopen(options.output.c_str(), "wb"));
  if (!out) throw std::runtime_error(options.output + ": cannot write the report");
  auto write = [&](std::string_view text) {
    if (std::fwrite(text.data(), 1, text.size(), out.get()) != text.size()) {
      throw std::runtime_error(options.output + ": write error");
    }
  };
  write(page.substr(0, marker));

  const size_t count = inputs.files.size();
  std::vector<std::vector<json>> rows(count);  // each input's documents, for the table
  std::vector<Skipped> skipped(count);
  OrderedWork work(count, options.jobs ? options.jobs : OrderedWork::DefaultJobs());
  auto work_on = [&](size_t index, OrderedWork::Sink& sink) {
    // Documents are read whole (never streamed): the report holds their text.
    ReadInput(
        inputs.files[index], std::numeric_limits<size_t>::max(), sink, skipped[index],
        [&](const InputDocument& doc) {
          const std::vector<Match> matches = matcher.Scan(doc.text);
          const Assessment assessment = Assess(*lexicon, matches);
          json counts = json::object();
          for (Category c : kAllCategories) counts[std::string(CategoryName(c))] = 0;
          for (const Match& m : matches) {
            auto& n = counts[std::string(CategoryName(matcher.entry(m).category))];
            n = n.get<size_t>() + 1;
          }
          json evidence = json::array();
          for (size_t i : assessment.evidence) {
            const Match& m = matches[i];
            const Entry& e = matcher.entry(m);
            evidence.push_back({{"text", std::string(doc.text.substr(m.start, m.end - m.start))},
                                {"category", CategoryName(e.category)},
                                {"label", e.label}});
          }
          const std::string block =
              std::to_string(index) + "-" + std::to_string(rows[index].size());
          json row = {{"file", doc.name},
                      {"verdict", VerdictName(assessment.verdict)},
                      {"counts", counts},
                      {"evidence", evidence},
                      {"explanation", assessment.explanation},
                      {"block", block}};
          const bool paged = doc.page_starts != nullptr && !doc.page_starts->empty();
          if (paged) row["pages"] = doc.page_starts->size();
          if (!doc.note.empty()) row["note"] = doc.note;
          rows[index].push_back(std::move(row));
          sink.Out("<script type=\"application/json\" id=\"chiplight-doc-" + block + "\">" +
                   ScriptJson({{"paged", paged}, {"pages", Pages(doc.text, doc.page_starts)}}) +
                   "</script>\n");
        });
  };
  json documents = json::array();
  Skipped total;
  total.formats = inputs.skipped_formats;
  auto emit = [&](size_t index, const std::string& text, const std::string& err, bool done) {
    if (!err.empty()) std::fwrite(err.data(), 1, err.size(), stderr);
    write(text);
    if (!done) return;
    total.Add(skipped[index]);
    for (json& row : rows[index]) documents.push_back(std::move(row));
    rows[index].clear();
  };
  work.Run(work_on, emit);

  std::array<size_t, 4> by_verdict{};
  for (const json& row : documents) {
    const std::string verdict = row["verdict"];
    for (size_t v = 0; v < by_verdict.size(); ++v) {
      if (verdict == VerdictName(static_cast<Verdict>(v))) ++by_verdict[v];
    }
  }
  const json index = {
      {"lexicon", lexicon->version()}, {"generated", Today()}, {"documents", std::move(documents)}};
  write("<script type=\"application/json\" id=\"chiplight-index\">" + ScriptJson(index) +
        "</script>\n");
  write(page.substr(marker + kDataMarker.size()));
  if (std::fflush(out.get()) != 0) throw std::runtime_error(options.output + ": write error");

  std::cerr << "chiplight: " << Printable(options.output) << ": " << index["documents"].size()
            << " document(s): " << by_verdict[3] << " strong, " << by_verdict[2] << " moderate, "
            << by_verdict[1] << " weak, " << by_verdict[0] << " none\n";
  if (total.Any() && inputs.folders) std::cerr << total.Describe();
  const bool failed =
      !inputs.errors.empty() || total.unreadable > 0 || !total.notes.empty() || work.failures() > 0;
  return failed ? 1 : 0;
}

}  // namespace chiplight::cli
