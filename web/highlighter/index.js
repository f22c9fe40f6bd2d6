// highlight(root, options): finds Chiplight terms on a page and draws them. See docs/highlighter.md.

import {
  CATEGORIES, clock, resolveUiLang, uiStrings, uniqueId, yieldToMain,
} from './util.js';
import {
  walkRuns, piecesOf, compareComposed, composedPath, textAround, blockOf, insideAny,
} from './collect.js';
import { HighlightPainter, WrapPainter, supportsHighlightApi, MARK_TAG } from './paint.js';
import { ChiplightUI, UI_TAG, createSummaryPanel } from './ui.js';

// Joins the blocks of one batch: a noncharacter no name, separator or pattern can match, so no
// match crosses from one block into the next.
const BLOCK_SEPARATOR = '\uFFFF';

const CATEGORY_SET = new Set(CATEGORIES);

// The longest a matcher call should take (batches are sized by the matcher's measured speed).
const BATCH_MS = 8;

// Work per slice before yielding to the page, by drawing mode. Highlights cost the browser
// little between slices, so the slices are long (fewer frames and yields in the pass); wrapped
// elements cost the next frame's style and layout several times the time it took to add
// them, so slices stay short there to keep those frames under 50 ms.
const SLICE_MS = { highlight: 30, wrap: 8 };

// Text on either side of each scanned piece, so that context rules see what they would see in
// the whole page: at least this, and enough for the matcher's widest context window
// (maxContextWindow, in code points: up to two UTF-16 units each) plus a context word that
// starts at the window's edge (the core reads up to 256 bytes past it).
const CONTEXT_CHARS = 400;

const DEFAULTS = {
  mode: 'auto', // 'auto' | 'highlight' | 'wrap'
  categories: CATEGORIES,
  exclude: null, // CSS selector, Element, array of Elements, or predicate(element)
  cards: true,
  panel: false, // false | true (floating panel) | Element to render it in
  shortcuts: true,
  observe: true,
  frames: true,
  shadowRoots: true,
  select: true, // next()/previous() move the selection to the hit
  lang: null,
  sliceMs: null, // SLICE_MS[mode] unless given
  batchChars: 64 * 1024,
  debounceMs: 100,
  dwellMs: 150,
  graceMs: 300,
  keys: { next: { code: 'KeyN', altKey: true, shiftKey: true }, previous: { code: 'KeyP', altKey: true, shiftKey: true } },
};

/**
 * Highlights every Chiplight term under `root` (an Element, a Document or a ShadowRoot) and
 * returns a controller. `options.matcher` is a matcher from `createMatcher()` (required).
 */
export function highlight(root, options = {}) {
  return new HighlightController(root, options);
}

export { createSummaryPanel, supportsHighlightApi, resolveUiLang, CATEGORIES };

function isEditableTarget(t) {
  if (!t || t.nodeType !== 1) return false;
  const name = t.localName;
  return name === 'input' || name === 'textarea' || name === 'select' || t.isContentEditable;
}

function keyMatches(event, spec) {
  return Boolean(spec) && event.code === spec.code && Boolean(spec.altKey) === event.altKey
    && Boolean(spec.shiftKey) === event.shiftKey && Boolean(spec.ctrlKey) === event.ctrlKey
    && Boolean(spec.metaKey) === event.metaKey;
}

function rectContains(rects, x, y) {
  for (const r of rects) if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1) return true;
  return false;
}

/**
 * One mention on the page. `range` is a fresh live Range each time it is read (the drawing
 * itself uses static ranges or elements, which cost the page nothing when it changes).
 * `pieces` (the text nodes it spans) are worked out on first read: most hits of a long page are
 * never drawn nor read.
 */
class Hit {
  constructor(id, category, label, text, start, end, run) {
    this.index = -1;
    this.id = id;
    this.category = category;
    this.label = label;
    this.text = text;
    this.start = start;
    this.end = end;
    this.run = run;
    this.marks = null;
    this.drawn = null;
    this.ownPieces = null;
  }

  get pieces() {
    if (!this.ownPieces) this.ownPieces = piecesOf(this.run, this.start, this.end);
    return this.ownPieces;
  }

  set pieces(pieces) {
    this.ownPieces = pieces;
  }

  get range() {
    const pieces = this.pieces;
    const first = pieces[0];
    const last = pieces[pieces.length - 1];
    const range = first.node.ownerDocument.createRange();
    // The offsets fit the nodes, except where the page shortened a text node since it was
    // scanned (its block is rescanned after the debounce): a range then, not an exception.
    range.setStart(first.node, Math.min(first.start, first.node.length));
    range.setEnd(last.node, Math.min(last.end, last.node.length));
    return range;
  }
}

/** A run's chain from the top document (for ordering across shadow roots and frames), cached. */
function pathOf(run) {
  if (!run.path) run.path = composedPath(run.nodes[0]);
  return run.path;
}

export class HighlightController extends EventTarget {
  #opts;
  #matcher;
  #contextChars = CONTEXT_CHARS;
  #root;
  #doc;
  #painter;
  #prefix;
  #runs = [];
  #hitsCache = null;
  #allHitsCache = null;
  #entriesCache = null;
  #verdict = null;
  #entryCache = new Map();
  #briefs = null;
  #visible;
  #scopes = new Map(); // Document | ShadowRoot -> scope
  #listenedDocs = new Set();
  #frames = new WeakSet();
  #observer = null;
  #dirty = new Set();
  #dirtyTimer = 0;
  #dirtySince = 0;
  #fullRescanPending = false;
  #abort = new AbortController();
  #ui = null;
  #active = null;
  #cleared = false;
  #busy = Promise.resolve();
  #scanning = true; // the first pass is due from the start
  #stats = {
    runs: 0, chars: 0, batches: 0, matchMs: 0, paintMs: 0, scanMs: 0, workMs: 0, longestSliceMs: 0, slices: 0, firstPassMs: 0,
  };
  #hover = { timer: 0, grace: 0, x: 0, y: 0, down: null };
  #uiLang;
  #nodeHits = null;
  #exclude;
  /** Our own UI, what the page or the caller excludes: never scanned, never context. */
  #excludes = (el, hasAttributes) => el.localName === UI_TAG
    || (hasAttributes && (el.hasAttribute('data-chiplight-ui') || el.hasAttribute('data-chiplight-exclude')))
    || this.#exclude(el);
  #batchLimit = 4096; // grows to options.batchChars as the matcher proves fast (#adaptBatch)
  #msPerChar = 0;
  #verdictGeneration = 0;
  #lastInserted = null;

  constructor(root, options) {
    super();
    if (!root || !(root.nodeType === 1 || root.nodeType === 9 || root.nodeType === 11)) {
      throw new TypeError('highlight(root): root must be an Element, a Document or a ShadowRoot');
    }
    const matcher = options && options.matcher;
    if (!matcher || typeof matcher.scan !== 'function') {
      throw new TypeError('highlight(root, { matcher }): a matcher from createMatcher() is required');
    }
    this.#opts = { ...DEFAULTS, ...options, keys: { ...DEFAULTS.keys, ...(options.keys || {}) } };
    this.#matcher = matcher;
    this.#contextChars = Math.max(CONTEXT_CHARS, 2 * (Number(matcher.maxContextWindow) || 0) + 256);
    this.#root = root;
    this.#doc = root.nodeType === 9 ? root : root.ownerDocument;
    this.#prefix = uniqueId('chiplight');
    this.#visible = new Set((this.#opts.categories || CATEGORIES).filter((c) => CATEGORIES.includes(c)));
    this.#uiLang = resolveUiLang(this.#opts.lang);
    const view = this.#doc.defaultView;
    // Without the Highlight API, asking for highlights still gets wrapped elements.
    const wantWrap = this.#opts.mode === 'wrap' || !supportsHighlightApi(view);
    this.#painter = wantWrap ? new WrapPainter(this.#prefix) : new HighlightPainter(this.#prefix);
    this.#painter.setCategories(this.#visible);
    if (!(Number.isFinite(this.#opts.sliceMs) && this.#opts.sliceMs >= 0)) this.#opts.sliceMs = SLICE_MS[this.#painter.mode];
    this.#exclude = this.#makeExcluder(this.#opts.exclude);
    this.#batchLimit = Math.min(this.#batchLimit, this.#opts.batchChars);

    const topRoot = root.nodeType === 9 ? root : root.getRootNode();
    this.#addScope(topRoot.nodeType === 11 ? topRoot : this.#doc, null);

    if (this.#opts.observe && view && typeof view.MutationObserver === 'function') {
      this.#observer = new view.MutationObserver((records) => this.#guard(() => this.#onMutations(records)));
      this.#observe(root);
    }
    try {
      if (this.#opts.cards || this.#opts.shortcuts || this.#opts.panel === true) {
        this.#ui = new ChiplightUI(this, {
          doc: this.#topDocument(), uiLang: this.#uiLang, floatingPanel: this.#opts.panel === true,
        });
      }
      if (this.#opts.panel && this.#opts.panel !== true && this.#opts.panel.nodeType === 1) {
        createSummaryPanel(this, this.#opts.panel, { lang: this.#opts.lang });
      }
    } catch (error) {
      // No UI (a document that refuses shadow roots, say): highlights still work.
      this.#ui = null;
      queueMicrotask(() => this.#error(error));
    }
    if (this.#opts.observe) this.#listenNavigation(view);
    this.ready = this.#run(() => this.#fullScan());
  }

  // ---- public API -----------------------------------------------------------------------

  /** 'highlight' (CSS Custom Highlight API) or 'wrap' (elements). */
  get mode() {
    return this.#painter.mode;
  }

  get uiLang() {
    return this.#uiLang;
  }

  get matcher() {
    return this.#matcher;
  }

  get categories() {
    return [...this.#visible];
  }

  /** True while the first pass or a rescan is running. */
  get scanning() {
    return this.#scanning;
  }

  /** Hits of the visible categories in document order: { index, id, category, label, text, range }. */
  get hits() {
    if (!this.#hitsCache) {
      this.#hitsCache = this.#allHits().filter((h) => this.#visible.has(h.category));
      this.#hitsCache.forEach((h, i) => { h.index = i; });
    }
    return this.#hitsCache;
  }

  /** Mentions per category (every category, visible or not) and the total. */
  get counts() {
    const counts = { chip: 0, cloud: 0, intermediary: 0, regulation: 0, total: 0 };
    for (const h of this.#allHits()) {
      counts[h.category] += 1;
      counts.total += 1;
    }
    return counts;
  }

  /** Distinct entries found: [{ id, label, category, kind, count, hits }] in first-mention order. */
  get entries() {
    if (!this.#entriesCache) {
      const map = new Map();
      for (const h of this.#allHits()) {
        let e = map.get(h.id);
        if (!e) {
          const info = this.#brief(h.id);
          e = { id: h.id, label: h.label, category: h.category, kind: info?.kind || '', count: 0, hits: [] };
          map.set(h.id, e);
        }
        e.count += 1;
        e.hits.push(h);
      }
      this.#entriesCache = [...map.values()];
    }
    return this.#entriesCache;
  }

  /** The cloud-access verdict: { verdict, explanation, evidence: hits }. */
  get verdict() {
    if (!this.#verdict) this.#verdict = this.#assess();
    return this.#verdict;
  }

  get activeHit() {
    return this.#active;
  }

  get stats() {
    return { ...this.#stats };
  }

  /**
   * An entry's label, category and kind, from the matcher's list of entries where it has one:
   * cheap, where entry() reads the whole glossary entry (for a card).
   */
  #brief(id) {
    if (this.#briefs === null) {
      this.#briefs = new Map();
      try {
        const list = typeof this.#matcher.entries === 'function' ? this.#matcher.entries() : null;
        if (Array.isArray(list)) for (const e of list) this.#briefs.set(e.id, e);
      } catch (error) {
        this.#error(error);
      }
    }
    return this.#briefs.get(id) || this.entry(id);
  }

  /** The glossary entry of an id (cached), or null. */
  entry(id) {
    if (this.#entryCache.has(id)) return this.#entryCache.get(id);
    let e = null;
    try {
      e = this.#matcher.entry(id) || null;
    } catch (error) {
      this.#error(error);
    }
    if (e && typeof e.then === 'function') {
      // Entries should be synchronous (the glossary is static: prefetch it); cope anyway.
      Promise.resolve(e).then((value) => this.#entryCache.set(id, value || null), (error) => this.#error(error));
      e = null;
    }
    this.#entryCache.set(id, e);
    return e;
  }

  next() {
    return this.#step(1);
  }

  previous() {
    return this.#step(-1);
  }

  /**
   * Scrolls to a hit (or the hit with that index), draws it as active, selects it (unless the
   * `select` option is false) and announces it. `{ openCard: true }` also opens its card.
   */
  focusHit(hitOrIndex, { openCard = false, returnFocus = null, focusCard = openCard } = {}) {
    if (this.#cleared) return null;
    const hit = typeof hitOrIndex === 'number' ? this.hits[hitOrIndex] : hitOrIndex;
    if (!hit || !hit.pieces?.length) return null;
    return this.#guard(() => {
      this.#active = hit;
      this.#painter.setActive(hit);
      this.#scrollTo(hit);
      if (this.#opts.select) this.#selectHit(hit);
      const s = uiStrings(this.#uiLang);
      const visible = this.hits;
      this.#ui?.announce(s.hitAnnouncement(hit.label, s.category[hit.category], this.#visibleIndex(hit) + 1, visible.length,
        Boolean(this.#opts.cards)));
      if (openCard) this.openCard(hit, { pinned: true, focus: focusCard, returnFocus });
      else if (this.#ui?.cardOpen && this.#ui.cardPinned) this.openCard(hit, { pinned: true, focus: false });
      this.#emit('activechange', { hit });
      return hit;
    });
  }

  /** Opens the glossary card of a hit. */
  openCard(hit, { pinned = true, focus = false, returnFocus = null } = {}) {
    if (!this.#ui || !hit || this.#cleared) return;
    this.#guard(() => this.#ui.showCard(hit, { pinned, focus, returnFocus }));
  }

  closeCard() {
    this.#ui?.hideCard();
  }

  /** Draws and navigates only these categories (hidden ones stay counted). */
  setCategories(categories) {
    if (this.#cleared) return;
    this.#visible = new Set((categories || []).filter((c) => CATEGORIES.includes(c)));
    this.#guard(() => this.#painter.setCategories(this.#visible));
    if (this.#active && !this.#visible.has(this.#active.category)) {
      this.#active = null;
      this.#painter.setActive(null);
    }
    this.#hitsCache = null;
    this.#emit('change', { reason: 'categories' });
  }

  /** Rescans everything (also done automatically on single-page-app navigation). */
  rescan() {
    if (this.#cleared) return Promise.resolve();
    return this.#run(() => this.#fullScan());
  }

  /** Removes every highlight, card, panel and listener; the DOM is left as it was. */
  clear() {
    if (this.#cleared) return;
    this.#cleared = true;
    this.#scanning = false;
    this.#abort.abort();
    this.#observer?.disconnect();
    clearTimeout(this.#dirtyTimer);
    clearTimeout(this.#hover.timer);
    clearTimeout(this.#hover.grace);
    try {
      this.#ui?.destroy();
    } catch (error) {
      this.#error(error);
    }
    try {
      this.#painter.clear();
    } catch (error) {
      this.#error(error);
    }
    this.#runs = [];
    this.#invalidate();
    this.#emit('clear', {});
  }

  get cleared() {
    return this.#cleared;
  }

  // ---- scanning ---------------------------------------------------------------------------

  #run(task) {
    // One scan at a time; errors are reported, never thrown into the page.
    const p = this.#busy.then(() => (this.#cleared ? undefined : task())).catch((error) => this.#error(error));
    this.#busy = p;
    return p;
  }

  async #fullScan() {
    const t0 = clock();
    this.#scanning = true;
    this.#ignoreOwn(() => {
      this.#painter.remove(this.#allHits());
      if (this.#painter.mode === 'wrap') this.#painter.clear();
    });
    // Shadow roots and frames are found again by the walk.
    const top = this.#scopeOf(this.#root);
    this.#scopes = new Map([[top.root, top]]);
    if (this.#painter.mode === 'wrap') this.#reattachStyles();
    this.#runs = [];
    this.#active = null;
    this.#invalidate();
    try {
      await this.#scanRoots([{ start: this.#root, scope: top }], true);
    } finally {
      this.#scanning = false;
    }
    this.#stats.firstPassMs = clock() - t0;
    this.#invalidate();
    this.#emit('change', { reason: 'scan' });
    this.#emit('ready', {});
  }

  #reattachStyles() {
    for (const scope of this.#scopes.values()) this.#painter.attachRoot(scope.root);
  }

  /** Walks each item, batching runs into one matcher call per batch, yielding between slices. */
  async #scanRoots(queue, progress) {
    const opts = this.#opts;
    let sliceStart = clock();
    let lastProgress = sliceStart;
    const ctx = {
      isExcluded: this.#excludes,
      onShadowRoot: (shadow) => {
        if (!opts.shadowRoots || this.#scopes.has(shadow)) return;
        const scope = this.#addScope(shadow, null);
        this.#observe(shadow);
        queue.push({ start: shadow, scope });
      },
      onFrame: (frame) => {
        if (!opts.frames) return;
        const doc = this.#frameDocument(frame);
        if (!doc || this.#scopes.has(doc)) return;
        const scope = this.#addScope(doc, frame);
        this.#observe(doc);
        queue.push({ start: doc, scope });
      },
    };
    // Ends the slice and yields to the page once the slice's time is used up, or (given the
    // `chars` about to be scanned, past half the slice) once scanning and drawing them at the
    // measured speed would run past it: the slice then ends before that batch, not after it.
    const maybeYield = async (chars = 0) => {
      const elapsed = clock() - sliceStart;
      if (elapsed < opts.sliceMs
          && !(elapsed >= opts.sliceMs / 2 && elapsed + chars * this.#msPerChar > opts.sliceMs)) return;
      this.#endSlice(sliceStart);
      if (progress && clock() - lastProgress > 200) {
        lastProgress = clock();
        this.#invalidate();
        this.#emit('progress', { hits: this.#runsHitCount() });
      }
      await yieldToMain();
      sliceStart = clock();
    };
    for (let qi = 0; qi < queue.length; qi += 1) {
      const { start, scope, prefix = '', suffix = '' } = queue[qi];
      const walk = queue[qi];
      const runs = walkRuns(start, scope, ctx);
      const lookahead = []; // runs walked already (for context) but not yet scanned
      const pull = () => {
        const r = runs.next();
        if (r.done) return null;
        r.value.walk = walk;
        this.#stats.runs += 1;
        this.#stats.chars += r.value.len;
        return r.value;
      };
      // The text after what is being scanned, for context rules near its end: read ahead.
      const readAhead = () => {
        let ahead = '';
        for (const r of lookahead) {
          if (ahead.length >= this.#contextChars) break;
          ahead += BLOCK_SEPARATOR + r.text;
        }
        while (ahead.length < this.#contextChars) {
          const next = pull();
          if (!next) break;
          lookahead.push(next);
          ahead += BLOCK_SEPARATOR + next.text;
        }
        return lookahead.length ? ahead.slice(1, this.#contextChars + 1) : suffix;
      };
      // The text before what is being scanned, for context rules near its start.
      let tail = prefix;
      const tailAfter = (text) => (text.length >= this.#contextChars ? text.slice(-this.#contextChars)
        : `${tail}${BLOCK_SEPARATOR}${text}`.slice(-this.#contextChars));
      let batch = [];
      let batchLen = 0;
      const flush = async () => {
        const core = await this.#scanBatch(batch, tail, readAhead());
        tail = tailAfter(core);
        batch = [];
        batchLen = 0;
      };
      for (;;) {
        if (this.#cleared) return;
        const run = lookahead.length ? lookahead.shift() : pull();
        if (!run) break;
        if (run.len > 2 * this.#batchLimit) {
          // One huge block (a long <pre>, a page of text without markup): scanned in windows.
          if (batch.length) {
            lookahead.unshift(run);
            await flush();
            lookahead.shift();
          }
          await this.#scanLargeRun(run, tail, readAhead, maybeYield);
          tail = tailAfter(run.text);
          continue;
        }
        batch.push(run);
        batchLen += run.len + 1;
        // The clock is read every 8 runs (a few microseconds of walking each).
        if (batchLen >= this.#batchLimit || ((batch.length & 7) === 0 && clock() - sliceStart >= opts.sliceMs)) {
          await maybeYield(batchLen);
          await flush();
          await maybeYield();
        }
      }
      if (batch.length) await flush();
    }
    this.#endSlice(sliceStart);
  }

  #endSlice(sliceStart) {
    const d = clock() - sliceStart;
    this.#stats.slices += 1;
    this.#stats.workMs += d;
    if (d > this.#stats.longestSliceMs) this.#stats.longestSliceMs = d;
  }

  #runsHitCount() {
    let n = 0;
    for (const r of this.#runs) n += r.hits.length;
    return n;
  }

  /**
   * Scans a batch of runs in one matcher call and draws the hits. `prefix` and `suffix` are the
   * page's text just before and after the batch: context rules see them, hits in them are
   * dropped (they belong to other batches). Returns the batch's own text (or a promise of it,
   * with an asynchronous matcher).
   */
  #scanBatch(runs, prefix = '', suffix = '') {
    // One join: the runs' texts are copied once, into one flat string.
    const parts = prefix ? [prefix] : [];
    let coreLen = -1;
    for (const r of runs) {
      parts.push(r.text);
      coreLen += r.len + 1;
    }
    if (suffix) parts.push(suffix);
    const text = parts.join(BLOCK_SEPARATOR);
    const coreStart = prefix ? prefix.length + 1 : 0;
    const core = text.slice(coreStart, coreStart + coreLen);
    const pending = this.#scanText(text, runs, coreStart, coreStart + coreLen, 0);
    return pending ? pending.then(() => core) : core;
  }

  /** Scans one huge run in windows of about a batch, each with context on both sides. */
  async #scanLargeRun(run, prefix, readAhead, maybeYield) {
    const step = Math.max(1024, this.#batchLimit);
    for (let a = 0; a < run.len; a += step) {
      if (this.#cleared) return;
      const b = Math.min(run.len, a + step);
      let before;
      if (a === 0) before = prefix ? prefix + BLOCK_SEPARATOR : '';
      else before = run.text.slice(Math.max(0, a - this.#contextChars), a);
      let after;
      if (b < run.len) after = run.text.slice(b, b + this.#contextChars);
      else {
        const next = readAhead();
        after = next ? BLOCK_SEPARATOR + next : '';
      }
      await maybeYield(b - a);
      const pending = this.#scanText(before + run.text.slice(a, b) + after, [run], before.length, before.length + (b - a), a);
      if (pending) await pending;
      await maybeYield();
    }
  }

  /**
   * One matcher call over `text`, whose [coreStart, coreEnd) is the text of `runs` from offset
   * `runOffset` of the first run; hits outside it are dropped. Returns null, or a promise with an
   * asynchronous matcher.
   */
  #scanText(text, runs, coreStart, coreEnd, runOffset) {
    const t0 = clock();
    let matches;
    try {
      matches = this.#matcher.scan(text);
    } catch (error) {
      this.#error(error);
      return null;
    }
    if (matches && typeof matches.then === 'function') {
      // An asynchronous matcher (say, one that runs in an extension's service worker).
      this.#batchLimit = this.#opts.batchChars; // round trips cost more than text
      return Promise.resolve(matches).then((found) => {
        this.#stats.matchMs += clock() - t0;
        if (this.#cleared) return;
        // The page may have changed these blocks meanwhile: rescan those later instead.
        const fresh = runs.filter((r) => this.#runUnchanged(r));
        if (fresh.length !== runs.length) {
          for (const r of runs) if (!fresh.includes(r)) this.#markDirty(r.block);
          if (!fresh.length) return;
        }
        this.#applyMatches(runs, found, coreStart, coreEnd, t0, fresh.length === runs.length ? null : new Set(fresh), runOffset);
      }, (error) => this.#error(error));
    }
    this.#stats.matchMs += clock() - t0;
    this.#applyMatches(runs, matches, coreStart, coreEnd, t0, null, runOffset);
    this.#adaptBatch(coreEnd - coreStart, clock() - t0);
    return null;
  }

  #runUnchanged(run) {
    // In wrap mode an earlier window of the run may have cut its nodes into marks: their text
    // is read across the pieces.
    const wrapped = this.#painter.mode === 'wrap' ? this.#painter : null;
    let text = '';
    for (const n of run.nodes) {
      if (!n.isConnected) return false;
      text += wrapped ? wrapped.currentText(n) : n.data;
    }
    return text === run.text;
  }

  /**
   * Batch size follows the matcher's measured speed, so one batch stays well inside a slice
   * even while a matcher warms up (its first scans can be ten times slower) or on a slow device.
   */
  #adaptBatch(chars, ms) {
    if (chars < 256) return;
    const perChar = Math.max(ms, 0.05) / chars;
    this.#msPerChar = this.#msPerChar ? 0.5 * this.#msPerChar + 0.5 * perChar : perChar;
    // A quarter of a slice, and at most BATCH_MS: small enough for several batches a slice and
    // for a slice that would end with a late batch to end before it (maybeYield).
    const target = Math.min(this.#opts.sliceMs * 0.25, BATCH_MS) / this.#msPerChar;
    this.#batchLimit = Math.round(Math.min(this.#opts.batchChars, Math.max(Math.min(1024, this.#opts.batchChars), target)));
  }

  /** Turns a batch's matches into hits and draws them (only in `only` runs when given). */
  #applyMatches(runs, found, coreStart, coreEnd, t0, only, runOffset = 0) {
    let matches = found;
    this.#stats.batches += 1;
    if (!matches || matches.length === 0) {
      this.#stats.scanMs += clock() - t0;
      return;
    }
    if (!Array.isArray(matches)) matches = Array.from(matches);
    for (let i = 1; i < matches.length; i += 1) {
      if (matches[i].start < matches[i - 1].start) {
        matches = [...matches].sort((a, b) => a.start - b.start);
        break;
      }
    }
    const newHits = [];
    const withHits = [];
    let ri = 0;
    let base = coreStart - runOffset;
    for (const m of matches) {
      if (m.start < coreStart) continue;
      if (m.start >= coreEnd) break;
      while (ri < runs.length && m.start >= base + runs[ri].len + 1) {
        base += runs[ri].len + 1;
        ri += 1;
      }
      if (ri >= runs.length) break;
      const run = runs[ri];
      if (only && !only.has(run)) continue;
      const start = m.start - base;
      const end = Math.min(m.end - base, run.len);
      if (start < 0 || end <= start) continue;
      const info = this.#brief(m.id);
      const category = m.category || info?.category;
      if (!CATEGORY_SET.has(category)) continue;
      const hit = new Hit(m.id, category, info?.label || m.id, run.text.slice(start, end), start, end, run);
      if (!run.hits) {
        run.hits = [];
        withHits.push(run);
      }
      run.hits.push(hit);
      newHits.push(hit);
    }
    for (const run of withHits) this.#insertRun(run);
    const tp = clock();
    this.#ignoreOwn(() => this.#painter.add(newHits));
    this.#stats.paintMs += clock() - tp;
    this.#stats.scanMs += clock() - t0;
    this.#invalidate();
  }

  /** Puts a run with hits into #runs, which stay in composed document order. */
  #insertRun(run) {
    const runs = this.#runs;
    const last = runs[runs.length - 1];
    const previous = this.#lastInserted;
    this.#lastInserted = run;
    // A walk yields runs in document order: when the walk's previous run is the last one, this
    // one goes after it, with no DOM call (a first pass appends all of the page's runs so).
    if (!last || (last === previous && last.walk === run.walk)
        || compareComposed(last.nodes[0], run.nodes[0], pathOf(last), pathOf(run)) < 0) {
      runs.push(run);
      return;
    }
    let lo = 0;
    let hi = runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareComposed(runs[mid].nodes[0], run.nodes[0], pathOf(runs[mid]), pathOf(run)) < 0) lo = mid + 1;
      else hi = mid;
    }
    runs.splice(lo, 0, run);
  }

  #allHits() {
    if (!this.#allHitsCache) {
      const all = [];
      for (const r of this.#runs) for (const h of r.hits) all.push(h);
      this.#allHitsCache = all;
    }
    return this.#allHitsCache;
  }

  #invalidate() {
    this.#verdictGeneration += 1;
    this.#hitsCache = null;
    this.#allHitsCache = null;
    this.#entriesCache = null;
    this.#verdict = null;
    this.#nodeHits = null;
  }

  #assess() {
    const empty = { verdict: 'none', explanation: '', evidence: [] };
    if (typeof this.#matcher.assess !== 'function') return empty;
    // Offsets as if the blocks were one document, in document order.
    const matches = [];
    const byStart = new Map();
    let base = 0;
    for (const r of this.#runs) {
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
      result = this.#matcher.assess(matches);
    } catch (error) {
      this.#error(error);
      return empty;
    }
    if (result && typeof result.then === 'function') {
      // An asynchronous matcher: the verdict follows with a 'change' event.
      const generation = ++this.#verdictGeneration;
      Promise.resolve(result).then((a) => {
        if (this.#cleared || generation !== this.#verdictGeneration) return;
        this.#verdict = toVerdict(a);
        this.#emit('change', { reason: 'verdict' });
      }, (error) => this.#error(error));
      return { ...empty, pending: true };
    }
    return toVerdict(result);
  }

  // ---- scopes, frames, shadow roots -----------------------------------------------------

  #addScope(root, frameEl) {
    let scope = this.#scopes.get(root);
    if (scope) return scope;
    const doc = root.nodeType === 9 ? root : root.ownerDocument;
    scope = { root, doc, frameEl };
    this.#scopes.set(root, scope);
    try {
      this.#painter.attachRoot(root);
    } catch (error) {
      this.#error(error);
    }
    if (!this.#listenedDocs.has(doc)) {
      this.#listenedDocs.add(doc);
      this.#listen(doc);
    }
    return scope;
  }

  #scopeOf(node) {
    let r = node.nodeType === 9 ? node : node.getRootNode();
    if (r.nodeType === 11 && !this.#scopes.has(r)) return this.#addScope(r, null);
    if (r.nodeType !== 9 && r.nodeType !== 11) r = this.#doc;
    return this.#scopes.get(r) || this.#addScope(r, null);
  }

  #frameDocument(frame) {
    if (!this.#frames.has(frame)) {
      this.#frames.add(frame);
      // With observe: false the page is taken as it is now: no rescans when frames load.
      if (this.#opts.observe) {
        frame.addEventListener('load', () => this.#guard(() => this.#onFrameLoad(frame)), { signal: this.#abort.signal });
      }
    }
    try {
      const doc = frame.contentDocument;
      if (!doc || !doc.documentElement) return null;
      if (doc.readyState === 'loading') return null; // the load listener scans it
      return doc;
    } catch {
      return null; // cross-origin
    }
  }

  #onFrameLoad(frame) {
    if (this.#cleared || !frame.isConnected) return;
    // Drop what belonged to the frame's previous document (its scope, its shadow roots' and
    // the painter's registry, highlights and observer there), then scan the new one.
    let current = null;
    try {
      current = frame.contentDocument;
    } catch {
      // cross-origin now
    }
    const gone = new Set();
    for (const scope of this.#scopes.values()) if (scope.frameEl === frame && scope.doc !== current) gone.add(scope.doc);
    for (const [root, scope] of [...this.#scopes]) {
      if (scope.frameEl === frame || gone.has(scope.doc) || (root.nodeType === 11 && !root.host?.isConnected)) this.#scopes.delete(root);
    }
    for (const doc of gone) this.#painter.forgetDocument(doc);
    this.#markDirty(frame.parentNode);
  }

  #topDocument() {
    let doc = this.#doc;
    try {
      while (doc.defaultView && doc.defaultView.frameElement) doc = doc.defaultView.frameElement.ownerDocument;
    } catch {
      // cross-origin parent: stay in our own document
    }
    return doc;
  }

  #isOurs(el) {
    return el.localName === UI_TAG || el.hasAttribute('data-chiplight-ui');
  }

  /** The caller's `exclude` option as one predicate (`[data-chiplight-exclude]` is checked apart). */
  #makeExcluder(exclude) {
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

  // ---- live pages -------------------------------------------------------------------------

  #observe(target) {
    try {
      this.#observer?.observe(target, { childList: true, characterData: true, subtree: true });
    } catch (error) {
      this.#error(error);
    }
  }

  /** Runs our own DOM changes so the observer never sees them. */
  #ignoreOwn(fn) {
    if (!this.#observer || this.#painter.mode !== 'wrap') return fn();
    const pending = this.#observer.takeRecords();
    if (pending.length) this.#onMutations(pending);
    try {
      return fn();
    } finally {
      this.#observer.takeRecords();
    }
  }

  #onMutations(records) {
    if (this.#cleared) return;
    for (const r of records) {
      const target = r.target;
      if (r.type === 'characterData') this.#markDirty(target.parentNode);
      else {
        if (this.#insideOurMark(target)) continue;
        const changed = [...r.addedNodes, ...r.removedNodes];
        if (changed.length && changed.every((n) => n.nodeType === 1 && this.#isOurs(n))) continue;
        this.#markDirty(target);
      }
    }
  }

  #insideOurMark(node) {
    return node.nodeType === 1 && node.localName === MARK_TAG && node.getAttribute('data-chiplight') === this.#prefix;
  }

  #markDirty(node) {
    if (!node) return;
    // The nearest block (or the root): the unit that is rescanned.
    const n = blockOf(node, this.#root);
    if (!n) return;
    if (n.nodeType === 1 && this.#isOurs(n)) return;
    // Outside the root (e.g. the page's <head>): ignore.
    if (n !== this.#root && this.#root.nodeType === 1 && n.nodeType === 1 && !this.#root.contains(n)
        && n.getRootNode() === this.#root.getRootNode()) return;
    this.#dirty.add(n);
    // Debounced, but a page that never stops changing (a live ticker) still gets rescanned
    // at least every ten debounce periods.
    const now = clock();
    if (!this.#dirtySince) this.#dirtySince = now;
    if (this.#dirtyTimer && now - this.#dirtySince > 10 * this.#opts.debounceMs) return;
    clearTimeout(this.#dirtyTimer);
    this.#dirtyTimer = setTimeout(() => {
      this.#dirtyTimer = 0;
      this.#dirtySince = 0;
      this.#run(() => this.#flushDirty());
    }, this.#opts.debounceMs);
  }

  async #flushDirty() {
    if (this.#cleared) return;
    if (this.#fullRescanPending) {
      this.#fullRescanPending = false;
      this.#dirty.clear();
      await this.#fullScan();
      return;
    }
    const dirty = new Set();
    for (const n of this.#dirty) if (n.isConnected) dirty.add(n);
    this.#dirty.clear();
    // Keep only the outermost of nested dirty nodes.
    const roots = [...dirty].filter((n) => !n.parentNode || !insideAny(n.parentNode, dirty));
    if (roots.length === 0) {
      this.#dropDisconnected();
      return;
    }
    this.#scanning = true;
    const rootSet = new Set(roots);
    const queue = [];
    this.#ignoreOwn(() => {
      // One pass over the runs: those in a dirty block are rescanned, those the page took away
      // are dropped.
      this.#dropRuns((r) => insideAny(r.block, rootSet) || this.#runGone(r));
      if (this.#painter.mode === 'wrap') this.#painter.restoreWithin(rootSet);
      for (const d of roots) {
        const around = textAround(d, this.#contextChars, BLOCK_SEPARATOR, this.#excludes, this.#root);
        queue.push({ start: d, scope: this.#scopeOf(d), prefix: around.before, suffix: around.after });
      }
    });
    this.#invalidate();
    try {
      await this.#scanRoots(queue, false);
    } finally {
      this.#scanning = false;
    }
    this.#invalidate();
    this.#emit('change', { reason: 'mutation' });
  }

  /** Runs the page took away: their block, first node or frame gone, or a node of a hit. */
  #runGone(run) {
    if (!run.block.isConnected || !run.nodes[0].isConnected || !run.scope.doc.defaultView) return true;
    for (const h of run.hits) for (const p of h.pieces) if (!p.node.isConnected) return true;
    return false;
  }

  /** Removes the runs `drop` picks, with their hits and drawing; returns how many went. */
  #dropRuns(drop) {
    const keep = [];
    const goneHits = [];
    for (const r of this.#runs) {
      if (!drop(r)) keep.push(r);
      else {
        for (const h of r.hits) goneHits.push(h);
        if (this.#active?.run === r) this.#active = null;
      }
    }
    if (goneHits.length) this.#painter.remove(goneHits);
    const dropped = this.#runs.length - keep.length;
    this.#runs = keep;
    return dropped;
  }

  #dropDisconnected() {
    if (this.#ignoreOwn(() => this.#dropRuns((r) => this.#runGone(r)))) {
      this.#invalidate();
      this.#emit('change', { reason: 'mutation' });
    }
  }

  #listenNavigation(view) {
    if (!view) return;
    const signal = this.#abort.signal;
    const onNav = () => {
      this.#fullRescanPending = true;
      this.#markDirty(this.#root.nodeType === 9 ? this.#root.documentElement : this.#root);
    };
    view.addEventListener('popstate', onNav, { signal });
    if (view.navigation && typeof view.navigation.addEventListener === 'function') {
      view.navigation.addEventListener('navigatesuccess', onNav, { signal });
    }
  }

  // ---- pointer, touch and keyboard ----------------------------------------------------------

  #listen(doc) {
    const signal = this.#abort.signal;
    const opts = { capture: true, passive: true, signal };
    if (this.#opts.cards) {
      doc.addEventListener('pointermove', (e) => this.#guard(() => this.#onPointerMove(doc, e)), opts);
      doc.addEventListener('pointerdown', (e) => this.#guard(() => this.#onPointerDown(doc, e)), opts);
      doc.addEventListener('pointerup', (e) => this.#guard(() => this.#onPointerUp(doc, e)), opts);
      doc.addEventListener('mouseleave', () => this.#guard(() => this.#startGrace()), { signal });
    }
    if (this.#opts.shortcuts || this.#opts.cards) {
      doc.addEventListener('keydown', (e) => this.#guard(() => this.#onKeyDown(e)), { capture: true, signal });
    }
  }

  #hitAt(doc, x, y, event) {
    if (this.#painter.mode === 'wrap') {
      const hit = event ? this.#painter.hitFromEvent(event) : null;
      return hit && this.#visible.has(hit.category) ? hit : null;
    }
    const shadowRoots = [...this.#scopes.keys()].filter((r) => r.nodeType === 11 && r.ownerDocument === doc);
    const fromApi = this.#painter.hitsFromPoint(doc, x, y, shadowRoots);
    if (fromApi) return fromApi.find((h) => this.#visible.has(h.category)) || null;
    // Fallback: the caret position under the point, then the hit's rectangles.
    let node = null;
    try {
      if (typeof doc.caretPositionFromPoint === 'function') {
        node = doc.caretPositionFromPoint(x, y, { shadowRoots })?.offsetNode;
      } else if (typeof doc.caretRangeFromPoint === 'function') {
        node = doc.caretRangeFromPoint(x, y)?.startContainer;
      }
    } catch {
      node = null;
    }
    if (!node) return null;
    for (const hit of this.#hitsOfNode(node)) {
      if (this.#visible.has(hit.category) && rectContains(hit.range.getClientRects(), x, y)) return hit;
    }
    return null;
  }

  #hitsOfNode(node) {
    if (!this.#nodeHits) {
      this.#nodeHits = new Map();
      for (const h of this.#allHits()) {
        for (const p of h.pieces) {
          let list = this.#nodeHits.get(p.node);
          if (!list) this.#nodeHits.set(p.node, (list = []));
          list.push(h);
        }
      }
    }
    return this.#nodeHits.get(node) || [];
  }

  #overUi(event) {
    return this.#ui ? event.composedPath().includes(this.#ui.host) : false;
  }

  #onPointerMove(doc, event) {
    if (event.pointerType && event.pointerType !== 'mouse') return;
    const hv = this.#hover;
    hv.x = event.clientX;
    hv.y = event.clientY;
    const ui = this.#ui;
    if (!ui) return;
    if (this.#overUi(event)) {
      clearTimeout(hv.grace);
      hv.grace = 0;
      clearTimeout(hv.timer);
      return;
    }
    if (ui.cardOpen && !ui.cardPinned) {
      const current = ui.cardHit;
      const inside = current && (this.#painter.mode === 'wrap'
        ? this.#painter.hitFromEvent(event) === current
        : current.range && rectContains(current.range.getClientRects(), hv.x, hv.y));
      if (inside) {
        clearTimeout(hv.grace);
        hv.grace = 0;
      } else this.#startGrace();
    }
    clearTimeout(hv.timer);
    const hitNow = this.#painter.mode === 'wrap' ? this.#hitAt(doc, hv.x, hv.y, event) : undefined;
    hv.timer = setTimeout(() => this.#guard(() => {
      if (this.#cleared) return;
      const hit = hitNow !== undefined ? hitNow : this.#hitAt(doc, hv.x, hv.y, null);
      if (hit && (!ui.cardOpen || ui.cardHit !== hit) && !(ui.cardOpen && ui.cardPinned)) {
        clearTimeout(hv.grace);
        hv.grace = 0;
        this.openCard(hit, { pinned: false, focus: false });
      }
    }), this.#opts.dwellMs);
  }

  #startGrace() {
    const ui = this.#ui;
    const hv = this.#hover;
    if (!ui || !ui.cardOpen || ui.cardPinned || hv.grace) return;
    hv.grace = setTimeout(() => {
      hv.grace = 0;
      if (ui.cardOpen && !ui.cardPinned) ui.hideCard();
    }, this.#opts.graceMs);
  }

  /** Called by the UI when the pointer enters or leaves the card. */
  cardHover(inside) {
    const hv = this.#hover;
    if (inside) {
      clearTimeout(hv.grace);
      hv.grace = 0;
    } else this.#startGrace();
  }

  #onPointerDown(doc, event) {
    this.#hover.down = { x: event.clientX, y: event.clientY, t: clock(), type: event.pointerType };
    const ui = this.#ui;
    if (ui?.cardOpen && !this.#overUi(event)) {
      const hit = this.#hitAt(doc, event.clientX, event.clientY, event);
      if (!hit || hit !== ui.cardHit) ui.hideCard({ restoreFocus: false });
    }
  }

  #onPointerUp(doc, event) {
    const down = this.#hover.down;
    this.#hover.down = null;
    if (!down || (event.pointerType !== 'touch' && event.pointerType !== 'pen')) return;
    if (Math.hypot(event.clientX - down.x, event.clientY - down.y) > 10 || clock() - down.t > 600) return;
    if (this.#overUi(event)) return;
    const hit = this.#hitAt(doc, event.clientX, event.clientY, event);
    if (hit) this.openCard(hit, { pinned: true, focus: false });
  }

  #onKeyDown(event) {
    if (this.#cleared || event.defaultPrevented) return;
    const keys = this.#opts.keys;
    const inUi = this.#overUi(event);
    if (event.key === 'Escape' && this.#ui?.cardOpen && !inUi) {
      this.#ui.hideCard({ restoreFocus: true });
      return;
    }
    if (inUi || isEditableTarget(event.composedPath()[0])) return;
    if (this.#opts.shortcuts && keyMatches(event, keys.next)) {
      event.preventDefault();
      this.next();
    } else if (this.#opts.shortcuts && keyMatches(event, keys.previous)) {
      event.preventDefault();
      this.previous();
    } else if (event.key === 'Enter' && !event.altKey && !event.ctrlKey && !event.metaKey && this.#opts.cards
        && this.#active && this.#ui && this.#selectionIsActive()) {
      event.preventDefault();
      this.openCard(this.#active, { pinned: true, focus: true });
    }
  }

  #selectionIsActive() {
    const hit = this.#active;
    if (!hit?.pieces?.length) return false;
    const range = hit.range;
    const doc = range.startContainer.ownerDocument;
    const active = doc.activeElement;
    if (active && active !== doc.body && active !== doc.documentElement && active.localName !== 'iframe') return false;
    if (!this.#opts.select) return true;
    const sel = doc.getSelection();
    if (!sel || sel.rangeCount === 0) return false;
    const r = sel.getRangeAt(0);
    return r.compareBoundaryPoints(0, range) === 0 && r.compareBoundaryPoints(2, range) === 0;
  }

  /** A hit's position in `hits` (set when the list is made), or -1 if it is not in it. */
  #visibleIndex(hit) {
    const hits = this.hits;
    return hits[hit.index] === hit ? hit.index : -1;
  }

  #step(delta) {
    if (this.#cleared) return null;
    const hits = this.hits;
    if (!hits.length) return null;
    let i = this.#active ? this.#visibleIndex(this.#active) : -1;
    if (i < 0) i = delta > 0 ? -1 : hits.length;
    const next = hits[(i + delta + hits.length) % hits.length];
    return this.focusHit(next);
  }

  #scrollTo(hit) {
    const range = hit.range;
    const node = hit.marks?.[0] || hit.pieces[0].node.parentElement;
    if (!node) return;
    const view = node.ownerDocument.defaultView;
    const rect = range.getBoundingClientRect();
    if (rect.top >= 0 && rect.bottom <= view.innerHeight && rect.left >= 0 && rect.right <= view.innerWidth) return;
    if (node.getClientRects().length) {
      node.scrollIntoView({ block: 'center', inline: 'nearest' });
    } else {
      // No box of its own (display: contents): scroll the window to the text itself.
      view.scrollBy(0, rect.top - view.innerHeight / 2);
    }
  }

  #selectHit(hit) {
    try {
      const range = hit.range;
      const doc = range.startContainer.ownerDocument;
      const active = doc.activeElement;
      if (active && isEditableTarget(active)) active.blur();
      const sel = doc.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    } catch {
      // Selection refused (e.g. inside a closed context): the active highlight still shows it.
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  // dispatchEvent never throws what a listener throws: the browser reports it (console, the
  // window's error event) and calls the other listeners. So no try/catch here, and a caller's
  // failing listener is not one of our `error` events.
  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  #error(error) {
    this.#emit('error', { error });
  }

  #guard(fn) {
    try {
      return fn();
    } catch (error) {
      this.#error(error);
      return null;
    }
  }

  /** For the UI: the viewport offset of the frame a hit lives in (0,0 in the top document). */
  frameOffset(hit) {
    let x = 0;
    let y = 0;
    try {
      let doc = hit.pieces[0].node.ownerDocument;
      while (doc.defaultView && doc.defaultView.frameElement) {
        const frame = doc.defaultView.frameElement;
        const r = frame.getBoundingClientRect();
        x += r.left + frame.clientLeft;
        y += r.top + frame.clientTop;
        doc = frame.ownerDocument;
      }
    } catch {
      // cross-origin parent
    }
    return { x, y };
  }
}
