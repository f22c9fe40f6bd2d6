// Running the real `chiplight` binary from a test: status, standard output and error.
#ifndef CHIPLIGHT_TESTS_CLI_CHIPLIGHT_PROCESS_H_
#define CHIPLIGHT_TESTS_CLI_CHIPLIGHT_PROCESS_H_

#include <sys/wait.h>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace chiplight_test {

struct Run {
  int status;
  std::string out;
  std::string err;
};

inline Run Chiplight(const std::string& args) {
  static int counter = 0;
  auto dir = std::filesystem::temp_directory_path();
  std::string tag = std::to_string(::getpid()) + "-" + std::to_string(counter++);
  auto out = dir / ("chiplight-docs-out-" + tag), err = dir / ("chiplight-docs-err-" + tag);
  std::string command = std::string(CHIPLIGHT_BIN) + " " + args + " </dev/null >" + out.string() +
                        " 2>" + err.string();
  int raw = std::system(command.c_str());
  auto slurp = [](const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  };
  Run run{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return run;
}

inline std::vector<nlohmann::json> JsonLines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    lines.push_back(nlohmann::json::parse(out.substr(start, end - start)));
    start = end + 1;
  }
  return lines;
}

inline std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace chiplight_test

#endif  // CHIPLIGHT_TESTS_CLI_CHIPLIGHT_PROCESS_H_
