// The reader's pointer, touch and keyboard: hovering a hit opens its card after a short dwell
// (and closes it after a grace period away from both), a tap opens it, the shortcuts move
// between hits, Enter opens the card of the hit just moved to, Escape closes it.

import { clock } from './util.js';

export function isEditableTarget(t) {
  if (!t || t.nodeType !== 1) return false;
  const name = t.localName;
  return name === 'input' || name === 'textarea' || name === 'select' || t.isContentEditable;
}

/** The focused element of `doc`, inside open shadow roots too (null when nothing is). */
export function deepFocus(doc) {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function keyMatches(event, spec) {
  return Boolean(spec) && event.code === spec.code && Boolean(spec.altKey) === event.altKey
    && Boolean(spec.shiftKey) === event.shiftKey && Boolean(spec.ctrlKey) === event.ctrlKey
    && Boolean(spec.metaKey) === event.metaKey;
}

export class ReaderInput {
  #session;
  #controller;
  #ui = null;
  #hover = { timer: 0, grace: 0, x: 0, y: 0, down: null };
  #where;

  /** `controller`: the public API (openCard, next, previous). */
  constructor(session, scopes, controller) {
    this.#session = session;
    this.#controller = controller;
    this.#where = {
      accept: (hit) => session.visible.has(hit.category),
      shadowRoots: (doc) => scopes.shadowRootsOf(doc),
      hitsOfNode: (node) => session.hitsOfNode(node),
    };
  }

  /** The card and live region (ui.js), once made; the pointer keeps the card open while on it. */
  set ui(ui) {
    this.#ui = ui;
    ui.addEventListener('cardpointer', (e) => this.#cardPointer(e.detail.inside));
  }

  stop() {
    clearTimeout(this.#hover.timer);
    clearTimeout(this.#hover.grace);
  }

  /** Listens to a document of the page (each scope's, once). */
  listen(doc) {
    const session = this.#session;
    const signal = session.abort.signal;
    const opts = { capture: true, passive: true, signal };
    const guard = (fn) => session.guard(fn);
    if (session.opts.cards) {
      doc.addEventListener('pointermove', (e) => guard(() => this.#onPointerMove(doc, e)), opts);
      doc.addEventListener('pointerdown', (e) => guard(() => this.#onPointerDown(doc, e)), opts);
      doc.addEventListener('pointerup', (e) => guard(() => this.#onPointerUp(doc, e)), opts);
      doc.addEventListener('mouseleave', () => guard(() => this.#startGrace()), { signal });
    }
    if (session.opts.shortcuts || session.opts.cards) {
      doc.addEventListener('keydown', (e) => guard(() => this.#onKeyDown(e)), { capture: true, signal });
    }
  }

  #hitAt(doc, event) {
    return this.#session.painter.probe(doc, event, this.#where)();
  }

  #overUi(event) {
    return this.#ui ? event.composedPath().includes(this.#ui.host) : false;
  }

  #onPointerMove(doc, event) {
    if (event.pointerType && event.pointerType !== 'mouse') return;
    const session = this.#session;
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
      if (current && session.painter.contains(current, event)) {
        clearTimeout(hv.grace);
        hv.grace = 0;
      } else this.#startGrace();
    }
    clearTimeout(hv.timer);
    const hitUnder = session.painter.probe(doc, event, this.#where);
    hv.timer = setTimeout(() => session.guard(() => {
      if (session.cleared) return;
      const hit = hitUnder();
      if (hit && (!ui.cardOpen || ui.cardHit !== hit) && !(ui.cardOpen && ui.cardPinned)) {
        clearTimeout(hv.grace);
        hv.grace = 0;
        this.#controller.openCard(hit, { pinned: false, focus: false });
      }
    }), session.opts.dwellMs);
  }

  #startGrace() {
    const ui = this.#ui;
    const hv = this.#hover;
    if (!ui || !ui.cardOpen || ui.cardPinned || hv.grace) return;
    hv.grace = setTimeout(() => {
      hv.grace = 0;
      if (ui.cardOpen && !ui.cardPinned) ui.hideCard();
    }, this.#session.opts.graceMs);
  }

  /** The pointer entered or left the card. */
  #cardPointer(inside) {
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
      const hit = this.#hitAt(doc, event);
      if (!hit || hit !== ui.cardHit) ui.hideCard({ restoreFocus: false });
    }
  }

  #onPointerUp(doc, event) {
    const down = this.#hover.down;
    this.#hover.down = null;
    if (!down || (event.pointerType !== 'touch' && event.pointerType !== 'pen')) return;
    if (Math.hypot(event.clientX - down.x, event.clientY - down.y) > 10 || clock() - down.t > 600) return;
    if (this.#overUi(event)) return;
    const hit = this.#hitAt(doc, event);
    if (hit) this.#controller.openCard(hit, { pinned: true, focus: false });
  }

  #onKeyDown(event) {
    const session = this.#session;
    const opts = session.opts;
    if (session.cleared || event.defaultPrevented) return;
    const keys = opts.keys;
    const inUi = this.#overUi(event);
    if (event.key === 'Escape' && this.#ui?.cardOpen && !inUi) {
      this.#ui.hideCard({ restoreFocus: true });
      return;
    }
    if (inUi || isEditableTarget(event.composedPath()[0])) return;
    if (opts.shortcuts && keyMatches(event, keys.next)) {
      event.preventDefault();
      this.#controller.next();
    } else if (opts.shortcuts && keyMatches(event, keys.previous)) {
      event.preventDefault();
      this.#controller.previous();
    } else if (event.key === 'Enter' && !event.altKey && !event.ctrlKey && !event.metaKey && opts.cards
        && session.active && this.#ui && this.#selectionIsActive()) {
      event.preventDefault();
      this.#controller.openCard(session.active, { pinned: true, focus: true });
    }
  }

  #selectionIsActive() {
    const hit = this.#session.active;
    if (!hit?.pieces?.length) return false;
    const range = hit.range;
    const doc = range.startContainer.ownerDocument;
    // The reader's focus must not have moved since the hit became active (Tab to a button,
    // then Enter, is the button's): where it was then, the document itself, or an element
    // holding the hit (an article with tabindex="-1" the reader clicked in).
    const active = deepFocus(doc);
    const unmoved = active === this.#session.activeFocus;
    if (active && !unmoved && active !== doc.body && active !== doc.documentElement && active.localName !== 'iframe'
        && !active.contains(range.startContainer)) return false;
    if (!this.#session.opts.select) return true;
    const sel = doc.getSelection();
    if (!sel || sel.rangeCount === 0) return false;
    const r = sel.getRangeAt(0);
    return r.compareBoundaryPoints(0, range) === 0 && r.compareBoundaryPoints(2, range) === 0;
  }
}
