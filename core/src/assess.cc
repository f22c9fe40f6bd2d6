#include "chiplight/assess.h"

#include <algorithm>
#include <unordered_set>

namespace chiplight {
namespace {

std::string Labels(const Lexicon& lexicon, const std::vector<Match>& matches) {
  std::string out;
  for (size_t i = 0; i < matches.size() && i < 3; ++i) {
    if (i > 0) out += ", ";
    out += lexicon.entries()[matches[i].entry].label;
  }
  if (matches.size() > 3) out += " and " + std::to_string(matches.size() - 3) + " more";
  return out;
}

}  // namespace

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kNone:
      return "none";
    case Verdict::kWeak:
      return "weak";
    case Verdict::kModerate:
      return "moderate";
    case Verdict::kStrong:
      return "strong";
  }
  return "none";
}

Assessment Assess(const Lexicon& lexicon, const std::vector<Match>& matches) {
  // The first mention of each distinct entry, by role.
  std::vector<Match> chips, clouds, intermediaries;
  std::unordered_set<uint32_t> seen;
  for (const Match& m : matches) {
    if (m.entry >= lexicon.entries().size() || !seen.insert(m.entry).second) continue;
    const Entry& entry = lexicon.entries()[m.entry];
    if (entry.is_controlled_chip()) {
      chips.push_back(m);
    } else if (entry.category == Category::kCloud) {
      clouds.push_back(m);
    } else if (entry.category == Category::kIntermediary) {
      intermediaries.push_back(m);
    }
  }
  Assessment result;
  if (chips.empty()) {
    result.explanation = "No controlled chip is named.";
    return result;
  }
  const bool cloud = !clouds.empty();
  const bool intermediary = !intermediaries.empty();
  result.verdict = cloud && intermediary ? Verdict::kStrong
                   : cloud               ? Verdict::kModerate
                   : intermediary        ? Verdict::kWeak
                                         : Verdict::kNone;
  if (result.verdict == Verdict::kNone) {
    result.explanation =
        "Controlled chip (" + Labels(lexicon, chips) + ") with no cloud provider or intermediary.";
    return result;
  }
  result.explanation = "Controlled chip (" + Labels(lexicon, chips) + ")";
  if (cloud) result.explanation += " with cloud provider (" + Labels(lexicon, clouds) + ")";
  if (intermediary) {
    result.explanation += std::string(cloud ? " through" : " with") +
                          " intermediary or rental wording (" + Labels(lexicon, intermediaries) +
                          ")";
  }
  result.explanation += ".";
  for (auto* group : {&chips, &clouds, &intermediaries}) {
    result.evidence.insert(result.evidence.end(), group->begin(), group->end());
  }
  std::sort(result.evidence.begin(), result.evidence.end(),
            [](const Match& a, const Match& b) { return a.start < b.start; });
  return result;
}

}  // namespace chiplight
