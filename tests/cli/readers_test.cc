// The readers of cli/readers on the documents tests/cli/make_documents.py writes: what text
// comes out, in which order, with which blocks and pages, and the note every bad file ends in.
#include <catch2/catch.hpp>

#include <iconv.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "chiplight/text.h"
#include "document.h"
#include "readers/charset.h"
#include "readers/formats.h"
#include "readers/office.h"
#include "readers/pdf.h"
#include "readers/stream.h"

using Catch::Matchers::Contains;
using chiplight::cli::Document;
using chiplight::cli::readers::DocumentStream;
using chiplight::cli::readers::ExpansionBudget;
using chiplight::cli::readers::Extracted;
using chiplight::cli::readers::Limits;

namespace {

const std::string kDocuments = CHIPLIGHT_DOCUMENTS;
const std::string kBlockEnd = std::string(chiplight::kBlockSeparator) + "\n";

std::string Slurp(const std::string& path) {
  std::ifstream in(kDocuments + "/" + path, std::ios::binary);
  REQUIRE(in);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Extracted Read(const std::string& path, const Limits& limits = {}) {
  const std::string bytes = Slurp(path);
  ExpansionBudget budget(bytes.size(), limits);
  auto extracted = chiplight::cli::readers::ReadBinary(path, bytes, budget, limits);
  REQUIRE(extracted.has_value());
  return *extracted;
}

// Where `needle` is in `text`, failing the test when it isn't.
size_t At(const std::string& text, const std::string& needle) {
  const size_t at = text.find(needle);
  INFO(needle << " in: " << text);
  REQUIRE(at != std::string::npos);
  return at;
}

std::vector<Document> Stream(std::vector<std::string> inputs, const Limits& limits = {}) {
  DocumentStream stream(std::move(inputs), limits);
  std::vector<Document> documents;
  Document doc;
  while (stream.Next(&doc)) documents.push_back(doc);
  return documents;
}

}  // namespace

TEST_CASE("PDF text comes out page by page with where each page starts", "[readers][pdf]") {
  Extracted pdf = Read("pdf/multipage.pdf");
  CHECK(pdf.note.empty());
  REQUIRE(pdf.page_starts.size() == 3);
  CHECK(pdf.page_starts[0] == 0);
  const size_t scope = At(pdf.text, "Section 1: scope of the tender");
  const size_t cards = At(pdf.text, "Section 2: 16 Nvidia A100 cards");
  const size_t hosting = At(pdf.text, "Section 3: hosting on Alibaba Cloud through a broker");
  CHECK(scope < pdf.page_starts[1]);
  CHECK((cards >= pdf.page_starts[1] && cards < pdf.page_starts[2]));
  CHECK(hosting >= pdf.page_starts[2]);
  // A page ends a block: nothing of one page runs into the next.
  CHECK(pdf.text.substr(pdf.page_starts[1] - kBlockEnd.size(), kBlockEnd.size()) == kBlockEnd);
}

TEST_CASE("PDF lines come out in reading order", "[readers][pdf]") {
  Extracted pdf = Read("pdf/english.pdf");
  CHECK(pdf.note.empty());
  const size_t first = At(pdf.text, "Tender 2026-117: GPU server rental");
  const size_t second = At(pdf.text, "The bidder supplies 8 Nvidia H100 accelerators");
  const size_t third = At(pdf.text, "hosted on Amazon Web Services through an agent.");
  CHECK((first < second && second < third));
}

TEST_CASE("the blocks poppler finds on a page end as blocks so names never span them",
          "[readers][pdf]") {
  Extracted pdf = Read("pdf/blocks.pdf");
  CHECK(pdf.note.empty());
  CHECK(pdf.text == "Procurement office: Amazon Web" + kBlockEnd +
                        "Services for the lab: 8 Nvidia H100 cards" + kBlockEnd);
}

TEST_CASE("a Chinese PDF reads through its font's ToUnicode map", "[readers][pdf]") {
  Extracted pdf = Read("pdf/chinese.pdf");
  CHECK(pdf.note.empty());
  At(pdf.text, "深圳市算力服务采购公告");
  At(pdf.text, "租用阿里云服务器，配置英伟达H100，经中介代理。");
}

TEST_CASE("PDFs that can't be read in full each end in a note", "[readers][pdf]") {
  Extracted image = Read("pdf/image-only.pdf");
  CHECK_THAT(image.note, Contains("no text layer"));
  CHECK(image.page_starts.size() == 1);

  Extracted encrypted = Read("pdf/encrypted.pdf");
  CHECK_THAT(encrypted.note, Contains("encrypted PDF"));
  CHECK(encrypted.text.empty());

  // Cut after its pages: poppler recovers them, and the note says the file is incomplete.
  Extracted truncated = Read("pdf/truncated.pdf");
  CHECK_THAT(truncated.note, Contains("truncated PDF"));
  CHECK(truncated.page_starts.size() == 2);
  At(truncated.text, "Page two: A100");
  // Cut before the cross-reference table: nothing to recover.
  Extracted early = Read("pdf/truncated-early.pdf");
  CHECK_THAT(early.note, Contains("truncated PDF"));
  CHECK_THAT(early.note, Contains("not read"));

  CHECK_THAT(Read("pdf/not-a-pdf.pdf").note, Contains("not a PDF"));
}

TEST_CASE("PDF text stops at the text limit - whole characters kept", "[readers][pdf]") {
  Limits limits;
  limits.max_text_bytes = 40;
  Extracted pdf = Read("pdf/chinese.pdf", limits);
  CHECK(pdf.text.size() <= 40);
  CHECK(chiplight::IsValidUtf8(pdf.text));
  CHECK_THAT(pdf.note, Contains("text cut at 40 bytes"));
}

TEST_CASE("Word reads headers then body then footers - table cells as blocks - runs joined",
          "[readers][office]") {
  Extracted docx = Read("office/tender.docx");
  CHECK(docx.note.empty());
  const size_t header = At(docx.text, "Shenzhen computing tender 2026");
  const size_t body = At(docx.text, "Procurement of GPU servers");
  // "A1" and "00" were two runs of one word.
  At(docx.text, "Accelerators: Nvidia A100 cards");
  At(docx.text, "Nvidia H100" + kBlockEnd + "NVL racks" + kBlockEnd);
  At(docx.text, "Amazon Web" + kBlockEnd + "Services" + kBlockEnd);
  const size_t footer = At(docx.text, "Page footer: 阿里云 contact");
  CHECK((header < body && body < footer));
  At(docx.text, "see annex");
  // Deleted text in tracked changes and field codes are not what the document says.
  CHECK(docx.text.find("H20") == std::string::npos);
  CHECK(docx.text.find("HYPERLINK") == std::string::npos);
}

TEST_CASE("Excel reads the sheet name then each cell as a block with shared strings resolved",
          "[readers][office]") {
  Extracted xlsx = Read("office/prices.xlsx");
  CHECK(xlsx.note.empty());
  CHECK(xlsx.text == "采购清单" + kBlockEnd + "Nvidia A100" + kBlockEnd + "8" + kBlockEnd +
                         "阿里云" + kBlockEnd + "rented via 中介" + kBlockEnd + "Amazon Web" +
                         kBlockEnd + "Services" + kBlockEnd);
}

TEST_CASE("PowerPoint slides come in the presentation order and each is a page",
          "[readers][office]") {
  Extracted pptx = Read("office/briefing.pptx");
  CHECK(pptx.note.empty());
  REQUIRE(pptx.page_starts.size() == 2);
  const size_t overview = At(pptx.text, "Project overview" + kBlockEnd + "Budget approved");
  const size_t compute = At(pptx.text, "Compute: Nvidia H100 on AWS");
  CHECK(overview < pptx.page_starts[1]);
  CHECK(compute >= pptx.page_starts[1]);
}

TEST_CASE("OpenDocument reads header then body with tables then footer - spaces as written",
          "[readers][office]") {
  Extracted odt = Read("office/notice.odt");
  CHECK(odt.note.empty());
  const size_t header = At(odt.text, "Tender header: 腾讯云");
  const size_t heading = At(odt.text, "招标公告" + kBlockEnd);
  At(odt.text, "Servers with Nvidia H100 accelerators");  // <text:s/>, and white space collapsed
  At(odt.text, "A100" + kBlockEnd + "NVL racks" + kBlockEnd);
  At(odt.text, "Amazon Web" + kBlockEnd + "Services" + kBlockEnd);
  const size_t footer = At(odt.text, "Tender footer");
  CHECK((header < heading && heading < footer));
  CHECK(odt.text.find("H20 removed") == std::string::npos);  // a tracked deletion
}

TEST_CASE("damaged and legacy office files end in a note", "[readers][office]") {
  CHECK_THAT(Read("office/damaged.docx").note, Contains("damaged office file"));
  CHECK_THAT(Read("office/legacy.doc").note, Contains("legacy Office 97-2003 file (.doc)"));
  CHECK_THAT(Read("office/protected.docx").note, Contains("password-protected Office file"));
}

TEST_CASE("a damaged office file or PDF is a note at every length it can be cut to",
          "[readers][hostile]") {
  // Downloads break off anywhere; none of these may crash or hang, and each says something.
  size_t cuts = 0;
  for (const char* path : {"office/tender.docx", "office/prices.xlsx", "office/notice.odt",
                           "pdf/multipage.pdf", "pdf/chinese.pdf"}) {
    const std::string whole = Slurp(path);
    for (size_t size = 0; size < whole.size(); size += 37) {
      const std::string cut = whole.substr(0, size);
      Limits limits;
      ExpansionBudget budget(cut.size(), limits);
      auto extracted = chiplight::cli::readers::ReadBinary(path, cut, budget, limits);
      REQUIRE(extracted.has_value());
      CHECK_FALSE(extracted->note.empty());
      ++cuts;
    }
  }
  CHECK(cuts > 100);
}

TEST_CASE("XML nested 100000 deep is read without recursion", "[readers][hostile]") {
  Extracted docx = Read("office/deep.docx");
  CHECK(docx.note.empty());
  CHECK(docx.text == "Nvidia H100 at the bottom" + kBlockEnd);
}

TEST_CASE("office parts take from the input's expansion budget", "[readers][office]") {
  Limits limits;
  limits.expansion_grace_bytes = 200;
  limits.max_expansion_ratio = 0;
  const std::string bytes = Slurp("office/tender.docx");
  ExpansionBudget budget(bytes.size(), limits);
  auto docx = chiplight::cli::readers::ReadBinary("tender.docx", bytes, budget, limits);
  REQUIRE(docx.has_value());
  CHECK_THAT(docx->note, Contains("expands past 200 bytes"));
}

TEST_CASE("GB18030 and Big5 are told apart without a declared charset", "[readers][charset]") {
  std::string out, encoding;
  const std::string gb_bytes = Slurp("encodings/gb18030.html");
  REQUIRE(chiplight::cli::readers::DecodeChinese(gb_bytes, &out, &encoding));
  CHECK(encoding == "gb18030");
  At(out, "租用阿里云服务器，配置英伟达H100芯片");
  const std::string big5_bytes = Slurp("encodings/big5.html");
  REQUIRE(chiplight::cli::readers::DecodeChinese(big5_bytes, &out, &encoding));
  CHECK(encoding == "big5");
  At(out, "業者透過中介租用阿里雲伺服器，配備輝達H100晶片。");
  const std::string big5_text = Slurp("encodings/big5.txt");
  REQUIRE(chiplight::cli::readers::DecodeChinese(big5_text, &out, &encoding));
  CHECK(encoding == "big5");
  // Both decode cleanly as GB18030 too: the choice is the detector's, not a decoding failure.
  std::string as_gb;
  CHECK(chiplight::cli::readers::DecodeAs("gbk", big5_bytes, &as_gb, &encoding));
  CHECK(as_gb != out);
}

namespace {

// UTF-8 to `charset` with iconv; "" when the text has characters the charset lacks.
std::string Encode(const char* charset, const std::string& text) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));  // NOLINT(performance-no-int-to-ptr)
  std::string out(text.size() * 4 + 16, '\0');
  char* src = const_cast<char*>(text.data());
  size_t src_left = text.size(), dst_left = out.size();
  char* dst = out.data();
  const bool ok = iconv(cd, &src, &src_left, &dst, &dst_left) != static_cast<size_t>(-1);
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return ok ? out : "";
}

}  // namespace

TEST_CASE("every clause of the Chinese samples is told apart in GB18030 and in Big5",
          "[readers][charset]") {
  // Short runs are the hard case: a clause between two punctuation marks, in simplified and
  // traditional Chinese, in both encodings (Big5 only where it has the characters).
  size_t tried = 0;
  for (const char* sample :
       {"shenzhen-cloud-tender.txt", "zhejiang-lab-notice.txt", "taiwan-news-traditional.txt"}) {
    std::ifstream in(std::string(CHIPLIGHT_SAMPLES) + "/" + sample);
    REQUIRE(in);
    std::string line;
    while (std::getline(in, line)) {
      // Clauses end at full-width punctuation (three bytes, E3 80 81/82 or EF BC 8C/9A/9B).
      std::vector<std::string> clauses;
      std::string clause;
      for (size_t i = 0; i < line.size(); ++i) {
        const std::string_view rest(line.data() + i, line.size() - i);
        if (rest.rfind("，", 0) == 0 || rest.rfind("。", 0) == 0 || rest.rfind("、", 0) == 0 ||
            rest.rfind("：", 0) == 0 || rest.rfind("；", 0) == 0) {
          clauses.push_back(clause);
          clause.clear();
          i += 2;
          continue;
        }
        clause += line[i];
      }
      clauses.push_back(clause);
      for (const std::string& text : clauses) {
        const size_t chinese = std::count_if(text.begin(), text.end(), [](char c) {
          return static_cast<unsigned char>(c) >= 0xE3;  // a lead byte of a CJK character
        });
        if (chinese < 2) continue;
        for (const char* charset : {"GB18030", "BIG5"}) {
          const std::string bytes = Encode(charset, text);
          if (bytes.empty()) continue;
          std::string out, encoding;
          INFO(charset << ": " << text);
          CHECK(chiplight::cli::readers::DecodeChinese(bytes, &out, &encoding));
          CHECK(out == text);
          ++tried;
        }
      }
    }
  }
  CHECK(tried > 50);
}

TEST_CASE("an HTML page's declared charset is read from its meta", "[readers][charset]") {
  using chiplight::cli::readers::DeclaredHtmlCharset;
  CHECK(DeclaredHtmlCharset("<html><head><meta charset=\"big5\">") == "big5");
  CHECK(DeclaredHtmlCharset("<META http-equiv=\"Content-Type\" content=\"text/html; "
                            "charset=GB2312\">") == "gb2312");
  CHECK(DeclaredHtmlCharset("<?xml version=\"1.0\" encoding=\"gbk\"?><html>") == "gbk");
  CHECK(DeclaredHtmlCharset("<html><body>charset=big5 in the text</body>").empty());
  std::string encoding;
  std::string text =
      chiplight::cli::readers::DecodeHtmlToUtf8(Slurp("encodings/declared-big5.html"), &encoding);
  CHECK(encoding == "big5");
  At(text, "輝達");
}

TEST_CASE("archives name their members inside them and open nested archives in turn",
          "[readers][archive]") {
  const std::string pack = kDocuments + "/archives/tender-pack.zip";
  std::vector<std::string> names;
  for (const Document& doc : Stream({pack})) {
    names.push_back(doc.name);
    CHECK(doc.note.empty());
    CHECK_FALSE(doc.text.empty());
  }
  CHECK(names == std::vector<std::string>{pack + "!/公告/notice.html",
                                          pack + "!/attachments/spec.docx",
                                          pack + "!/attachments/deep/prices.xlsx",
                                          pack + "!/inner.zip!/nested/multipage.pdf"});
  // GBK member names, as Chinese Windows writes them, come out in UTF-8.
  auto gbk = Stream({kDocuments + "/archives/gbk-names.zip"});
  REQUIRE(gbk.size() == 1);
  CHECK(gbk[0].name == kDocuments + "/archives/gbk-names.zip!/公告.txt");
}

TEST_CASE("a zip bomb ends in one note and stops its archive - not the scan",
          "[readers][archive][limits]") {
  auto documents = Stream({kDocuments + "/archives/bomb.zip", kDocuments + "/office/tender.docx"});
  REQUIRE(documents.size() == 3);
  CHECK(documents[0].name == kDocuments + "/archives/bomb.zip!/notice.txt");
  CHECK(documents[0].note.empty());
  CHECK(documents[1].name == kDocuments + "/archives/bomb.zip!/zeros.txt");
  CHECK_THAT(documents[1].note, Contains("unpacks past 16 MiB"));
  CHECK_THAT(documents[1].note, Contains("archive bomb"));
  CHECK(documents[2].name == kDocuments + "/office/tender.docx");  // the next input still reads
  CHECK(documents[2].note.empty());
}

TEST_CASE("archives nested too deep and with too many entries end in one note",
          "[readers][archive][limits]") {
  auto deep = Stream({kDocuments + "/archives/deep.zip"});
  REQUIRE(deep.size() == 1);
  CHECK(deep[0].name ==
        kDocuments + "/archives/deep.zip!/level1.zip!/level2.zip!/level3.zip!/level4.zip");
  CHECK_THAT(deep[0].note, Contains("nested more than 4 levels deep"));
  // One level more allowed: the document at the bottom is reached.
  Limits deeper;
  deeper.max_archive_depth = 7;
  auto reached = Stream({kDocuments + "/archives/deep.zip"}, deeper);
  REQUIRE(reached.size() == 1);
  CHECK(reached[0].note.empty());
  CHECK(reached[0].text == "Nvidia H100 at the bottom");

  auto many = Stream({kDocuments + "/archives/many.zip"});
  REQUIRE(many.size() == 10001);
  size_t notes = std::count_if(many.begin(), many.end(),
                               [](const Document& doc) { return !doc.note.empty(); });
  CHECK(notes == 1);
  CHECK_THAT(many.back().note, Contains("more than 10000 archive entries"));
}

TEST_CASE("damaged and empty archives say so", "[readers][archive]") {
  auto damaged = Stream({kDocuments + "/archives/damaged.zip"});
  REQUIRE_FALSE(damaged.empty());
  CHECK(std::all_of(damaged.begin(), damaged.end(),
                    [](const Document& doc) { return !doc.note.empty(); }));
  CHECK_THAT(damaged.back().note, Contains("damaged archive"));
  auto empty = Stream({kDocuments + "/archives/empty.zip"});
  REQUIRE(empty.size() == 1);
  CHECK_THAT(empty[0].note, Contains("no documents inside"));
}

TEST_CASE("folders list the new formats - archives included", "[readers]") {
  std::vector<std::string> errors;
  auto inputs = chiplight::cli::CollectInputs({kDocuments}, &errors);
  CHECK(errors.empty());
  auto has = [&](const std::string& path) {
    return std::find(inputs.begin(), inputs.end(), kDocuments + path) != inputs.end();
  };
  CHECK(has("/pdf/english.pdf"));
  CHECK(has("/office/tender.docx"));
  CHECK(has("/office/prices.xlsx"));
  CHECK(has("/office/notice.odt"));
  CHECK(has("/office/legacy.doc"));
  CHECK(has("/archives/tender-pack.zip"));
  CHECK(has("/encodings/big5.html"));
}

TEST_CASE("poppler runs in a child within a time and a memory limit - past either is a note",
          "[readers][pdf][limits]") {
  // A hostile PDF that loops or eats memory ends like this, and the scan goes on.
  Limits no_time;
  no_time.pdf_seconds = 0;
  Extracted slow = Read("pdf/english.pdf", no_time);
  CHECK_THAT(slow.note, Contains("took longer than 0 s"));
  CHECK(slow.text.empty());

  Limits no_memory;
  no_memory.pdf_memory_bytes = 16u << 20;
  Extracted hungry = Read("pdf/english.pdf", no_memory);
  INFO(hungry.note);
  CHECK_THAT(hungry.note, Contains("not read"));
  CHECK(hungry.text.empty());

  // The same file within the limits reads as ever.
  Extracted fine = Read("pdf/english.pdf");
  CHECK(fine.note.empty());
  At(fine.text, "Nvidia H100");
}

// The command line of each living child of this process (from /proc).
std::vector<std::string> ChildCommands() {
  std::vector<std::string> commands;
  const std::string self = std::to_string(::getpid());
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::ifstream stat(entry.path() / "stat");
    std::string pid, name, state, parent;
    // pid (name) state ppid: the name has no spaces for the processes compared here
    if (!(stat >> pid >> name >> state >> parent) || parent != self) continue;
    std::ifstream cmdline(entry.path() / "cmdline");
    std::string command;
    std::getline(cmdline, command, '\0');
    commands.push_back(command);
  }
  return commands;
}

TEST_CASE("poppler's child is a program started afresh - not a fork holding other threads' locks",
          "[readers][pdf][threads]") {
  // A fork() of a scan running on several threads inherits any lock another thread holds at
  // that moment and can wait for it forever (glibc's tzset lock, which poppler takes through
  // lcms2, hung a folder scan in about one run of 30 under load). The worker is this program
  // started again, told by its environment to serve PDFs: its command line says so.
  Extracted fine = Read("pdf/english.pdf");
  CHECK(fine.note.empty());
  const std::vector<std::string> children = ChildCommands();
  INFO("children: " << children.size());
  CHECK(std::count(children.begin(), children.end(), "chiplight-pdf-worker") >= 1);
  CHECK(std::count(children.begin(), children.end(), "chiplight-pdf-worker") ==
        static_cast<std::ptrdiff_t>(children.size()));
}

TEST_CASE("compressed tars are archives too", "[readers][archive]") {
  const std::string tar = kDocuments + "/archives/notices.tar.gz";
  auto documents = Stream({tar});
  REQUIRE(documents.size() == 2);
  CHECK(documents[0].name == tar + "!/2026/notice.html");
  CHECK(documents[0].encoding == "gb18030");
  At(documents[0].text, "阿里云");
  CHECK(documents[1].name == tar + "!/2026/spec.docx");
  At(documents[1].text, "Nvidia A100");
}
