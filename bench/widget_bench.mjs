#!/usr/bin/env node
// Widget benchmark (not a test). The fixture article (tests/widget/fixtures/news.html) with the
// widget's tag and without it (the tag answered by an empty script), in one headless Chromium
// run, interleaved (with, without, without, with, ...), each on a fresh page with 4x CPU
// throttling (Chromium's, a mid-range phone's profile):
//
//   first-load bytes   what the page fetched of the widget before any card, gzipped (level 9)
//   LCP                largest contentful paint (ms after navigation)
//   CLS                layout shift, all of it (no input happens)
//   TBT                total blocking time: the part over 50 ms of every long task, from
//                      navigation until 2 s after the widget's event (or after load, without it)
//   highlights         ms after navigation until `chiplight:highlighted` (the highlights drawn)
//
// Medians of --runs pages each; the difference with minus without is the widget's cost. The
// widget is the built dist/widget/ (cmake --build --preset ci --target widget, or
// node web/widget/build.mjs --no-size-check while it is over budget).
//
//   node bench/widget_bench.mjs [--runs 5] [--throttle 4]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launch, REPO, startServer } from '../scripts/lib/browser.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : def);
const RUNS = opt('runs', 5);
const THROTTLE = opt('throttle', 4);
const WIDGET_DIR = path.join(REPO, 'dist', 'widget');
const FIXTURES = path.join(REPO, 'tests', 'widget', 'fixtures');
if (!fs.existsSync(path.join(WIDGET_DIR, 'widget.js'))) throw new Error(`${WIDGET_DIR} is missing: build the widget first`);

/** Installed before the page's scripts: LCP, layout shifts, long tasks, and the widget's event. */
function observe() {
  window.__bench = { lcp: 0, cls: 0, longTasks: [], highlighted: null };
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.lcp = e.startTime; })
    .observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.cls += e.value; })
    .observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.longTasks.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });
  document.addEventListener('chiplight:highlighted', () => { window.__bench.highlighted ??= performance.now(); });
}

async function measure(context, origin, withWidget) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  const fetched = [];
  page.on('request', (r) => { if (r.url().startsWith(`${origin}/js/chiplight/`)) fetched.push(r.url().slice(`${origin}/js/chiplight/`.length)); });
  if (!withWidget) await page.route('**/js/chiplight/widget.js', (route) => route.fulfill({ contentType: 'text/javascript', body: '' }));
  await page.addInitScript(observe);
  await page.goto(`${origin}/news.html`, { waitUntil: 'load' });
  if (withWidget) await page.waitForFunction(() => window.__bench.highlighted !== null, null, { timeout: 120000 });
  await page.waitForTimeout(2000); // long tasks after the event (drawing, the summary)
  const b = await page.evaluate(() => ({ ...window.__bench, load: performance.getEntriesByType('navigation')[0].loadEventEnd }));
  await page.close();
  const end = (withWidget ? b.highlighted : b.load) + 2000;
  const tbt = b.longTasks.filter(([start]) => start < end).reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0);
  const bytes = withWidget ? fetched.reduce((sum, name) => sum + zlib.gzipSync(fs.readFileSync(path.join(WIDGET_DIR, name)), { level: 9 }).length, 0) : 0;
  return { bytes, lcp: b.lcp, cls: b.cls, tbt, highlights: withWidget ? b.highlighted : null, files: fetched };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const server = await startServer({ '/': FIXTURES, '/js/chiplight/': WIDGET_DIR });
const browser = await launch({ viewport: { width: 412, height: 915 } });
const results = { with: [], without: [] };
try {
  for (let i = 0; i < RUNS; i += 1) {
    const order = i % 2 ? [false, true] : [true, false];
    for (const w of order) results[w ? 'with' : 'without'].push(await measure(browser.context, server.origin, w));
  }
} finally {
  await browser.close();
  await server.close();
}
const summary = {};
for (const key of ['with', 'without']) {
  const runs = results[key];
  summary[key] = {
    bytes: median(runs.map((r) => r.bytes)),
    lcp: median(runs.map((r) => r.lcp)),
    cls: Math.max(...runs.map((r) => r.cls)),
    tbt: median(runs.map((r) => r.tbt)),
    highlights: key === 'with' ? median(runs.map((r) => r.highlights)) : null,
  };
}
const f = (x) => (x === null ? '-' : x.toFixed(x < 1 && x > 0 ? 4 : 0));
console.log(`Fixture article, Chromium headless, ${THROTTLE}x CPU throttling, ${RUNS} pages each (medians; CLS: the largest)`);
console.log('                 first-load gzip   LCP ms   CLS      TBT ms   highlights ms');
for (const key of ['without', 'with']) {
  const s = summary[key];
  console.log(`${key === 'with' ? 'with widget   ' : 'without widget'}   ${String(s.bytes).padStart(14)}   ${f(s.lcp).padStart(6)}   ${f(s.cls).padEnd(6)}   ${f(s.tbt).padStart(6)}   ${f(s.highlights).padStart(13)}`);
}
console.log(`widget's cost: LCP ${f(summary.with.lcp - summary.without.lcp)} ms, TBT ${f(summary.with.tbt - summary.without.tbt)} ms, CLS ${f(summary.with.cls - summary.without.cls)}`);
console.log(`files before any card: ${results.with[0].files.join(', ')}`);
console.log(JSON.stringify({ throttle: THROTTLE, runs: RUNS, ...summary }));
