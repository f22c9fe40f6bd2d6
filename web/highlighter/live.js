// Live pages: what the page changes after the first pass is rescanned. A MutationObserver
// marks the nearest block of each change dirty; dirty blocks are rescanned after a debounce,
// with the text around them as context; runs the page took away are dropped; a single-page
// app's navigation rescans everything. Our own drawing is never taken for a change.

import { clock } from './util.js';
import { blockOf, insideAny, textAround } from './collect.js';

export class LivePage {
  #session;
  #scopes;
  #scan;
  #observer = null;
  #dirty = new Set();
  #dirtyTimer = 0;
  #dirtySince = 0;
  #fullRescanPending = false;

  constructor(session, scopes, scan) {
    this.#session = session;
    this.#scopes = scopes;
    this.#scan = scan;
    const view = session.doc.defaultView;
    if (session.opts.observe && view && typeof view.MutationObserver === 'function') {
      this.#observer = new view.MutationObserver((records) => session.guard(() => this.#onMutations(records)));
      this.observe(session.root);
      // Records of our own changes are taken before the painter changes the DOM (those before
      // it are the page's: handled now) and thrown away after.
      session.domGuard = {
        before: () => {
          const pending = this.#observer.takeRecords();
          if (pending.length) this.#onMutations(pending);
        },
        after: () => {
          this.#observer.takeRecords();
        },
      };
    }
    if (session.opts.observe) this.#listenNavigation(view);
  }

  observe(target) {
    try {
      this.#observer?.observe(target, { childList: true, characterData: true, subtree: true });
    } catch (error) {
      this.#session.error(error);
    }
  }

  stop() {
    this.#observer?.disconnect();
    clearTimeout(this.#dirtyTimer);
  }

  #onMutations(records) {
    const session = this.#session;
    if (session.cleared) return;
    for (const r of records) {
      const target = r.target;
      if (r.type === 'characterData') this.markDirty(target.parentNode);
      else {
        if (session.painter.owns(target)) continue;
        const changed = [...r.addedNodes, ...r.removedNodes];
        if (changed.length && changed.every((n) => n.nodeType === 1 && session.isOurs(n))) continue;
        this.markDirty(target);
      }
    }
  }

  /** Rescans the block of `node` after the debounce. */
  markDirty(node) {
    const session = this.#session;
    if (!node) return;
    const root = session.root;
    // The nearest block (or the root): the unit that is rescanned.
    const n = blockOf(node, root);
    if (!n) return;
    if (n.nodeType === 1 && session.isOurs(n)) return;
    // Outside the root (e.g. the page's <head>): ignore.
    if (n !== root && root.nodeType === 1 && n.nodeType === 1 && !root.contains(n)
        && n.getRootNode() === root.getRootNode()) return;
    this.#dirty.add(n);
    // Debounced, but a page that never stops changing (a live ticker) still gets rescanned
    // at least every ten debounce periods.
    const now = clock();
    if (!this.#dirtySince) this.#dirtySince = now;
    if (this.#dirtyTimer && now - this.#dirtySince > 10 * session.opts.debounceMs) return;
    clearTimeout(this.#dirtyTimer);
    this.#dirtyTimer = setTimeout(() => {
      this.#dirtyTimer = 0;
      this.#dirtySince = 0;
      session.queue(() => this.#flushDirty());
    }, session.opts.debounceMs);
  }

  async #flushDirty() {
    const session = this.#session;
    if (session.cleared) return;
    if (this.#fullRescanPending) {
      this.#fullRescanPending = false;
      this.#dirty.clear();
      await this.#scan.scanAll();
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
    session.scanning = true;
    const rootSet = new Set(roots);
    const queue = [];
    session.drawing(() => {
      // One pass over the runs: those in a dirty block are rescanned, those the page took away
      // are dropped.
      session.dropRuns((r) => insideAny(r.block, rootSet) || runGone(r));
      session.painter.restoreWithin(rootSet);
      for (const d of roots) {
        const around = textAround(d, session.contextChars, session.separator, session.excludes, session.root, session.regions);
        queue.push({ start: d, scope: this.#scopes.of(d), prefix: around.before, suffix: around.after });
      }
    });
    session.invalidate();
    try {
      await this.#scan.scanRoots(queue, false);
    } finally {
      session.scanning = false;
    }
    session.invalidate();
    session.emit('change', { reason: 'mutation' });
  }

  #dropDisconnected() {
    const session = this.#session;
    if (session.drawing(() => session.dropRuns(runGone))) {
      session.invalidate();
      session.emit('change', { reason: 'mutation' });
    }
  }

  #listenNavigation(view) {
    if (!view) return;
    const session = this.#session;
    const signal = session.abort.signal;
    const onNav = () => {
      this.#fullRescanPending = true;
      this.markDirty(session.root.nodeType === 9 ? session.root.documentElement : session.root);
    };
    view.addEventListener('popstate', onNav, { signal });
    if (view.navigation && typeof view.navigation.addEventListener === 'function') {
      view.navigation.addEventListener('navigatesuccess', onNav, { signal });
    }
  }
}

/** Runs the page took away: their block, first node or frame gone, or a node of a hit. */
function runGone(run) {
  if (!run.block.isConnected || !run.nodes[0].isConnected || !run.scope.doc.defaultView) return true;
  for (const h of run.hits) for (const p of h.pieces) if (!p.node.isConnected) return true;
  return false;
}
