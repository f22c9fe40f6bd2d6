// The cloud-access assessment: does one document show the pattern journalists found in Chinese
// tenders (a controlled chip reached through a cloud provider, often via an intermediary)?
#ifndef CHIPLIGHT_ASSESS_H_
#define CHIPLIGHT_ASSESS_H_

#include <string_view>
#include <vector>

#include "chiplight/lexicon.h"
#include "chiplight/matcher.h"

namespace chiplight {

// Ordered by strength, so verdicts sort. A listed party (category `listed`: the US Entity List
// or the Military End-User list, docs/listed-parties.md) in a document that also names a
// controlled chip or a cloud provider raises the verdict one step: a chip and a listed party, or
// a cloud provider and a listed party, is kWeak; a chip, a cloud and a listed party is kStrong.
enum class Verdict {
  kNone = 0,      // no controlled chip, or a chip with neither a cloud nor an intermediary
  kWeak = 1,      // a controlled chip and intermediary or rental wording, no cloud provider
  kModerate = 2,  // a controlled chip and a cloud provider
  kStrong = 3,    // a controlled chip, a cloud provider and an intermediary or rental wording
};

// "none", "weak", "moderate", "strong".
std::string_view VerdictName(Verdict verdict);

struct Assessment {
  Verdict verdict = Verdict::kNone;
  // The supporting matches, as indexes into Assess's `matches`: the first mention of each
  // distinct controlled chip, cloud, intermediary and listed-party entry, in the input's order
  // (document order for Scan's results). Empty when the verdict is kNone.
  std::vector<size_t> evidence;
  // One sentence for people, e.g. "Controlled chip (Nvidia A100) with cloud provider (AWS)
  // through an intermediary (中介)."
  std::string explanation;
};

// `matches` as returned by Matcher::Scan for one document over `lexicon`, or any list in
// document order: only each match's `entry` is read (offsets are never looked at), and matches
// whose entry is not one of the lexicon's are skipped.
Assessment Assess(const Lexicon& lexicon, const std::vector<Match>& matches);

}  // namespace chiplight

#endif  // CHIPLIGHT_ASSESS_H_
