// The scanner's own overhead (not a test): `chiplight scan` end to end on one large English and
// Chinese text file (reading, decoding, scanning in blocks, output) against Matcher::Scan on the
// same text, measured in the same run and interleaved so that the machine's load hits both
// alike. Prints MB/s, the ratio (target >= 0.7) and the scanner's peak memory against the
// file's size; the last line is one JSON object.
//
//   chiplight_scanner_bench [--mb N] [--runs N] [--keep FILE]
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chiplight/matcher.h"
#include "corpus.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Timed {
  double seconds = 1e9;
  double cpu_seconds = 1e9;  // user and system time: what the machine's other load changes least
  long max_rss_kb = 0;
};

double CpuSeconds(const timeval& user, const timeval& system) {
  return static_cast<double>(user.tv_sec + system.tv_sec) +
         static_cast<double>(user.tv_usec + system.tv_usec) / 1e6;
}

// `--measure COMMAND...`: runs COMMAND with its output to /dev/null and prints its peak resident
// memory. The benchmark runs the scanner through a fresh copy of itself doing this, because a
// child forked from the benchmark would count the benchmark's corpus as its own memory.
int Measure(char** command) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int null_fd = open("/dev/null", O_WRONLY);
    dup2(null_fd, STDOUT_FILENO);
    execv(command[0], command);
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  std::printf("%ld %.6f\n", usage.ru_maxrss, CpuSeconds(usage.ru_utime, usage.ru_stime));
  return WIFEXITED(status) ? WEXITSTATUS(status) : 126;
}

// Runs the scanner with its output to /dev/null; its wall time and peak resident memory.
Timed RunScanner(const std::vector<std::string>& args) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) std::exit(1);
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    close(pipe_fds[0]);
    std::vector<char*> argv{const_cast<char*>("/proc/self/exe"), const_cast<char*>("--measure")};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv("/proc/self/exe", argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  std::string reported;
  char buffer[64];
  for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) reported.append(buffer, n);
  close(pipe_fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  Timed t;
  t.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::sscanf(reported.c_str(), "%ld %lf", &t.max_rss_kb, &t.cpu_seconds);
  if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
    std::cerr << "chiplight failed\n";
    std::exit(1);
  }
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 2 && std::string(argv[1]) == "--measure") return Measure(argv + 2);
  size_t megabytes = 20;
  int runs = 5;
  std::string keep;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--mb" && i + 1 < argc) {
      megabytes = std::stoul(argv[++i]);
    } else if (arg == "--runs" && i + 1 < argc) {
      runs = std::stoi(argv[++i]);
    } else if (arg == "--keep" && i + 1 < argc) {
      keep = argv[++i];
    } else {
      std::cerr << "usage: chiplight_scanner_bench [--mb N] [--runs N] [--keep FILE]\n";
      return 2;
    }
  }
  auto lexicon = chiplight::Lexicon::BuiltIn();
  const std::string corpus = chiplight::bench::MakeCorpus(*lexicon, megabytes << 20);
  const std::string path = keep.empty()
                               ? (std::filesystem::temp_directory_path() /
                                  ("chiplight-scanner-bench-" + std::to_string(getpid()) + ".txt"))
                                     .string()
                               : keep;
  std::ofstream(path, std::ios::binary) << corpus;
  const double mb = static_cast<double>(corpus.size()) / (1 << 20);

  const chiplight::Matcher matcher(lexicon);
  size_t matches = matcher.Scan(corpus).size();  // warms the matcher up, as the scanner's first
                                                 // block does not
  double core = 1e9, core_cpu = 1e9;
  struct Case {
    const char* name;
    std::vector<std::string> args;
    Timed best;
  };
  std::vector<Case> cases = {
      {"text", {CHIPLIGHT_BIN, "scan", "-j1", path}, {}},
      {"jsonl", {CHIPLIGHT_BIN, "scan", "-j1", "--format", "jsonl", path}, {}},
      {"summary", {CHIPLIGHT_BIN, "scan", "-j1", "--summary", path}, {}},
      // The same file read whole, as before streaming (and as files under a block still are).
      {"text, read whole",
       {CHIPLIGHT_BIN, "scan", "-j1", "--block-bytes", "1099511627776", path},
       {}},
  };
  for (int run = 0; run < runs; ++run) {
    rusage before{}, after{};
    getrusage(RUSAGE_SELF, &before);
    const auto start = Clock::now();
    matches = matcher.Scan(corpus).size();
    core = std::min(core, std::chrono::duration<double>(Clock::now() - start).count());
    getrusage(RUSAGE_SELF, &after);
    core_cpu = std::min(core_cpu, CpuSeconds(after.ru_utime, after.ru_stime) -
                                      CpuSeconds(before.ru_utime, before.ru_stime));
    for (Case& c : cases) {
      const Timed t = RunScanner(c.args);
      c.best.seconds = std::min(c.best.seconds, t.seconds);
      c.best.cpu_seconds = std::min(c.best.cpu_seconds, t.cpu_seconds);
      c.best.max_rss_kb = std::max(c.best.max_rss_kb, t.max_rss_kb);
    }
  }
  // The scanner's memory without a document: the lexicon, the matcher, the libraries.
  const std::string empty = path + ".empty.txt";
  std::ofstream(empty) << "\n";
  const Timed idle = RunScanner({CHIPLIGHT_BIN, "scan", "-j1", empty});
  std::filesystem::remove(empty);
  if (keep.empty()) std::filesystem::remove(path);

  std::cout << "file: " << corpus.size() << " bytes (English and Chinese), " << matches
            << " mentions; best of " << runs << " runs\n";
  std::printf("Matcher::Scan:                      %.1f MB/s (%.1f MB/s of CPU time)\n", mb / core,
              mb / core_cpu);
  nlohmann::json summary = {{"corpus_bytes", corpus.size()},
                            {"core_mb_per_s", mb / core},
                            {"core_cpu_mb_per_s", mb / core_cpu},
                            {"idle_rss_kb", idle.max_rss_kb}};
  for (const Case& c : cases) {
    const double ratio = core / c.best.seconds, cpu_ratio = core_cpu / c.best.cpu_seconds;
    std::printf(
        "chiplight scan (%s):%*s %.1f MB/s, %.2fx the core (CPU time: %.2fx), peak memory "
        "%.1f MB (%.1f MB idle)\n",
        c.name, static_cast<int>(18 - std::string(c.name).size()), "", mb / c.best.seconds, ratio,
        cpu_ratio, c.best.max_rss_kb / 1024.0, idle.max_rss_kb / 1024.0);
    summary[c.name] = {{"mb_per_s", mb / c.best.seconds},
                       {"ratio", ratio},
                       {"cpu_ratio", cpu_ratio},
                       {"max_rss_kb", c.best.max_rss_kb}};
  }
  std::cout << "target: >= 0.7x the core; memory <= the file's size plus a fixed amount (wall "
               "times swing with the machine's load; CPU times much less)\n";
  std::cout << summary.dump() << "\n";
  return 0;
}
