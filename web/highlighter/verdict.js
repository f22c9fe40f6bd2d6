// The cloud-access verdict: the matcher's assessment of every hit on the page, its evidence
// given back as the page's hits.

const EMPTY = Object.freeze({ verdict: 'none', explanation: '', evidence: [] });

/**
 * `{ verdict, explanation, evidence: hits }` for `session`'s hits, or a pending verdict (with an
 * asynchronous matcher) that follows with a 'change' event.
 */
export function assessVerdict(session) {
  const matcher = session.matcher;
  const empty = { ...EMPTY, evidence: [] };
  if (typeof matcher.assess !== 'function') return empty;
  // Offsets as if the blocks were one document, in document order.
  const matches = [];
  const byStart = new Map();
  let base = 0;
  for (const r of session.runs) {
    for (const h of r.hits) {
      const m = { start: base + h.start, end: base + h.end, id: h.id, category: h.category };
      matches.push(m);
      byStart.set(m.start, h);
    }
    base += r.len + 1;
  }
  const toVerdict = (a) => {
    const evidence = [];
    for (const m of (a && a.evidence) || []) {
      const h = byStart.get(m.start);
      if (h && !evidence.includes(h)) evidence.push(h);
    }
    return { verdict: (a && a.verdict) || 'none', explanation: (a && a.explanation) || '', evidence };
  };
  let result;
  try {
    result = matcher.assess(matches);
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
