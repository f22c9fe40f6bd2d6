// The page scan, from the walk to the hits drawn: the page's blocks (runs, collect.js) joined
// into batches with the text around them as context, one matcher call per batch, the matches
// turned into hits and handed to the painter; the work cut into slices that yield to the page.

import { clock, yieldToMain } from './util.js';
import {
  blockOf, insideAny, isRead, textAround, walkRuns,
} from './collect.js';
import { Hit } from './hit.js';
import { Regions } from './regions.js';

// The longest a matcher call should take (batches are sized by the matcher's measured speed).
const BATCH_MS = 8;

export class PageScan {
  #session;
  #scopes;
  #live = null;
  #batchLimit = 4096; // grows to options.batchChars as the matcher proves fast (#adaptBatch)
  #msPerChar = 0;
  #categorySet;
  #sliceCarried = null; // the start of a slice the page topic began, which the scan goes on with

  constructor(session, scopes) {
    this.#session = session;
    this.#categorySet = new Set(session.categoryIds);
    this.#scopes = scopes;
    this.#batchLimit = Math.min(this.#batchLimit, session.opts.batchChars);
  }

  /** The live page, told of blocks to watch and of blocks that changed while being scanned. */
  set live(live) {
    this.#live = live;
  }

  /** Scans the whole root again (the first pass, rescan(), a navigation). */
  async scanAll() {
    const session = this.#session;
    const t0 = clock();
    session.scanning = true;
    session.drawing(() => {
      session.painter.remove(session.allHits());
      session.painter.restart();
    });
    // Shadow roots and frames are found again by the walk.
    const top = this.#scopes.of(session.root);
    this.#scopes.restart(top);
    for (const scope of this.#scopes.values()) session.painter.attachRoot(scope.root);
    // The main content is found again on each full scan: the page may have become another.
    session.regions = session.guard(() => Regions.of(session.root, session.opts.main));
    session.runs = [];
    session.active = null;
    session.topic = await this.#pageTopic(top);
    if (session.cleared) {
      this.#sliceCarried = null;
      return;
    }
    session.invalidate();
    try {
      // A reader scrolled down the page (a reload, a link to a section) sees the first screen's
      // blocks highlighted first; the pass in document order then leaves them out (they are
      // context for their neighbours' batches as ever).
      const firstScreen = session.guard(() => firstScreenBlocks(session)) || [];
      // The latest full pass's count, not a total: 0 when this pass had no first screen.
      session.stats.firstScreenBlocks = firstScreen.length;
      if (firstScreen.length) {
        await this.scanRoots(firstScreen.map((block) => {
          const around = textAround(block, session.contextChars, session.separator, session.excludes, session.root, session.regions);
          return { start: block, scope: top, prefix: around.before, suffix: around.after };
        }), false);
      }
      if (session.cleared) return;
      await this.scanRoots([{ start: session.root, scope: top, done: firstScreen.length ? new Set(firstScreen) : null }], true);
    } finally {
      session.scanning = false;
    }
    session.stats.firstPassMs = clock() - t0;
    session.invalidate();
    session.emit('change', { reason: 'scan' });
    session.emit('ready', {});
  }

  /** Walks each item, batching runs into one matcher call per batch, yielding between slices. */
  async scanRoots(queue, progress) {
    const opts = this.#session.opts;
    // A slice the page topic began goes on here (the same task: its time counts).
    let sliceStart = this.#sliceCarried ?? clock();
    this.#sliceCarried = null;
    let lastProgress = sliceStart;
    const session = this.#session;
    const ctx = {
      regions: session.regions,
      isExcluded: this.#session.excludes,
      onShadowRoot: (shadow) => {
        if (!opts.shadowRoots || this.#scopes.has(shadow)) return;
        const scope = this.#scopes.add(shadow, null);
        this.#live.observe(shadow);
        queue.push({ start: shadow, scope });
      },
      onFrame: (frame) => {
        if (!opts.frames) return;
        const doc = this.#scopes.frameDocument(frame);
        if (!doc || this.#scopes.has(doc)) return;
        const scope = this.#scopes.add(doc, frame);
        this.#live.observe(doc);
        queue.push({ start: doc, scope });
      },
    };
    // Ends the slice and yields to the page once the slice's time is used up, or (given the
    // `chars` about to be scanned, past half the slice) once scanning and drawing them at the
    // measured speed would run past it: the slice then ends before that batch, not after it.
    const maybeYield = async (chars = 0) => {
      const elapsed = clock() - sliceStart;
      if (elapsed < opts.sliceMs
          && !(elapsed >= opts.sliceMs / 2 && elapsed + chars * this.#msPerChar > opts.sliceMs)) return;
      this.#endSlice(sliceStart);
      if (progress && clock() - lastProgress > 200) {
        lastProgress = clock();
        this.#session.invalidate();
        this.#session.emit('progress', { hits: this.#session.runsHitCount() });
      }
      await yieldToMain();
      sliceStart = clock();
    };
    for (let qi = 0; qi < queue.length; qi += 1) {
      const {
        start, scope, prefix = '', suffix = '', done = null,
      } = queue[qi];
      const walk = queue[qi];
      const runs = walkRuns(start, scope, ctx);
      const lookahead = []; // runs walked already (for context) but not yet scanned
      const pull = () => {
        let r = runs.next();
        // Furniture is not read at all when the caller turned its highlighting off.
        while (!opts.furniture && !r.done && r.value.region && !r.value.region.main) r = runs.next();
        if (r.done) return null;
        r.value.walk = walk;
        this.#session.stats.runs += 1;
        this.#session.stats.chars += r.value.len;
        return r.value;
      };
      const startRegion = session.regions
        ? session.regions.at(start.nodeType === 9 ? (start.body || start.documentElement) : start) : null;
      // The text after what is being scanned, for context rules near its end: read ahead, up to
      // the end of `region` (context never crosses into another region).
      const readAhead = (within) => {
        let ahead = '';
        let ended = false; // another region follows within the margin
        for (const r of lookahead) {
          if (ahead.length >= this.#session.contextChars) break;
          if (r.region !== within) {
            ended = true;
            break;
          }
          ahead += this.#session.separator + r.text;
        }
        while (!ended && ahead.length < this.#session.contextChars) {
          const next = pull();
          if (!next) break;
          lookahead.push(next);
          if (next.region !== within) {
            ended = true;
            break;
          }
          ahead += this.#session.separator + next.text;
        }
        if (ended) return ahead.slice(1, this.#session.contextChars + 1);
        if (lookahead.length) return ahead.slice(1, this.#session.contextChars + 1);
        return within === startRegion ? suffix : '';
      };
      // The text before what is being scanned, for context rules near its start.
      let tail = prefix;
      const tailAfter = (text) => (text.length >= this.#session.contextChars ? text.slice(-this.#session.contextChars)
        : `${tail}${this.#session.separator}${text}`.slice(-this.#session.contextChars));
      let batch = [];
      let batchLen = 0;
      const flush = async () => {
        const core = await this.#scanBatch(batch, tail, readAhead(batch[0].region));
        tail = tailAfter(core);
        batch = [];
        batchLen = 0;
      };
      // Flushes the batch (if any) before `run`: the run is put back in the lookahead meanwhile, so
      // that the batch's suffix (its following context) is read from it.
      const flushBefore = async (run) => {
        if (!batch.length) return;
        lookahead.unshift(run);
        await flush();
        lookahead.shift();
      };
      // The region being scanned: where another starts, the batch ends and the text before it is
      // no longer context (a rescan's `prefix` and `suffix` are its own region's already).
      let region = startRegion;
      for (;;) {
        if (this.#session.cleared) return;
        const run = lookahead.length ? lookahead.shift() : pull();
        if (!run) break;
        if (run.region !== region) {
          await flushBefore(run);
          tail = '';
          region = run.region;
        }
        if (done && insideAny(run.block, done)) {
          // Scanned already (the first screen): only context here.
          await flushBefore(run);
          this.#session.stats.runs -= 1;
          this.#session.stats.chars -= run.len;
          tail = tailAfter(run.text);
          continue;
        }
        if (run.len > 2 * this.#batchLimit) {
          // One huge block (a long <pre>, a page of text without markup): scanned in windows.
          await flushBefore(run);
          await this.#scanLargeRun(run, tail, () => readAhead(run.region), maybeYield);
          tail = tailAfter(run.text);
          continue;
        }
        batch.push(run);
        batchLen += run.len + 1;
        // The clock is read every 8 runs (a few microseconds of walking each).
        if (batchLen >= this.#batchLimit || ((batch.length & 7) === 0 && clock() - sliceStart >= opts.sliceMs)) {
          await maybeYield(batchLen);
          await flush();
          await maybeYield();
        }
      }
      if (batch.length) await flush();
    }
    this.#endSlice(sliceStart);
  }

  /**
   * What the page's main content is about (matcher.topicOf), for the context rules that look at
   * the whole page (docs/lexicon.md, "Page topic"): the text of the main content's runs
   * (regions.js; all of the root's where the page has none to tell apart), furniture left out as
   * the verdict leaves it out, so an ad's or a sidebar's words don't make the article about them.
   * Added up over pieces of about a batch's text, joined as scans join them (no word runs across
   * the block separator, so the sum is the topic of their one joined text), in slices that yield
   * to the page: at the first screen's cost of one piece, not of a call over the whole body.
   * null for matchers without topicOf() (an asynchronous one, in an extension's service worker,
   * judges each batch by itself) or whose lexicon has no rule that looks at the page.
   */
  async #pageTopic(scope) {
    const session = this.#session;
    const { matcher, regions, separator, opts } = session;
    if (typeof matcher.topicOf !== 'function') return null;
    let words = null;
    let sliceStart = clock();
    const endSlice = () => {
      session.stats.topicMs += clock() - sliceStart;
      this.#endSlice(sliceStart);
    };
    try {
      // The first call on some text gets the matcher's context words ready (its costliest first
      // step, one call into the module): on a text of no words, ending the slice if it took half.
      if (matcher.topicOf(separator) === null) return null;
      if (clock() - sliceStart >= opts.sliceMs / 2) {
        endSlice();
        await yieldToMain();
        if (session.cleared) return null;
        sliceStart = clock();
      }
      const main = regions?.main ?? null;
      const start = main ?? session.root;
      // Pieces sized by the measured speed: a quarter of a slice each, as batches are.
      let pieceChars = 4096;
      let parts = [];
      let len = 0;
      const addUp = () => {
        const t0 = clock();
        const part = matcher.topicOf(parts.join(separator)).words;
        if (len >= 1024) {
          const msPerChar = Math.max(clock() - t0, 0.05) / len;
          pieceChars = Math.round(Math.min(1 << 16, Math.max(4096, (opts.sliceMs * 0.25) / msPerChar)));
        }
        if (!words) words = new Uint32Array(part.length);
        else if (words.length < part.length) {
          const wider = new Uint32Array(part.length);
          wider.set(words);
          words = wider;
        }
        for (let i = 0; i < part.length; i += 1) words[i] += part[i];
        parts = [];
        len = 0;
      };
      for (const run of walkRuns(start, scope, { regions, isExcluded: session.excludes })) {
        if (main && !run.region?.main) continue; // furniture inside the main content (an ad)
        parts.push(run.text);
        len += run.len + 1;
        if (len < pieceChars) continue;
        addUp();
        if (clock() - sliceStart >= opts.sliceMs) {
          endSlice();
          await yieldToMain();
          if (session.cleared) return null;
          sliceStart = clock();
        }
      }
      if (parts.length || !words) addUp();
      // The slice goes on with the pass's first batches (scanRoots ends it).
      session.stats.topicMs += clock() - sliceStart;
      this.#sliceCarried = sliceStart;
    } catch (error) {
      session.error(error);
      return null;
    }
    return Object.freeze({ words });
  }

  #endSlice(sliceStart) {
    const d = clock() - sliceStart;
    this.#session.stats.slices += 1;
    this.#session.stats.workMs += d;
    if (d > this.#session.stats.longestSliceMs) this.#session.stats.longestSliceMs = d;
  }

  /**
   * Scans a batch of runs in one matcher call and draws the hits. `prefix` and `suffix` are the
   * page's text just before and after the batch: context rules see them, hits in them are
   * dropped (they belong to other batches). Returns the batch's own text (or a promise of it,
   * with an asynchronous matcher).
   */
  #scanBatch(runs, prefix = '', suffix = '') {
    // One join: the runs' texts are copied once, into one flat string.
    const parts = prefix ? [prefix] : [];
    let coreLen = -1;
    for (const r of runs) {
      parts.push(r.text);
      coreLen += r.len + 1;
    }
    if (suffix) parts.push(suffix);
    const text = parts.join(this.#session.separator);
    const coreStart = prefix ? prefix.length + 1 : 0;
    const core = text.slice(coreStart, coreStart + coreLen);
    const pending = this.#scanText(text, runs, coreStart, coreStart + coreLen, 0);
    return pending ? pending.then(() => core) : core;
  }

  /** Scans one huge run in windows of about a batch, each with context on both sides. */
  async #scanLargeRun(run, prefix, readAhead, maybeYield) {
    const step = Math.max(1024, this.#batchLimit);
    for (let a = 0; a < run.len; a += step) {
      if (this.#session.cleared) return;
      const b = Math.min(run.len, a + step);
      let before;
      if (a === 0) before = prefix ? prefix + this.#session.separator : '';
      else before = run.text.slice(Math.max(0, a - this.#session.contextChars), a);
      let after;
      if (b < run.len) after = run.text.slice(b, b + this.#session.contextChars);
      else {
        const next = readAhead();
        after = next ? this.#session.separator + next : '';
      }
      await maybeYield(b - a);
      const pending = this.#scanText(before + run.text.slice(a, b) + after, [run], before.length, before.length + (b - a), a);
      if (pending) await pending;
      await maybeYield();
    }
  }

  /**
   * One matcher call over `text`, whose [coreStart, coreEnd) is the text of `runs` from offset
   * `runOffset` of the first run; hits outside it are dropped. Returns null, or a promise with an
   * asynchronous matcher.
   */
  #scanText(text, runs, coreStart, coreEnd, runOffset) {
    const t0 = clock();
    let matches;
    try {
      const topic = this.#session.topic;
      matches = topic ? this.#session.matcher.scan(text, { topic }) : this.#session.matcher.scan(text);
    } catch (error) {
      this.#session.error(error);
      return null;
    }
    if (matches && typeof matches.then === 'function') {
      // An asynchronous matcher (say, one that runs in an extension's service worker).
      this.#batchLimit = this.#session.opts.batchChars; // round trips cost more than text
      return Promise.resolve(matches).then((found) => {
        this.#session.stats.matchMs += clock() - t0;
        if (this.#session.cleared) return;
        // The page may have changed these blocks meanwhile: rescan those later instead.
        const fresh = runs.filter((r) => this.#runUnchanged(r));
        if (fresh.length !== runs.length) {
          for (const r of runs) if (!fresh.includes(r)) this.#live.markDirty(r.block);
          if (!fresh.length) return;
        }
        this.#applyMatches(runs, found, coreStart, coreEnd, t0, fresh.length === runs.length ? null : new Set(fresh), runOffset);
      }, (error) => this.#session.error(error));
    }
    this.#session.stats.matchMs += clock() - t0;
    this.#applyMatches(runs, matches, coreStart, coreEnd, t0, null, runOffset);
    this.#adaptBatch(coreEnd - coreStart, clock() - t0);
    return null;
  }

  #runUnchanged(run) {
    // The painter may have cut an earlier window's nodes (into marks): the text they show now.
    const painter = this.#session.painter;
    let text = '';
    for (const n of run.nodes) {
      if (!n.isConnected) return false;
      text += painter.currentText(n);
    }
    return text === run.text;
  }

  /**
   * Batch size follows the matcher's measured speed, so one batch stays well inside a slice
   * even while a matcher warms up (its first scans can be ten times slower) or on a slow device.
   */
  #adaptBatch(chars, ms) {
    if (chars < 256) return;
    const perChar = Math.max(ms, 0.05) / chars;
    this.#msPerChar = this.#msPerChar ? 0.5 * this.#msPerChar + 0.5 * perChar : perChar;
    // A quarter of a slice, and at most BATCH_MS: small enough for several batches a slice and
    // for a slice that would end with a late batch to end before it (maybeYield).
    const target = Math.min(this.#session.opts.sliceMs * 0.25, BATCH_MS) / this.#msPerChar;
    this.#batchLimit = Math.round(Math.min(this.#session.opts.batchChars, Math.max(Math.min(1024, this.#session.opts.batchChars), target)));
  }

  /** Turns a batch's matches into hits and draws them (only in `only` runs when given). */
  #applyMatches(runs, found, coreStart, coreEnd, t0, only, runOffset = 0) {
    let matches = found;
    this.#session.stats.batches += 1;
    if (!matches || matches.length === 0) {
      this.#session.stats.scanMs += clock() - t0;
      return;
    }
    if (!Array.isArray(matches)) matches = Array.from(matches);
    for (let i = 1; i < matches.length; i += 1) {
      if (matches[i].start < matches[i - 1].start) {
        matches = [...matches].sort((a, b) => a.start - b.start);
        break;
      }
    }
    const newHits = [];
    const withHits = [];
    let ri = 0;
    let base = coreStart - runOffset;
    for (const m of matches) {
      if (m.start < coreStart) continue;
      if (m.start >= coreEnd) break;
      while (ri < runs.length && m.start >= base + runs[ri].len + 1) {
        base += runs[ri].len + 1;
        ri += 1;
      }
      if (ri >= runs.length) break;
      const run = runs[ri];
      if (only && !only.has(run)) continue;
      const start = m.start - base;
      const end = Math.min(m.end - base, run.len);
      if (start < 0 || end <= start) continue;
      const info = this.#session.brief(m.id);
      const category = m.category || info?.category;
      if (!this.#categorySet.has(category)) continue;
      const hit = new Hit(m.id, category, info?.label || m.id, run.text.slice(start, end), start, end, run);
      if (!run.hits) {
        run.hits = [];
        withHits.push(run);
      }
      run.hits.push(hit);
      newHits.push(hit);
    }
    for (const run of withHits) this.#session.insertRun(run);
    const tp = clock();
    this.#session.drawing(() => this.#session.painter.add(newHits));
    this.#session.stats.paintMs += clock() - tp;
    this.#session.stats.scanMs += clock() - t0;
    this.#session.invalidate();
  }
}

// The first screen's blocks are scanned first only where the pass in document order would reach
// them late: a page scrolled down by a screen or more.
// The grid: a row every 16 CSS pixels (a line of text or less, so that no block of a line is
// missed), at most 120 rows, three across: on a viewport taller than 1,920 px the rows spread
// out evenly (innerHeight / 120 apart).
const PROBE_STEP = 16;
const PROBES_DOWN_MAX = 120;
const PROBES_ACROSS = 3;
// A block that holds more text than this is not "the first screen" (a container of the whole
// article under a probe): the pass in document order takes it.
const MAX_FIRST_SCREEN_BLOCK = 16 * 1024;

/**
 * The blocks (collect.js: the nearest non-inline ancestors of text) under a grid of points on
 * the first screen, in document order, outermost only; [] when the page is not scrolled down,
 * or the highlighted root is not a page's document or element.
 */
function firstScreenBlocks(session) {
  const { doc, root } = session;
  const view = doc.defaultView;
  if (!view || (typeof doc.caretRangeFromPoint !== 'function' && typeof doc.caretPositionFromPoint !== 'function')) return [];
  const height = view.innerHeight;
  const width = view.innerWidth;
  if (!(view.scrollY >= height) || !height || !width) return [];
  const top = root.nodeType === 9 ? (root.body || root.documentElement) : root;
  if (!top || top.nodeType !== 1) return [];
  const textAt = (x, y) => {
    if (typeof doc.caretPositionFromPoint === 'function') return doc.caretPositionFromPoint(x, y)?.offsetNode ?? null;
    return doc.caretRangeFromPoint(x, y)?.startContainer ?? null;
  };
  const found = new Set();
  const rows = Math.min(PROBES_DOWN_MAX, Math.ceil(height / PROBE_STEP));
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j < PROBES_ACROSS; j += 1) {
      const node = textAt(((j + 0.5) * width) / PROBES_ACROSS, ((i + 0.5) * height) / rows);
      if (!node || node.nodeType !== 3 || !/\S/.test(node.data)) continue;
      const block = blockOf(node, top);
      if (block && block !== top && block.nodeType === 1 && top.contains(block)) found.add(block);
    }
  }
  const blocks = [...found].filter((b) => !b.parentNode || !insideAny(b.parentNode, found))
    .filter((b) => isRead(b, top, session.excludes)
      && (session.opts.furniture || !session.regions || session.regions.at(b).main)
      && (b.textContent || '').length <= MAX_FIRST_SCREEN_BLOCK);
  return blocks.sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
}
