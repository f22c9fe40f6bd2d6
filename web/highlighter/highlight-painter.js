// Drawing with the CSS Custom Highlight API: no change to the page's DOM. The painter interface
// is described in paint.js.

import {
  activeStyle, SheetSet, colourNumbers, rulesTemplate, takeKeptSheets,
} from './sheets.js';

// Slices of work between yields to the page: highlights cost the browser little between
// slices, so the slices are long (fewer frames and yields in the pass).
const SLICE_MS = 30;

// A block with more hits than this (a long <pre>, a text/plain page, lines between <br>s) is
// not drawn whole when it comes near the screen: only its hits within a screen's height of the
// viewport are, found by a binary search over the hits' positions and moved as the reader scrolls.
// Drawing all of them put tens of thousands of ranges in the highlights at once (a 5 MB <pre>:
// 12 s of Chromium's pre-paint, frames growing to 1.8 s).
const CROWDED = 200;

// Blocks are drawn within this many screens above and below the viewport (#nearFrame).
const BAND = 4;

function rectContains(rects, x, y) {
  for (const r of rects) if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1) return true;
  return false;
}

/**
 * Draws with the CSS Custom Highlight API. Only the hits of blocks near the viewport are in the
 * Highlight objects: Chromium revalidates every range of a changed highlight in the next
 * frame's pre-paint, so 15,000 ranges would make each frame that changes them take about
 * 100 ms. The ranges of each block are added and removed as it comes within a few screens of
 * the viewport (all of them while printing), at most once per frame and only when the reader
 * nears the edge of what is drawn: each block's place in the document is measured once, kept
 * sorted, and a binary search finds those near the viewport (#nearFrame). An
 * IntersectionObserver watching every block did this before; it cost the browser work for every
 * observed block in every frame (a 20 MB page: 5.1 s of 11.2 s of scrolling, frames of 92 ms
 * against 30 ms without us).
 */
export class HighlightPainter {
  /**
   * `doc`: the document drawn in first; where a cleared painter left the same rules adopted
   * there (a large page, SheetSet.detachAll), its highlight names' prefix is taken instead of
   * `prefix`, so that drawing restyles nothing.
   */
  constructor(prefix, categories, active, doc = null) {
    this.categories = categories;
    this.activeLook = active;
    // Set first because css() reads it (the rules' template is made with this painter's own
    // prefix); then replaced by a kept sheet's prefix when one with the same rules is free.
    this.prefix = prefix;
    const kept = takeKeptSheets(doc, rulesTemplate(this.css(''), prefix));
    this.prefix = kept?.prefix ?? prefix;
    this.mode = 'highlight';
    this.sliceMs = SLICE_MS;
    this.visible = new Set(categories.map((c) => c.id));
    // Per document: { doc, view, registry, highlights: Map(category -> Highlight), active: Highlight, near-screen tracking }.
    // Not per window: a frame's window object (its WindowProxy) outlives a navigation, while
    // the registry and the Highlight objects belong to the document it showed.
    this.views = new Map();
    this.rangeToHit = new WeakMap();
    this.blockHits = new Map(); // block Element with hits -> Set(hit)
    // Crowded blocks near the screen -> { hits: the block's hits in order, from, to: the drawn
    // slice [from, to) }; the scroll listener moves the slices (one listener per document).
    this.crowded = new Map();
    this.onScroll = (event) => {
      const doc = event.target.ownerDocument || event.target.document || event.target;
      const v = this.views.get(doc);
      if (v) {
        v.scrolled = true;
        // An element that scrolls moves the blocks inside it in the document: measure again.
        if (event.type === 'resize' || event.target.nodeType === 1) v.remeasure = true;
        this.#scheduleFrame(v);
      }
    };
    // Work counted for tests and benchmarks (frames of near-screen tracking, moves of the drawn
    // band, blocks whose position was read or compared, blocks drawn or undrawn as they came
    // near or left).
    this.work = { nearFrames: 0, bandMoves: 0, blocksMeasured: 0, blocksCompared: 0, blocksDrawn: 0, blocksUndrawn: 0 };
    this.drawAll = false;
    this.active = null;
    // Kept adopted after clear() on a large page (sheets.js: adopting or removing it restyles
    // every element of the document, one long task of the browser's).
    this.sheets = new SheetSet(this.css(''), this.css(':root'), { name: this.name(categories[0].id), color: colourNumbers(categories[0].style.background) }, { keep: { prefix: this.prefix, sheets: kept?.sheets } });
    this.onPrint = () => this.setDrawAll(true);
    this.onPrinted = () => this.setDrawAll(false);
  }

  name(category) {
    return `${this.prefix}-${category}`;
  }

  /** Our rules, for every element (`scope` '') or for the root alone (':root', where they inherit). */
  css(scope) {
    let css = '';
    for (const { id, style: s } of this.categories) {
      css += `${scope}::highlight(${this.name(id)}) { background-color: ${s.background}; color: inherit; `
        + `text-decoration: underline ${s.line} ${s.color}; text-decoration-thickness: 2px; }\n`;
    }
    css += `${scope}::highlight(${this.name('active')}) { ${activeStyle(this.activeLook)} }\n`;
    return css;
  }

  viewFor(doc) {
    let v = this.views.get(doc);
    if (!v) {
      const view = doc.defaultView;
      v = {
        doc, view, registry: view.CSS.highlights, highlights: new Map(), active: new view.Highlight(), tracks: false,
        // Near-screen tracking: blocks not yet measured; measured ones sorted by their top in
        // the document ({ block, top, bottom }); those taller than a screen kept apart (so the
        // search may start a short way above the window); those always drawn (no box).
        unmeasured: [], byTop: [], tall: [], boxless: new Set(), maxHeight: 0, near: new Set(), remeasure: false, resizes: null, band: null, probe: null,
      };
      for (const { id: c } of this.categories) {
        const h = new view.Highlight();
        v.highlights.set(c, h);
        if (this.visible.has(c)) v.registry.set(this.name(c), h);
      }
      v.active.priority = 10;
      v.registry.set(this.name('active'), v.active);
      v.tracks = typeof view.requestAnimationFrame === 'function';
      if (typeof view.ResizeObserver === 'function') {
        // One target: the page's content changed size (images, fonts, late content), so blocks moved.
        v.resizes = new view.ResizeObserver(() => {
          v.remeasure = true;
          this.#scheduleFrame(v);
        });
        v.resizes.observe(doc.documentElement);
      }
      view.addEventListener('beforeprint', this.onPrint);
      view.addEventListener('afterprint', this.onPrinted);
      // Capturing: a crowded block may scroll inside an element of its own.
      view.addEventListener('scroll', this.onScroll, { capture: true, passive: true });
      view.addEventListener('resize', this.onScroll, { passive: true });
      this.views.set(doc, v);
    }
    return v;
  }

  /** Forgets a document that went away (a frame that navigated): its highlights, listeners and sheets. */
  forgetDocument(doc) {
    const v = this.views.get(doc);
    if (v) {
      this.views.delete(doc);
      this.#detachView(v);
    }
    for (const block of [...this.blockHits.keys()]) {
      if (block.ownerDocument === doc) this.blockHits.delete(block);
    }
    if (this.active?.run?.block.ownerDocument === doc) this.active = null;
    this.sheets.forget(doc);
  }

  /** `everything`: clear() (else only what is still `v`'s document's goes). */
  #detachView(v, everything = false) {
    try {
      v.resizes?.disconnect();
      // The window may show another document now (and a frame's first page may reuse the
      // window and registry of its initial about:blank): leave what is that document's.
      if (everything || v.view.document === v.doc) {
        v.view.removeEventListener('beforeprint', this.onPrint);
        v.view.removeEventListener('afterprint', this.onPrinted);
        v.view.removeEventListener('scroll', this.onScroll, { capture: true });
        v.view.removeEventListener('resize', this.onScroll);
      }
      for (const { id: c } of this.categories) {
        if (v.registry.get(this.name(c)) === v.highlights.get(c)) v.registry.delete(this.name(c));
        v.highlights.get(c).clear();
      }
      if (v.registry.get(this.name('active')) === v.active) v.registry.delete(this.name('active'));
    } catch {
      // A frame that navigated away.
    }
  }

  /** Asks for one near-screen update of `v`'s document in the next frame, however often asked. */
  #scheduleFrame(v) {
    if (v.framePending || !v.tracks) return;
    v.framePending = true;
    v.view.requestAnimationFrame(() => {
      v.framePending = false;
      if (this.views.get(v.doc) !== v) return;
      try {
        this.#nearFrame(v);
      } catch {
        // A frame that went away.
      }
      this.#moveWindows(v);
    });
  }

  /** Measures blocks (their box in the document's coordinates) and files them by their top. */
  #measure(v, blocks) {
    const sx = v.view.scrollX;
    const sy = v.view.scrollY;
    const height = v.view.innerHeight || 800;
    const { body } = v.doc;
    let sorted = true;
    let last = v.byTop.length ? v.byTop[v.byTop.length - 1].top : -Infinity;
    for (const block of blocks) {
      if (!this.blockHits.has(block)) continue;
      this.work.blocksMeasured += 1;
      const r = block.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) {
        // No box of its own (display: contents): drawn always. Hidden ones: never near (the
        // page's size changes when they show, and then every block is measured again).
        if (v.view.getComputedStyle(block).display === 'contents') v.boxless.add(block);
        continue;
      }
      // Inside a fixed element (whose offsetParent chain ends short of the body): it stays on
      // screen as the page scrolls, so it is drawn always too.
      let outer = block;
      while (outer.offsetParent) outer = outer.offsetParent;
      if (outer !== body && v.view.getComputedStyle(outer).position === 'fixed') {
        v.boxless.add(block);
        continue;
      }
      const entry = { block, top: r.top + sy, bottom: r.bottom + sy, left: r.left + sx };
      if (r.height > height) v.tall.push(entry);
      else {
        if (entry.top < last) sorted = false;
        last = entry.top;
        v.byTop.push(entry);
        if (r.height > v.maxHeight) v.maxHeight = r.height;
      }
    }
    if (!sorted) v.byTop.sort((a, b) => a.top - b.top);
  }

  /**
   * Draws the blocks within BAND screens of the viewport and undraws those that left, only when
   * the reader comes within a screen of the drawn band's edge (or blocks were measured): each
   * change to a highlight makes Chromium invalidate the paint of the whole page in the next frame
   * (a 20 MB page: a frame of hundreds of ms however few ranges changed), so the band is wide
   * and moves seldom. A binary search in the blocks sorted by top, then only the blocks in the
   * band are read. One block's box is read each frame to check that the layout has not moved
   * since the blocks were measured; where it has, every block is measured again.
   */
  #nearFrame(v, again = true) {
    this.work.nearFrames += 1;
    // Blocks emptied and found again are filed again: start afresh when the lists grew stale.
    if (v.byTop.length + v.tall.length > 2 * this.blockHits.size + 64) v.remeasure = true;
    let fresh = false;
    if (v.remeasure) {
      v.remeasure = false;
      v.unmeasured = [...this.blockHits.keys()].filter((b) => b.ownerDocument === v.doc);
      v.byTop = [];
      v.tall = [];
      v.boxless.clear();
      v.maxHeight = 0;
      v.probe = null;
      fresh = true;
    }
    if (v.unmeasured.length) {
      const blocks = v.unmeasured;
      v.unmeasured = [];
      this.#measure(v, blocks);
      fresh = true;
    }
    const height = v.view.innerHeight || 800;
    const sy = v.view.scrollY;
    const check = v.probe;
    if (check && again && check.block.isConnected) {
      const r = check.block.getBoundingClientRect();
      if (Math.abs(r.top + sy - check.top) > 1 || Math.abs(r.left + v.view.scrollX - check.left) > 1) {
        v.remeasure = true;
        this.#nearFrame(v, false);
        return;
      }
    }
    const inBand = v.band && sy - height >= v.band.low && sy + 2 * height <= v.band.high;
    if (inBand && !fresh) return;
    if (!inBand) {
      v.band = { low: sy - BAND * height, high: sy + (BAND + 1) * height };
      this.work.bandMoves += 1;
    }
    const { low, high } = v.band;
    const { byTop } = v;
    let lo = 0;
    let hi = byTop.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      this.work.blocksCompared += 1;
      if (byTop[mid].top < low - v.maxHeight) lo = mid + 1;
      else hi = mid;
    }
    const near = new Set(v.boxless);
    let probe = null; // the block checked in the next frames: the first on screen or below
    const consider = (entry) => {
      this.work.blocksCompared += 1;
      if (entry.bottom >= low && entry.top <= high && this.blockHits.has(entry.block)) {
        near.add(entry.block);
        if (!probe && entry.bottom >= sy) probe = entry;
      }
    };
    for (let i = lo; i < byTop.length && byTop[i].top <= high; i += 1) consider(byTop[i]);
    for (const entry of v.tall) consider(entry);
    v.probe = probe;
    for (const block of v.near) {
      if (near.has(block)) continue;
      this.crowded.delete(block);
      const set = this.blockHits.get(block);
      if (set && !this.drawAll) {
        this.work.blocksUndrawn += 1;
        for (const hit of set) this.undraw(hit);
      }
    }
    for (const block of near) {
      if (v.near.has(block)) continue;
      this.work.blocksDrawn += 1;
      this.#drawBlock(block, this.blockHits.get(block));
    }
    v.near = near;
  }

  /** Whether `block` was near the screen in the last frame. */
  #isNear(block) {
    return Boolean(this.views.get(block.ownerDocument)?.near.has(block));
  }

  setDrawAll(all) {
    this.drawAll = all;
    for (const [block, set] of this.blockHits) {
      if (all) {
        this.crowded.delete(block);
        for (const hit of set) this.draw(hit);
      } else if (this.#isNear(block)) {
        this.#drawBlock(block, set);
      } else for (const hit of set) this.undraw(hit);
    }
  }

  /** Draws a block near the screen: all of its hits, or a crowded block's near the viewport. */
  #drawBlock(block, set) {
    if (this.drawAll || set.size <= CROWDED) {
      this.crowded.delete(block);
      for (const hit of set) this.draw(hit);
      return;
    }
    let state = this.crowded.get(block);
    if (!state) {
      // Whatever was drawn of it goes; the slice is drawn afresh.
      for (const hit of set) this.undraw(hit);
      this.crowded.set(block, (state = { hits: [], from: 0, to: 0, stale: true, grown: false }));
    }
    // More hits (a scan adds them in document order, after those known): they matter only if
    // the drawn slice reaches the end of those known; the next move reads them.
    state.grown = true;
    const v = this.views.get(block.ownerDocument);
    if (v) this.#scheduleFrame(v);
  }

  /** Moves the drawn slices of the crowded blocks of `v`'s document (in its near-screen frame). */
  #moveWindows(v) {
    const scrolled = v.scrolled;
    v.scrolled = false;
    if (!this.crowded.size) return;
    try {
      for (const [block, state] of this.crowded) if (block.ownerDocument === v.doc) this.#moveWindow(block, state, v, scrolled);
    } catch {
      // A frame that went away.
    }
  }

  /**
   * Draws the hits of a crowded block that lie within about a screen's height of the viewport,
   * and undraws the ones that left it. The hits are in document order: the caret positions
   * under the viewport's top and bottom edges (caretPositionFromPoint, under a millisecond in a
   * 5 MB <pre>, where a range's rectangle there takes 4-7 ms) find the slice on screen by a
   * binary search in document order; it is then widened by as many hits on each side.
   * Without caretPositionFromPoint, a binary search over the hits' rectangles.
   */
  #moveWindow(block, state, v, scrolled) {
    const set = this.blockHits.get(block);
    if (!set) {
      this.crowded.delete(block);
      return;
    }
    if (state.stale) {
      for (let i = state.from; i < state.to; i += 1) this.undraw(state.hits[i]);
      state.hits = [...set];
      state.from = 0;
      state.to = 0;
      state.stale = false;
      state.grown = false;
    } else if (state.grown) {
      // New hits come after the known ones: off screen unless the slice reaches the end.
      if (!scrolled && state.to < state.hits.length) return;
      state.hits = [...set];
      state.grown = false;
    } else if (!scrolled) return;
    const { hits } = state;
    const slice = this.#sliceOnScreen(block, hits, v) || this.#sliceByRects(hits, v);
    const wide = Math.max(50, slice.to - slice.from);
    const from = Math.max(0, slice.from - wide);
    const to = Math.min(hits.length, slice.to + wide);
    for (let i = state.from; i < state.to; i += 1) if (i < from || i >= to) this.undraw(hits[i]);
    for (let i = from; i < to; i += 1) if (i < state.from || i >= state.to) this.draw(hits[i], v);
    state.from = from;
    state.to = to;
  }

  /** The hits of `block` on screen, [from, to), by the caret positions at the screen's edges; or null. */
  #sliceOnScreen(block, hits, v) {
    const doc = v.doc;
    if (typeof doc.caretPositionFromPoint !== 'function') return null;
    const box = block.getBoundingClientRect();
    const height = v.view.innerHeight;
    const width = v.view.innerWidth;
    if (box.bottom <= 0) return { from: hits.length, to: hits.length }; // above the screen
    if (box.top >= height) return { from: 0, to: 0 }; // below it
    const x = Math.min(width - 1, Math.max(0, box.left + 2));
    const caret = (y) => {
      const pos = doc.caretPositionFromPoint(x, y);
      return pos?.offsetNode ? { node: pos.offsetNode, offset: pos.offset } : null;
    };
    const top = caret(Math.max(0, box.top + 1));
    const bottom = caret(Math.min(height - 1, box.bottom - 1));
    if (!top || !bottom) return null;
    // The first hit that does not start before `pos` (document order, then the offset).
    const firstFrom = (pos) => {
      let lo = 0;
      let hi = hits.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const { node, start } = hits[mid].pieces[0];
        const before = node === pos.node ? start < pos.offset
          : Boolean(node.compareDocumentPosition(pos.node) & 4); // pos follows the hit's node
        if (before) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const from = Math.max(0, firstFrom(top) - 1);
    return { from, to: Math.max(from, Math.min(hits.length, firstFrom(bottom) + 1)) };
  }

  /** The hits on screen by a binary search over their rectangles (about 2 log2 n of them). */
  #sliceByRects(hits, v) {
    const height = v.view.innerHeight || 800;
    const rectOf = (hit) => hit.range.getBoundingClientRect();
    const firstAfter = (test) => {
      let lo = 0;
      let hi = hits.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (test(rectOf(hits[mid]))) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    const from = firstAfter((r) => r.bottom >= 0);
    return { from, to: Math.max(from, firstAfter((r) => r.top > height)) };
  }

  /** The hit's StaticRange, made when it is first drawn (most hits of a long page never are). */
  rangeOf(hit, view = hit.run.block.ownerDocument.defaultView) {
    if (!hit.drawn) {
      const pieces = hit.pieces;
      const first = pieces[0];
      const last = pieces[pieces.length - 1];
      // A StaticRange: live Ranges are updated by the browser on every DOM change of the page,
      // which taxes the page's own scripts when there are thousands of hits. Changed blocks
      // are rescanned anyway.
      hit.drawn = new view.StaticRange({
        startContainer: first.node, startOffset: first.start, endContainer: last.node, endOffset: last.end,
      });
      this.rangeToHit.set(hit.drawn, hit);
    }
    return hit.drawn;
  }

  /** Puts a hit in its category's Highlight of `v` (its window's, from viewFor). */
  draw(hit, v = this.viewFor(hit.run.block.ownerDocument)) {
    v.highlights.get(hit.category).add(this.rangeOf(hit, v.view));
  }

  undraw(hit) {
    if (!hit.drawn) return;
    this.views.get(hit.drawn.startContainer.ownerDocument)?.highlights.get(hit.category)?.delete(hit.drawn);
  }

  attachRoot(root) {
    this.sheets.attach(root);
  }

  add(hits) {
    // Nothing after clear(): a later painter may draw under the same names (takeKeptSheets).
    if (this.cleared) return;
    // Hits come run by run: the window, the block and whether it is near the screen are looked
    // up once per run.
    let run = null;
    let v = null;
    let set = null; // the block's hits, or null where hits are drawn at once
    let near = true;
    for (const hit of hits) {
      if (hit.run !== run) {
        run = hit.run;
        const block = run.block;
        v = this.viewFor(block.ownerDocument);
        if (v.tracks && block.nodeType === 1) {
          set = this.blockHits.get(block);
          if (!set) {
            this.blockHits.set(block, (set = new Set()));
            v.unmeasured.push(block);
            this.#scheduleFrame(v);
          }
          near = this.drawAll || v.near.has(block);
        } else {
          set = null;
          near = true;
        }
      }
      set?.add(hit);
      if (!near) continue;
      if (set && (set.size > CROWDED || this.crowded.has(run.block))) this.#drawBlock(run.block, set);
      else this.draw(hit, v);
    }
  }

  remove(hits) {
    for (const hit of hits) {
      this.undraw(hit);
      const block = hit.run?.block;
      const set = block && this.blockHits.get(block);
      if (set) {
        set.delete(hit);
        const state = this.crowded.get(block);
        if (state) state.stale = true; // read again on the next move
        if (set.size === 0) {
          this.crowded.delete(block);
          this.blockHits.delete(block);
          this.views.get(block.ownerDocument)?.near.delete(block);
        }
      }
      if (this.active === hit) this.setActive(null);
      hit.drawn = null;
    }
  }

  setActive(hit) {
    if (this.cleared) return;
    for (const v of this.views.values()) v.active.clear();
    this.active = hit;
    if (hit) this.viewFor(hit.pieces[0].node.ownerDocument).active.add(this.rangeOf(hit));
  }

  setCategories(visible) {
    this.visible = new Set(visible);
    for (const v of this.views.values()) {
      for (const [c, h] of v.highlights) {
        try {
          if (this.visible.has(c)) v.registry.set(this.name(c), h);
          else v.registry.delete(this.name(c));
        } catch {
          // A frame that navigated away.
        }
      }
    }
  }

  /** The hits under a point of `doc`'s viewport, via highlightsFromPoint where it exists. */
  hitsFromPoint(doc, x, y, shadowRoots) {
    const registry = doc.defaultView?.CSS?.highlights;
    if (!registry || typeof registry.highlightsFromPoint !== 'function') return null;
    const found = [];
    for (const entry of registry.highlightsFromPoint(x, y, { shadowRoots })) {
      for (const range of entry.ranges || []) {
        const hit = this.rangeToHit.get(range);
        if (hit && !found.includes(hit)) found.push(hit);
      }
    }
    return found;
  }

  /**
   * A function giving the first hit `where.accept`s under `event`'s point of `doc`, asked when it
   * is called (after the hover's dwell): highlightsFromPoint's, checked against the hit's
   * rectangles, else the caret position under the point and the rectangles of its text node's hits.
   */
  probe(doc, event, where) {
    const x = event.clientX;
    const y = event.clientY;
    return () => {
      const shadowRoots = where.shadowRoots(doc);
      // highlightsFromPoint is trusted only where the hit's own rectangles hold the point: with
      // an emulated device-pixel ratio Chromium's answer is off by the ratio (another name, or
      // none). Otherwise, and where it is missing, the caret position under the point decides.
      const fromApi = this.hitsFromPoint(doc, x, y, shadowRoots);
      const sure = fromApi?.find((hit) => where.accept(hit) && rectContains(hit.range.getClientRects(), x, y));
      if (sure) return sure;
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
      for (const hit of where.hitsOfNode(node)) {
        if (where.accept(hit) && rectContains(hit.range.getClientRects(), x, y)) return hit;
      }
      return null;
    };
  }

  /** Whether `event`'s point is on `hit`. */
  contains(hit, event) {
    return Boolean(hit.range) && rectContains(hit.range.getClientRects(), event.clientX, event.clientY);
  }

  /** Whether `node` is one of our own additions to the page: never (highlights add none). */
  owns() {
    return false;
  }

  /** Runs `fn`, which changes the drawing: highlights change nothing the page's observers see. */
  changingDom(fn) {
    return fn();
  }

  /** The text `node` shows: its own (highlights never cut it). */
  currentText(node) {
    return node.data;
  }

  /** Before a rescan of `containers`: nothing to undo in the DOM. */
  restoreWithin() {}

  /** Before a full rescan, once every hit was removed: the Highlight objects stay, empty. */
  restart() {}

  /**
   * Removes the highlights now and our style sheets after the next frame: each makes the browser
   * go over the whole page (the paint of the page; the style of every element), so they fall in
   * two frames rather than one. On a large page the sheet stays adopted (SheetSet.release: its
   * removal is a whole-page restyle: docs/highlighter.md, clear()), styling nothing once our
   * highlights are gone from the registry; which sheets stay is decided now, so that a painter
   * made right after this (the extension's stop, then highlight) takes them over; only the
   * removal of the others waits. What is left is the frame that repaints the page without the
   * highlights.
   */
  clear() {
    this.cleared = true;
    const view = [...this.views.values()].find((v) => v.view.document === v.doc)?.view;
    for (const v of this.views.values()) this.#detachView(v, true);
    this.views.clear();
    this.blockHits.clear();
    this.crowded.clear();
    this.active = null;
    const detach = this.sheets.release();
    if (!view) {
      detach();
      return;
    }
    // A hidden page renders no frame: a timer then.
    view.requestAnimationFrame(() => view.setTimeout(detach, 0));
    view.setTimeout(detach, 500);
  }
}
