// Finding text: a TreeWalker over text nodes that groups the text of one block (its inline
// descendants flattened) into a "run", so a name split across inline elements
// (`<b>Nvidia</b> H100`, `<a>Amazon Web</a> Services`) is scanned as one string.

// Elements whose text flows into the surrounding block. Everything else (p, div, li, td,
// custom elements, ...) starts a new run. Tag names, not computed styles: computing styles for
// every element of a 5 MB page costs more than the whole scan.
const INLINE_TAGS = new Set([
  'a', 'abbr', 'acronym', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'del', 'dfn', 'em',
  'font', 'i', 'ins', 'kbd', 'label', 'mark', 'nobr', 'q', 'rb', 'rp', 'rt', 'rtc', 'ruby', 's',
  'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr',
  'chiplight-mark',
]);

// Whole subtrees never scanned: code, styles, form controls, non-text content.
const SKIP_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'textarea', 'input', 'select', 'option', 'optgroup',
  'head', 'title', 'meta', 'link', 'object', 'embed', 'canvas', 'svg', 'math', 'video', 'audio',
  'picture', 'img', 'map', 'chiplight-ui',
]);

// Breaks a run without being a block of its own.
const BREAK_TAGS = new Set(['br', 'hr', 'img', 'button']);

/**
 * Walks `start` (an Element, ShadowRoot or Document) and yields runs:
 * `{ block, nodes: Text[], starts: number[], text, scope }` where `starts[i]` is the offset of
 * `nodes[i]` in `text`. Runs that are only whitespace are not yielded.
 *
 * `ctx.isExcluded(element, hasAttributes)` rejects a subtree; `ctx.onShadowRoot(root)` and `ctx.onFrame(iframe)`
 * are called for open shadow roots and iframes met on the way (they are walked separately).
 */
export function* walkRuns(start, scope, ctx) {
  const doc = start.nodeType === 9 ? start : start.ownerDocument;
  const walkRoot = start.nodeType === 9 ? (start.body || start.documentElement) : start;
  if (!walkRoot) return;
  const view = doc.defaultView || globalThis;
  const NF = view.NodeFilter || globalThis.NodeFilter;
  const ELEMENT = 1;
  let brk = false;
  const filter = (node) => {
    if (node.nodeType !== ELEMENT) return NF.FILTER_ACCEPT;
    const name = node.localName;
    if (SKIP_TAGS.has(name)) {
      brk = true;
      return NF.FILTER_REJECT;
    }
    if (name === 'iframe' || name === 'frame') {
      brk = true;
      ctx.onFrame?.(node);
      return NF.FILTER_REJECT;
    }
    // Most elements have no attributes: skip the attribute checks for them.
    const attrs = node.hasAttributes();
    if (ctx.isExcluded?.(node, attrs)) {
      brk = true;
      return NF.FILTER_REJECT;
    }
    if (attrs && node.hasAttribute('contenteditable') && node.isContentEditable) {
      brk = true;
      return NF.FILTER_REJECT;
    }
    const shadow = node.shadowRoot;
    if (shadow && shadow.mode === 'open') ctx.onShadowRoot?.(shadow, node);
    if (!INLINE_TAGS.has(name) || BREAK_TAGS.has(name)) brk = true;
    return NF.FILTER_SKIP;
  };
  // The root itself may be excluded, editable or a skipped tag.
  if (walkRoot.nodeType === ELEMENT) {
    const verdict = filter(walkRoot);
    if (verdict === NF.FILTER_REJECT) return;
  }
  const walker = doc.createTreeWalker(walkRoot, NF.SHOW_ELEMENT | NF.SHOW_TEXT, filter);
  const blockCache = new Map();
  const blockOf = (parent) => {
    let e = parent;
    let path = null;
    while (e && e.nodeType === ELEMENT && e !== walkRoot && INLINE_TAGS.has(e.localName)) {
      const cached = blockCache.get(e);
      if (cached) {
        e = cached;
        break;
      }
      (path ||= []).push(e);
      e = e.parentNode;
    }
    if (path) for (const p of path) blockCache.set(p, e);
    return e;
  };
  let run = null;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const block = blockOf(n.parentNode);
    if (run && (brk || block !== run.block)) {
      if (finishRun(run)) yield run;
      run = null;
    }
    brk = false;
    if (!run) run = { block, nodes: [], starts: [], text: '', len: 0, scope };
    run.starts.push(run.len);
    run.nodes.push(n);
    run.len += n.data.length;
  }
  if (run && finishRun(run)) yield run;
}

const NON_SPACE = /\S/;

function finishRun(run) {
  if (run.len === 0) return false;
  run.text = run.nodes.length === 1 ? run.nodes[0].data : run.nodes.map((t) => t.data).join('');
  run.len = run.text.length;
  return NON_SPACE.test(run.text);
}

/** The index of the node of `run` holding UTF-16 offset `offset` (biased to the right at joins). */
function nodeIndexAt(run, offset) {
  const starts = run.starts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Splits [start, end) of a run into per-text-node pieces `{ node, start, end }`. Empty pieces
 * (a match edge exactly at a node boundary) are dropped.
 */
export function piecesOf(run, start, end) {
  const pieces = [];
  let i = nodeIndexAt(run, start);
  while (i < run.nodes.length && run.starts[i] < end) {
    const nodeStart = run.starts[i];
    const node = run.nodes[i];
    const nodeEnd = nodeStart + node.data.length;
    const s = Math.max(start, nodeStart) - nodeStart;
    const e = Math.min(end, nodeEnd) - nodeStart;
    if (e > s) pieces.push({ node, start: s, end: e });
    i += 1;
  }
  return pieces;
}

/** Document order across shadow roots and iframes: the chain of nodes from the top document. */
export function composedPath(node) {
  const path = [];
  let n = node;
  while (n) {
    path.push(n);
    const root = n.getRootNode();
    if (root.host) n = root.host;
    else if (root.nodeType === 9 && root.defaultView && root.defaultView.frameElement) {
      try {
        n = root.defaultView.frameElement;
      } catch {
        n = null;
      }
    } else n = null;
  }
  return path.reverse();
}

/** -1, 0 or 1: the order of two nodes in the composed document (shadow and frame aware). */
export function compareComposed(a, b, pathA = composedPath(a), pathB = composedPath(b)) {
  const len = Math.min(pathA.length, pathB.length);
  for (let i = 0; i < len; i += 1) {
    const x = pathA[i];
    const y = pathB[i];
    if (x === y) continue;
    if (x.getRootNode() !== y.getRootNode()) {
      // One is a host's light-DOM descendant, the other in that host's shadow tree.
      return x.contains?.(y) ? -1 : 1;
    }
    const pos = x.compareDocumentPosition(y);
    if (pos & 4) return -1; // y follows x
    if (pos & 2) return 1;
    return 0;
  }
  return pathA.length - pathB.length;
}

/** True for elements whose text flows into the surrounding block (`<b>`, `<a>`, `<span>`...). */
export function isInlineElement(el) {
  return el.nodeType === 1 && INLINE_TAGS.has(el.localName);
}

/** The nearest ancestor of `node` that is not an inline element (or its root). */
export function blockOf(node) {
  let e = node.nodeType === 1 ? node : node.parentNode;
  while (e && e.nodeType === 1 && INLINE_TAGS.has(e.localName) && e.parentNode) e = e.parentNode;
  return e;
}

/**
 * The page's text just before and after `node`'s subtree, up to `limit` UTF-16 units each way,
 * blocks joined by `separator`: the context a rescanned block sees of its neighbours. Text that
 * walkRuns would not scan (skipped tags, editable areas, elements `isExcluded` rejects) is not
 * context either, nor text outside `within`, so a rescan sees what a full scan sees.
 */
export function textAround(node, limit, separator, isExcluded = () => false, within = null) {
  const root = node.getRootNode();
  const doc = node.ownerDocument;
  // Only text a full scan reads: inside `within` (the highlighted element) when it holds `node`.
  const top = within && within.nodeType === 1 && within !== node && within.contains(node)
    ? within
    : root.nodeType === 9 ? (root.body || root.documentElement) : root;
  if (!top || node === top || !top.contains(node)) return { before: '', after: '' };
  const view = doc.defaultView || globalThis;
  const NF = view.NodeFilter || globalThis.NodeFilter;
  const skipped = (el) => SKIP_TAGS.has(el.localName) || el.localName === 'iframe' || el.localName === 'frame'
    || (el.hasAttribute('contenteditable') && el.isContentEditable) || isExcluded(el);
  const walker = doc.createTreeWalker(top, NF.SHOW_TEXT, (t) => {
    for (let p = t.parentNode; p && p !== top && p.nodeType === 1; p = p.parentNode) {
      if (skipped(p)) return NF.FILTER_REJECT;
    }
    return NF.FILTER_ACCEPT;
  });
  const collect = (step) => {
    const parts = [];
    let len = 0;
    let block = null;
    for (let t = step(); t && len < limit; t = step()) {
      const b = blockOf(t);
      if (block && b !== block) {
        parts.push(separator);
        len += separator.length;
      }
      block = b;
      parts.push(t.data);
      len += t.data.length;
    }
    return parts;
  };
  walker.currentNode = node;
  const before = collect(() => walker.previousNode()).reverse().join('');
  let last = node;
  while (last.lastChild) last = last.lastChild;
  walker.currentNode = last;
  const after = collect(() => walker.nextNode()).join('');
  return { before: before.slice(-limit), after: after.slice(0, limit) };
}
