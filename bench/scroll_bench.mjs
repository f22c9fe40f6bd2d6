#!/usr/bin/env node
// Scroll benchmark (not a test). In one headless Chromium run, on the page benchmark's generated
// page made long (default 50,000 paragraphs, about 20 MB of text), runs by turns:
//
//   without   the page alone
//   chiplight highlight(document.body) (default drawing mode), waited for until done
//   compare   the same with another copy of web/highlighter/ (--compare DIR), if given
//
// and on each, scrolls the page by 150 px a frame for --frames frames (requestAnimationFrame),
// recording the time between frames and the long tasks (PerformanceObserver 'longtask', over
// 50 ms) meanwhile. For Chiplight also: the long tasks during its pass, the frame after clear()
// and the long tasks then, a second pass after clear() (highlighted again) and its long tasks,
// and its near-screen tracking work (c.stats.near: frames, blocks
// measured and compared). Prints the medians and the ratio of Chiplight's median frame to the
// page's alone in the same run (target, issue 14: at most 1.2x). The last line is one JSON object.
//
//   node bench/scroll_bench.mjs [--paragraphs 50000] [--chars 20000000] [--frames 120] [--runs 2]
//                               [--compare DIR]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launch, REPO } from '../scripts/lib/browser.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
// The page benchmark reads its page size from the command line: a long page by default here.
if (!args.includes('--paragraphs')) process.argv.push('--paragraphs', '50000');
if (!args.includes('--chars')) process.argv.push('--chars', '20000000');
const { generatePage } = await import('./page_bench.mjs');
const FRAMES = opt('frames', 120);
const RUNS = opt('runs', 2);
const COMPARE = args.includes('--compare') ? path.resolve(args[args.indexOf('--compare') + 1]) : null;

/** In the page: highlight (unless `highlight` is false), then scroll; frame times and long tasks. */
const SCROLL_IN_PAGE = async ({ highlight, frames }) => {
  await window.bench.ready;
  void document.body.offsetHeight;
  await new Promise((r) => setTimeout(r, 200));
  const longTasks = [];
  const po = new PerformanceObserver((l) => { for (const e of l.getEntries()) longTasks.push(e.duration); });
  po.observe({ type: 'longtask' });
  const nextFrame = () => new Promise((r) => requestAnimationFrame(r));
  let c = null;
  let passMs = 0;
  let passLongTasks = [];
  if (highlight) {
    const t0 = performance.now();
    c = window.bench.highlight(document.body, { matcher: window.bench.matcher, cards: false, shortcuts: false, observe: false });
    await c.ready;
    await nextFrame();
    await nextFrame();
    passMs = performance.now() - t0;
    passLongTasks = longTasks.splice(0);
  }
  const nearBefore = c?.stats.near ? { ...c.stats.near } : null;
  // Scroll from a third of the way down, 150 px a frame, timing each frame.
  window.scrollTo(0, Math.floor(document.documentElement.scrollHeight / 3));
  await nextFrame();
  await nextFrame();
  const times = [];
  let last = await nextFrame();
  for (let i = 0; i < frames; i += 1) {
    window.scrollBy(0, 150);
    const t = await nextFrame();
    times.push(t - last);
    last = t;
  }
  await new Promise((r) => setTimeout(r, 100));
  const scrollLongTasks = longTasks.splice(0);
  let near = null;
  if (nearBefore) {
    const after = c.stats.near;
    near = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - nearBefore[k]]));
  }
  const hits = c ? c.hits.length : 0;
  let clearFrameMs = 0;
  let clearLongTasks = [];
  if (c) {
    const t0 = performance.now();
    c.clear();
    await nextFrame();
    await new Promise((r) => setTimeout(r, 0));
    clearFrameMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 100));
    clearLongTasks = longTasks.splice(0);
  }
  // Highlighted again after clear() (a reader turning it back on, new options): a second pass.
  let againMs = 0;
  let againLongTasks = [];
  if (c) {
    const t0 = performance.now();
    const again = window.bench.highlight(document.body, { matcher: window.bench.matcher, cards: false, shortcuts: false, observe: false });
    await again.ready;
    await nextFrame();
    await nextFrame();
    againMs = performance.now() - t0;
    againLongTasks = longTasks.splice(0);
    again.clear();
  }
  po.disconnect();
  return {
    times, scrollLongTasks, passMs, passLongTasks, clearFrameMs, clearLongTasks, near, hits, againMs, againLongTasks,
  };
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
};
const round = (x) => Math.round(x * 10) / 10;

async function main() {
  if (!fs.existsSync(path.join(REPO, 'dist', 'chiplight.mjs'))) throw new Error('dist/chiplight.mjs is missing: build the wasm target first');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-scroll-bench-'));
  const { html, chars } = generatePage();
  fs.writeFileSync(path.join(tmp, 'page.html'), html);
  if (COMPARE) fs.writeFileSync(path.join(tmp, 'compare.html'), generatePage('/compare/index.js').html);
  console.log(`page: ${chars} characters of text (${(Buffer.byteLength(html) / 1e6).toFixed(1)} MB of HTML); ${FRAMES} frames of scrolling, ${RUNS} runs of each`);
  const server = await startServer({ '/': REPO, '/bench-page/': tmp, ...(COMPARE ? { '/compare/': COMPARE } : {}) });
  const browser = await launch();
  const results = { without: [], chiplight: [], compare: [] };
  try {
    const run = async (kind) => {
      const page = await browser.context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.origin}/bench-page/${kind === 'compare' ? 'compare' : 'page'}.html`, { timeout: 300000 });
      await page.waitForFunction(() => window.bench && window.bench.ready, null, { timeout: 300000 });
      const r = await page.evaluate(SCROLL_IN_PAGE, { highlight: kind !== 'without', frames: FRAMES });
      await page.close();
      if (errors.length) throw new Error(`${kind}: ${errors.join('; ')}`);
      results[kind].push(r);
      const long = r.scrollLongTasks;
      console.log(`${kind.padEnd(9)} median frame ${round(median(r.times))} ms, ${r.times.filter((t) => t > 50).length}/${r.times.length} frames over 50 ms, `
        + `${long.length} long tasks scrolling (longest ${round(Math.max(0, ...long))} ms)`
        + (kind === 'without' ? '' : `; pass ${Math.round(r.passMs)} ms, ${r.hits} hits, ${r.passLongTasks.length} long tasks (longest ${round(Math.max(0, ...r.passLongTasks))} ms); `
          + `clear() to next frame ${round(r.clearFrameMs)} ms, ${r.clearLongTasks.length} long tasks (${r.clearLongTasks.map(Math.round).join(', ')} ms); `
          + `highlighted again: ${Math.round(r.againMs)} ms, ${r.againLongTasks.length} long tasks (longest ${round(Math.max(0, ...r.againLongTasks))} ms); near-screen work while scrolling ${JSON.stringify(r.near)}`));
    };
    const kinds = COMPARE ? ['without', 'chiplight', 'compare'] : ['without', 'chiplight'];
    for (let i = 0; i < RUNS; i += 1) for (const kind of (i % 2 ? [...kinds].reverse() : kinds)) await run(kind);
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const frames = (kind) => results[kind].flatMap((r) => r.times);
  const summary = { chars, frames: FRAMES, runs: RUNS, load: os.loadavg()[0] };
  for (const kind of Object.keys(results)) {
    if (!results[kind].length) continue;
    const f = frames(kind);
    summary[`${kind}_median_frame_ms`] = round(median(f));
    summary[`${kind}_frames_over_50ms`] = f.filter((t) => t > 50).length;
    summary[`${kind}_scroll_long_tasks`] = results[kind].reduce((n, r) => n + r.scrollLongTasks.length, 0);
    if (kind !== 'without') {
      summary[`${kind}_vs_without`] = round(median(f) / median(frames('without')) * 100) / 100;
      summary[`${kind}_pass_longest_task_ms`] = round(Math.max(0, ...results[kind].flatMap((r) => r.passLongTasks)));
      summary[`${kind}_clear_frame_ms`] = round(median(results[kind].map((r) => r.clearFrameMs)));
      summary[`${kind}_clear_long_tasks`] = results[kind].reduce((n, r) => n + r.clearLongTasks.length, 0);
      summary[`${kind}_clear_longest_task_ms`] = round(Math.max(0, ...results[kind].flatMap((r) => r.clearLongTasks)));
      summary[`${kind}_again_pass_ms`] = round(median(results[kind].map((r) => r.againMs)));
      summary[`${kind}_again_longest_task_ms`] = round(Math.max(0, ...results[kind].flatMap((r) => r.againLongTasks)));
    }
  }
  console.log(`scrolling with Chiplight / without, median frame: ${summary.chiplight_vs_without}x (target 1.2x)`
    + (COMPARE ? `; with ${COMPARE}: ${summary.compare_vs_without}x` : ''));
  summary.target_met = summary.chiplight_vs_without <= 1.2;
  console.log(JSON.stringify(summary));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
