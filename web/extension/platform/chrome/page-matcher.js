// Chromium: a content script's WebAssembly obeys the page's CSP, so on a page with
// `script-src 'self'` it cannot compile. The matcher lives in the service worker; this proxy
// sends it each batch of text (the highlighter accepts asynchronous scan/assess) and keeps the
// glossary entries of what was found, so `entry()` answers synchronously. docs/extension.md.
import { ext } from '../../src/ext.js';
import { matcherKeyOf } from '../../src/listed-matcher.js';

async function ask(message) {
  const reply = await ext.runtime.sendMessage(message);
  if (!reply || reply.error) throw new Error(reply ? reply.error : `no answer to ${message.type}`);
  return reply;
}

export async function createPageMatcher(settings) {
  // The key: a matcher built from these settings, not one built before they changed.
  const info = await ask({ type: 'matcher-info', key: settings ? matcherKeyOf(settings) : null });
  const glossary = new Map();
  return {
    where: 'service worker',
    maxContextWindow: info.maxContextWindow,
    contextMargin: info.contextMargin,
    blockSeparator: info.blockSeparator,
    categories: info.categories,
    lexiconVersion: info.lexiconVersion,
    entries: () => info.entries,
    entry: (id) => glossary.get(id),
    async scan(text) {
      const reply = await ask({ type: 'scan', text });
      for (const [id, entry] of reply.entries) glossary.set(id, entry);
      return reply.matches;
    },
    async assess(matches) {
      // The worker needs each mention's id, in document order; evidence comes back as indexes.
      const reply = await ask({ type: 'assess', matches: matches.map(({ id }) => ({ id })) });
      const evidenceIndexes = reply.evidenceIndexes;
      return { verdict: reply.verdict, explanation: reply.explanation, evidence: evidenceIndexes.map((i) => matches[i]), evidenceIndexes };
    },
    async explain(text) {
      const reply = await ask({ type: 'explain', text });
      if (reply.entry) glossary.set(reply.entry.id, reply.entry);
      return reply.entry;
    },
    dispose() {},
  };
}
