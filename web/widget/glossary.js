// The glossary on demand. The widget's module (dist/chiplight-widget.wasm) carries no lexicon text,
// so the glossary cards' content is a file of its own (glossary-<hash>.json beside the widget),
// fetched when the first card opens: about a sixth of the first-load bytes a reader who never
// opens a card never downloads (docs/widget.md, "Weight").

/**
 * `matcher` (from createMatcher) with `entry(id)` served from the glossary file at `url`. Until
 * that file is in, entry() returns a promise (the highlighter copes: it shows the card with its
 * label and category, and the widget shows it again when the glossary arrives, see index.js).
 */
export function withGlossaryOnDemand(matcher, url) {
  let sources = null; // id -> the entry's JSON text, as the module's entry() would give it
  let loading = null;

  function load() {
    if (!loading) {
      loading = (async () => {
        const response = await fetch(url, { credentials: 'same-origin' });
        if (!response.ok) throw new Error(`Chiplight widget: could not load the glossary ${url}: HTTP ${response.status}`);
        const document = await response.json();
        if (document.version !== matcher.lexiconVersion) {
          throw new Error(`Chiplight widget: the glossary ${url} is of lexicon ${document.version}, the matcher of ${matcher.lexiconVersion}`);
        }
        sources = new Map(document.entries.map((e) => [e.id, JSON.stringify(e)]));
      })();
      loading.catch(() => { loading = null; }); // a failed fetch is tried again at the next card
    }
    return loading;
  }

  const entry = (id) => {
    if (sources) {
      const json = sources.get(id);
      return json === undefined ? undefined : JSON.parse(json);
    }
    return load().then(() => entry(id));
  };

  return {
    categories: matcher.categories,
    contextMargin: matcher.contextMargin,
    blockSeparator: matcher.blockSeparator,
    lexiconVersion: matcher.lexiconVersion,
    scan: (text) => matcher.scan(text),
    assess: (matches) => matcher.assess(matches),
    entries: () => matcher.entries(),
    entry,
    /** Whether the glossary is in (entry() then answers at once). */
    get glossaryLoaded() {
      return sources !== null;
    },
    /** Fetches the glossary (once); resolves when entry() answers at once. */
    loadGlossary: load,
  };
}
