// End-to-end: `chiplight scan` on PDFs, office files, archives and legacy-encoded pages, as an
// analyst gets them from tender sites (the documents tests/cli/make_documents.py writes).
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "chiplight_process.h"

using Catch::Matchers::Contains;
using chiplight_test::Chiplight;
using chiplight_test::JsonLines;
using chiplight_test::Run;
using chiplight_test::SplitLines;
using nlohmann::json;

namespace {

const std::string kDocuments = CHIPLIGHT_DOCUMENTS;

std::multimap<std::string, json> ByText(const std::string& out) {
  std::multimap<std::string, json> mentions;
  for (const json& line : JsonLines(out)) mentions.emplace(line["text"].get<std::string>(), line);
  return mentions;
}

}  // namespace

TEST_CASE("a PDF's mentions carry their page besides their offsets", "[cli][pdf]") {
  Run run = Chiplight("scan --format jsonl " + kDocuments + "/pdf/multipage.pdf");
  REQUIRE(run.status == 0);
  CHECK(run.err.empty());
  auto mentions = ByText(run.out);
  REQUIRE(mentions.count("A100") == 1);
  CHECK(mentions.find("A100")->second["page"] == 2);
  REQUIRE(mentions.count("Alibaba Cloud") == 1);
  CHECK(mentions.find("Alibaba Cloud")->second["page"] == 3);
  REQUIRE(mentions.count("broker") == 1);
  CHECK(mentions.find("broker")->second["page"] == 3);

  Run csv = Chiplight("scan --format csv " + kDocuments + "/pdf/multipage.pdf");
  REQUIRE(csv.status == 0);
  auto rows = SplitLines(csv.out);
  CHECK(rows.front() == "file,start,end,text,id,category,label,page");
  CHECK(std::any_of(rows.begin(), rows.end(), [](const std::string& row) {
    return row.find("\"A100\",\"nvidia-a100\",chip,\"Nvidia A100\",2") != std::string::npos;
  }));
  // Text output: page, then line and column.
  Run text = Chiplight("scan " + kDocuments + "/pdf/multipage.pdf");
  CHECK_THAT(text.out, Contains("p2:"));
  // Documents without pages carry no page.
  Run plain = Chiplight("scan --format jsonl " + kDocuments + "/office/tender.docx");
  for (const json& line : JsonLines(plain.out)) CHECK_FALSE(line.contains("page"));
}

TEST_CASE("English and Chinese PDFs are triaged from their text", "[cli][pdf]") {
  Run run = Chiplight("scan --summary --format jsonl " + kDocuments + "/pdf/english.pdf " +
                      kDocuments + "/pdf/chinese.pdf");
  REQUIRE(run.status == 0);
  auto lines = JsonLines(run.out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["verdict"] == "moderate");  // H100 on Amazon Web Services
  CHECK(lines[1]["verdict"] == "strong");    // 阿里云, 英伟达 H100, 中介
  CHECK_FALSE(lines[0].contains("note"));
  // A page header and the body below it are two blocks: no "Amazon Web Services" across them.
  auto blocks = ByText(Chiplight("scan --format jsonl " + kDocuments + "/pdf/blocks.pdf").out);
  CHECK(blocks.count("Amazon Web Services") == 0);
  CHECK(blocks.count("H100") == 1);
  auto chinese = ByText(Chiplight("scan --format jsonl " + kDocuments + "/pdf/chinese.pdf").out);
  CHECK(chinese.count("阿里云") == 1);
  CHECK(chinese.count("中介") == 1);
  CHECK(chinese.find("H100")->second["page"] == 1);
}

TEST_CASE(
    "image-only and encrypted and truncated PDFs are notes in the summary and not silent zeros",
    "[cli][pdf]") {
  Run run = Chiplight("scan --summary " + kDocuments + "/pdf/image-only.pdf " + kDocuments +
                      "/pdf/encrypted.pdf " + kDocuments + "/pdf/truncated-early.pdf " +
                      kDocuments + "/pdf/english.pdf");
  CHECK(run.status == 1);  // read only in part: as for a file that can't be read
  CHECK_THAT(run.out, Contains("note: no text layer"));
  CHECK_THAT(run.out, Contains("note: encrypted PDF: it needs a password"));
  CHECK_THAT(run.out, Contains("note: truncated PDF"));
  CHECK_THAT(run.out, Contains("4 file(s)"));  // each still has its row; english.pdf is read
  // Every note is on standard error too, one line each, naming the file.
  auto errors = SplitLines(run.err);
  CHECK(errors.size() == 3);
  CHECK_THAT(run.err, Contains("image-only.pdf: no text layer"));

  Run jsonl = Chiplight("scan --summary --format jsonl " + kDocuments + "/pdf/image-only.pdf");
  auto lines = JsonLines(jsonl.out);
  REQUIRE(lines.size() == 1);
  CHECK_THAT(lines[0]["note"].get<std::string>(), Contains("no text layer"));
  Run csv = Chiplight("scan --summary --format csv " + kDocuments + "/pdf/encrypted.pdf");
  CHECK(SplitLines(csv.out).front() ==
        "file,verdict,chip,cloud,intermediary,regulation,listed,evidence,note");
  CHECK_THAT(csv.out, Contains(",\"encrypted PDF: it needs a password to open; not read\""));
}

TEST_CASE(
    "Word and Excel and PowerPoint and OpenDocument files are scanned with cells never joined",
    "[cli][office]") {
  Run run = Chiplight("scan --summary --format jsonl " + kDocuments + "/office/tender.docx " +
                      kDocuments + "/office/prices.xlsx " + kDocuments + "/office/notice.odt " +
                      kDocuments + "/office/briefing.pptx");
  REQUIRE(run.status == 0);
  std::map<std::string, std::string> verdicts;
  for (const json& line : JsonLines(run.out)) {
    verdicts[line["file"].get<std::string>().substr(kDocuments.size())] = line["verdict"];
  }
  CHECK(verdicts["/office/tender.docx"] == "strong");
  CHECK(verdicts["/office/prices.xlsx"] == "strong");
  CHECK(verdicts["/office/notice.odt"] == "strong");
  CHECK(verdicts["/office/briefing.pptx"] == "moderate");
  for (const char* file : {"/office/tender.docx", "/office/prices.xlsx", "/office/notice.odt"}) {
    auto mentions = ByText(Chiplight("scan --format jsonl " + kDocuments + file).out);
    INFO(file);
    // "Amazon Web" and "Services" are neighbouring table cells: never "Amazon Web Services".
    CHECK(mentions.count("Amazon Web Services") == 0);
    CHECK(mentions.count("Amazon") == 1);
    CHECK(mentions.count("H100 NVL") == 0);
  }
  auto pptx = ByText(Chiplight("scan --format jsonl " + kDocuments + "/office/briefing.pptx").out);
  REQUIRE(pptx.count("H100") == 1);
  CHECK(pptx.find("H100")->second["page"] == 2);  // the second slide shown
}

TEST_CASE("a legacy .doc is one clear note", "[cli][office]") {
  Run run = Chiplight("scan --summary " + kDocuments + "/office/legacy.doc");
  CHECK(run.status == 1);
  CHECK_THAT(run.out, Contains("note: legacy Office 97-2003 file (.doc): not read"));
}

TEST_CASE("GB18030 and Big5 pages without a charset are decoded", "[cli][encoding]") {
  auto gb = ByText(Chiplight("scan --format jsonl " + kDocuments + "/encodings/gb18030.html").out);
  CHECK(gb.count("阿里云") == 1);
  CHECK(gb.count("英伟达") == 1);
  CHECK(gb.count("中介") == 1);
  auto big5 = ByText(Chiplight("scan --format jsonl " + kDocuments + "/encodings/big5.html").out);
  CHECK(big5.count("阿里雲") == 1);
  CHECK(big5.count("輝達") == 1);
  CHECK(big5.count("中介") == 1);
  auto big5_text =
      ByText(Chiplight("scan --format jsonl " + kDocuments + "/encodings/big5.txt").out);
  CHECK(big5_text.count("灰色渠道") == 1);
}

TEST_CASE("a zip with nested folders and a zip inside - members named archive/path",
          "[cli][archive]") {
  const std::string pack = kDocuments + "/archives/tender-pack.zip";
  Run run = Chiplight("scan --summary --format jsonl " + pack);
  REQUIRE(run.status == 0);
  CHECK(run.err.empty());
  std::set<std::string> files;
  for (const json& line : JsonLines(run.out)) {
    files.insert(line["file"]);
    CHECK(line["verdict"] == "strong");
  }
  CHECK(files == std::set<std::string>{pack + "!/公告/notice.html",
                                       pack + "!/attachments/spec.docx",
                                       pack + "!/attachments/deep/prices.xlsx",
                                       pack + "!/inner.zip!/nested/multipage.pdf"});
  auto nested = JsonLines(Chiplight("scan --format jsonl " + pack).out);
  CHECK(std::any_of(nested.begin(), nested.end(), [&](const json& line) {
    return line["file"] == pack + "!/inner.zip!/nested/multipage.pdf" && line["text"] == "A100" &&
           line["page"] == 2;
  }));
}

TEST_CASE("a zip bomb and a too-deep zip each end in one clear note - the folder goes on",
          "[cli][archive][limits]") {
  Run bomb = Chiplight("scan --summary --format jsonl " + kDocuments + "/archives/bomb.zip " +
                       kDocuments + "/pdf/english.pdf");
  CHECK(bomb.status == 1);
  auto errors = SplitLines(bomb.err);
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0], Contains("bomb.zip!/zeros.txt: unpacks past 16 MiB"));
  auto lines = JsonLines(bomb.out);
  REQUIRE(lines.size() == 3);  // the member before the bomb, the bomb's note, the next input
  CHECK(lines[0]["verdict"] == "moderate");
  CHECK(lines[2]["file"] == kDocuments + "/pdf/english.pdf");

  Run deep = Chiplight("scan --summary " + kDocuments + "/archives/deep.zip");
  CHECK(deep.status == 1);
  CHECK(SplitLines(deep.err).size() == 1);
  CHECK_THAT(deep.err, Contains("level4.zip: archive nested more than 4 levels deep"));
  CHECK_THAT(deep.out, Contains("1 file(s)"));
}

TEST_CASE("a folder of every kind of document - bad ones included - is scanned to the end",
          "[cli][archive]") {
  Run run = Chiplight("scan --summary --format jsonl " + kDocuments);
  CHECK(run.status == 1);  // the bad files' notes
  std::set<std::string> files;
  size_t noted = 0;
  for (const json& line : JsonLines(run.out)) {
    files.insert(line["file"].get<std::string>().substr(kDocuments.size()));
    if (line.contains("note")) ++noted;
  }
  CHECK(files.count("/pdf/english.pdf") == 1);
  CHECK(files.count("/office/notice.odt") == 1);
  CHECK(files.count("/encodings/big5.html") == 1);
  CHECK(files.count("/archives/tender-pack.zip!/attachments/spec.docx") == 1);
  CHECK(files.count("/pdf/truncated-early.pdf") == 1);
  // Every note on standard error is a row's note in the output; the scan's closing summary of
  // what it skipped follows them.
  const size_t summary_at = run.err.find(" document(s) read; skipped or read in part:");
  REQUIRE(summary_at != std::string::npos);
  const std::string notes = run.err.substr(0, run.err.rfind('\n', summary_at) + 1);
  CHECK(SplitLines(notes).size() == noted);
  CHECK_THAT(run.err, Contains(std::to_string(noted) + " document(s) read in part or not at all:"));
}
