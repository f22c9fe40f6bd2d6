// End-to-end: the scanner at scale. Large text files are streamed in blocks with the same
// results as a whole scan and memory that doesn't grow with the file; folders are scanned on
// several threads with the output of one; what a scan passes over is summed up at the end.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "chiplight_process.h"

using Catch::Matchers::Contains;
using chiplight_test::Chiplight;
using chiplight_test::JsonLines;
using chiplight_test::Run;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A fresh folder under the temporary directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() /
             ("chiplight-scale-" + std::to_string(getpid()) + "-" + name)) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string Write(const std::string& name, const std::string& bytes) const {
    const fs::path file = path / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << bytes;
    return file.string();
  }
};

constexpr size_t kBlock = 4096;
// Larger than any file here: the file is read and scanned whole.
const std::string kWhole = " --block-bytes 1099511627776 ";
const std::string kBlocks = " --block-bytes " + std::to_string(kBlock) + " ";

// English and Chinese text in which names and the words that confirm ambiguous names (H20 and
// A100 count only near GPU words, AWS-like names only near cloud words) straddle every block
// edge at a different offset, with multi-byte characters cut by edges too.
std::string TextWithHitsAtBlockEdges(size_t blocks) {
  const std::vector<std::string> pieces = {"Amazon Web Services",
                                           "英伟达 A100 GPU",
                                           "the H20 servers and GPU cards",
                                           "阿里云",
                                           "租用算力",
                                           "export controls",
                                           "NVIDIA H100 80GB",
                                           "中介机构",
                                           "Alibaba Cloud"};
  const std::string filler_en = "The council met on Tuesday to discuss the budget. ";
  const std::string filler_zh = "该项目的预算金额为三百万元，服务期限一年。";
  std::string text;
  for (size_t k = 1; k <= blocks; ++k) {
    const std::string& piece = pieces[k % pieces.size()];
    const size_t edge = k * kBlock;
    // The piece starts a few bytes before the edge (0 to its length), so the edge falls inside.
    const size_t lead = k % (piece.size() + 1);
    bool chinese = k % 3 == 0;
    while (text.size() + lead < edge) {
      text += chinese ? filler_zh : filler_en;
      if (text.size() % 7 == 0) text += "\n";
      chinese = !chinese;
    }
    // Cut back to land exactly: ASCII padding to the byte.
    if (text.size() + lead > edge)
      text.resize(edge - lead > text.size() ? text.size() : edge - lead);
    while (text.size() + lead < edge) text += ' ';
    text += piece;
    text += k % 2 ? "\n" : " ";
  }
  text += filler_en;
  return text;
}

struct Peak {
  int status;
  long max_rss_kb;
};

// Runs the scanner with its output thrown away; its exit status and peak resident memory.
Peak RunForMemory(const std::vector<std::string>& args) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int null_fd = open("/dev/null", O_RDWR);
    dup2(null_fd, STDIN_FILENO);
    dup2(null_fd, STDOUT_FILENO);
    dup2(null_fd, STDERR_FILENO);
    std::vector<char*> argv{const_cast<char*>(CHIPLIGHT_BIN)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(CHIPLIGHT_BIN, argv.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, usage.ru_maxrss};
}

}  // namespace

TEST_CASE("a text file scanned in blocks gives the whole scan's output", "[cli][stream]") {
  TempDir dir("stream");
  const std::string text = TextWithHitsAtBlockEdges(60);
  const std::string file = dir.Write("edges.txt", text);

  const Run whole = Chiplight("scan --format jsonl" + kWhole + file);
  REQUIRE(whole.status == 0);
  // The text is one where streaming could go wrong: mentions across block edges.
  size_t across_edges = 0;
  for (const json& m : JsonLines(whole.out)) {
    const size_t start = m["start"], end = m["end"];
    if (start / kBlock != (end - 1) / kBlock) ++across_edges;
  }
  CHECK(across_edges >= 20);

  for (const char* format : {"jsonl", "csv", "text"}) {
    INFO(format);
    const Run streamed = Chiplight("scan --format " + std::string(format) + kBlocks + file);
    const Run read_whole = Chiplight("scan --format " + std::string(format) + kWhole + file);
    CHECK(streamed.status == read_whole.status);
    CHECK(streamed.out == read_whole.out);
    CHECK(streamed.err == read_whole.err);
  }
  const Run summary = Chiplight("scan --summary --format jsonl" + kBlocks + file);
  CHECK(summary.out == Chiplight("scan --summary --format jsonl" + kWhole + file).out);
  CHECK(JsonLines(summary.out).at(0)["verdict"] == "strong");
}

TEST_CASE("block sizes that cut names - context and characters anywhere change nothing",
          "[cli][stream]") {
  TempDir dir("sizes");
  const std::string file = dir.Write("edges.txt", TextWithHitsAtBlockEdges(12));
  const std::string expected = Chiplight("scan --format jsonl" + kWhole + file).out;
  REQUIRE(JsonLines(expected).size() >= 12);
  for (size_t block : {1, 7, 100, 1000, 4095}) {
    INFO("block " << block);
    CHECK(
        Chiplight("scan --format jsonl --block-bytes " + std::to_string(block) + " " + file).out ==
        expected);
  }
}

TEST_CASE("text in other encodings is still decoded whole when larger than a block",
          "[cli][stream][encoding]") {
  TempDir dir("encodings");
  // UTF-16 with a byte-order mark: "Alibaba Cloud" and A100 near GPU words.
  const std::string sentence = "Alibaba Cloud rents NVIDIA A100 GPU servers. ";
  std::string utf16 = "\xFF\xFE";
  for (int i = 0; i < 200; ++i) {
    for (char c : sentence) (utf16 += c) += '\0';
  }
  const std::string file = dir.Write("utf16.txt", utf16);
  const Run streamed = Chiplight("scan --format jsonl" + kBlocks + file);
  const Run whole = Chiplight("scan --format jsonl" + kWhole + file);
  CHECK(streamed.out == whole.out);
  // As many mentions as in the same text in UTF-8.
  std::string utf8;
  for (int i = 0; i < 200; ++i) utf8 += sentence;
  const Run plain = Chiplight("scan --format jsonl " + dir.Write("utf8.txt", utf8));
  CHECK(JsonLines(streamed.out).size() == JsonLines(plain.out).size());
  CHECK(JsonLines(plain.out).size() >= 400);
}

TEST_CASE("a large text file costs a fixed amount of memory, not its size", "[cli][stream]") {
  TempDir dir("memory");
  // Text with a mention every few dozen bytes: 8 MiB and 64 MiB of it.
  const std::string paragraph =
      "The provincial computing centre will rent NVIDIA A100 GPU servers from Alibaba Cloud "
      "through an intermediary, the notice said. 该项目通过中介租用阿里云的算力。\n";
  std::string chunk;
  while (chunk.size() < (size_t{1} << 20)) chunk += paragraph;
  auto write = [&](const std::string& name, int megabytes) {
    const std::string file = (dir.path / name).string();
    std::ofstream out(file, std::ios::binary);
    for (int i = 0; i < megabytes; ++i) out << chunk;
    return file;
  };
  const std::string medium = write("medium.txt", 8), large = write("large.txt", 64);
  const Peak medium_run = RunForMemory({"scan", "--summary", medium});
  const Peak large_run = RunForMemory({"scan", "--summary", large});
  REQUIRE(medium_run.status == 0);
  REQUIRE(large_run.status == 0);
  const long grown_kb = large_run.max_rss_kb - medium_run.max_rss_kb;
  INFO("8 MiB: " << medium_run.max_rss_kb << " KB, 64 MiB: " << large_run.max_rss_kb << " KB");
  // Read whole, 56 MiB more text would take 56 MiB more (and its mentions more again);
  // streamed, the blocks in memory are the same few.
  CHECK(grown_kb < 16 * 1024);
}

TEST_CASE("a folder scanned on four threads prints what one thread prints", "[cli][parallel]") {
  TempDir dir("parallel");
  // Files of every size order, some with notes and warnings, so threads finish out of order.
  for (int i = 0; i < 120; ++i) {
    std::string body;
    for (int k = 0; k < (i * 37) % 400; ++k) body += "filler words about the weather. ";
    if (i % 3 == 0) body += "NVIDIA A100 GPU servers on Alibaba Cloud. ";
    if (i % 5 == 0) body += "通过中介租用算力。";
    const std::string name = "folder" + std::to_string(i % 4) + "/doc" + std::to_string(i);
    dir.Write(name + (i % 2 ? ".txt" : ".md"), body);
    if (i % 10 == 0) dir.Write(name + ".html", "<p>Amazon Web <td>Services</td> H100 GPU</p>");
    if (i % 17 == 0) dir.Write(name + ".doc", "legacy");  // a note
    if (i % 19 == 0) dir.Write(name + ".txt.txt", std::string("\xFF\xFE", 2) + "A\0" + "1\0");
  }
  for (const std::string options :
       {"--format jsonl", "--format text", "--summary", "--summary --format csv"}) {
    INFO(options);
    const Run one = Chiplight("scan -j1 " + options + " " + dir.path.string());
    const Run four = Chiplight("scan -j4 " + options + " " + dir.path.string());
    CHECK(one.status == 1);  // the legacy files' notes
    CHECK(four.status == one.status);
    CHECK(four.out == one.out);
    CHECK(four.err == one.err);
    CHECK(!one.out.empty());
  }
}

TEST_CASE("a folder scan ends by saying what it skipped and why", "[cli][parallel]") {
  TempDir dir("skipped");
  dir.Write("notice.txt", "NVIDIA A100 GPU servers from Alibaba Cloud.");
  dir.Write("photo.jpg", "not text");
  dir.Write("scan2.jpg", "not text");
  dir.Write("setup.exe", "MZ");
  dir.Write("README", "no extension");
  dir.Write("old/tender.doc", "legacy Word");
  dir.Write("old/budget.xls", "legacy Excel");
  const Run run = Chiplight("scan --summary " + dir.path.string());
  CHECK(run.status == 1);
  CHECK_THAT(run.err, Contains("3 document(s) read; skipped or read in part:"));
  CHECK_THAT(run.err, Contains("4 file(s) in folders of formats scan doesn't read (.jpg 2, "
                               "(no extension) 1, .exe 1)"));
  CHECK_THAT(run.err, Contains("2 document(s) read in part or not at all:"));
  CHECK_THAT(run.err, Contains("1 x legacy"));
  // A folder with nothing to skip says nothing more.
  TempDir clean("clean");
  clean.Write("a.txt", "A100 GPU");
  clean.Write("b.txt", "Alibaba Cloud");
  const Run quiet = Chiplight("scan " + clean.path.string());
  CHECK(quiet.status == 0);
  CHECK(quiet.err.empty());
}

TEST_CASE("a scan shows its progress on a terminal and never in a pipe", "[cli][parallel]") {
  TempDir dir("progress");
  for (int i = 0; i < 30; ++i)
    dir.Write("docs/doc" + std::to_string(i) + ".txt", "A100 GPU servers");
  // script(1) gives the scanner a terminal for standard error; standard output goes to a file.
  const std::string out = (dir.path / "out.txt").string();
  const std::string command =
      std::string(CHIPLIGHT_BIN) + " scan -j2 " + (dir.path / "docs").string() + " >" + out;
  const std::string typescript = (dir.path / "terminal.txt").string();
  const int status =
      std::system(("script -qec '" + command + "' /dev/null </dev/null >" + typescript).c_str());
  REQUIRE(status == 0);
  std::ifstream terminal_file(typescript);
  const std::string terminal((std::istreambuf_iterator<char>(terminal_file)),
                             std::istreambuf_iterator<char>());
  CHECK_THAT(terminal, Contains("scanning 30/30 files, "));
  CHECK_THAT(terminal, Contains(" files/s, ETA "));
  // The file got the scan's output, without the progress line.
  std::ifstream file(out);
  const std::string scanned((std::istreambuf_iterator<char>(file)),
                            std::istreambuf_iterator<char>());
  CHECK_THAT(scanned, Contains("doc29.txt"));
  CHECK(scanned.find("files/s") == std::string::npos);
  const Run piped = Chiplight("scan -j2 " + (dir.path / "docs").string());
  CHECK(piped.err.empty());
}
