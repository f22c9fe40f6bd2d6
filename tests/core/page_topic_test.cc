// What the whole page is about (a context rule's "page" part, DocumentTopic) and windows with
// separate reach before and after a match (docs/lexicon.md, "Context rules" and "Page topic").
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "chiplight/lexicon.h"
#include "chiplight/matcher.h"
#include "context_words.h"
#include "lexicon_internal.h"
#include "test_support.h"

using namespace chiplight;
using chiplight::testing::Strings;

namespace {

// "text=id" per match (context_words.h, for the work counter, has a Found of its own).
Strings Hits(const Matcher& matcher, std::string_view text) {
  return chiplight::testing::Found(matcher, text);
}

// "Broker" is a chip broker only where chips are near, or on a page about chips; never on a page
// about flats. "Tulip" is a chip brand that no page rule judges.
std::shared_ptr<const Lexicon> PageLexicon() {
  static auto lexicon = Lexicon::FromJson(R"({"format": 1, "version": "1",
    "contexts": {
      "chips": {"names": ["GPU", "GPUs", "chips", "芯片"]},
      "housing": {"names": ["flat", "flats", "rent", "landlord", "房源"]},
      "scam": {"names": ["scam"]}
    },
    "entries": [
      {"id": "broker", "category": "intermediary", "label": "B", "names": ["Broker", "中介"],
       "context": {"anyOf": ["chips"], "window": 12, "noneOf": ["scam"], "noneWindow": 8,
                   "page": {"anyOf": ["chips"], "noneOf": ["housing"], "atLeast": 2}}},
      {"id": "tulip", "category": "chip", "label": "T", "names": ["Tulip"]}
    ]})");
  return lexicon;
}

const Matcher& PageMatcher() {
  static Matcher matcher(PageLexicon());
  return matcher;
}

const std::string kFar(120, '.');  // further than any window of PageLexicon

}  // namespace

TEST_CASE("a page about the sense confirms a term that its window leaves unconfirmed", "[page]") {
  // The headline is far from every clue: the page's two chip words decide.
  CHECK(Hits(PageMatcher(), "Broker arrested" + kFar + "GPU smuggling, chips seized") ==
        Strings{"Broker=broker"});
  // One chip word is not a topic (atLeast 2), and nothing near confirms it.
  CHECK(Hits(PageMatcher(), "Broker arrested" + kFar + "GPU smuggling").empty());
  // Chinese as well, headline and body.
  CHECK(Hits(PageMatcher(), "中介被捕" + kFar + "芯片走私，芯片被扣") == Strings{"中介=broker"});
}

TEST_CASE("a page about another sense drops a term, even one its window confirms", "[page]") {
  // Near a chip word, but the page is about flats: three housing words against one chip word.
  CHECK(Hits(PageMatcher(), "Broker GPU" + kFar + "flat to rent, ask the landlord").empty());
  CHECK(Hits(PageMatcher(), "中介 芯片" + kFar + "房源 房源 rent").empty());
  // A tie, or too few words on the other side, leaves the window to decide.
  CHECK(Hits(PageMatcher(), "Broker GPU" + kFar + "flat rent chips") == Strings{"Broker=broker"});
  CHECK(Hits(PageMatcher(), "Broker GPU" + kFar + "flat") == Strings{"Broker=broker"});
  // An entry without a page rule is never judged by the page.
  CHECK(Hits(PageMatcher(), "Tulip" + kFar + "flat to rent, ask the landlord") ==
        Strings{"Tulip=tulip"});
}

TEST_CASE("a disqualifying word near the term wins over the page", "[page]") {
  CHECK(Hits(PageMatcher(), "Broker scam" + kFar + "GPU chips GPUs chips").empty());
}

TEST_CASE("the topic counts every place a word of a named set starts", "[page]") {
  const Matcher& matcher = PageMatcher();
  const DocumentTopic topic = matcher.Topic("GPU chips, flat flats; GPUs and 芯片. scam");
  const auto set = [&](const char* name) {
    for (size_t i = 0; i < matcher.lexicon().contexts().size(); ++i) {
      if (matcher.lexicon().contexts()[i].name == name) return i;
    }
    FAIL("no set " << name);
    return size_t{0};
  };
  CHECK(topic.words(set("chips")) == 4);
  CHECK(topic.words(set("housing")) == 2);
  CHECK(topic.words(set("scam")) == 0);  // no page rule names it: not counted
  // A lexicon without page rules has no topic to work out.
  CHECK(Matcher(chiplight::testing::RulesLexicon()).Topic("GPU chips").words_per_set.empty());
}

TEST_CASE("pieces given the whole document's topic are judged as in the whole document",
          "[page][pieces]") {
  const Matcher& matcher = PageMatcher();
  // Paragraphs: chip news, then a long housing section that outweighs it.
  std::string text;
  for (int i = 0; i < 4; ++i) text += "Broker held" + kFar + "GPU chips\n";
  for (int i = 0; i < 12; ++i) text += "flat to rent" + kFar + "ask the landlord\n";
  for (int i = 0; i < 3; ++i) text += "Broker GPU\n";
  const std::vector<Match> whole = matcher.Scan(text);
  // 8 chip words against 36 housing words: every Broker goes, the near-confirmed ones too.
  CHECK(whole.empty());
  const DocumentTopic topic = matcher.Topic(text);
  // The topic of parts cut at line breaks adds up to the whole's.
  DocumentTopic summed;
  for (size_t from = 0; from < text.size();) {
    const size_t to = text.find('\n', from) + 1;
    summed.Add(matcher.Topic(std::string_view(text).substr(from, to - from)));
    from = to;
  }
  CHECK(summed == topic);
  // Parts cut anywhere, even inside a word, each given with its neighbours' text, add up exactly.
  const size_t margin_bytes = matcher.context_margin().code_points + matcher.context_margin().bytes;
  for (size_t part : {size_t{1}, size_t{7}, size_t{100}, size_t{333}}) {
    DocumentTopic tiled;
    for (size_t from = 0; from < text.size(); from += part) {
      const size_t to = std::min(text.size(), from + part);
      const size_t outer_from = from > margin_bytes ? from - margin_bytes : 0;
      const size_t outer_to = std::min(text.size(), to + margin_bytes);
      tiled.Add(matcher.Topic(std::string_view(text).substr(outer_from, outer_to - outer_from),
                              from - outer_from, to - outer_from));
    }
    INFO("parts of " << part << " bytes");
    CHECK(tiled == topic);
  }

  const size_t margin = matcher.context_margin().code_points + matcher.context_margin().bytes;
  size_t pieces_that_differ_alone = 0;
  for (size_t from = 0; from < text.size(); from += 97) {
    const size_t to = std::min(text.size(), from + 200);
    const size_t outer_from = from > margin ? from - margin : 0;
    const size_t outer_to = std::min(text.size(), to + margin);
    const std::string_view piece = std::string_view(text).substr(outer_from, outer_to - outer_from);
    auto inside = [&](std::vector<Match> found) {
      std::vector<Match> kept;
      for (Match m : found) {
        m.start += outer_from;
        m.end += outer_from;
        if (m.start >= from && m.start < to) kept.push_back(m);
      }
      return kept;
    };
    std::vector<Match> expected;
    for (const Match& m : whole) {
      if (m.start >= from && m.start < to) expected.push_back(m);
    }
    INFO("piece [" << from << ", " << to << ")");
    CHECK(inside(matcher.Scan(piece, topic)) == expected);
    if (inside(matcher.Scan(piece)) != expected) ++pieces_that_differ_alone;
  }
  // Without the document's topic, some pieces would be judged by their own.
  CHECK(pieces_that_differ_alone > 0);
}

TEST_CASE("a scan searches its text for the topic once at most, and not when given it",
          "[page][linear]") {
  const Matcher& matcher = PageMatcher();
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "Broker held" + kFar + "GPU chips\n";
  const uint64_t before = topic_bytes_searched;
  const std::vector<Match> found = matcher.Scan(text);
  CHECK(found.size() == 2000);
  // 2,000 terms ask about the page: the text was searched for its topic once.
  CHECK(topic_bytes_searched - before == text.size());
  const DocumentTopic topic = matcher.Topic(text);
  CHECK(topic_bytes_searched - before == 2 * text.size());
  CHECK(matcher.Scan(text, topic) == found);
  CHECK(topic_bytes_searched - before == 2 * text.size());
  // No term with a page rule: no search for the topic.
  matcher.Scan("Tulip GPU chips flat rent");
  CHECK(topic_bytes_searched - before == 2 * text.size());
}

TEST_CASE("the page topic is the same without the automaton", "[page]") {
  MatcherOptions options;
  options.use_prefilter = false;
  const Matcher re2_only(PageLexicon(), options);
  for (const std::string& text :
       {"Broker arrested" + kFar + "GPU smuggling, chips seized",
        "Broker GPU" + kFar + "flat to rent, ask the landlord", "中介被捕" + kFar + "芯片 芯片"}) {
    CHECK(re2_only.Scan(text) == PageMatcher().Scan(text));
    CHECK(re2_only.Topic(text) == PageMatcher().Topic(text));
  }
}

TEST_CASE("a page word inside a longer word of another set doesn't count", "[page]") {
  // The topic searches the page sets' words alone, then looks again at each place they start:
  // a longer word of a set no page rule names wins the place, as it does in a window.
  auto lexicon = Lexicon::FromJson(R"({"format": 1, "version": "1",
    "contexts": {
      "chips": {"names": ["GPU", "中介"], "patterns": ["HBM[0-9]"]},
      "offers": {"names": ["GPU cloud", "中介费", "HBM3 price"]},
      "housing": {"names": ["flat", "GPU"]}
    },
    "entries": [
      {"id": "broker", "category": "intermediary", "label": "B", "names": ["Broker"],
       "context": {"page": {"anyOf": ["chips"], "noneOf": ["housing"]}}}
    ]})");
  const size_t min_bytes = page_search_min_bytes.exchange(0);  // the page words' own search
  const Matcher matcher(lexicon);
  MatcherOptions options;
  options.use_prefilter = false;
  const Matcher re2_only(lexicon, options);
  const std::string text = "GPU cloud; GPU, 中介费 中介 HBM3 price HBM3 flat GPUs GPU-cloud";
  const DocumentTopic topic = matcher.Topic(text);
  // chips: GPU, 中介, HBM3 (and not "GPU cloud" twice, 中介费, "HBM3 price", GPUs);
  // housing: flat and the same GPU; offers is named by no page rule.
  const auto words = [&](const char* name) {
    for (size_t i = 0; i < lexicon->contexts().size(); ++i) {
      if (lexicon->contexts()[i].name == name) return topic.words(i);
    }
    FAIL("no set " << name);
    return uint32_t{0};
  };
  CHECK(words("chips") == 3);
  CHECK(words("housing") == 2);
  CHECK(words("offers") == 0);
  CHECK(re2_only.Topic(text) == topic);
  for (size_t from = 0; from < text.size(); from += 5) {
    INFO("from " << from);
    CHECK(re2_only.Topic(text, from, text.size()) == matcher.Topic(text, from, text.size()));
  }
  page_search_min_bytes = min_bytes;
}

TEST_CASE("the built-in lexicon's topic is that of all its context words", "[page]") {
  // Every context word of every set, each followed by each of a few others (so that one may
  // be the start of a longer one: 中介 and 中介费), with and without a space. The built-in
  // lexicon's topic searches for its page sets' words (and those that could be longer at the same
  // place); the same lexicon with one more rule, whose page names every set, searches for all
  // context words: the page sets' counts are the same.
  const auto lexicon = Lexicon::BuiltIn();
  std::vector<std::string> words;
  std::string every_set;
  for (const ContextSet& set : lexicon->contexts()) {
    for (const std::string& name : set.names) words.push_back(name);
    every_set += (every_set.empty() ? "\"" : ", \"") + set.name + "\"";
  }
  std::string text;
  for (size_t i = 0; i < words.size(); ++i) {
    for (size_t step : {size_t{1}, size_t{7}, size_t{101}}) {
      text += words[i] + " " + words[(i + step) % words.size()] + ", ";
      text += words[i] + words[(i + step) % words.size()] + ". ";
    }
  }
  text += "HBM3e 8 卡 NVL72 D1.4 A5.12 B2.1 $5";
  std::string json(Lexicon::BuiltInJson());
  const std::string entries = "\"entries\": [";
  REQUIRE(json.find(entries) != std::string::npos);
  json.insert(json.find(entries) + entries.size(),
              R"({"id": "every-set", "category": "intermediary", "label": "E", "names": ["Zqxv"],
                  "context": {"page": {"anyOf": [)" +
                  every_set + "]}}},");
  const size_t min_bytes = page_search_min_bytes.exchange(0);  // the page words' own search
  const Matcher every_word(Lexicon::FromJson(json));
  const Matcher matcher(lexicon);
  const DocumentTopic topic = matcher.Topic(text);
  const DocumentTopic all = every_word.Topic(text);
  std::vector<bool> page_set(lexicon->contexts().size());
  for (const Entry& entry : lexicon->entries()) {
    if (!entry.context || !entry.context->page) continue;
    for (size_t set : entry.context->page->any_of) page_set[set] = true;
    for (size_t set : entry.context->page->none_of) page_set[set] = true;
  }
  for (size_t set = 0; set < page_set.size(); ++set) {
    INFO("set " << lexicon->contexts()[set].name);
    if (!page_set[set]) {
      CHECK(topic.words(set) == 0);
      continue;
    }
    CHECK(topic.words(set) > 0);  // each of its words is in the text
    CHECK(topic.words(set) == all.words(set));
  }
  page_search_min_bytes = min_bytes;
}

TEST_CASE("windows may reach differently before and after a match", "[window]") {
  auto lexicon = Lexicon::FromJson(R"({"format": 1, "version": "1",
    "contexts": {"chips": {"names": ["GPU"]}, "water": {"names": ["water"]}},
    "entries": [
      {"id": "h20", "category": "chip", "label": "H", "names": ["H20"],
       "context": {"anyOf": ["chips"], "window": {"before": 0, "after": 30},
                   "noneOf": ["water"], "noneWindow": {"before": 10, "after": 0}}},
      {"id": "l2", "category": "chip", "label": "L", "names": ["L2"],
       "context": {"anyOf": ["chips"], "window": 6}}
    ]})");
  const Matcher matcher(lexicon);
  CHECK(Hits(matcher, "H20 GPU") == Strings{"H20=h20"});
  CHECK(Hits(matcher, "GPU H20").empty());                      // the confirming word is before
  CHECK(Hits(matcher, "water H20 GPU").empty());                // the disqualifying word is before
  CHECK(Hits(matcher, "H20 GPU water") == Strings{"H20=h20"});  // ...or only after
  // The plain number still reaches both ways.
  CHECK(Hits(matcher, "GPU L2") == Strings{"L2=l2"});
  CHECK(Hits(matcher, "L2 GPU") == Strings{"L2=l2"});
  const ContextRule& rule = *lexicon->Find("h20")->context;
  CHECK(rule.window == 0);
  CHECK(rule.window_after == 30);
  CHECK(rule.none_window == 10);
  CHECK(rule.none_window_after == 0);
  // The margin covers the longest reach on either side (here the confirming window after).
  CHECK(lexicon->max_context_window() == 30);
  CHECK(matcher.context_margin().code_points == 30);
}

TEST_CASE("page rules and reaches are checked when loading", "[page][window]") {
  auto load = [](const std::string& rule) {
    return Lexicon::FromJson(R"({"format": 1, "version": "1",
      "contexts": {"chips": {"names": ["GPU", "Broker"]}, "flats": {"names": ["flat"]}},
      "entries": [{"id": "broker", "category": "intermediary", "label": "B", "names": ["Broker"],
                   "context": )" +
                             rule + "}]}");
  };
  auto error = [&](const std::string& rule) {
    try {
      load(rule);
    } catch (const LexiconError& e) {
      return std::string(e.what());
    }
    return std::string("loaded");
  };
  CHECK_THAT(error(R"({"page": {"noneOf": ["flats"], "atLeast": 0}})"),
             Catch::Contains("context.page.atLeast"));
  CHECK_THAT(error(R"({"page": {"atLeast": 2}})"),
             Catch::Contains("needs \"anyOf\" or \"noneOf\""));
  CHECK_THAT(error(R"({"page": {"noneOf": ["pets"]}})"),
             Catch::Contains("unknown context \"pets\""));
  CHECK_THAT(error(R"({"page": {"noneOf": ["flats"], "over": 1}})"), Catch::Contains("over"));
  // A page set that lists the entry's own name: its mentions would decide its own topic.
  CHECK_THAT(error(R"({"page": {"anyOf": ["chips"]}})"),
             Catch::Contains("context \"chips\" lists \"Broker\""));
  CHECK_THAT(error(R"({"noneOf": ["flats"], "window": {"before": 0, "after": 0}})"),
             Catch::Contains("reaches nowhere"));
  CHECK_THAT(error(R"({"noneOf": ["flats"], "noneWindow": {"before": 5}})"),
             Catch::Contains("needs \"after\""));
  CHECK_THAT(error(R"({"noneOf": ["flats"], "window": {"before": 5, "after": 5, "up": 1}})"),
             Catch::Contains("up"));
  // A rule may be a page part alone.
  CHECK(error(R"({"page": {"noneOf": ["flats"]}})") == "loaded");
}

TEST_CASE("the compiled form keeps page rules and reaches", "[page][window]") {
  const std::string_view text = Lexicon::BuiltInJson();
  const auto from_json = Lexicon::FromJson(text);
  const auto compiled =
      LexiconInternals::FromCompiledForm(LexiconInternals::CompiledForm(*from_json, text), text);
  REQUIRE(compiled != nullptr);
  REQUIRE(compiled->entries().size() == from_json->entries().size());
  size_t page_rules = 0;
  for (size_t i = 0; i < compiled->entries().size(); ++i) {
    const auto& a = compiled->entries()[i].context;
    const auto& b = from_json->entries()[i].context;
    REQUIRE(a.has_value() == b.has_value());
    if (!a) continue;
    CHECK(a->window_after == b->window_after);
    CHECK(a->none_window_after == b->none_window_after);
    REQUIRE(a->page.has_value() == b->page.has_value());
    if (!a->page) continue;
    ++page_rules;
    CHECK(a->page->any_of == b->page->any_of);
    CHECK(a->page->none_of == b->page->none_of);
    CHECK(a->page->at_least == b->page->at_least);
  }
  CHECK(page_rules > 0);
  CHECK(Lexicon::BuiltIn()->has_page_rules());
}
