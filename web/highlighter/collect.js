// Finding text: a walk over text nodes that groups the text of one block (its inline
// descendants flattened) into a "run", so a name split across inline elements
// (`<b>Nvidia</b> H100`, `<a>Amazon Web</a> Services`) is scanned as one string.

import HTML_BLOCKS from '../../core/data/html-blocks.json' with { type: 'json' };

/** Our own elements in the page, never read as its text: our UI's host, and a wrapped hit. */
export const UI_TAG = 'chiplight-ui';
export const MARK_TAG = 'chiplight-mark';

// How a page is cut into blocks: core/data/html-blocks.json, the scanner CLI's rules too (so
// both find the same matches in the same HTML). Elements named `inline` flow into the
// surrounding block; everything else (p, div, li, td, custom elements, ...) starts a new run.
// Tag names, not computed styles: computing styles for every element of a 5 MB page costs more
// than the whole scan. Our own marks are inline, our own UI is never read.
const INLINE_TAGS = new Set([...HTML_BLOCKS.inline, MARK_TAG]);

// Whole subtrees never scanned: code, styles, form controls, non-text content.
const SKIP_TAGS = new Set([...HTML_BLOCKS.skip, UI_TAG]);

// Read on their own (a frame's document is a page of its own).
const FRAME_TAGS = new Set(HTML_BLOCKS.frames);

// What walkRuns does with an element's subtree (`subtreeOf`).
const READ = 0;
const SKIPPED = 1;
const FRAME = 2; // an iframe: not read here, walked separately

/**
 * Whether the page's text inside `el` is read: skipped tags, editable areas and elements that
 * `isExcluded(el, hasAttributes)` rejects are not; iframes are read on their own. The one rule
 * for both a scan (walkRuns) and the context a rescan sees (textAround).
 */
function subtreeOf(el, isExcluded) {
  const name = el.localName;
  if (SKIP_TAGS.has(name)) return SKIPPED;
  if (FRAME_TAGS.has(name)) return FRAME;
  // Most elements have no attributes: skip the attribute checks for them.
  const attrs = el.hasAttributes();
  if (isExcluded?.(el, attrs) || (attrs && el.hasAttribute('contenteditable') && el.isContentEditable)) return SKIPPED;
  return READ;
}

/**
 * Walks `start` (an Element, ShadowRoot or Document) and yields runs:
 * `{ block, nodes: Text[], starts: number[], text, len, scope, region }` where `starts[i]` is the offset
 * of `nodes[i]` in `text` (and `hits`, `walk`, `path`, for the controller). Runs that are only
 * whitespace are not yielded.
 *
 * `ctx.regions` (regions.js, optional) gives each run its region (a run never spans two);
 * `ctx.isExcluded(element, hasAttributes)` rejects a subtree; `ctx.onShadowRoot(root)` and `ctx.onFrame(iframe)`
 * are called for open shadow roots and iframes met on the way (they are walked separately).
 *
 * A hand-written walk (firstChild / nextSibling / parentNode), not a TreeWalker with a NodeFilter:
 * the filter is a call from the browser into JavaScript for every element, which made the walk
 * about ten times slower (15-20 ms against 1.5 ms for the 5,000 paragraphs of the page benchmark).
 * The enclosing block is kept on a stack as the walk enters and leaves elements.
 */
export function* walkRuns(start, scope, ctx) {
  const walkRoot = start.nodeType === 9 ? (start.body || start.documentElement) : start;
  if (!walkRoot) return;
  let brk = false; // the next text node starts a new run
  // Whether to walk into an element; anything that is not inline text ends the current run.
  const enter = (el) => {
    const subtree = subtreeOf(el, ctx.isExcluded);
    if (subtree !== READ) {
      brk = true;
      if (subtree === FRAME) ctx.onFrame?.(el);
      return false;
    }
    const shadow = el.shadowRoot;
    if (shadow && shadow.mode === 'open') ctx.onShadowRoot?.(shadow, el);
    const name = el.localName;
    if (!INLINE_TAGS.has(name)) brk = true;
    return true;
  };
  // The root itself may be excluded, editable or a skipped tag.
  if (walkRoot.nodeType === 1 && !enter(walkRoot)) return;
  let block = walkRoot; // the nearest non-inline ancestor of `node` (or the root)
  const outer = []; // the blocks enclosing `block`
  // The region (regions.js) of `node`, the element that started it, and the enclosing ones.
  const regions = ctx.regions || null;
  let region = regions ? regions.at(walkRoot) : null;
  let regionElement = region?.element;
  const outerRegions = [];
  let run = null;
  let node = walkRoot.firstChild;
  while (node) {
    const type = node.nodeType;
    if (type === 3) {
      if (run && (brk || block !== run.block || region !== run.region)) {
        if (finishRun(run)) yield run;
        run = null;
      }
      brk = false;
      if (!run) run = { block, nodes: [], starts: [], text: '', len: 0, scope, region, hits: null, walk: null, path: null };
      run.starts.push(run.len);
      run.nodes.push(node);
      run.len += node.data.length;
    } else if (type === 1 && enter(node) && node.firstChild) {
      if (!INLINE_TAGS.has(node.localName)) {
        outer.push(block);
        block = node;
      }
      const starts = regions?.startsAt(node, node.hasAttributes(), region);
      if (starts && starts !== region) {
        outerRegions.push(region);
        region = starts;
        regionElement = node;
      }
      node = node.firstChild;
      continue;
    }
    // On to the next node in document order, leaving the elements whose children are done. (A
    // node the page removed while the walk was paused ends the walk: the page's change is
    // rescanned anyway.)
    while (node && node !== walkRoot && !node.nextSibling) {
      node = node.parentNode;
      if (node === block && outer.length) block = outer.pop();
      if (node === regionElement && outerRegions.length) {
        region = outerRegions.pop();
        regionElement = region.element;
      }
    }
    node = node && node !== walkRoot ? node.nextSibling : null;
  }
  if (run && finishRun(run)) yield run;
}

const NON_SPACE = /\S/;

/** Joins a run's text; false for a run that is only whitespace. */
function finishRun(run) {
  if (run.len === 0) return false;
  const nodes = run.nodes;
  // Tested node by node: the nodes' strings are flat, the joined text is not yet (testing it
  // would copy it once more).
  let blank = true;
  let text = '';
  for (let i = 0; i < nodes.length; i += 1) {
    const data = nodes[i].data;
    if (blank && NON_SPACE.test(data)) blank = false;
    text += data;
  }
  run.text = text;
  return !blank;
}

/**
 * The index of the last of `starts` (ascending offsets where pieces begin) that is at or before
 * `offset`: the piece holding it (the later one where two pieces meet).
 */
export function pieceIndexAt(starts, offset) {
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
 * Splits [start, end) of a run into per-text-node pieces `{ node, start, end }`, by the offsets
 * the run was read with. Empty pieces (a match edge exactly at a node boundary) are dropped.
 */
export function piecesOf(run, start, end) {
  const pieces = [];
  const { nodes, starts } = run;
  for (let i = pieceIndexAt(starts, start); i < nodes.length && starts[i] < end; i += 1) {
    const nodeStart = starts[i];
    const nodeEnd = i + 1 < nodes.length ? starts[i + 1] : run.len;
    const s = Math.max(start, nodeStart) - nodeStart;
    const e = Math.min(end, nodeEnd) - nodeStart;
    if (e > s) pieces.push({ node: nodes[i], start: s, end: e });
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

/**
 * The block `node` belongs to: the nearest non-inline element at or above it (a text node's
 * parent first), or `stop` (the highlighted root) when only inline elements lie between them,
 * or the topmost inline ancestor when nothing but inline elements are above it (a detached
 * subtree). A document or shadow root is its own block.
 */
export function blockOf(node, stop = null) {
  let e = node.nodeType === 1 || node.nodeType === 9 || node.nodeType === 11 ? node : node.parentNode;
  while (e && e !== stop && e.nodeType === 1 && INLINE_TAGS.has(e.localName) && e.parentNode) e = e.parentNode;
  return e;
}

/** Whether a full scan reads `el`'s text: no ancestor up to `top` is skipped, excluded or a frame. */
export function isRead(el, top, isExcluded) {
  for (let p = el; p && p !== top && p.nodeType === 1; p = p.parentNode) {
    if (subtreeOf(p, isExcluded) !== READ) return false;
  }
  return true;
}

/** True if `node` or one of its ancestors (within its tree: not across shadow roots) is in `set`. */
export function insideAny(node, set) {
  for (let n = node; n; n = n.parentNode) if (set.has(n)) return true;
  return false;
}

/**
 * The page's text just before and after `node`'s subtree, up to `limit` UTF-16 units each way,
 * blocks joined by `separator`: the context a rescanned block sees of its neighbours. Text that
 * walkRuns would not scan (skipped tags, editable areas, elements `isExcluded(el, hasAttributes)`
 * rejects, as walkRuns' `ctx.isExcluded`) is not context either, nor text outside `within`, so a
 * rescan sees what a full scan sees. With `regions` (regions.js), the context ends where another
 * region starts, as a full scan's does.
 */
export function textAround(node, limit, separator, isExcluded = null, within = null, regions = null) {
  const root = node.getRootNode();
  const doc = node.ownerDocument;
  // Only text a full scan reads: inside `within` (the highlighted element) when it holds `node`.
  const top = within && within.nodeType === 1 && within !== node && within.contains(node)
    ? within
    : root.nodeType === 9 ? (root.body || root.documentElement) : root;
  if (!top || node === top || !top.contains(node)) return { before: '', after: '' };
  const view = doc.defaultView || globalThis;
  const NF = view.NodeFilter || globalThis.NodeFilter;
  const walker = doc.createTreeWalker(top, NF.SHOW_TEXT, (t) => {
    for (let p = t.parentNode; p && p !== top && p.nodeType === 1; p = p.parentNode) {
      if (subtreeOf(p, isExcluded) !== READ) return NF.FILTER_REJECT;
    }
    return NF.FILTER_ACCEPT;
  });
  const region = regions ? regions.at(node) : null;
  const collect = (step) => {
    const parts = [];
    let len = 0;
    let block = null;
    for (let t = step(); t && len < limit; t = step()) {
      if (regions && regions.at(t) !== region) break;
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
