// Drawing hits. Two painters with one interface:
//
//   painter.add(hits)        draw new hits (each hit: { category, pieces: [{node,start,end}] })
//   painter.remove(hits)     undraw some hits (before a block is rescanned)
//   painter.setActive(hit)   the hit focused by next()/previous(), or null
//   painter.setCategories(set)
//   painter.attachRoot(root) style a document or shadow root
//   painter.clear()          remove everything, restoring the DOM exactly
//
// HighlightPainter uses the CSS Custom Highlight API: no change to the page's DOM. WrapPainter
// wraps hits in <chiplight-mark> elements and can restore the original nodes.

import { CATEGORIES } from './util.js';
import { insideAny, pieceIndexAt } from './collect.js';

export const MARK_TAG = 'chiplight-mark';

// Background and a per-category underline style, so categories differ by more than colour.
const CHIP_BG = [255, 196, 0, 0.45];
const CATEGORY_STYLE = {
  chip: { bg: `rgba(${CHIP_BG.join(', ')})`, line: 'solid', color: '#b26a00' },
  cloud: { bg: 'rgba(3, 169, 244, 0.32)', line: 'dotted', color: '#01579b' },
  intermediary: { bg: 'rgba(233, 30, 99, 0.28)', line: 'wavy', color: '#ad1457' },
  regulation: { bg: 'rgba(76, 175, 80, 0.32)', line: 'dashed', color: '#1b5e20' },
};
const ACTIVE_STYLE = 'outline: 2px solid #6200ea; background-color: rgba(98, 0, 234, 0.35); color: #000;';

export function supportsHighlightApi(view = globalThis) {
  return Boolean(view.CSS && view.CSS.highlights && typeof view.Highlight === 'function');
}

/**
 * Our constructed style sheets, adopted by each document and shadow root we draw in: one per
 * document, shared by the document and its shadow roots; where the browser's highlight styles
 * inherit (below), the document itself gets a second one with the same rules on `:root` only.
 */
class SheetSet {
  /**
   * `rootedCss`: the same rules for the document's root element alone, used where they inherit;
   * `probe`: `{ name, color }`, a highlight name those rules style and its background [r, g, b, a].
   */
  constructor(cssText, rootedCss = null, probe = null) {
    this.cssText = cssText;
    this.rootedCss = rootedCss;
    this.probe = probe;
    this.byDoc = new Map(); // Document -> { all: CSSStyleSheet, rooted: CSSStyleSheet }
    this.roots = new Map(); // Document | ShadowRoot -> the sheet it adopted
  }

  attach(root) {
    if (this.roots.has(root)) return;
    const doc = root.nodeType === 9 ? root : root.ownerDocument;
    const view = doc.defaultView;
    if (!view || !('adoptedStyleSheets' in root)) return;
    let sheets = this.byDoc.get(doc);
    if (!sheets) this.byDoc.set(doc, (sheets = { all: null, rooted: null }));
    const rooted = root === doc && this.rootedCss !== null && highlightInheritance.get(doc) !== false;
    let sheet = rooted ? sheets.rooted : sheets.all;
    if (!sheet) {
      sheet = new view.CSSStyleSheet();
      sheet.replaceSync(rooted ? this.rootedCss : this.cssText);
      if (rooted) sheets.rooted = sheet;
      else sheets.all = sheet;
    }
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    this.roots.set(root, sheet);
    if (rooted && !highlightInheritance.has(doc)) this.#checkInheritance(doc, sheet);
  }

  /**
   * Rules on `:root` are a bet on highlight inheritance, checked once the browser has computed
   * the styles anyway (after the next frame; a document that does not render is checked after
   * 200 ms): where they do not reach the body, the sheet gets the rules for every element.
   * Nothing is drawn before that frame (IntersectionObserver reports after it), so a browser
   * without inheritance does not show unstyled highlights.
   */
  #checkInheritance(doc, sheet) {
    const view = doc.defaultView;
    let done = false;
    const check = () => {
      if (done || this.roots.get(doc) !== sheet) return;
      done = true;
      const inherits = highlightStylesInherit(doc, this.probe);
      highlightInheritance.set(doc, inherits);
      if (inherits) return;
      try {
        sheet.replaceSync(this.cssText);
      } catch {
        // A document that went away.
      }
    };
    view.requestAnimationFrame(() => view.setTimeout(check, 0));
    view.setTimeout(check, 200);
  }

  update(cssText) {
    this.cssText = cssText;
    for (const sheets of this.byDoc.values()) {
      try {
        sheets.all?.replaceSync(cssText);
      } catch {
        // A document that went away.
      }
    }
  }

  /** Drops a document that went away, and its shadow roots. */
  forget(doc) {
    this.byDoc.delete(doc);
    for (const root of [...this.roots.keys()]) {
      if (root === doc || root.ownerDocument === doc) this.roots.delete(root);
    }
  }

  detachAll() {
    for (const [root, sheet] of this.roots) {
      try {
        root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
      } catch {
        // Detached root or navigated frame: nothing left to clean.
      }
    }
    this.roots.clear();
    this.byDoc.clear();
  }
}

const highlightInheritance = new WeakMap(); // Document -> boolean, once checked

/**
 * Whether `doc`'s browser gives an element the `::highlight()` styles of its parent (CSS
 * highlight inheritance: Chromium does; Firefox 153 does not), seen in the computed style of
 * the body's `::highlight(probe.name)` when only `:root` has a rule for it. Where it does, our
 * rules are written for `:root` alone: adopting a sheet of `::highlight()` rules for every
 * element makes the browser restyle the whole page at once (40-70 ms for the 5,000 paragraphs
 * of the page benchmark, in one task of the browser's); rules on `:root` take about half of that
 * and paint the same.
 */
function highlightStylesInherit(doc, probe) {
  const view = doc.defaultView;
  const child = doc.body || doc.documentElement?.firstElementChild;
  if (!view || !child || !probe) return false;
  try {
    const numbers = (view.getComputedStyle(child, `::highlight(${probe.name})`).backgroundColor.match(/[\d.]+/g) || []).map(Number);
    return numbers.length >= 3 && probe.color.every((v, i) => Math.abs((numbers[i] ?? 1) - v) < 0.02);
  } catch {
    return false;
  }
}

/**
 * Draws with the CSS Custom Highlight API. Only the hits of blocks near the viewport are in the
 * Highlight objects: Chromium revalidates every range of a changed highlight in the next
 * frame's pre-paint, so 15,000 ranges would make each frame that changes them take about
 * 100 ms. An IntersectionObserver per document adds and removes the ranges of each block as it
 * comes within a viewport's height of the screen (all of them while printing).
 */
export class HighlightPainter {
  constructor(prefix) {
    this.prefix = prefix;
    this.mode = 'highlight';
    this.visible = new Set(CATEGORIES);
    // Per document: { doc, view, registry, highlights: Map(category -> Highlight), active: Highlight, observer }.
    // Not per window: a frame's window object (its WindowProxy) outlives a navigation, while
    // the registry and the Highlight objects belong to the document it showed.
    this.views = new Map();
    this.rangeToHit = new WeakMap();
    this.blockHits = new Map(); // observed block Element -> Set(hit)
    this.nearBlocks = new Set();
    this.drawAll = false;
    this.active = null;
    this.sheets = new SheetSet(this.css(''), this.css(':root'), { name: this.name('chip'), color: CHIP_BG });
    this.onPrint = () => this.setDrawAll(true);
    this.onPrinted = () => this.setDrawAll(false);
  }

  name(category) {
    return `${this.prefix}-${category}`;
  }

  /** Our rules, for every element (`scope` '') or for the root alone (':root', where they inherit). */
  css(scope) {
    let css = '';
    for (const c of CATEGORIES) {
      const s = CATEGORY_STYLE[c];
      css += `${scope}::highlight(${this.name(c)}) { background-color: ${s.bg}; color: inherit; `
        + `text-decoration: underline ${s.line} ${s.color}; text-decoration-thickness: 2px; }\n`;
    }
    css += `${scope}::highlight(${this.name('active')}) { ${ACTIVE_STYLE} text-decoration: underline solid #6200ea; }\n`;
    return css;
  }

  viewFor(doc) {
    let v = this.views.get(doc);
    if (!v) {
      const view = doc.defaultView;
      v = { doc, view, registry: view.CSS.highlights, highlights: new Map(), active: new view.Highlight(), observer: null };
      for (const c of CATEGORIES) {
        const h = new view.Highlight();
        v.highlights.set(c, h);
        if (this.visible.has(c)) v.registry.set(this.name(c), h);
      }
      v.active.priority = 10;
      v.registry.set(this.name('active'), v.active);
      if (typeof view.IntersectionObserver === 'function') {
        v.observer = new view.IntersectionObserver((entries) => this.onIntersect(entries), { rootMargin: '100% 0px 100% 0px' });
      }
      view.addEventListener('beforeprint', this.onPrint);
      view.addEventListener('afterprint', this.onPrinted);
      this.views.set(doc, v);
    }
    return v;
  }

  /** Forgets a document that went away (a frame that navigated): its highlights, observer and sheets. */
  forgetDocument(doc) {
    const v = this.views.get(doc);
    if (v) {
      this.views.delete(doc);
      this.#detachView(v);
    }
    for (const block of [...this.blockHits.keys()]) {
      if (block.ownerDocument === doc) {
        this.blockHits.delete(block);
        this.nearBlocks.delete(block);
      }
    }
    if (this.active?.run?.block.ownerDocument === doc) this.active = null;
    this.sheets.forget(doc);
  }

  /** `everything`: clear() (else only what is still `v`'s document's goes). */
  #detachView(v, everything = false) {
    try {
      v.observer?.disconnect();
      // The window may show another document now (and a frame's first page may reuse the
      // window and registry of its initial about:blank): leave what is that document's.
      if (everything || v.view.document === v.doc) {
        v.view.removeEventListener('beforeprint', this.onPrint);
        v.view.removeEventListener('afterprint', this.onPrinted);
      }
      for (const c of CATEGORIES) {
        if (v.registry.get(this.name(c)) === v.highlights.get(c)) v.registry.delete(this.name(c));
        v.highlights.get(c).clear();
      }
      if (v.registry.get(this.name('active')) === v.active) v.registry.delete(this.name('active'));
    } catch {
      // A frame that navigated away.
    }
  }

  onIntersect(entries) {
    try {
      for (const e of entries) {
        const set = this.blockHits.get(e.target);
        if (!set) continue;
        if (e.isIntersecting) {
          this.nearBlocks.add(e.target);
          for (const hit of set) this.draw(hit);
        } else if (e.boundingClientRect.width === 0 && e.boundingClientRect.height === 0
            && e.target.ownerDocument.defaultView?.getComputedStyle(e.target).display === 'contents') {
          // No box of its own (display: contents): never reported as intersecting, so always drawn.
          this.nearBlocks.add(e.target);
          for (const hit of set) this.draw(hit);
        } else if (this.nearBlocks.delete(e.target) && !this.drawAll) {
          for (const hit of set) this.undraw(hit);
        }
      }
    } catch {
      // A frame that went away: nothing to draw there.
    }
  }

  setDrawAll(all) {
    this.drawAll = all;
    for (const [block, set] of this.blockHits) {
      if (all || this.nearBlocks.has(block)) for (const hit of set) this.draw(hit);
      else for (const hit of set) this.undraw(hit);
    }
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
        if (v.observer && block.nodeType === 1) {
          set = this.blockHits.get(block);
          if (!set) {
            this.blockHits.set(block, (set = new Set()));
            v.observer.observe(block);
          }
          near = this.drawAll || this.nearBlocks.has(block);
        } else {
          set = null;
          near = true;
        }
      }
      set?.add(hit);
      if (near) this.draw(hit, v);
    }
  }

  remove(hits) {
    for (const hit of hits) {
      this.undraw(hit);
      const block = hit.run?.block;
      const set = block && this.blockHits.get(block);
      if (set) {
        set.delete(hit);
        if (set.size === 0) {
          this.blockHits.delete(block);
          this.nearBlocks.delete(block);
          this.views.get(block.ownerDocument)?.observer?.unobserve(block);
        }
      }
      if (this.active === hit) this.setActive(null);
      hit.drawn = null;
    }
  }

  setActive(hit) {
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

  clear() {
    for (const v of this.views.values()) this.#detachView(v, true);
    this.views.clear();
    this.blockHits.clear();
    this.nearBlocks.clear();
    this.sheets.detachAll();
    this.active = null;
  }
}

/**
 * Wraps hits in <chiplight-mark>. Each original text node that holds a hit stays in the page
 * (holding the first piece of its text); clear() puts it back with its text and removes what
 * was added, so the page ends with the very same nodes it had. It never calls normalize().
 *
 * A text node may be wrapped in several calls (a huge block is scanned in windows): its record
 * keeps, for each piece it was cut into, the offset in the original text where the piece
 * starts, so a later hit (given in original offsets) is found in the plain piece holding it,
 * which is cut again.
 */
export class WrapPainter {
  constructor(prefix) {
    this.prefix = prefix;
    this.mode = 'wrap';
    this.visible = new Set(CATEGORIES);
    // original Text -> { node, outers: Node[], texts: Text[], starts: number[], hits: Set }: for
    // each piece, its outermost node (a mark or a plain text node), its text node and the offset
    // of its first character in the original text.
    this.records = new Map();
    this.hitRecords = new Map(); // hit -> Set(record)
    this.markToHit = new WeakMap();
    this.active = null;
    this.sheets = new SheetSet(this.css());
  }

  css() {
    const sel = `${MARK_TAG}[data-chiplight="${this.prefix}"]`;
    let css = `${sel} { display: inline !important; font: inherit !important; color: inherit !important; `
      + 'margin: 0 !important; padding: 0 !important; border: 0 !important; }\n';
    for (const c of CATEGORIES) {
      if (!this.visible.has(c)) continue;
      const s = CATEGORY_STYLE[c];
      css += `${sel}[data-category="${c}"] { background-color: ${s.bg} !important; `
        + `text-decoration: underline ${s.line} ${s.color} !important; text-decoration-thickness: 2px !important; }\n`;
    }
    css += `${sel}[data-active] { ${ACTIVE_STYLE.replace(/;/g, ' !important;')} }\n`;
    return css;
  }

  attachRoot(root) {
    this.sheets.attach(root);
  }

  /** `hits`' pieces are in original text nodes and offsets (as the runs were read). */
  add(hits) {
    // Group pieces by text node so each node is rebuilt once.
    const byNode = new Map();
    const original = new Map(); // hit -> its pieces in original nodes and offsets
    for (const hit of hits) {
      const pieces = hit.pieces;
      original.set(hit, pieces);
      for (const p of pieces) {
        let list = byNode.get(p.node);
        if (!list) byNode.set(p.node, (list = []));
        list.push({ start: p.start, end: p.end, hit });
      }
    }
    for (const [node, segs] of byNode) {
      segs.sort((a, b) => a.start - b.start);
      const record = this.records.get(node);
      if (record) this.wrapMore(record, segs);
      else if (node.parentNode) this.wrapNode(node, segs);
    }
    // The hits now live in the pieces' text nodes (their marks' where they were wrapped).
    for (const [hit, pieces] of original) hit.pieces = this.currentPieces(pieces);
  }

  /** Pieces in original nodes and offsets, as pieces of the text nodes that hold them now. */
  currentPieces(pieces) {
    const out = [];
    for (const p of pieces) {
      const record = this.records.get(p.node);
      if (!record) {
        out.push(p);
        continue;
      }
      for (let j = pieceIndexAt(record.starts, p.start); j < record.texts.length && record.starts[j] < p.end; j += 1) {
        const text = record.texts[j];
        const at = record.starts[j];
        const s = Math.max(p.start, at) - at;
        const e = Math.min(p.end - at, text.length);
        if (e > s) out.push({ node: text, start: s, end: e });
      }
    }
    return out;
  }

  /** The text a wrapped node now shows across its pieces (its own text if it is not wrapped). */
  currentText(node) {
    const record = this.records.get(node);
    if (!record) return node.data;
    let text = '';
    for (const t of record.texts) text += t.data;
    return text;
  }

  wrapNode(node, segs) {
    const record = { node, outers: [], texts: [], starts: [], hits: new Set() };
    const cut = this.cut(record, node, 0, segs);
    record.outers = cut.outers;
    record.texts = cut.texts;
    record.starts = cut.starts;
    this.records.set(node, record);
  }

  /** Wraps more hits of a node wrapped before: each in the plain piece that holds it. */
  wrapMore(record, segs) {
    // From the last piece to the first, so the indexes of the pieces still to cut stay put.
    for (let i = segs.length - 1; i >= 0;) {
      const j = pieceIndexAt(record.starts, segs[i].start);
      const group = [];
      for (; i >= 0 && segs[i].start >= record.starts[j]; i -= 1) group.push(segs[i]);
      const text = record.texts[j];
      // Only plain text is cut (a hit never overlaps another), and only where it still is
      // what the record says (the page's own edits are rescanned anyway).
      if (record.outers[j] !== text || !text.parentNode) continue;
      const at = record.starts[j];
      const next = j + 1 < record.starts.length ? record.starts[j + 1] : Infinity;
      const local = [];
      for (let k = group.length - 1; k >= 0; k -= 1) {
        const s = group[k];
        if (s.end <= next && s.end - at <= text.length) local.push({ start: s.start - at, end: s.end - at, hit: s.hit });
      }
      if (!local.length) continue;
      const cut = this.cut(record, text, at, local);
      record.outers = replaceAt(record.outers, j, cut.outers);
      record.texts = replaceAt(record.texts, j, cut.texts);
      record.starts = replaceAt(record.starts, j, cut.starts);
    }
  }

  /**
   * Cuts the text node `node` (a piece of `record` starting at original offset `at`) at
   * `segs` (sorted offsets in `node`), wrapping each in a mark; `node` keeps the first part.
   * Returns the new pieces: { outers, texts, starts }.
   */
  cut(record, node, at, segs) {
    const doc = node.ownerDocument;
    const text = node.data;
    const parts = [];
    let pos = 0;
    for (const s of segs) {
      if (s.start < pos) continue; // never overlap
      if (s.start > pos) parts.push({ start: pos, end: s.start, hit: null });
      parts.push({ start: s.start, end: s.end, hit: s.hit });
      pos = s.end;
    }
    if (pos < text.length) parts.push({ start: pos, end: text.length, hit: null });
    const out = { outers: [], texts: [], starts: [] };
    const parent = node.parentNode;
    const after = node.nextSibling;
    parts.forEach((part, i) => {
      const partText = text.slice(part.start, part.end);
      const textNode = i === 0 ? node : doc.createTextNode(partText);
      if (i === 0) node.data = partText;
      let outer = textNode;
      if (part.hit) {
        const mark = doc.createElement(MARK_TAG);
        mark.setAttribute('data-chiplight', this.prefix);
        mark.setAttribute('data-category', part.hit.category);
        mark.setAttribute('data-entry', part.hit.id);
        if (this.active === part.hit) mark.setAttribute('data-active', '');
        if (i === 0) parent.insertBefore(mark, node);
        mark.appendChild(textNode);
        outer = mark;
        this.markToHit.set(mark, part.hit);
        (part.hit.marks ||= []).push(mark);
        record.hits.add(part.hit);
        let set = this.hitRecords.get(part.hit);
        if (!set) this.hitRecords.set(part.hit, (set = new Set()));
        set.add(record);
      }
      if (i > 0) parent.insertBefore(outer, after);
      out.outers.push(outer);
      out.texts.push(textNode);
      out.starts.push(at + part.start);
    });
    return out;
  }

  restore(record) {
    const { node, outers } = record;
    try {
      const first = outers[0];
      const parent = first.parentNode;
      // The text now shown by all pieces: equal to the original unless the page edited a piece.
      let text = '';
      for (const o of outers) text += o.textContent;
      if (parent) {
        if (first !== node) parent.insertBefore(node, first);
        if (node.data !== text) node.data = text;
      }
      for (const o of outers) if (o !== node && o.parentNode) o.parentNode.removeChild(o);
    } catch {
      // The page moved things around; leave what remains.
    }
    this.records.delete(node);
    for (const hit of record.hits) {
      this.hitRecords.get(hit)?.delete(record);
      hit.marks = null;
    }
  }

  remove(hits) {
    const records = new Set();
    for (const hit of hits) {
      for (const r of this.hitRecords.get(hit) || []) records.add(r);
      this.hitRecords.delete(hit);
      if (this.active === hit) this.active = null;
    }
    for (const r of records) this.restore(r);
  }

  /** Restores every wrapped text node inside one of `containers` (a Set; before rescanning them). */
  restoreWithin(containers) {
    for (const r of [...this.records.values()]) {
      if (insideAny(r.node, containers) || r.outers.some((o) => insideAny(o, containers))) this.restore(r);
    }
  }

  setActive(hit) {
    if (this.active?.marks) for (const m of this.active.marks) m.removeAttribute('data-active');
    this.active = hit;
    if (hit?.marks) for (const m of hit.marks) m.setAttribute('data-active', '');
  }

  setCategories(visible) {
    this.visible = new Set(visible);
    this.sheets.update(this.css());
  }

  /** Forgets a document that went away (a frame that navigated); its marks go with its hits. */
  forgetDocument(doc) {
    this.sheets.forget(doc);
  }

  hitFromEvent(event) {
    for (const t of event.composedPath ? event.composedPath() : []) {
      if (t.localName === MARK_TAG) return this.markToHit.get(t) || null;
    }
    return null;
  }

  clear() {
    // Each record restores its own text node, independently of the others: any order will do.
    for (const r of [...this.records.values()]) this.restore(r);
    this.records.clear();
    this.hitRecords.clear();
    this.sheets.detachAll();
    this.active = null;
  }
}

/** `list` with its item at `index` replaced by `items` (in place when it is the last one). */
function replaceAt(list, index, items) {
  if (index === list.length - 1) {
    list.pop();
    for (const x of items) list.push(x);
    return list;
  }
  const out = list.slice(0, index);
  for (const x of items) out.push(x);
  for (let k = index + 1; k < list.length; k += 1) out.push(list[k]);
  return out;
}
