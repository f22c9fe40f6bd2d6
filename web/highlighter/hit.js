// One mention on the page, and where its run sits among the page's runs.

import { piecesOf, composedPath } from './collect.js';

/**
 * One mention on the page. `range` is a fresh live Range each time it is read (the drawing
 * itself uses static ranges or elements, which cost the page nothing when it changes).
 * `pieces` (the text nodes it spans) are worked out on first read: most hits of a long page are
 * never drawn nor read.
 */
export class Hit {
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

  /** True for a hit in the page's furniture (navigation, ads, sidebars, comments: regions.js). */
  get furniture() {
    return this.run.region ? !this.run.region.main : false;
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
export function pathOf(run) {
  if (!run.path) run.path = composedPath(run.nodes[0]);
  return run.path;
}
