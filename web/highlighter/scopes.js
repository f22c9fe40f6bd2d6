// Scopes: the documents and shadow roots a highlight() call reads. The highlighted root's own
// document (or shadow root), then every open shadow root and same-origin frame the walk meets.
// Each is styled by the painter and listened to for the reader's input; a frame that loads
// another document drops the scopes of the one before.

/** A scope: `{ root: Document | ShadowRoot, doc, frameEl }` (frameEl: the frame showing `doc`). */
export class Scopes {
  #session;
  #map = new Map(); // Document | ShadowRoot -> scope
  #listenedDocs = new Set();
  #frames = new WeakSet();
  #onDocument;
  #onFrameLoad;

  /**
   * `onDocument(doc)`: a document met for the first time; `onFrameLoad(frame)`: a frame loaded
   * another document (after its old scopes were dropped).
   */
  constructor(session, { onDocument, onFrameLoad }) {
    this.#session = session;
    this.#onDocument = onDocument;
    this.#onFrameLoad = onFrameLoad;
  }

  has(root) {
    return this.#map.has(root);
  }

  values() {
    return this.#map.values();
  }

  /** The open shadow roots of `doc` we read (for finding hits under a point). */
  shadowRootsOf(doc) {
    return [...this.#map.keys()].filter((r) => r.nodeType === 11 && r.ownerDocument === doc);
  }

  add(root, frameEl) {
    let scope = this.#map.get(root);
    if (scope) return scope;
    const doc = root.nodeType === 9 ? root : root.ownerDocument;
    scope = { root, doc, frameEl };
    this.#map.set(root, scope);
    try {
      this.#session.painter.attachRoot(root);
    } catch (error) {
      this.#session.error(error);
    }
    if (!this.#listenedDocs.has(doc)) {
      this.#listenedDocs.add(doc);
      this.#onDocument(doc);
    }
    return scope;
  }

  /** The scope `node` is in (added if it is new). */
  of(node) {
    let r = node.nodeType === 9 ? node : node.getRootNode();
    if (r.nodeType === 11 && !this.#map.has(r)) return this.add(r, null);
    if (r.nodeType !== 9 && r.nodeType !== 11) r = this.#session.doc;
    return this.#map.get(r) || this.add(r, null);
  }

  /** Before a full rescan: only `top` is kept (shadow roots and frames are found again by the walk). */
  restart(top) {
    this.#map = new Map([[top.root, top]]);
  }

  /** The document a frame shows, when it is ours to read and loaded; null otherwise. */
  frameDocument(frame) {
    const session = this.#session;
    if (!this.#frames.has(frame)) {
      this.#frames.add(frame);
      // With observe: false the page is taken as it is now: no rescans when frames load.
      if (session.opts.observe) {
        frame.addEventListener('load', () => session.guard(() => this.#frameLoaded(frame)), { signal: session.abort.signal });
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

  #frameLoaded(frame) {
    if (this.#session.cleared || !frame.isConnected) return;
    // Drop what belonged to the frame's previous document (its scope, its shadow roots' and
    // the painter's registry, highlights and observer there), then scan the new one.
    let current = null;
    try {
      current = frame.contentDocument;
    } catch {
      // cross-origin now
    }
    const gone = new Set();
    for (const scope of this.#map.values()) if (scope.frameEl === frame && scope.doc !== current) gone.add(scope.doc);
    for (const [root, scope] of [...this.#map]) {
      if (scope.frameEl === frame || gone.has(scope.doc) || (root.nodeType === 11 && !root.host?.isConnected)) this.#map.delete(root);
    }
    for (const doc of gone) this.#session.painter.forgetDocument(doc);
    this.#onFrameLoad(frame);
  }
}

/** The top document above `doc` (through same-origin frames), where our UI lives. */
export function topDocument(doc) {
  let top = doc;
  try {
    while (top.defaultView && top.defaultView.frameElement) top = top.defaultView.frameElement.ownerDocument;
  } catch {
    // cross-origin parent: stay in our own document
  }
  return top;
}

/** The viewport offset of the frame a hit lives in (0,0 in the top document). */
export function frameOffset(hit) {
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
