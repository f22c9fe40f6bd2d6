// End-to-end: the real `chiplight` binary on real files.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>

#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

struct Run {
  int status;
  std::string out;
  std::string err;
};

Run Chiplight(const std::string& args, const std::string& stdin_text = "") {
  static int counter = 0;
  auto dir = std::filesystem::temp_directory_path();
  std::string tag = std::to_string(::getpid()) + "-" + std::to_string(counter++);
  auto in = dir / ("chiplight-in-" + tag), out = dir / ("chiplight-out-" + tag),
       err = dir / ("chiplight-err-" + tag);
  std::ofstream(in, std::ios::binary) << stdin_text;
  std::string command = std::string(CHIPLIGHT_BIN) + " " + args + " <" + in.string() + " >" +
                        out.string() + " 2>" + err.string();
  int raw = std::system(command.c_str());
  auto slurp = [](const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  };
  Run run{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
  std::filesystem::remove(in);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return run;
}

std::vector<json> Lines(const std::string& out) {
  std::vector<json> lines;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    lines.push_back(json::parse(out.substr(start, end - start)));
    start = end + 1;
  }
  return lines;
}

const std::string kData = CHIPLIGHT_CLI_DATA;

}  // namespace

TEST_CASE("scan --format jsonl prints one line per mention with exact byte offsets", "[cli]") {
  const std::string text = "Nvidia A100 servers on AWS, 阿里云 and 中介 agents.";
  Run run = Chiplight("scan --format jsonl -", text);
  REQUIRE(run.status == 0);
  auto lines = Lines(run.out);
  REQUIRE(lines.size() >= 5);
  for (const json& line : lines) {
    size_t start = line["start"], end = line["end"];
    CHECK(text.substr(start, end - start) == line["text"].get<std::string>());
    CHECK(line["file"] == "-");
    CHECK_FALSE(line["id"].get<std::string>().empty());
    CHECK_FALSE(line["label"].get<std::string>().empty());
  }
  std::vector<std::string> texts;
  for (const json& line : lines) texts.push_back(line["text"]);
  CHECK(std::find(texts.begin(), texts.end(), "A100") != texts.end());
  CHECK(std::find(texts.begin(), texts.end(), "AWS") != texts.end());
  CHECK(std::find(texts.begin(), texts.end(), "阿里云") != texts.end());
  CHECK(std::find(texts.begin(), texts.end(), "中介") != texts.end());
}

TEST_CASE("folders are scanned recursively - only text - markdown and HTML files", "[cli]") {
  Run run = Chiplight("scan --format jsonl " + kData + "/folder");
  REQUIRE(run.status == 0);
  std::set<std::string> files;
  for (const json& line : Lines(run.out)) files.insert(line["file"]);
  CHECK(files.count(kData + "/folder/tender.txt") == 1);
  CHECK(files.count(kData + "/folder/sub/news.html") == 1);
  CHECK(files.count(kData + "/folder/ignored.csv") == 0);
}

TEST_CASE("HTML is reduced to visible text - script and style are dropped", "[cli][html]") {
  Run run = Chiplight("scan --format jsonl " + kData + "/folder/sub/news.html");
  REQUIRE(run.status == 0);
  std::vector<std::string> texts;
  for (const json& line : Lines(run.out)) texts.push_back(line["text"]);
  CHECK(std::find(texts.begin(), texts.end(), "H100") != texts.end());
  CHECK(std::find(texts.begin(), texts.end(), "AWS") != texts.end());
  CHECK(std::find(texts.begin(), texts.end(), "A100") == texts.end());  // style/noscript/template
  CHECK(std::count(texts.begin(), texts.end(), "AWS") == 1);            // not the script's
}

TEST_CASE("names never run from one HTML block into the next", "[cli][html]") {
  auto path = std::filesystem::temp_directory_path() / "chiplight-blocks.html";
  std::ofstream(path) << "<p>Nvidia H100</p><p>NVL racks</p><table><tr><td>Amazon "
                         "Web</td><td>Services</td></tr></table>"
                         "<p>H100 NVL</p>";
  Run run = Chiplight("scan --format jsonl " + path.string());
  std::filesystem::remove(path);
  REQUIRE(run.status == 0);
  std::vector<std::string> texts;
  for (const json& line : Lines(run.out)) texts.push_back(line["text"]);
  // "H100" ends a paragraph and "NVL" starts the next: two blocks, not "H100 NVL".
  CHECK(std::count(texts.begin(), texts.end(), "H100") == 1);
  CHECK(std::count(texts.begin(), texts.end(), "H100 NVL") == 1);  // within one block
  CHECK(std::none_of(texts.begin(), texts.end(),
                     [](const std::string& t) { return t.rfind("Amazon Web", 0) == 0; }));
}

TEST_CASE("the summary triages a folder: one table sorted by verdict", "[cli][summary]") {
  Run run = Chiplight("scan --summary " + kData + "/folder");
  REQUIRE(run.status == 0);
  size_t strong = run.out.find("strong");
  size_t none = run.out.find("none ");
  REQUIRE(strong != std::string::npos);
  REQUIRE(none != std::string::npos);
  CHECK(strong < none);
  CHECK_THAT(run.out, Contains("tender.txt"));
  CHECK_THAT(run.out, Contains("evidence:"));
  CHECK_THAT(run.out, Contains("3 file(s)"));

  Run jsonl = Chiplight("scan --summary --format jsonl " + kData + "/folder/tender.txt");
  auto lines = Lines(jsonl.out);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["verdict"] == "strong");
  CHECK(lines[0]["counts"]["chip"].get<int>() >= 2);
  CHECK_FALSE(lines[0]["evidence"].empty());
}

TEST_CASE("the main job's samples are triaged as a reader expects", "[cli][summary]") {
  // scripts/run.sh prints this table: the tenders and news show the pattern, the garden note
  // shows nothing (azure salvias, Amazon lilies, H2O and an L2 trail are not terms).
  Run run = Chiplight("scan --summary --format jsonl " + std::string(CHIPLIGHT_SAMPLES));
  REQUIRE(run.status == 0);
  std::map<std::string, std::string> verdicts;
  for (const json& line : Lines(run.out)) {
    verdicts[std::filesystem::path(line["file"].get<std::string>()).filename()] = line["verdict"];
  }
  CHECK(verdicts["shenzhen-cloud-tender.txt"] == "strong");
  CHECK(verdicts["zhejiang-lab-notice.txt"] == "strong");
  CHECK(verdicts["taiwan-news-traditional.txt"] == "strong");
  CHECK(verdicts["reuters-style-news.html"] == "strong");
  CHECK(verdicts["unrelated-garden-notes.md"] == "none");
  Run garden = Chiplight("scan --format jsonl " + std::string(CHIPLIGHT_SAMPLES) +
                         "/unrelated-garden-notes.md");
  CHECK(garden.out.empty());
}

TEST_CASE("csv output quotes its fields", "[cli][csv]") {
  Run run = Chiplight("scan --format csv -", "A100 \"quoted\" AWS");
  REQUIRE(run.status == 0);
  CHECK(run.out.rfind("file,start,end,text,id,category,label,page\n", 0) == 0);
  CHECK_THAT(run.out, Contains("\"-\",0,4,\"A100\","));
}

TEST_CASE("the summary as csv: one row per file, evidence joined", "[cli][summary][csv]") {
  Run run = Chiplight("scan --summary --format csv -", "A100 on AWS via 中介");
  REQUIRE(run.status == 0);
  CHECK(run.out ==
        "file,verdict,chip,cloud,intermediary,regulation,listed,evidence,note\n"
        "\"-\",strong,1,1,1,0,0,\"A100; AWS; 中介\",\"\"\n");
}

TEST_CASE("the category option reports only those categories of a full scan", "[cli][category]") {
  Run run = Chiplight("scan --category chip,cloud --format jsonl -",
                      "A100 on AWS via 中介 despite export controls");
  REQUIRE(run.status == 0);
  std::vector<std::string> ids;
  for (const json& line : Lines(run.out)) ids.push_back(line["id"]);
  CHECK(ids == std::vector<std::string>{"nvidia-a100", "aws"});
  Run all = Chiplight("scan --format jsonl -", "A100 on AWS via 中介 despite export controls");
  CHECK(Lines(all.out).size() == 4);  // the intermediary and the regulation are there to filter
  Run bad = Chiplight("scan --category gadget -", "A100");
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, Contains("unknown category 'gadget'"));
}

TEST_CASE("text output is plain when piped", "[cli]") {
  Run run = Chiplight("scan -", "A100 on AWS");
  REQUIRE(run.status == 0);
  CHECK(run.out.find("\033[") == std::string::npos);
  CHECK_THAT(run.out, Contains("1:1"));
  CHECK_THAT(run.out, Contains("cloud-access pattern: moderate"));
}

TEST_CASE("GB18030 tender files are decoded", "[cli][encoding]") {
  // "阿里云 A100" in GB18030.
  const std::string gbk = "\xB0\xA2\xC0\xEF\xD4\xC6 A100";
  auto path = std::filesystem::temp_directory_path() / "chiplight-gbk.txt";
  std::ofstream(path, std::ios::binary) << gbk;
  Run run = Chiplight("scan --format jsonl " + path.string());
  std::filesystem::remove(path);
  REQUIRE(run.status == 0);
  auto lines = Lines(run.out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["text"] == "阿里云");
  CHECK(lines[1]["start"] == 10);  // offsets into the UTF-8 text
}

TEST_CASE("lexicon check names the broken entry - or why matching will be slow", "[cli][lexicon]") {
  Run run = Chiplight("lexicon check " + kData + "/broken_lexicon.json");
  CHECK(run.status == 1);
  CHECK(run.out.empty());
  CHECK(run.err == "chiplight: " + kData +
                       "/broken_lexicon.json: entries[1] (nvidia-h100): patterns[0]: missing ): "
                       "H100(?:SXM\n");
  Run ok = Chiplight("lexicon check " + std::string(CHIPLIGHT_LEXICON));
  CHECK(ok.status == 0);
  CHECK_THAT(ok.out, Contains(": ok, version "));
  CHECK_THAT(ok.out, !Contains("note:"));  // the built-in lexicon keeps the automaton
  // A valid lexicon that leaves matching to RE2 alone says which pattern, on a second line.
  Run slow = Chiplight("lexicon check " + kData + "/slow_lexicon.json");
  CHECK(slow.status == 0);
  CHECK_THAT(slow.out, Contains("slow_lexicon.json: ok, version 0.0.1-slow, 2 entries"));
  CHECK_THAT(slow.out, Contains("slow_lexicon.json: note: matching runs on RE2 alone"));
  CHECK_THAT(slow.out, Contains("entries[0] (x100): patterns[0]"));
}

TEST_CASE("a bad lexicon for scan is bad input - bad arguments are usage errors", "[cli][exit]") {
  CHECK(Chiplight("scan --lexicon " + kData + "/broken_lexicon.json -", "A100").status == 1);
  CHECK(Chiplight("scan --format xml -").status == 2);
  CHECK(Chiplight("").status == 2);
  CHECK(Chiplight("scan").status == 2);
  CHECK(Chiplight("frobnicate").status == 2);
  Run missing = Chiplight("scan --format jsonl /nonexistent " + kData + "/folder/tender.txt");
  CHECK(missing.status == 1);  // the other file is still scanned
  CHECK_THAT(missing.err, Contains("/nonexistent: no such file or folder"));
  CHECK_FALSE(missing.out.empty());
  CHECK(Chiplight("--help").status == 0);
}

TEST_CASE("glossary prints matching entries", "[cli][glossary]") {
  Run run = Chiplight("glossary aws");
  REQUIRE(run.status == 0);
  CHECK_THAT(run.out, Contains("Amazon Web Services"));
  Run json_run = Chiplight("glossary --format json a100");
  REQUIRE(json_run.status == 0);
  CHECK(Lines(json_run.out).front().contains("id"));
  CHECK(Chiplight("glossary zzzz-no-such-term").status == 1);
}

namespace {

// A scratch folder for files a case writes (names with escapes, FIFOs), removed at the end.
struct ScratchDir {
  std::filesystem::path path;
  ScratchDir() {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("chiplight-scratch-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() { std::filesystem::remove_all(path); }
  std::string Write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path / name, std::ios::binary) << bytes;
    return (path / name).string();
  }
};

}  // namespace

TEST_CASE("devices and FIFOs are refused with their path - stdin still reads", "[cli][input]") {
  Run device = Chiplight("scan /dev/zero");
  CHECK(device.status == 1);
  CHECK_THAT(device.err, Contains("/dev/zero: not a regular file (a character device)"));
  ScratchDir dir;
  const std::string fifo = (dir.path / "pipe.txt").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // Named directly or found in a folder: the folder walk only takes regular files.
  Run named = Chiplight("scan " + fifo);
  CHECK(named.status == 1);
  CHECK_THAT(named.err, Contains(fifo + ": not a regular file (a FIFO)"));
  CHECK(Chiplight("scan " + dir.path.string()).status == 0);
  Run piped = Chiplight("scan --format jsonl -", "Nvidia H100");
  CHECK(piped.status == 0);
  CHECK_THAT(piped.out, Contains("\"id\":\"nvidia-h100\""));
}

TEST_CASE("file names and text cannot send escape sequences to the terminal", "[cli][output]") {
  ScratchDir dir;
  dir.Write("\x1b]0;pwned\x07report\xE2\x80\xAEtxt.txt", "Nvidia H100");
  Run run = Chiplight("scan " + dir.path.string());
  CHECK(run.status == 0);
  CHECK_THAT(run.out, Contains("\\x1B]0;pwned\\x07report\\u{202E}txt.txt"));
  CHECK_THAT(run.out, !Contains("\x1b"));
  CHECK_THAT(run.out, !Contains("\xE2\x80\xAE"));
  // The same through --summary.
  CHECK_THAT(Chiplight("scan --summary " + dir.path.string()).out, !Contains("\x1b"));
}

TEST_CASE("csv cells a spreadsheet would run as formulas are defused", "[cli][csv]") {
  ScratchDir dir;
  const std::string lexicon = dir.Write("formula.json", R"json({"format": 1, "version": "1",
    "entries": [{"id": "h", "category": "chip", "label": "=HYPERLINK(\"http://x\")",
                 "names": ["H100"]}]})json");
  Run run = Chiplight("scan --format csv --lexicon " + lexicon + " -", "H100");
  CHECK(run.status == 0);
  CHECK(run.out ==
        "file,start,end,text,id,category,label,page\n"
        "\"-\",0,4,\"H100\",\"h\",chip,\"'=HYPERLINK(\"\"http://x\"\")\",\n");
}
