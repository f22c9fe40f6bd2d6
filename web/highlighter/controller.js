// The controller highlight() returns: the public API (docs/highlighter.md) over the parts that
// do the work, each in its own file: the page scan (scan.js), live pages (live.js), scopes
// (scopes.js), the reader's input (input.js), the painters (paint.js) and our UI (ui.js).

import { categoryNames, localEntry, uiStrings } from './util.js';
import { Session } from './session.js';
import { Scopes, topDocument } from './scopes.js';
import { PageScan } from './scan.js';
import { LivePage } from './live.js';
import { ReaderInput, deepFocus, isEditableTarget } from './input.js';
import { ChiplightUI } from './ui.js';
import { createSummaryPanel } from './summary-panel.js';

export class HighlightController extends EventTarget {
  #session;
  #scopes;
  #scan;
  #live;
  #input;
  #ui = null;
  #hitsCache = null;
  #entriesCache = null;

  constructor(root, options) {
    super();
    if (!root || !(root.nodeType === 1 || root.nodeType === 9 || root.nodeType === 11)) {
      throw new TypeError('highlight(root): root must be an Element, a Document or a ShadowRoot');
    }
    const matcher = options && options.matcher;
    if (!matcher || typeof matcher.scan !== 'function') {
      throw new TypeError('highlight(root, { matcher }): a matcher from createMatcher() is required');
    }
    const session = new Session(this, root, options, matcher);
    this.#session = session;
    session.derived.add(() => {
      this.#hitsCache = null;
      this.#entriesCache = null;
    });
    const opts = session.opts;
    this.#scopes = new Scopes(session, {
      onDocument: (doc) => this.#input.listen(doc),
      onFrameLoad: (frame) => this.#live.markDirty(frame.parentNode),
    });
    this.#input = new ReaderInput(session, this.#scopes, this);
    this.#scan = new PageScan(session, this.#scopes);
    const topRoot = root.nodeType === 9 ? root : root.getRootNode();
    this.#scopes.add(topRoot.nodeType === 11 ? topRoot : session.doc, null);
    this.#live = new LivePage(session, this.#scopes, this.#scan);
    this.#scan.live = this.#live;
    try {
      if (opts.cards || opts.shortcuts || opts.panel === true) {
        const ui = new ChiplightUI(this, {
          doc: topDocument(session.doc), uiLang: session.uiLang, floatingPanel: opts.panel === true, theme: opts.theme,
        });
        this.#ui = ui;
        for (const type of ['cardopen', 'cardclose']) ui.addEventListener(type, (e) => session.emit(type, e.detail));
        this.#input.ui = ui;
      }
      if (opts.panel && opts.panel !== true && opts.panel.nodeType === 1) {
        createSummaryPanel(this, opts.panel, { lang: opts.lang, theme: opts.theme });
      }
    } catch (error) {
      // No UI (a document that refuses shadow roots, say): highlights still work.
      this.#ui = null;
      queueMicrotask(() => session.error(error));
    }
    this.ready = session.queue(() => this.#scan.scanAll());
  }

  /** 'highlight' (CSS Custom Highlight API) or 'wrap' (elements). */
  get mode() {
    return this.#session.painter.mode;
  }

  get uiLang() {
    return this.#session.uiLang;
  }

  get matcher() {
    return this.#session.matcher;
  }

  get categories() {
    return [...this.#session.visible];
  }

  /** True while the first pass or a rescan is running. */
  get scanning() {
    return this.#session.scanning;
  }

  /** Hits of the visible categories in document order: { index, id, category, label, text, range }. */
  get hits() {
    if (!this.#hitsCache) {
      const visible = this.#session.visible;
      this.#hitsCache = this.#session.allHits().filter((h) => visible.has(h.category));
      this.#hitsCache.forEach((h, i) => { h.index = i; });
    }
    return this.#hitsCache;
  }

  /** Mentions per category (every category, visible or not) and the total. */
  get counts() {
    const counts = {};
    for (const id of this.#session.categoryIds) counts[id] = 0;
    counts.total = 0;
    for (const h of this.#session.allHits()) {
      counts[h.category] += 1;
      counts.total += 1;
    }
    return counts;
  }

  /** Distinct entries found: [{ id, label, category, kind, count, hits }] in first-mention order. */
  get entries() {
    if (!this.#entriesCache) {
      const map = new Map();
      for (const h of this.#session.allHits()) {
        let e = map.get(h.id);
        if (!e) {
          const info = this.#session.brief(h.id);
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
    return this.#session.verdict;
  }

  get activeHit() {
    return this.#session.active;
  }

  get stats() {
    // `near`: the highlight painter's count of its near-screen tracking work (tests count it).
    const near = this.#session.painter.work;
    return { ...this.#session.stats, ...(near ? { near: { ...near } } : {}) };
  }

  /** The glossary entry of an id (cached), or null. */
  entry(id) {
    return this.#session.entry(id);
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
    const session = this.#session;
    if (session.cleared) return null;
    const hit = typeof hitOrIndex === 'number' ? this.hits[hitOrIndex] : hitOrIndex;
    if (!hit || !hit.pieces?.length) return null;
    return session.guard(() => {
      session.active = hit;
      session.painter.setActive(hit);
      scrollTo(hit);
      if (session.opts.select) selectHit(hit);
      // Where the reader's focus was when the hit became active: Enter opens its card while the
      // focus stays there (input.js), whatever element that is.
      session.activeFocus = deepFocus(hit.pieces[0].node.ownerDocument);
      const s = uiStrings(session.uiLang);
      const visible = this.hits;
      const category = categoryNames(session.categories, session.uiLang)[hit.category];
      const label = session.uiLang === 'en' ? hit.label : localEntry(session.entry(hit.id), session.uiLang).label || hit.label;
      this.#ui?.announce(s.hitAnnouncement(label, category, this.#visibleIndex(hit) + 1, visible.length,
        Boolean(session.opts.cards)));
      if (openCard) this.openCard(hit, { pinned: true, focus: focusCard, returnFocus });
      else if (this.#ui?.cardOpen && this.#ui.cardPinned) this.openCard(hit, { pinned: true, focus: false });
      session.emit('activechange', { hit });
      return hit;
    });
  }

  /** Opens the glossary card of a hit. */
  openCard(hit, { pinned = true, focus = false, returnFocus = null } = {}) {
    if (!this.#ui || !hit || this.#session.cleared) return;
    this.#session.guard(() => this.#ui.showCard(hit, { pinned, focus, returnFocus }));
  }

  closeCard() {
    this.#ui?.hideCard();
  }

  /** Draws and navigates only these categories (hidden ones stay counted). */
  setCategories(categories) {
    const session = this.#session;
    if (session.cleared) return;
    session.visible = new Set((categories || []).filter((c) => session.categoryIds.includes(c)));
    session.guard(() => session.painter.setCategories(session.visible));
    if (session.active && !session.visible.has(session.active.category)) {
      session.active = null;
      session.painter.setActive(null);
    }
    this.#hitsCache = null;
    session.emit('change', { reason: 'categories' });
  }

  /** Rescans everything (also done automatically on single-page-app navigation). */
  rescan() {
    if (this.#session.cleared) return Promise.resolve();
    return this.#session.queue(() => this.#scan.scanAll());
  }

  /** Removes every highlight, card, panel and listener; the DOM is left as it was. */
  clear() {
    const session = this.#session;
    if (session.cleared) return;
    session.cleared = true;
    session.scanning = false;
    session.abort.abort();
    this.#live.stop();
    this.#input.stop();
    try {
      this.#ui?.destroy();
    } catch (error) {
      session.error(error);
    }
    try {
      session.painter.clear();
    } catch (error) {
      session.error(error);
    }
    session.runs = [];
    session.invalidate();
    session.emit('clear', {});
  }

  get cleared() {
    return this.#session.cleared;
  }

  /** A hit's position in `hits` (set when the list is made), or -1 if it is not in it. */
  #visibleIndex(hit) {
    const hits = this.hits;
    return hits[hit.index] === hit ? hit.index : -1;
  }

  #step(delta) {
    if (this.#session.cleared) return null;
    const hits = this.hits;
    if (!hits.length) return null;
    const active = this.#session.active;
    let i = active ? this.#visibleIndex(active) : -1;
    if (i < 0) i = delta > 0 ? -1 : hits.length;
    const next = hits[(i + delta + hits.length) % hits.length];
    return this.focusHit(next);
  }
}

function scrollTo(hit) {
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

function selectHit(hit) {
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
