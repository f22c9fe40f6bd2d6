// Drawing by wrapping hits in <chiplight-mark> elements, for browsers without the Highlight API
// and for callers that ask for it. The painter interface is described in paint.js.

import { MARK_TAG, insideAny, pieceIndexAt } from './collect.js';
import { activeStyle, SheetSet } from './sheets.js';

export { MARK_TAG };

// Slices of work between yields to the page: wrapped elements cost the next frame's style and
// layout several times the time it took to add them, so slices stay short to keep those
// frames under 50 ms.
const SLICE_MS = 8;

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
  constructor(prefix, categories, active) {
    this.prefix = prefix;
    this.categories = categories;
    this.activeLook = active;
    this.mode = 'wrap';
    this.sliceMs = SLICE_MS;
    // Set by changingDom: lets the page's mutation observer skip our own changes.
    this.domGuard = null;
    this.visible = new Set(categories.map((c) => c.id));
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
    for (const { id: c, style: s } of this.categories) {
      if (!this.visible.has(c)) continue;
      css += `${sel}[data-category="${c}"] { background-color: ${s.background} !important; `
        + `text-decoration: underline ${s.line} ${s.color} !important; text-decoration-thickness: 2px !important; }\n`;
    }
    css += `${sel}[data-active] { ${activeStyle(this.activeLook).replace(/;/g, ' !important;')} }\n`;
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

  /** A function giving the hit under `event` if `where.accept`s it: read from the event now (its marks). */
  probe(doc, event, where) {
    const hit = this.hitFromEvent(event);
    const found = hit && where.accept(hit) ? hit : null;
    return () => found;
  }

  /** Whether `event` is on `hit` (on one of its marks). */
  contains(hit, event) {
    return this.hitFromEvent(event) === hit;
  }

  /** Whether `node` is one of our marks. */
  owns(node) {
    return node.nodeType === 1 && node.localName === MARK_TAG && node.getAttribute('data-chiplight') === this.prefix;
  }

  /**
   * Runs `fn`, which changes the page's DOM, between `guard.before()` and `guard.after()` (the
   * live page's: its observer then never sees our own changes).
   */
  changingDom(fn, guard) {
    if (!guard) return fn();
    guard.before();
    try {
      return fn();
    } finally {
      guard.after();
    }
  }

  /** Before a full rescan, once every hit was removed: every node restored, the sheets detached. */
  restart() {
    this.clear();
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
