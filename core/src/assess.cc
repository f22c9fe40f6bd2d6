#include "chiplight/assess.h"

#include <algorithm>
#include <cctype>
#include <string>
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
  std::vector<size_t> chips, clouds, intermediaries, listed;
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
    } else if (entry.category == Category::kListed) {
      listed.push_back(i);
    }
  }
  const bool chip = !chips.empty();
  const bool cloud = !clouds.empty();
  const bool intermediary = !intermediaries.empty();
  // A listed party counts only beside a controlled chip or a cloud provider: alone it is news
  // about the list, not about access to chips.
  const bool listed_party = !listed.empty() && (chip || cloud);
  int level = !chip                   ? 0
              : cloud && intermediary ? static_cast<int>(Verdict::kStrong)
              : cloud                 ? static_cast<int>(Verdict::kModerate)
              : intermediary          ? static_cast<int>(Verdict::kWeak)
                                      : 0;
  // A listed party raises the verdict one step.
  if (listed_party) level = std::min(level + 1, static_cast<int>(Verdict::kStrong));
  Assessment result;
  result.verdict = static_cast<Verdict>(level);
  if (result.verdict == Verdict::kNone) {
    result.explanation = chip ? "Controlled chip (" + Labels(lexicon, matches, chips) +
                                    ") with no cloud provider or intermediary."
                              : "No controlled chip is named.";
    return result;
  }
  const std::string listed_text = "a party on the US Entity List or Military End-User list (" +
                                  Labels(lexicon, matches, listed) + ")";
  if (!chip) {
    result.explanation = "Cloud provider (" + Labels(lexicon, matches, clouds) + ") with " +
                         listed_text + "; no controlled chip is named.";
  } else {
    result.explanation = "Controlled chip (" + Labels(lexicon, matches, chips) + ")";
    if (cloud)
      result.explanation += " with cloud provider (" + Labels(lexicon, matches, clouds) + ")";
    if (intermediary) {
      result.explanation += std::string(cloud ? " through" : " with") +
                            " intermediary or rental wording (" +
                            Labels(lexicon, matches, intermediaries) + ")";
    }
    if (listed_party)
      result.explanation += (cloud || intermediary ? ", and " : " with ") + listed_text;
    result.explanation += ".";
  }
  std::vector<std::vector<size_t>*> groups = {&chips, &clouds};
  if (chip) groups.push_back(&intermediaries);
  if (listed_party) groups.push_back(&listed);
  for (auto* group : groups) {
    result.evidence.insert(result.evidence.end(), group->begin(), group->end());
  }
  std::sort(result.evidence.begin(), result.evidence.end());
  return result;
}

}  // namespace chiplight
