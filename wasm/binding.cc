// The WebAssembly binding: plain C exports over the core (see docs/api.md, "Why plain C exports").
//
// The JavaScript side (wasm/api.js) owns one input buffer in the module's memory, fills it with
// TextEncoder.encodeInto and calls cl_scan with its length. cl_scan maps the core's UTF-8 byte
// offsets to UTF-16 code-unit offsets in one pass and leaves the matches as uint32 triples
// (start, end, entry) in a buffer that JavaScript reads through a typed-array view. No string
// crosses the boundary per match.
//
// Strings returned by the other calls (entry JSON, entry list, assessment) point into a buffer
// owned by the handle and stay valid until the next call on the same handle; error messages
// (cl_last_error) are in one static buffer, valid until the next error.
#include <malloc.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chiplight/assess.h"
#include "chiplight/json_string.h"
#include "chiplight/lexicon.h"
#include "chiplight/matcher.h"
#include "chiplight/text.h"
#include "options.h"

namespace {

using chiplight::Lexicon;
using chiplight::Match;
using chiplight::Matcher;

// What JavaScript holds per matcher: the compiled matcher of its lexicon, shared with every other
// handle of the same lexicon (see SharedMatcher), which entries it reports, and its own buffers.
struct Handle {
  std::shared_ptr<const Matcher> matcher;  // every category (filtered by `reported`)
  const Lexicon* lexicon = nullptr;        // matcher->lexicon()
  std::vector<bool> reported;              // per entry: in a category the options ask for
  std::vector<uint32_t> results;           // (start, end, entry) triples, UTF-16 offsets
  std::string text;                        // the last string returned to JavaScript
  chiplight::DocumentTopic topic;          // the document's, added up by cl_topic_add
};

// Live matchers by their lexicon (LexiconKey: the extra terms). A compiled matcher is most of a
// handle's memory (its automaton and tables, then RE2 programs and caches as scans need them),
// Scan() is const, and the `categories` option only filters what a scan reports (its results
// are exactly a full scan's, filtered: MatcherOptions), so every handle of one lexicon shares
// one matcher and filters its results itself. A page or extension that creates a matcher per
// frame or message, whatever categories it asks for, and forgets to dispose() them, holds one
// compiled matcher, not one per call. Entries whose matcher is gone are dropped at the next
// creation.
std::shared_ptr<const Matcher> SharedMatcher(const chiplight::wasm::MatcherSpec& spec) {
  static std::map<std::string, std::weak_ptr<const Matcher>, std::less<>> live;
  for (auto it = live.begin(); it != live.end();) {
    it = it->second.expired() ? live.erase(it) : std::next(it);
  }
  std::string key = spec.LexiconKey();
  if (const auto found = live.find(key); found != live.end()) return found->second.lock();
  auto matcher = std::make_shared<const Matcher>(chiplight::wasm::BuildLexicon(spec));
  live.emplace(std::move(key), matcher);
  return matcher;
}

std::string& LastError() {
  static std::string error;
  return error;
}

// Number of UTF-16 code units encoded by `n` bytes of valid UTF-8 at `p`: one per byte that is not
// a continuation byte (10xxxxxx), plus one more per 4-byte lead (11110xxx), which encodes a
// surrogate pair. TextEncoder only produces valid UTF-8 (a lone surrogate becomes U+FFFD, three
// bytes, one unit), so this is exact. 16 bytes at a time with SIMD: as signed bytes, continuation
// bytes are < -64; as unsigned bytes, 4-byte leads are >= 0xF0.
inline size_t Utf16Units(const unsigned char* p, size_t n) {
  size_t units = n;
  size_t i = 0;
#ifdef __wasm_simd128__
  const v128_t continuation_below = wasm_i8x16_splat(-64);
  const v128_t four_byte_from = wasm_u8x16_splat(0xF0);
  while (i + 16 <= n) {
    // Each lane changes by at most 1 per step: flush before 127 steps can overflow a lane.
    const size_t steps = std::min<size_t>((n - i) / 16, 127);
    v128_t delta = wasm_i8x16_splat(0);
    for (size_t k = 0; k < steps; ++k, i += 16) {
      const v128_t v = wasm_v128_load(p + i);
      delta = wasm_i8x16_add(delta, wasm_i8x16_lt(v, continuation_below));  // -1 each
      delta = wasm_i8x16_sub(delta, wasm_u8x16_ge(v, four_byte_from));      // +1 each
    }
    const v128_t wide = wasm_i32x4_extadd_pairwise_i16x8(wasm_i16x8_extadd_pairwise_i8x16(delta));
    const int32_t sum = wasm_i32x4_extract_lane(wide, 0) + wasm_i32x4_extract_lane(wide, 1) +
                        wasm_i32x4_extract_lane(wide, 2) + wasm_i32x4_extract_lane(wide, 3);
    units += static_cast<size_t>(static_cast<ptrdiff_t>(sum));
  }
#endif
  for (; i < n; ++i) {
    const unsigned char b = p[i];
    if ((b & 0xC0) == 0x80) --units;
    if (b >= 0xF0) ++units;
  }
  return units;
}

const char* Fail(const std::string& message) {
  LastError() = message;
  return nullptr;
}

// ---- Marshaling: JavaScript's arguments to the core's types and the core's results back. ----

// Matches over the UTF-8 `text` as (start, end, entry) triples with UTF-16 offsets, in one pass
// over the text up to the last match. `out` has room for 3 values per match.
void WriteUtf16Triples(const unsigned char* text, const std::vector<Match>& matches,
                       uint32_t* out) {
  size_t at8 = 0;
  size_t at16 = 0;
  for (const Match& m : matches) {
    at16 += Utf16Units(text + at8, m.start - at8);
    at8 = m.start;
    *out++ = static_cast<uint32_t>(at16);
    at16 += Utf16Units(text + at8, m.end - at8);
    at8 = m.end;
    *out++ = static_cast<uint32_t>(at16);
    *out++ = m.entry;
  }
}

// One record per entry, fields separated by U+001F and records by U+001E: id, category, kind,
// label.
void WriteEntryRecords(const Lexicon& lexicon, std::string* out) {
  std::string& s = *out;
  s.clear();
  for (const auto& e : lexicon.entries()) {
    s += e.id;
    s += '\x1f';
    s += chiplight::CategoryName(e.category);
    s += '\x1f';
    s += e.kind;
    s += '\x1f';
    s += e.label;
    s += '\x1e';
  }
}

// {"verdict": "strong", "evidence": [indexes into the input], "explanation": "..."}, written by
// hand rather than with nlohmann::json, whose printer the widget's module would otherwise carry
// for this alone (docs/widget.md, "Weight"). The same text as json::dump()
// (chiplight/json_string.h).
std::string AssessmentJson(const chiplight::Assessment& assessment) {
  std::string out = "{\"verdict\":\"";
  out += chiplight::VerdictName(assessment.verdict);
  out += "\",\"evidence\":[";
  for (size_t i = 0; i < assessment.evidence.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(assessment.evidence[i]);
  }
  out += "],\"explanation\":";
  chiplight::AppendJsonString(out, assessment.explanation);
  out += '}';
  return out;
}

// cl_scan and cl_scan_in_document: the matches in `len` bytes of UTF-8 at `text` (the page
// parts seeing `topic` if given, else the text's own), those of the handle's categories written
// to its results.
uint32_t ScanToResults(Handle* handle, const unsigned char* text, size_t len,
                       const chiplight::DocumentTopic* topic) {
  std::vector<Match> matches;
  std::vector<uint32_t>& out = handle->results;
  try {
    const std::string_view utf8(reinterpret_cast<const char*>(text), len);
    matches = topic ? handle->matcher->Scan(utf8, *topic) : handle->matcher->Scan(utf8);
    const std::vector<bool>& reported = handle->reported;
    matches.erase(std::remove_if(matches.begin(), matches.end(),
                                 [&](const Match& m) { return !reported[m.entry]; }),
                  matches.end());
    out.resize(matches.size() * 3);
  } catch (const std::exception& e) {
    Fail(std::string("scan failed: ") + e.what());
    return UINT32_MAX;
  }
  WriteUtf16Triples(text, matches, out.data());
  return static_cast<uint32_t>(matches.size());
}

}  // namespace

// The exported functions: exactly those listed in wasm/exports.txt (with the allocator), which
// wasm/CMakeLists.txt hands to the linker and assemble.mjs to api.js.
extern "C" {

Handle* cl_create_listed(const char* options, size_t len, const char* listed, size_t listed_len,
                         const char* tables, size_t tables_len);

// Compiles a matcher (or shares the one already made for the same extra terms). `options` is a JSON
// object (UTF-8, `len` bytes), read by wasm/options.cc:
//   {"categories": ["chip", ...] | null, "extraTerms": [entry, ...] | null}
// with entries in the lexicon format. Returns a handle, or 0 with the message in cl_last_error();
// nothing stays allocated on failure.
Handle* cl_create(const char* options, size_t len) {
  return cl_create_listed(options, len, nullptr, 0, nullptr, 0);
}

// The same with the packaged listed parties read from their stored tables (`listed_len` bytes of
// the listed-parties JSON at `listed`, and the `tables_len` bytes of tables the build made from
// it: chiplight/listed.h, StoredListedParties); both may be empty. The bytes are copied.
Handle* cl_create_listed(const char* options, size_t len, const char* listed, size_t listed_len,
                         const char* tables, size_t tables_len) {
  try {
    chiplight::wasm::MatcherSpec spec =
        chiplight::wasm::ReadMatcherOptions(std::string_view(options, len));
    if (tables_len > 0) {
      spec.listed_json = std::string_view(listed, listed_len);
      spec.listed_tables = std::string_view(tables, tables_len);
    }
    auto handle = std::make_unique<Handle>();
    handle->matcher = SharedMatcher(spec);
    handle->lexicon = &handle->matcher->lexicon();
    const auto& entries = handle->lexicon->entries();
    handle->reported.resize(entries.size(), spec.categories.empty());
    for (size_t i = 0; i < entries.size(); ++i) {
      for (const chiplight::Category c : spec.categories) {
        if (entries[i].category == c) handle->reported[i] = true;
      }
    }
    return handle.release();
  } catch (const std::exception& e) {
    Fail(e.what());
  } catch (...) {
    Fail("unknown error while compiling the matcher");
  }
  return nullptr;
}

const char* cl_last_error() { return LastError().c_str(); }

void cl_destroy(Handle* handle) { delete handle; }

// Scans `len` bytes of UTF-8 at `text`. Returns the number of matches; cl_results() points to
// 3 * count uint32 values (start, end, entry), start and end in UTF-16 code units.
// On failure (out of memory) returns UINT32_MAX with the message in cl_last_error().
uint32_t cl_scan(Handle* handle, const unsigned char* text, size_t len) {
  return ScanToResults(handle, text, len, nullptr);
}

// The same for a piece of a longer document: the context rules' page parts see the document's
// topic (added up by cl_topic_add), not the piece's.
uint32_t cl_scan_in_document(Handle* handle, const unsigned char* text, size_t len) {
  return ScanToResults(handle, text, len, &handle->topic);
}

// 1 if some context rule looks at the whole document's topic (Lexicon::has_page_rules): a front
// end that scans a document in pieces then adds up its topic first (cl_topic_add).
uint32_t cl_has_page_rules(Handle* handle) { return handle->lexicon->has_page_rules() ? 1 : 0; }

// Forgets the document topic added up so far.
void cl_topic_clear(Handle* handle) { handle->topic = {}; }

// Adds to the document's topic the words that start in UTF-16 units [from16, to16) of the `len`
// bytes of UTF-8 at `text`, a part of the document with its neighbours' text around it
// (Matcher::Topic). Returns 0, or UINT32_MAX on failure (out of memory).
uint32_t cl_topic_add(Handle* handle, const unsigned char* text, size_t len, uint32_t from16,
                      uint32_t to16) {
  // The byte offsets of the two UTF-16 offsets (at code point boundaries: api.js cuts there).
  size_t from8 = len, to8 = len;
  for (size_t at8 = 0, at16 = 0; at8 <= len; ++at8) {
    if (at8 < len && (text[at8] & 0xC0) == 0x80) continue;  // inside a code point
    if (at16 == from16 && from8 == len) from8 = at8;
    if (at16 == to16) {
      to8 = at8;
      break;
    }
    if (at8 < len) at16 += text[at8] >= 0xF0 ? 2 : 1;
  }
  try {
    handle->topic.Add(handle->matcher->Topic(
        std::string_view(reinterpret_cast<const char*>(text), len), from8, to8));
  } catch (const std::exception& e) {
    Fail(std::string("topic failed: ") + e.what());
    return UINT32_MAX;
  }
  return 0;
}

// The document topic added up so far: cl_topic_size() counts (one per context set) at
// cl_topic_words(); cl_topic_set() replaces it with `count` counts at `words` (a topic that
// JavaScript kept from an earlier cl_topic_add, for the pieces of the same document).
uint32_t cl_topic_size(Handle* handle) {
  return static_cast<uint32_t>(handle->topic.words_per_set.size());
}
const uint32_t* cl_topic_words(Handle* handle) { return handle->topic.words_per_set.data(); }
void cl_topic_set(Handle* handle, const uint32_t* words, uint32_t count) {
  handle->topic.words_per_set.assign(words, words + count);
}

const uint32_t* cl_results(Handle* handle) { return handle->results.data(); }

// Releases the result buffer (after a very large scan).
void cl_trim(Handle* handle) { std::vector<uint32_t>().swap(handle->results); }

// Every entry of the matcher's lexicon, one record per entry, fields separated by U+001F and
// records by U+001E: id, category, kind, label.
const char* cl_entries(Handle* handle) {
  WriteEntryRecords(*handle->lexicon, &handle->text);
  return handle->text.c_str();
}

// The entry's JSON as written in the lexicon (with its glossary).
// Null with the message in cl_last_error() when the module carries no lexicon text (the widget's).
const char* cl_entry_json(Handle* handle, uint32_t index) {
  const auto& entries = handle->lexicon->entries();
  if (index >= entries.size()) return nullptr;
#ifdef CHIPLIGHT_WITHOUT_LEXICON_TEXT
  // The widget's module: no text, and so none of the JSON code that reads and prints it.
  return Fail(
      "this build carries no lexicon text (the widget's module: the glossary is a separate file)");
#else
  try {
    handle->text = handle->lexicon->SourceJson(entries[index]);
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
  return handle->text.c_str();
#endif
}

const char* cl_version(Handle* handle) {
  // Assigned from a fresh string, so that the entry list's buffer (cl_entries, called just before
  // by every new matcher, a few KB) goes back to the allocator rather than staying per handle.
  handle->text = std::string(handle->lexicon->version());
  return handle->text.c_str();
}

// The widest context window of the lexicon in use, in code points (Lexicon::max_context_window).
uint32_t cl_max_context_window(Handle* handle) {
  return static_cast<uint32_t>(handle->lexicon->max_context_window());
}

// What a piece of text needs on each side, in UTF-16 code units (Matcher::context_margin).
uint32_t cl_context_margin(Handle* handle) {
  return static_cast<uint32_t>(handle->matcher->context_margin().utf16_units());
}

// The code point that front ends join blocks with (chiplight/text.h).
uint32_t cl_block_separator() { return chiplight::kBlockSeparatorCodePoint; }

// Assesses one document's matches, given as `count` entry indexes in document order (offsets
// are not needed). Returns JSON:
//   {"verdict": "strong", "evidence": [indexes into the input], "explanation": "..."}
const char* cl_assess(Handle* handle, const uint32_t* entries, uint32_t count) {
  try {
    const size_t entry_count = handle->lexicon->entries().size();
    std::vector<Match> matches(count);
    for (uint32_t i = 0; i < count; ++i) {
      if (entries[i] >= entry_count) return Fail("assess: unknown entry");
      matches[i].entry = entries[i];
    }
    const chiplight::Assessment a = chiplight::Assess(*handle->lexicon, matches);
    handle->text = AssessmentJson(a);
    return handle->text.c_str();
  } catch (const std::exception& e) {
    return Fail(e.what());
  }
}

// Bytes of the module's heap in use by malloc (for the memory-stability test).
size_t cl_heap_in_use() { return mallinfo().uordblks; }

}  // extern "C"
