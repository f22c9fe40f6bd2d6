// The lexicon: every term Chiplight knows, loaded from JSON (format in docs/lexicon.md).
//
// Loading is all or nothing. Every error is a LexiconError whose message names its place:
//
//   entries[12] (nvidia-h100): patterns[0]: missing ): A100(?:SXM
//
// A Lexicon is immutable once loaded and safe to share between threads and matchers.
#ifndef CHIPLIGHT_LEXICON_H_
#define CHIPLIGHT_LEXICON_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "chiplight/category.h"

namespace chiplight {

// The longest a match may be, in bytes of UTF-8: every match ends within this many bytes of its
// start, so no search for the match at one place reads more, and a scan stays linear in the
// text's length whatever the patterns and the text (docs/security.md, "Linear time"). Names and
// model numbers are far shorter; a name longer than this is refused (it could never match), and a
// pattern that could run on (`a[ a]*b` over a long run of `a a a`) stops here.
inline constexpr size_t kLongestTerm = 512;

// Thrown by every loading function. place() says where (the file, then the object and the path
// inside it: `lexicon.json: entries[12] (nvidia-h100): patterns[0]`; empty when the error
// concerns no one place), message() what is wrong there; what() is both, "place: message".
class LexiconError : public std::runtime_error {
 public:
  LexiconError(std::string place, std::string message);
  // An error with no place.
  explicit LexiconError(const std::string& message) : LexiconError("", message) {}
  const std::string& place() const { return place_; }
  const std::string& message() const { return message_; }

 private:
  std::string place_;
  std::string message_;
};

// A set of words that confirms or disqualifies an ambiguous match.
struct ContextSet {
  std::string name;
  std::vector<std::string> names;
  std::vector<std::string> patterns;
  bool case_sensitive = false;
};

// What the whole document is about decides a match that its window leaves open (docs/lexicon.md,
// "Page topic"): the words of `any_of` and of `none_of` are counted over the whole document
// (DocumentTopic), and the side with at least `at_least` words and more than the other wins.
struct PageRule {
  std::vector<size_t> any_of;   // indexes into Lexicon::contexts(): the page is about this sense
  std::vector<size_t> none_of;  // indexes into Lexicon::contexts(): the page is about another
  size_t at_least = 2;          // words a side needs to decide
};

// An ambiguous entry counts only where its rule holds (docs/lexicon.md, "Context rules").
struct ContextRule {
  std::vector<size_t> any_of;        // indexes into Lexicon::contexts()
  std::vector<Category> categories;  // confirming categories of unambiguous matches
  std::vector<size_t> none_of;       // indexes into Lexicon::contexts()
  // Code points before the match for any_of and categories (and after it: window_after).
  size_t window = 100;
  size_t window_after = 100;  // code points after the match, for any_of and categories
  // Code points before the match for none_of (and after it: none_window_after).
  size_t none_window = 20;
  size_t none_window_after = 20;  // code points after the match, for none_of
  std::optional<PageRule> page;   // the document's topic, where the windows leave it open
  bool requires_confirmation() const { return !any_of.empty() || !categories.empty(); }
};

struct Entry {
  std::string id;
  Category category = Category::kChip;
  std::string kind;  // e.g. "vendor", "model"; may be empty
  std::string label;
  std::vector<std::string> names;
  std::vector<std::string> patterns;
  bool case_sensitive = false;
  std::optional<ContextRule> context;

  // True for chip entries that name a controlled part rather than a vendor.
  bool is_controlled_chip() const { return category == Category::kChip && kind != "vendor"; }
};

class Lexicon {
 public:
  // Parses and validates a whole lexicon document. `origin` prefixes JSON syntax errors
  // (usually the file name). Throws LexiconError.
  static std::shared_ptr<const Lexicon> FromJson(std::string_view json_text,
                                                 std::string_view origin = "");
  // Reads a file; I/O errors are LexiconErrors naming the path.
  static std::shared_ptr<const Lexicon> FromFile(const std::string& path);
  // The lexicon compiled into the library (core/data/lexicon.json).
  static std::shared_ptr<const Lexicon> BuiltIn();
  // Whether this is BuiltIn() itself (a copy with extra entries is not).
  bool built_in() const { return built_in_; }
  static std::string_view BuiltInJson();

  // A copy of `base` with more entries appended. `extra_json` is a JSON array of entries in the
  // lexicon format; errors name them as `<array_name>[i] (label or id): ...` (JSON syntax errors
  // as `<array_name>: line L, column C`). Entries without an id get "<array_name>-<i>".
  static std::shared_ptr<const Lexicon> WithExtraEntries(const Lexicon& base,
                                                         std::string_view extra_json,
                                                         std::string_view array_name);

  const std::string& version() const { return version_; }
  const std::vector<Entry>& entries() const { return entries_; }
  const std::vector<ContextSet>& contexts() const { return contexts_; }
  // The widest context window of any entry, before or after its match, in code points (0 without
  // context rules): a front end that scans a document in pieces must give each piece this much
  // text on either side for the results not to depend on where the pieces are cut (and pass the
  // whole document's topic, Matcher::Topic, when has_page_rules()).
  size_t max_context_window() const;
  // Whether some entry's rule looks at the whole document's topic (ContextRule::page).
  bool has_page_rules() const;
  // nullptr when no entry has this id.
  const Entry* Find(std::string_view id) const;
  std::optional<size_t> IndexOf(std::string_view id) const;
  // One of entries() exactly as written in the document, with its glossary, as compact JSON
  // text, for front ends. Throws std::out_of_range for an entry not of this lexicon.
  std::string SourceJson(const Entry& entry) const;

  ~Lexicon();

 private:
  // The JSON document, the compiled form and loading from a parsed document are for in-tree code
  // only: core/src/lexicon_internal.h.
  friend class LexiconInternals;
  friend class Matcher;  // reads the stored automata
  struct Document;
  Lexicon();
  void Validate();

  std::string version_;
  std::vector<Entry> entries_;
  std::vector<ContextSet> contexts_;
  // The document as loaded (with any extra entries); parsed from `unparsed_` on first need when
  // the lexicon came from its compiled form.
  std::unique_ptr<Document> document_;
  std::string_view unparsed_;
  // A listed-parties document whose entries follow unparsed_'s (a lexicon read from stored
  // listed tables, core/src/listed_tables.cc): appended when the document is first needed.
  std::shared_ptr<const std::string> unparsed_listed_;
  mutable std::once_flag parse_once_;
  bool built_in_ = false;
  // The matcher's automata stored for this lexicon (MatcherTables::SerializedAutomata): the
  // built-in lexicon's, or stored listed tables'; empty otherwise. `stored_automata_required_`:
  // a stored table that doesn't read is an error (listed tables), not a reason to build them.
  std::string_view stored_automata_;
  std::shared_ptr<const std::string> stored_automata_owner_;
  bool stored_automata_required_ = false;
};

}  // namespace chiplight

#endif  // CHIPLIGHT_LEXICON_H_
