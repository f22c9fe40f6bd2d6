#include "chiplight/assess.h"

#include <algorithm>
#include <unordered_set>

namespace chiplight {
namespace {

// The labels of the first three of `mentions` (indexes into `matches`), and how many more.
std::string Labels(const Lexicon& lexicon, const std::vector<Match>& matches,
                   const std::vector<size_t>& mentions) {
  std::string out;
  for (size_t i = 0; i < mentions.size() && i < 3; ++i) {
    if (i > 0) out += ", ";
    out += lexicon.entries()[matches[mentions[i]].entry].label;
  }
  if (mentions.size() > 3) out += " and " + std::to_string(mentions.size() - 3) + " more";
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
  std::vector<size_t> chips, clouds, intermediaries;
  std::unordered_set<uint32_t> seen;
  for (size_t i = 0; i < matches.size(); ++i) {
    const uint32_t e = matches[i].entry;
    if (e >= lexicon.entries().size() || !seen.insert(e).second) continue;
    const Entry& entry = lexicon.entries()[e];
    if (entry.is_controlled_chip()) {
      chips.push_back(i);
    } else if (entry.category == Category::kCloud) {
      clouds.push_back(i);
    } else if (entry.category == Category::kIntermediary) {
      intermediaries.push_back(i);
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
    result.explanation = "Controlled chip (" + Labels(lexicon, matches, chips) +
                         ") with no cloud provider or intermediary.";
    return result;
  }
  result.explanation = "Controlled chip (" + Labels(lexicon, matches, chips) + ")";
  if (cloud)
    result.explanation += " with cloud provider (" + Labels(lexicon, matches, clouds) + ")";
  if (intermediary) {
    result.explanation += std::string(cloud ? " through" : " with") +
                          " intermediary or rental wording (" +
                          Labels(lexicon, matches, intermediaries) + ")";
  }
  result.explanation += ".";
  for (auto* group : {&chips, &clouds, &intermediaries}) {
    result.evidence.insert(result.evidence.end(), group->begin(), group->end());
  }
  std::sort(result.evidence.begin(), result.evidence.end());
  return result;
}

}  // namespace chiplight
