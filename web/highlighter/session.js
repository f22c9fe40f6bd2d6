// What one highlight() call shares between its parts (the scan, the live page, the scopes, the
// reader's input and the public API): the options, the matcher, the painter, the runs found and
// what is derived from them, and how errors and events reach the caller.

import { resolveUiLang, uniqueId } from './util.js';
import { compareComposed } from './collect.js';
import { pathOf } from './hit.js';
import { createPainter } from './paint.js';
import { UI_TAG } from './ui.js';
import { assessVerdict } from './verdict.js';

export const DEFAULTS = {
  mode: 'auto', // 'auto' | 'highlight' | 'wrap'
  categories: null, // ids; null: every category of the matcher
  exclude: null, // CSS selector, Element, array of Elements, or predicate(element)
  main: 'auto', // the main content: 'auto' (found), an Element, a CSS selector, or false (no regions)
  furniture: true, // highlight page furniture (navigation, ads, sidebars, comments) too
  cards: true,
  panel: false, // false | true (floating panel) | Element to render it in
  shortcuts: true,
  observe: true,
  frames: true,
  shadowRoots: true,
  select: true, // next()/previous() move the selection to the hit
  lang: null,
  theme: 'auto', // our card's and panels' colours: 'light', 'dark' or 'auto' (prefers-color-scheme)
  sliceMs: null, // the painter's own unless given
  batchChars: 64 * 1024,
  debounceMs: 100,
  dwellMs: 150,
  graceMs: 300,
  keys: { next: { code: 'KeyN', altKey: true, shiftKey: true }, previous: { code: 'KeyP', altKey: true, shiftKey: true } },
};

/** The caller's `exclude` option as one predicate (`[data-chiplight-exclude]` is checked apart). */
function makeExcluder(exclude) {
  const checks = [];
  const add = (x) => {
    if (!x) return;
    if (typeof x === 'string') checks.push((el) => el.matches(x));
    else if (typeof x === 'function') checks.push((el) => Boolean(x(el)));
    else if (x.nodeType === 1) checks.push((el) => el === x);
    else if (typeof x[Symbol.iterator] === 'function') for (const y of x) add(y);
  };
  add(exclude);
  if (!checks.length) return () => false;
  return (el) => {
    for (const c of checks) {
      try {
        if (c(el)) return true;
      } catch {
        // a selector this document can't parse: ignore it
      }
    }
    return false;
  };
}

export class Session {
  /** `events`: the EventTarget the caller listens to (the controller). */
  constructor(events, root, options, matcher) {
    this.events = events;
    this.opts = { ...DEFAULTS, ...options, keys: { ...DEFAULTS.keys, ...(options.keys || {}) } };
    this.matcher = matcher;
    // Facts of the lexicon, from the matcher that owns them (docs/api.md): the categories in
    // canonical order, with their names and looks; the text each scanned piece needs on either
    // side for context rules to see what they would see in the whole page (UTF-16 units); the
    // character blocks are joined with, which no match crosses.
    const { categories, contextMargin, blockSeparator } = matcher;
    if (!Array.isArray(categories) || !categories.length || typeof blockSeparator !== 'string' || !Number.isFinite(contextMargin)) {
      throw new TypeError('highlight(root, { matcher }): the matcher needs categories, contextMargin and blockSeparator (as from createMatcher())');
    }
    this.categories = categories;
    this.categoryIds = categories.map((c) => c.id);
    this.contextChars = contextMargin;
    this.separator = blockSeparator;
    this.root = root;
    this.doc = root.nodeType === 9 ? root : root.ownerDocument;
    this.prefix = uniqueId('chiplight');
    this.visible = new Set((this.opts.categories || this.categoryIds).filter((c) => this.categoryIds.includes(c)));
    this.uiLang = resolveUiLang(this.opts.lang);
    this.painter = createPainter(this.doc.defaultView, this.opts.mode, this.prefix, categories);
    this.painter.setCategories(this.visible);
    if (!(Number.isFinite(this.opts.sliceMs) && this.opts.sliceMs >= 0)) this.opts.sliceMs = this.painter.sliceMs;
    const exclude = makeExcluder(this.opts.exclude);
    /** Our own UI, what the page or the caller excludes: never scanned, never context. */
    this.excludes = (el, hasAttributes) => el.localName === UI_TAG
      || (hasAttributes && (el.hasAttribute('data-chiplight-ui') || el.hasAttribute('data-chiplight-exclude')))
      || exclude(el);
    this.abort = new AbortController();
    this.runs = []; // runs with hits, in composed document order
    this.active = null;
    // What the page is about (matcher.topicOf), passed to every batch's scan so that context
    // rules that look at the whole page judge each batch alike (docs/lexicon.md, "Page topic").
    this.topic = null;
    this.activeFocus = null; // the focused element when `active` became active
    this.cleared = false;
    this.scanning = true; // the first pass is due from the start
    this.stats = {
      runs: 0, chars: 0, batches: 0, matchMs: 0, paintMs: 0, scanMs: 0, topicMs: 0, firstScreenBlocks: 0, runSearches: 0, workMs: 0, longestSliceMs: 0, slices: 0, firstPassMs: 0,
    };
    this.regions = null; // the page's main content and furniture (regions.js), found by each full scan
    this.busy = Promise.resolve();
    this.allHitsCache = null;
    this.nodeHits = null;
    this.verdictCache = null;
    this.verdictGeneration = 0;
    this.lastInserted = null;
    this.lastIndex = -1; // where lastInserted went in `runs` (checked before use: runs change)
    this.briefs = null;
    this.entryCache = new Map();
    this.derived = new Set(); // callbacks that drop what they derived from the runs (invalidate)
    this.domGuard = null; // { before(), after() } around our own DOM changes, from the live page
  }

  // dispatchEvent never throws what a listener throws: the browser reports it (console, the
  // window's error event) and calls the other listeners. So no try/catch here, and a caller's
  // failing listener is not one of our `error` events.
  emit(type, detail) {
    this.events.dispatchEvent(new CustomEvent(type, { detail }));
  }

  error(error) {
    this.emit('error', { error });
  }

  guard(fn) {
    try {
      return fn();
    } catch (error) {
      this.error(error);
      return null;
    }
  }

  /** Runs `task` after the one before it: one scan at a time; errors are reported, never thrown into the page. */
  queue(task) {
    const p = this.busy.then(() => (this.cleared ? undefined : task())).catch((error) => this.error(error));
    this.busy = p;
    return p;
  }

  /** Runs `fn`, which draws or undraws: the live page's observer never sees what it changes. */
  drawing(fn) {
    return this.painter.changingDom(fn, this.domGuard);
  }

  isOurs(el) {
    return el.localName === UI_TAG || el.hasAttribute('data-chiplight-ui');
  }

  // ---- the runs and what is derived from them ---------------------------------------------

  allHits() {
    if (!this.allHitsCache) {
      const all = [];
      for (const r of this.runs) for (const h of r.hits) all.push(h);
      this.allHitsCache = all;
    }
    return this.allHitsCache;
  }

  /** The hits of the main content (all hits where the page has none to tell apart). */
  mainHits() {
    const all = this.allHits();
    return all.filter((h) => !h.furniture);
  }

  runsHitCount() {
    let n = 0;
    for (const r of this.runs) n += r.hits.length;
    return n;
  }

  /** The hits with a piece in text node `node`. */
  hitsOfNode(node) {
    if (!this.nodeHits) {
      this.nodeHits = new Map();
      for (const h of this.allHits()) {
        for (const p of h.pieces) {
          let list = this.nodeHits.get(p.node);
          if (!list) this.nodeHits.set(p.node, (list = []));
          list.push(h);
        }
      }
    }
    return this.nodeHits.get(node) || [];
  }

  /** The cloud-access verdict over every hit (cached until the runs change). */
  get verdict() {
    if (!this.verdictCache) this.verdictCache = assessVerdict(this);
    return this.verdictCache;
  }

  invalidate() {
    this.verdictGeneration += 1;
    this.allHitsCache = null;
    this.verdictCache = null;
    this.nodeHits = null;
    for (const drop of this.derived) drop();
  }

  /** Puts a run with hits into `runs`, which stay in composed document order. */
  insertRun(run) {
    const runs = this.runs;
    const last = runs[runs.length - 1];
    const previous = this.lastInserted;
    this.lastInserted = run;
    // A walk yields runs in document order: when the walk's previous run is the last one, this
    // one goes after it, with no DOM call (a first pass appends all of the page's runs so).
    if (!last || (last === previous && last.walk === run.walk)
        || compareComposed(last.nodes[0], run.nodes[0], pathOf(last), pathOf(run)) < 0) {
      runs.push(run);
      this.lastIndex = runs.length - 1;
      return;
    }
    // The same walk's previous run is inside the list (the pass in document order above the
    // first screen's runs, which went in first): this one goes right after it unless the next
    // run comes first; one comparison instead of a search.
    const at = this.lastIndex + 1;
    if (previous && previous.walk === run.walk && at < runs.length && runs[at - 1] === previous
        && compareComposed(run.nodes[0], runs[at].nodes[0], pathOf(run), pathOf(runs[at])) < 0) {
      runs.splice(at, 0, run);
      this.lastIndex = at;
      return;
    }
    this.stats.runSearches += 1;
    let lo = 0;
    let hi = runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareComposed(runs[mid].nodes[0], run.nodes[0], pathOf(runs[mid]), pathOf(run)) < 0) lo = mid + 1;
      else hi = mid;
    }
    runs.splice(lo, 0, run);
    this.lastIndex = lo;
  }

  /** Removes the runs `drop` picks, with their hits and drawing; returns how many went. */
  dropRuns(drop) {
    const keep = [];
    const goneHits = [];
    for (const r of this.runs) {
      if (!drop(r)) keep.push(r);
      else {
        for (const h of r.hits) goneHits.push(h);
        if (this.active?.run === r) this.active = null;
      }
    }
    if (goneHits.length) this.painter.remove(goneHits);
    const dropped = this.runs.length - keep.length;
    this.runs = keep;
    return dropped;
  }

  // ---- the glossary -------------------------------------------------------------------------

  /**
   * An entry's label, category and kind, from the matcher's list of entries where it has one:
   * cheap, where entry() reads the whole glossary entry (for a card).
   */
  brief(id) {
    if (this.briefs === null) {
      this.briefs = new Map();
      try {
        const list = typeof this.matcher.entries === 'function' ? this.matcher.entries() : null;
        if (Array.isArray(list)) for (const e of list) this.briefs.set(e.id, e);
      } catch (error) {
        this.error(error);
      }
    }
    return this.briefs.get(id) || this.entry(id);
  }

  /** The glossary entry of an id (cached), or null. */
  entry(id) {
    if (this.entryCache.has(id)) return this.entryCache.get(id);
    let e = null;
    try {
      e = this.matcher.entry(id) || null;
    } catch (error) {
      this.error(error);
    }
    if (e && typeof e.then === 'function') {
      // Entries should be synchronous (the glossary is static: prefetch it); cope anyway.
      Promise.resolve(e).then((value) => this.entryCache.set(id, value || null), (error) => this.error(error));
      e = null;
    }
    this.entryCache.set(id, e);
    return e;
  }
}
