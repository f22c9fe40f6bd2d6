#include <catch2/catch.hpp>

#include "builtin_lexicon.h"
#include "lexicon_internal.h"
#include "test_support.h"

using namespace chiplight;
using namespace chiplight::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

// A valid one-entry lexicon with `entry` spliced in as the second entry.
std::string WithEntry(const std::string& entry, const std::string& contexts = "{}") {
  return R"({"format": 1, "version": "1.0.0", "contexts": )" + contexts +
         R"(, "entries": [ {"id": "first", "category": "chip", "label": "First", "names": ["First"]}, )" +
         entry + "]}";
}

std::string ErrorOf(const std::string& json) {
  try {
    Lexicon::FromJson(json);
  } catch (const LexiconError& error) {
    return error.what();
  }
  return "(loaded)";
}

}  // namespace

TEST_CASE("the rules lexicon loads", "[lexicon]") {
  auto lexicon = RulesLexicon();
  CHECK(lexicon->version() == "0.0.1-test");
  CHECK(lexicon->Find("nvidia-a100")->label == "Nvidia A100");
  CHECK(lexicon->Find("nvidia")->kind == "vendor");
  CHECK_FALSE(lexicon->Find("nvidia")->is_controlled_chip());
  CHECK(lexicon->Find("nvidia-a100")->is_controlled_chip());
  CHECK(lexicon->Find("nope") == nullptr);
  CHECK(lexicon->Find("ear")->case_sensitive);
  CHECK(LexiconInternals::Source(*lexicon, *lexicon->Find("ear")).at("glossary")["summary"]["zh"] ==
        "美国关于两用物项出口的规定。");
  // Front ends outside the tree get the same entry as JSON text.
  const Entry& ear = *lexicon->Find("ear");
  CHECK(nlohmann::json::parse(lexicon->SourceJson(ear)) == LexiconInternals::Source(*lexicon, ear));
  CHECK_THROWS_AS(lexicon->SourceJson(Lexicon::BuiltIn()->entries().front()), std::out_of_range);
}

TEST_CASE("the built-in lexicon loads and compiles", "[lexicon][builtin]") {
  auto lexicon = Lexicon::BuiltIn();
  CHECK_FALSE(lexicon->entries().empty());
  CHECK_FALSE(lexicon->version().empty());
  Matcher matcher(lexicon);
  CHECK_FALSE(matcher.Scan("Nvidia A100 on AWS").empty());
}

TEST_CASE("a bad pattern names the entry and gives RE2's message", "[lexicon][errors]") {
  CHECK_THAT(
      ErrorOf(WithEntry(
          R"({"id": "nvidia-h100", "category": "chip", "label": "H100", "patterns": ["A100(?:SXM"]})")),
      Equals("entries[1] (nvidia-h100): patterns[0]: missing ): A100(?:SXM"));
  CHECK_THAT(ErrorOf(WithEntry(
                 R"({"id": "x", "category": "chip", "label": "X", "patterns": ["ok", "a**"]})")),
             Equals("entries[1] (x): patterns[1]: bad repetition operator: **"));
  CHECK_THAT(
      ErrorOf(WithEntry(R"({"id": "x", "category": "chip", "label": "X", "patterns": ["a*"]})")),
      Equals("entries[1] (x): patterns[0]: matches the empty string: a*"));
}

TEST_CASE("structural errors name their place", "[lexicon][errors]") {
  CHECK_THAT(ErrorOf(WithEntry(R"({"id": "x", "category": "gpu", "label": "X", "names": ["X"]})")),
             Equals("entries[1] (x): category: unknown category \"gpu\" (known: chip, cloud, "
                    "intermediary, regulation)"));
  CHECK_THAT(ErrorOf(WithEntry(R"({"id": "x", "category": "chip", "names": ["X"]})")),
             Equals("entries[1] (x): missing \"label\""));
  CHECK_THAT(ErrorOf(WithEntry(R"({"category": "chip", "label": "Lab", "names": ["X"]})")),
             Equals("entries[1] (Lab): missing \"id\""));
  CHECK_THAT(ErrorOf(WithEntry(R"({"id": "x", "category": "chip", "label": "X"})")),
             Equals("entries[1] (x): needs at least one name or pattern"));
  CHECK_THAT(
      ErrorOf(WithEntry(R"({"id": "X y", "category": "chip", "label": "X", "names": ["X"]})")),
      Equals("entries[1] (X y): id: \"X y\" is not lowercase a-z0-9-"));
  CHECK_THAT(ErrorOf(WithEntry(R"({"id": "x", "category": "chip", "label": "X", "names": [3]})")),
             Equals("entries[1] (x): names[0]: expected a string, found number"));
  CHECK_THAT(ErrorOf(WithEntry(
                 R"({"id": "x", "category": "chip", "label": "X", "names": ["X"], "colour": 1})")),
             Equals("entries[1] (x): colour: unknown key"));
  CHECK_THAT(
      ErrorOf(WithEntry(
          R"({"id": "x", "category": "chip", "label": "X", "names": ["X"], "flags": ["loud"]})")),
      Equals("entries[1] (x): flags[0]: unknown flag \"loud\" (known: case-sensitive)"));
  CHECK_THAT(
      ErrorOf(WithEntry(R"({"id": "x", "category": "chip", "label": "X", "names": [" - "]})")),
      Equals("entries[1] (x): names[0]: \" - \" has nothing but separators"));
}

TEST_CASE("duplicate ids and names are refused", "[lexicon][errors]") {
  CHECK_THAT(
      ErrorOf(WithEntry(R"({"id": "first", "category": "chip", "label": "X", "names": ["X"]})")),
      Equals("entries[1] (first): id: \"first\" is already the id of entries[0]"));
  CHECK_THAT(
      ErrorOf(WithEntry(R"({"id": "x", "category": "cloud", "label": "X", "names": ["FIRST"]})")),
      Equals("entries[1] (x): names[0]: \"FIRST\" is already a name of entries[0] (first)"));
}

TEST_CASE("context rules and glossary links are checked", "[lexicon][errors]") {
  CHECK_THAT(
      ErrorOf(WithEntry(
          R"({"id": "x", "category": "chip", "label": "X", "names": ["X"], "context": {"anyOf": ["gpu"]}})")),
      Equals("entries[1] (x): context.anyOf[0]: unknown context \"gpu\""));
  CHECK_THAT(
      ErrorOf(WithEntry(
          R"({"id": "x", "category": "chip", "label": "X", "names": ["X"], "context": {"window": 5}})")),
      Equals("entries[1] (x): context: needs \"anyOf\", \"categories\", \"noneOf\" or \"page\""));
  CHECK_THAT(ErrorOf(WithEntry(R"({"id": "x", "category": "chip", "label": "X", "names": ["X"]})",
                               R"({"gpu": {"patterns": ["(GPU"]}})")),
             Equals("contexts.gpu: patterns[0]: missing ): (GPU"));
  CHECK_THAT(
      ErrorOf(WithEntry(
          R"({"id": "x", "category": "chip", "label": "X", "names": ["X"], "glossary": {"related": ["ecn-3a090"]}})")),
      Equals("entries[1] (x): glossary.related[0]: unknown entry id \"ecn-3a090\""));
  CHECK_THAT(
      ErrorOf(WithEntry(
          R"({"id": "x", "category": "chip", "label": "X", "names": ["X"], "glossary": {"dates": [{"date": "Oct 2022", "event": "e"}]}})")),
      Equals("entries[1] (x): glossary.dates[0].date: \"Oct 2022\" is not YYYY, YYYY-MM or "
             "YYYY-MM-DD"));
  CHECK_THAT(
      ErrorOf(WithEntry(
          R"({"id": "x", "category": "chip", "label": "X", "names": ["X"], "glossary": {"citations": [{"text": "t", "url": "ftp://x"}]}})")),
      Equals("entries[1] (x): glossary.citations[0].url: \"ftp://x\" is not an http(s) URL"));
  CHECK_THAT(
      ErrorOf(WithEntry(
          R"({"id": "x", "category": "chip", "label": "X", "names": ["X"], "glossary": {"control": {"rules": ["nope"]}}})")),
      Equals("entries[1] (x): glossary.control.rules[0]: unknown entry id \"nope\""));
}

TEST_CASE("invalid JSON names the line and column", "[lexicon][errors]") {
  std::string error;
  try {
    Lexicon::FromJson("{\n  \"format\": 1,\n  \"entries\": [\n    {\"id\": }\n  ]\n}", "bad.json");
  } catch (const LexiconError& e) {
    error = e.what();
  }
  CHECK_THAT(error, Contains("bad.json: line 4, column 12: syntax error"));
  CHECK_THAT(ErrorOf("[]"), Equals("a lexicon is a JSON object, found array"));
  CHECK_THAT(ErrorOf(R"({"format": 2, "version": "1", "entries": []})"),
             Equals("format: unsupported format 2 (this build reads 1)"));
}

TEST_CASE("a missing file names the path", "[lexicon][errors]") {
  CHECK_THROWS_WITH(Lexicon::FromFile("/nonexistent/lexicon.json"),
                    "/nonexistent/lexicon.json: cannot open the file");
}

TEST_CASE("extra entries are added or refused whole - named by their label", "[lexicon][extra]") {
  auto base = RulesLexicon();
  auto extended = Lexicon::WithExtraEntries(
      *base, R"([{"label": "Project X", "category": "intermediary", "names": ["Acme Compute"]}])",
      "extraTerms");
  CHECK(extended->entries().size() == base->entries().size() + 1);
  CHECK(extended->entries().back().id == "extraterms-0");
  CHECK(Found(Matcher(extended), "rented via Acme Compute") ==
        Strings{"Acme Compute=extraterms-0"});

  auto error_of = [&](const char* terms) -> std::string {
    try {
      Lexicon::WithExtraEntries(*base, terms, "extraTerms");
    } catch (const LexiconError& e) {
      return e.what();
    }
    return "(loaded)";
  };
  CHECK(
      error_of(
          R"([{"label": "Ok", "category": "chip", "names": ["Okay"]}, {"label": "Bad", "category": "chip", "patterns": ["(x"]}])") ==
      "extraTerms[1] (Bad): patterns[0]: missing ): (x");
  CHECK(error_of(R"([{"label": "Bad", "category": "gpu", "names": ["x"]}])") ==
        "extraTerms[0] (Bad): category: unknown category \"gpu\" (known: chip, cloud, "
        "intermediary, regulation)");
  CHECK(error_of(R"({"label": "x"})") == "extraTerms: expected an array of terms");
  CHECK_THAT(error_of(R"([{"label": "x",]")"), Contains("extraTerms: line 1, column "));
  // Parsed by the caller (the browser's options), the same terms load the same way.
  const auto from_parsed = LexiconInternals::WithExtraEntries(
      *base,
      nlohmann::json::parse(
          R"([{"label": "Project X", "category": "intermediary", "names": ["Acme Compute"]}])"),
      "extraTerms");
  CHECK(LexiconInternals::Document(*from_parsed) == LexiconInternals::Document(*extended));
  CHECK(base->entries().size() == RulesLexicon()->entries().size());  // nothing else changed
}

TEST_CASE("glossary dates are YYYY, YYYY-MM or YYYY-MM-DD", "[lexicon][errors]") {
  auto error_for_date = [](const std::string& date) {
    return ErrorOf(WithEntry(R"({"id": "x", "category": "chip", "label": "X", "names": ["X"],
                                 "glossary": {"dates": [{"date": ")" +
                             date + R"(", "event": "e"}]}})"));
  };
  for (const char* good : {"2022", "2022-10", "2022-10-07", "1996-01-31"}) {
    CHECK_THAT(error_for_date(good), Equals("(loaded)"));
  }
  for (const char* bad : {"22", "2022-13", "2022-00", "2022-1", "2022-10-32", "2022-10-7",
                          "2022/10/07", "2022-10-07T00"}) {
    CHECK_THAT(error_for_date(bad), Contains("is not YYYY, YYYY-MM or YYYY-MM-DD"));
  }
}

TEST_CASE("the widest context window is known to front ends", "[lexicon]") {
  CHECK(RulesLexicon()->max_context_window() == 200);  // BIS
  CHECK(Lexicon::BuiltIn()->max_context_window() >= 100);
}

namespace {

void RequireSameLexicon(const Lexicon& a, const Lexicon& b) {
  REQUIRE(a.version() == b.version());
  REQUIRE(a.contexts().size() == b.contexts().size());
  for (size_t k = 0; k < a.contexts().size(); ++k) {
    const ContextSet& x = a.contexts()[k];
    const ContextSet& y = b.contexts()[k];
    INFO("contexts." << x.name);
    CHECK(x.name == y.name);
    CHECK(x.names == y.names);
    CHECK(x.patterns == y.patterns);
    CHECK(x.case_sensitive == y.case_sensitive);
  }
  REQUIRE(a.entries().size() == b.entries().size());
  for (size_t i = 0; i < a.entries().size(); ++i) {
    const Entry& x = a.entries()[i];
    const Entry& y = b.entries()[i];
    INFO("entries[" << i << "] (" << x.id << ")");
    CHECK(x.id == y.id);
    CHECK(x.category == y.category);
    CHECK(x.kind == y.kind);
    CHECK(x.label == y.label);
    CHECK(x.names == y.names);
    CHECK(x.patterns == y.patterns);
    CHECK(x.case_sensitive == y.case_sensitive);
    REQUIRE(x.context.has_value() == y.context.has_value());
    if (x.context) {
      CHECK(x.context->any_of == y.context->any_of);
      CHECK(x.context->categories == y.context->categories);
      CHECK(x.context->none_of == y.context->none_of);
      CHECK(x.context->window == y.context->window);
      CHECK(x.context->none_window == y.context->none_window);
    }
    CHECK(LexiconInternals::Source(a, x) == LexiconInternals::Source(b, y));
  }
  CHECK(a.max_context_window() == b.max_context_window());
}

}  // namespace

TEST_CASE("the built-in lexicon starts from its compiled form, the same as from its JSON",
          "[lexicon]") {
  const std::string_view text = Lexicon::BuiltInJson();
  const auto parsed = Lexicon::FromJson(text);
  const auto compiled = LexiconInternals::FromCompiledForm(BuiltinLexiconCompiled(), text);
  REQUIRE(compiled != nullptr);  // the build generated it (core/tools/builtin_tables.cc)
  RequireSameLexicon(*compiled, *parsed);
  RequireSameLexicon(*Lexicon::BuiltIn(), *parsed);
  // Only BuiltIn() itself is the built-in lexicon (a matcher then reads its stored automata).
  CHECK(Lexicon::BuiltIn()->built_in());
  CHECK_FALSE(parsed->built_in());
  CHECK_FALSE(compiled->built_in());
  CHECK_FALSE(Lexicon::WithExtraEntries(*Lexicon::BuiltIn(), R"([{"label": "Foo Cloud",
                                           "category": "cloud", "names": ["Foo Cloud"]}])",
                                        "extraTerms")
                  ->built_in());
  CHECK(LexiconInternals::Document(*compiled) == LexiconInternals::Document(*parsed));
  // A round trip through the form of any lexicon, with context rules and flags.
  const auto rules = RulesLexicon();
  const std::string rules_text = LexiconInternals::Document(*rules).dump();
  const auto again = LexiconInternals::FromCompiledForm(
      LexiconInternals::CompiledForm(*rules, rules_text), rules_text);
  REQUIRE(again != nullptr);
  RequireSameLexicon(*again, *rules);
}

TEST_CASE("a compiled form that doesn't fit is refused, not misread", "[lexicon]") {
  const std::string_view text = Lexicon::BuiltInJson();
  const std::string form(BuiltinLexiconCompiled());
  CHECK(LexiconInternals::FromCompiledForm("", text) == nullptr);
  CHECK(LexiconInternals::FromCompiledForm(form, std::string(text) + " ") ==
        nullptr);  // another text
  for (size_t cut : {size_t{1}, size_t{7}, form.size() / 2, form.size() - 1}) {
    CHECK(LexiconInternals::FromCompiledForm(std::string_view(form).substr(0, cut), text) ==
          nullptr);
  }
  CHECK(LexiconInternals::FromCompiledForm(form + "x", text) == nullptr);
  std::string wrong_tag = form;
  wrong_tag[6] ^= 1;
  CHECK(LexiconInternals::FromCompiledForm(wrong_tag, text) == nullptr);
}

TEST_CASE("a lexicon error says where and what separately", "[lexicon][errors]") {
  try {
    Lexicon::FromJson(
        WithEntry(
            R"({"id": "h100", "category": "chip", "label": "H", "patterns": ["H100(?:SXM"]})"),
        "mine.json");
    FAIL("loaded");
  } catch (const LexiconError& error) {
    CHECK(error.place() == "mine.json: entries[1] (h100): patterns[0]");
    CHECK(error.message() == "missing ): H100(?:SXM");
    CHECK(std::string(error.what()) == error.place() + ": " + error.message());
  }
}

TEST_CASE("deeply nested JSON is refused with its place, not a crash", "[lexicon][errors]") {
  // Printing the value in the error message used to recurse once per level.
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const std::string error =
      ErrorOf(R"({"format": )" + deep + R"(, "version": "1", "entries": []})");
  CHECK_THAT(error, Contains("line 1, column"));
  CHECK_THAT(error, Contains("nested more than 64 levels"));
  // The same depth parsed by a caller (the browser's extra terms) and handed over.
  nlohmann::json extra = nlohmann::json::array();
  nlohmann::json* inner = &extra;
  for (int i = 0; i < 100000; ++i) inner = &inner->emplace_back(nlohmann::json::array());
  CHECK_THROWS_WITH(LexiconInternals::WithExtraEntries(*RulesLexicon(), extra, "extraTerms"),
                    Contains("extraTerms: values nested more than 64 levels"));
}

TEST_CASE("a number too large is a lexicon error naming the file", "[lexicon][errors]") {
  std::string error;
  try {
    Lexicon::FromJson(R"({"format": 1e400, "version": "1", "entries": []})", "big.json");
  } catch (const LexiconError& e) {
    error = e.what();
  }
  CHECK_THAT(error, Contains("big.json: "));
  CHECK_THAT(error, Contains("number overflow"));
}

TEST_CASE("a pattern is checked as the matcher uses it, not only alone", "[lexicon][errors]") {
  // Valid alone (\Q quotes the rest), broken inside the matcher's group: its \Q quotes the ")".
  CHECK_THAT(
      ErrorOf(WithEntry(R"({"id": "q", "category": "chip", "label": "Q", "patterns": ["x\\Q"]})")),
      Contains("entries[1] (q): patterns[0]: breaks the group the matcher puts it in: missing )"));
  CHECK_THAT(ErrorOf(WithEntry(R"({"id": "q", "category": "chip", "label": "Q", "names": ["Q"]})",
                               R"({"c": {"patterns": ["y\\Q"]}})")),
             Contains("contexts.c: patterns[0]: breaks the group"));
}

TEST_CASE("a name that reads as a count and a name is refused", "[lexicon][errors]") {
  // In text "Ax100" reads as "A" times 100 (the x of "H100x8"), so the name never matches.
  CHECK_THAT(
      ErrorOf(WithEntry(R"({"id": "ax", "category": "chip", "label": "A", "names": ["Ax100"]})")),
      Contains("entries[1] (ax): names[0]: \"Ax100\" never matches as spelled"));
  CHECK_THAT(
      ErrorOf(WithEntry(R"({"id": "ex", "category": "chip", "label": "E", "names": ["8xE"]})")),
      Contains("never matches as spelled"));
  // With a capital X after a letter, or glued to more than three digits, it is a name.
  CHECK(
      ErrorOf(WithEntry(R"({"id": "ax", "category": "chip", "label": "A", "names": ["AX100"]})")) ==
      "(loaded)");
  CHECK(ErrorOf(
            WithEntry(R"({"id": "ax", "category": "chip", "label": "A", "names": ["Ax1000"]})")) ==
        "(loaded)");
}

TEST_CASE("a name longer than a match may be is refused", "[lexicon][errors]") {
  // A match is at most kLongestTerm bytes (the scan's linear-time bound), so a longer name could
  // never be found: the lexicon says so instead of loading a name that silently never matches.
  const std::string long_name(kLongestTerm + 1, 'a');
  CHECK_THAT(ErrorOf(WithEntry(R"({"id": "long", "category": "chip", "label": "L", "names": [")" +
                               long_name + R"("]})")),
             Contains("entries[1] (long): names[0]: is 513 bytes long and never matches"));
  const std::string longest(kLongestTerm, 'a');
  CHECK(ErrorOf(WithEntry(R"({"id": "long", "category": "chip", "label": "L", "names": [")" +
                          longest + R"("]})")) == "(loaded)");
}
