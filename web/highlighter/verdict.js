// The cloud-access verdict: the matcher's assessment of every hit on the page, its evidence
// given back as the page's hits.

import { Hit } from './hit.js';

/**
 * `{ verdict, explanation, evidence: hits }` for the hits of `session`'s main content, or a pending verdict (with an
 * asynchronous matcher) that follows with a 'change' event.
 *
 * The matcher's `assess` reads only each match's `id`, in array order (document order), and
 * returns as evidence the very objects it was given: the hits themselves. A matcher that answers
 * from elsewhere (a service worker) returns copies; `evidenceIndexes` (into the array given)
 * finds the hits then.
 */
export function assessVerdict(session) {
  const matcher = session.matcher;
  const empty = { verdict: 'none', explanation: '', evidence: [] };
  if (typeof matcher.assess !== 'function') return empty;
  // The main content's hits only: a banner ad or a sidebar is not what the page is about.
  const hits = session.mainHits();
  const toVerdict = (a) => {
    const given = a?.evidence || [];
    const evidence = given.every((h) => h instanceof Hit) ? given
      : (a?.evidenceIndexes || []).map((i) => hits[i]).filter(Boolean);
    return { verdict: a?.verdict || 'none', explanation: a?.explanation || '', evidence };
  };
  let result;
  try {
    result = matcher.assess(hits);
  } catch (error) {
    session.error(error);
    return empty;
  }
  if (result && typeof result.then === 'function') {
    const generation = ++session.verdictGeneration;
    Promise.resolve(result).then((a) => {
      if (session.cleared || generation !== session.verdictGeneration) return;
      session.verdictCache = toVerdict(a);
      session.emit('change', { reason: 'verdict' });
    }, (error) => session.error(error));
    return { ...empty, pending: true };
  }
  return toVerdict(result);
}
