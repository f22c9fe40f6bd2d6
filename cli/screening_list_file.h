// A Consolidated Screening List download (trade.gov, JSON or CSV), read as records: the input
// of `chiplight lexicon import-list` (import_list.cc). Errors are std::runtime_error naming the
// file and the place ("file:5: ..." or "file: record 4: ...").
#ifndef CHIPLIGHT_CLI_SCREENING_LIST_FILE_H_
#define CHIPLIGHT_CLI_SCREENING_LIST_FILE_H_

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace chiplight::cli {

struct ScreeningRecord {
  std::string where;      // "file:5" or "file: record 4"
  nlohmann::json fields;  // the CSL's field names; alt_names and addresses as in its JSON
};

// The records of a file's bytes (JSON when it starts with [ or {, else CSV after RFC 4180);
// throws on text that is not UTF-8, an empty file or a malformed record.
std::vector<ScreeningRecord> ReadScreeningList(const std::string& path, const std::string& bytes);

// A field as one line of text: trimmed, runs of white space as one space, a list joined by "; ";
// empty when missing or null.
std::string FieldText(const nlohmann::json& fields, const char* key);

// Trimmed, with every run of white space as one space.
std::string CollapseSpace(std::string_view text);

// Throws std::runtime_error("where: message").
[[noreturn]] void FailAt(const std::string& where, const std::string& message);

}  // namespace chiplight::cli

#endif  // CHIPLIGHT_CLI_SCREENING_LIST_FILE_H_
