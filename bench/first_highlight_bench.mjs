#!/usr/bin/env node
// First-highlight benchmark (not a test). How long a reader waits for the first highlight on a
// 100 KB article (the page benchmark's generated page, 250 paragraphs), in headless Chromium.
// The page loads what it needs as a page should, all at once from its module script: the API
// (import of dist/chiplight.mjs), the .wasm (WebAssembly.compileStreaming, compiled while it
// downloads) and the highlighter. Split, in ms:
//
//   load, compile, highlighter   when each of the three was ready, from the script's start
//   create       createMatcher({ wasm: module }) once the first two are: instantiation and the
//                matcher
//   the pass     highlight(document.body) until ready, from c.stats: topic (what the main
//                content is about, before the first batch), walk (the pass's own work less the
//                matcher's and the painter's), scan (the matcher's calls), draw (the painter's);
//                pass is its wall time, frame the time from ready to the next frame
//
// and what the reader sees, from DOMContentLoaded: firstHighlight, the frame that shows the first
// hit on the first screen; firstScreen, the frame that shows all of the first screen's hits (the
// figure the targets are checked on); allHighlights, the frame after the pass (every hit);
// toScreen, from the highlight() call to the first screen's frame (the highlighter's share).
// Each frame's callback counts the first screen's hits drawn so far (requestAnimationFrame).
// Then the longest task (PerformanceObserver 'longtask', buffered: tasks over 50 ms), and the
// longest of those that ended after the highlight() call (longestInPass).
// Cold: a fresh browser profile each run, served with no-store. Warm: the same profile's third
// visit, served with max-age (the HTTP cache and V8's code caches). Median of --runs.
// Targets (issue 14): the first screen highlighted within 100 ms of DOMContentLoaded cold, 50 ms
// warm, no task of ours over 50 ms. The last line is one JSON object.
//
//   node bench/first_highlight_bench.mjs [--runs 5] [--bundle] [--before DIR]
//   node bench/first_highlight_bench.mjs --steps [--runs 5] [--before DIR]
//
// --bundle: the highlighter from dist/chiplight-highlighter.mjs (one file, as the demo and the
// widget load it; node web/build-highlighter.mjs, or the wasm target, writes it) instead of
// web/highlighter/ (its modules one by one).
// --before DIR: also measures another tree's dist/ and web/highlighter/ (with core/data/: say,
// `git archive <commit> web core/data package.json` unpacked, its dist built or copied), served at
// /before/ and measured in the same run, interleaved; prints after / before ratios (the median of
// each run's ratio, the two measured one after the other).
// --steps: the matcher's first steps timed one by one in the page instead (see STEPS below);
// with --before DIR, that tree's dist/ too, interleaved, and the ratios.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launch, REPO } from '../scripts/lib/browser.mjs';

const args = process.argv.slice(2);
const RUNS = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;
const HIGHLIGHTER = args.includes('--bundle') ? '/dist/chiplight-highlighter.mjs' : '/web/highlighter/index.js';
const BEFORE = args.includes('--before') ? path.resolve(args[args.indexOf('--before') + 1]) : null;
process.argv.push('--paragraphs', '250', '--chars', '100000');
const { generatePage } = await import('./page_bench.mjs');

const TIMING = (base, highlighterUrl) => `
const t = { dcl: 0 };
const longTasks = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) longTasks.push({ start: e.startTime, ms: e.duration }); })
  .observe({ type: 'longtask', buffered: true });
const dcl = new Promise((r) => document.addEventListener('DOMContentLoaded', () => { t.dcl = performance.now(); r(); }));
window.result = (async () => {
  const at = () => performance.now();
  let t0 = at();
  // As a page should load them: the matcher's JavaScript, its .wasm (compiled while it downloads)
  // and the highlighter, all three at once; each figure is from this start.
  const api = import('${base}/dist/chiplight.mjs').then((m) => { t.load = at() - t0; return m; });
  const wasm = WebAssembly.compileStreaming(fetch('${base}/dist/chiplight.wasm')).then((m) => { t.compile = at() - t0; return m; });
  const highlighter = import('${base}${highlighterUrl}').then((m) => { t.highlighter = at() - t0; return m; });
  const [{ createMatcher }, module] = await Promise.all([api, wasm]);
  const t1 = at();
  const matcher = await createMatcher({ wasm: module });
  t.create = at() - t1;
  const { highlight } = await highlighter;
  await dcl;
  t0 = at();
  const passStart = t0;
  const c = highlight(document.body, { matcher, cards: false, shortcuts: false, observe: false });
  // What the reader sees: at each frame, how many of the hits drawn so far are on the first
  // screen (a hit's rectangles read once, when it first shows up in c.hits).
  const frames = [];
  const seen = new WeakSet();
  let onScreen = 0;
  let polling = true;
  const poll = () => {
    for (const h of c.hits) {
      if (seen.has(h)) continue;
      seen.add(h);
      const r = h.range.getBoundingClientRect();
      if (r.bottom > 0 && r.top < innerHeight && (r.width > 0 || r.height > 0)) onScreen += 1;
    }
    frames.push({ at: at(), onScreen });
    if (polling) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
  await c.ready;
  t.pass = at() - t0;
  const s = c.stats;
  t.scan = s.matchMs;
  t.draw = s.paintMs;
  t.longestSlice = s.longestSliceMs; // the highlighter's own longest slice (its clock)
  t.topic = s.topicMs ?? 0; // what the page is about, before the first batch (0 before it was counted apart)
  t.walk = s.workMs - s.matchMs - s.paintMs - t.topic;
  t0 = at();
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  t.frame = at() - t0;
  t.allHighlights = at() - t.dcl;
  polling = false;
  poll();
  const last = frames[frames.length - 1].onScreen;
  // The frame whose callback saw the first (all) of the first screen's hits: painted right after.
  t.firstHighlight = (frames.find((f) => f.onScreen > 0) ?? frames[frames.length - 1]).at - t.dcl;
  t.firstScreen = (frames.find((f) => f.onScreen === last) ?? frames[frames.length - 1]).at - t.dcl;
  t.screenHits = last;
  // The highlighter's own share: from the highlight() call to the frame with the first screen.
  t.toScreen = (frames.find((f) => f.onScreen === last) ?? frames[frames.length - 1]).at - passStart;
  t.hits = c.hits.length;
  await new Promise((r) => setTimeout(r, 100));
  t.longestTask = Math.max(0, ...longTasks.map((x) => x.ms));
  // Those that ended after the highlight() call (the matcher's creation and loading came before).
  t.longestInPass = Math.max(0, ...longTasks.filter((x) => x.start + x.ms > passStart).map((x) => x.ms));
  t.longTasks = longTasks.length;
  return t;
})();
`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const round = (x) => Math.round(x * 10) / 10;

// --steps: the matcher's first steps one by one, each timed in the page (cold visits): the API's
// import, the streaming compile, createMatcher, the context words made ready (topicOf of a text
// without words), the article's topic, a first and a second 4 KB batch, the whole article in one
// scan and again.
const STEPS = (base) => `
window.result = (async () => {
  const at = () => performance.now();
  const t = {};
  let t0 = at();
  const { createMatcher } = await import('${base}/dist/chiplight.mjs');
  t.load = at() - t0;
  t0 = at();
  const module = await WebAssembly.compileStreaming(fetch('${base}/dist/chiplight.wasm'));
  t.compile = at() - t0;
  t0 = at();
  const m = await createMatcher({ wasm: module });
  t.create = at() - t0;
  await new Promise((r) => (document.readyState === 'loading' ? document.addEventListener('DOMContentLoaded', r) : r()));
  const text = document.body.innerText;
  const step = (name, f) => { const s = at(); const out = f(); t[name] = at() - s; return out; };
  step('contextWords', () => m.topicOf(m.blockSeparator));
  const topic = step('topic', () => m.topicOf(text));
  step('firstBatch4k', () => m.scan(text.slice(0, 4096), { topic }));
  step('secondBatch4k', () => m.scan(text.slice(4096, 8192), { topic }));
  step('wholeFirst', () => m.scan(text, { topic }));
  step('wholeAgain', () => m.scan(text, { topic }));
  return t;
})();
`;

// With --before DIR, that tree's dist/ is measured too, at /before/, its visits interleaved with
// this tree's; the ratios after / before are the medians of each run's.
async function steps() {
  if (BEFORE && !fs.existsSync(path.join(BEFORE, 'dist', 'chiplight.mjs'))) throw new Error(`${BEFORE}/dist/chiplight.mjs is missing`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-first-steps-'));
  const { html } = generatePage();
  const variants = BEFORE ? ['before', 'after'] : ['after'];
  for (const variant of variants) {
    fs.writeFileSync(path.join(tmp, `steps-${variant}.html`), html.replace(/<script src="\/node_modules\/mark[^<]*<\/script>\s*<script type="module">[\s\S]*?<\/script>/,
      `<script type="module">${STEPS(variant === 'before' ? '/before' : '')}</script>`));
  }
  const server = await startServer({ '/': REPO, '/bench-page/': tmp, ...(BEFORE ? { '/before/': BEFORE } : {}) });
  const rows = Object.fromEntries(variants.map((v) => [v, []]));
  try {
    for (let i = 0; i < RUNS; i += 1) {
      for (const variant of variants) {
        const browser = await launch();
        const tab = await browser.context.newPage();
        await tab.goto(`${server.origin}/bench-page/steps-${variant}.html`);
        rows[variant].push(await tab.evaluate(() => window.result));
        await browser.close();
      }
    }
  } finally {
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`the matcher's first steps, cold, median of ${RUNS} visits, ms (load average ${round(os.loadavg()[0])})`);
  const keys = Object.keys(rows.after[0]);
  const summary = { runs: RUNS };
  for (const variant of variants) {
    summary[variant] = Object.fromEntries(keys.map((k) => [k, round(median(rows[variant].map((r) => r[k])))]));
  }
  if (BEFORE) {
    summary.ratios = Object.fromEntries(keys.map((k) => [k,
      Math.round(100 * median(rows.after.map((r, i) => r[k] / Math.max(0.1, rows.before[i][k])))) / 100]));
  }
  console.log(`${''.padEnd(15)}${variants.map((v) => v.padStart(9)).join('')}${BEFORE ? 'after / before'.padStart(16) : ''}`);
  for (const k of keys) {
    console.log(`${k.padEnd(15)}${variants.map((v) => String(summary[v][k]).padStart(9)).join('')}${BEFORE ? String(summary.ratios[k]).padStart(16) : ''}`);
  }
  console.log(JSON.stringify({ steps: summary.after, ...summary }));
}

async function main() {
  if (args.includes('--steps')) {
    await steps();
    return;
  }
  if (!fs.existsSync(path.join(REPO, 'dist', 'chiplight.mjs'))) throw new Error('dist/chiplight.mjs is missing: build the wasm target first');
  if (BEFORE && !fs.existsSync(path.join(BEFORE, 'dist', 'chiplight.mjs'))) throw new Error(`${BEFORE}/dist/chiplight.mjs is missing`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-first-bench-'));
  const { html, chars } = generatePage();
  // The variants measured, interleaved: this tree, and with --before the copy in that folder.
  const variants = BEFORE ? ['before', 'after'] : ['after'];
  for (const variant of variants) {
    // The page's own script replaced by the timing one (an import map for the highlighter's card library stays).
    const base = variant === 'before' ? '/before' : '';
    const page = html.replace(/<script src="\/node_modules\/mark[^<]*<\/script>\s*<script type="module">[\s\S]*?<\/script>/,
      `<script type="module">${TIMING(base, HIGHLIGHTER)}</script>`);
    if (page === html) throw new Error('the generated page changed shape: update first_highlight_bench.mjs');
    fs.writeFileSync(path.join(tmp, `article-${variant}.html`), page);
  }
  let caching = false;
  const server = await startServer({ '/': REPO, '/bench-page/': tmp, ...(BEFORE ? { '/before/': BEFORE } : {}) }, {
    headers: () => (caching ? { 'cache-control': 'public, max-age=3600' } : {}),
  });
  const visit = async (context, variant) => {
    const tab = await context.newPage();
    const errors = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(`${server.origin}/bench-page/article-${variant}.html`);
    const r = await tab.evaluate(() => window.result);
    await tab.close();
    if (errors.length) throw new Error(errors.join('; '));
    return r;
  };
  const results = Object.fromEntries(variants.map((v) => [v, { cold: [], warm: [] }]));
  try {
    for (let i = 0; i < RUNS; i += 1) {
      for (const variant of variants) {
        caching = false;
        let browser = await launch();
        results[variant].cold.push(await visit(browser.context, variant));
        await browser.close();
        caching = true;
        browser = await launch();
        await visit(browser.context, variant); // fills the caches
        await visit(browser.context, variant); // V8 caches code it saw run more than once
        results[variant].warm.push(await visit(browser.context, variant));
        await browser.close();
      }
    }
  } finally {
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const keys = ['load', 'compile', 'highlighter', 'create', 'topic', 'walk', 'scan', 'draw', 'pass', 'frame', 'firstHighlight', 'firstScreen', 'allHighlights', 'toScreen', 'longestSlice', 'longestTask', 'longestInPass', 'longTasks'];
  const summary = { chars, runs: RUNS, highlighter: HIGHLIGHTER, load_average: round(os.loadavg()[0]) };
  const first = results.after.cold[0];
  console.log(`article: ${chars} characters, ${first.hits} hits (${first.screenHits} on the first screen); highlighter ${HIGHLIGHTER}; median of ${RUNS} runs, ms (load average ${summary.load_average})`);
  console.log(`${''.padEnd(13)}${keys.map((k) => k.padStart(15)).join('')}`);
  for (const variant of variants) {
    summary[variant] = {};
    for (const kind of ['cold', 'warm']) {
      const row = Object.fromEntries(keys.map((k) => [k, round(median(results[variant][kind].map((r) => r[k])))]));
      summary[variant][kind] = row;
      console.log(`${`${kind} ${variant}`.padEnd(13)}${keys.map((k) => String(row[k]).padStart(15)).join('')}`);
    }
  }
  if (BEFORE) {
    // after / before, per run (the two variants of a run measured one after the other), median.
    summary.ratios = {};
    for (const kind of ['cold', 'warm']) {
      summary.ratios[kind] = Object.fromEntries(['firstScreen', 'allHighlights', 'toScreen', 'longestTask', 'longestInPass'].map((k) => [k,
        Math.round(100 * median(results.after[kind].map((r, i) => r[k] / Math.max(1, results.before[kind][i][k])))) / 100]));
      console.log(`${kind}: after / before (median of per-run ratios): ${JSON.stringify(summary.ratios[kind])}`);
    }
  }
  const after = summary.after;
  summary.targets_met = {
    cold_100ms: after.cold.firstScreen <= 100,
    warm_50ms: after.warm.firstScreen <= 50,
    no_task_over_50ms: after.cold.longestTask <= 50 && after.warm.longestTask <= 50,
  };
  console.log(JSON.stringify(summary));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
