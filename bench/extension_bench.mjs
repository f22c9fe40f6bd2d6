#!/usr/bin/env node
// Extension benchmark (not a test): the unpacked Chrome build (dist/extension/chrome/) in headless
// Chromium, on two generated pages served from 127.0.0.1: a news article with about 100 KB of
// text and a 2 MB page. For each page:
//
//   first highlight, cold   DOMContentLoaded to the first of our ranges in CSS.highlights, with
//                           the service worker stopped before the page loads (it starts, loads
//                           the matcher and builds it while the page waits)
//   first highlight, warm   the same with the worker running and its matcher built
//   first pass done         DOMContentLoaded to the content script's `ready` (every hit drawn)
//   longest task            the longest task on the page's main thread (PerformanceObserver
//                           'longtask' reports those over 50 ms; the page itself runs no script)
//   heap added              the tab's JS heap (CDP Runtime.getHeapUsage, after a GC) with the
//                           extension minus the same page without it
//   worker memory           the matcher's WebAssembly memory in the worker (memoryUsage())
//
// Runs --runs times (median). The last line is one JSON object with the figures.
//
//   node bench/extension_bench.mjs [--runs 5]
/* global chrome */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, startServer, REPO } from '../tests/browser/lib.mjs';
import { launchExtension, openExtensionPage, sleep } from '../tests/extension/lib.mjs';

const args = process.argv.slice(2);
const RUNS = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;

const samples = ['en-news.txt', 'none.txt', 'zh-hans-tender.txt', 'zh-hant-tender.txt']
  .map((f) => fs.readFileSync(path.join(REPO, 'web', 'demo', 'samples', f), 'utf8'));
const paragraphs = samples.flatMap((s) => s.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p.length > 40));
const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

/** A page like a news site's: header, nav, the article's paragraphs (some with links), a sidebar. */
function generatePage(title, textChars, head = '') {
  const body = [];
  let chars = 0;
  for (let i = 0; chars < textChars; i += 1) {
    const p = paragraphs[(i * 7) % paragraphs.length];
    const html = i % 5 === 0 ? `<a href="#s${i}">${escapeHtml(p.slice(0, 40))}</a>${escapeHtml(p.slice(40))}` : escapeHtml(p);
    body.push(`<p>${html}</p>`);
    chars += p.length;
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title>
<style>body{font:16px/1.5 Georgia,serif;max-width:720px;margin:auto} nav a{margin-right:1em}</style>${head}</head>
<body><header><h1>${title}</h1><nav><a href="#">World</a><a href="#">Business</a><a href="#">Technology</a></nav></header>
<article>${body.join('\n')}</article><aside><h2>Most read</h2><ul><li>Markets close higher</li><li>Weather</li></ul></aside>
<footer>© News</footer></body></html>`;
}

// In every page before its scripts: when DOMContentLoaded fired, when the first range of ours
// appeared in CSS.highlights (checked on every task turn), and long tasks.
const PROBE = () => {
  window.__bench = { dcl: 0, first: 0, longest: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longest = Math.max(window.__bench.longest, e.duration);
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('DOMContentLoaded', () => {
    window.__bench.dcl = performance.now();
    const check = () => {
      for (const [name, h] of CSS.highlights) {
        if (name.startsWith('chiplight-') && h.size > 0) {
          window.__bench.first = performance.now();
          return;
        }
      }
      setTimeout(check, 0);
    };
    check();
  });
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function heapOf(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

async function stopWorker(context, extensionId) {
  const options = await openExtensionPage(context, extensionId, 'pages/popup.html');
  const cdp = await context.newCDPSession(options);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await sleep(300);
  await options.close();
}

async function measure(context, url, extensionId, { cold }) {
  if (cold) await stopWorker(context, extensionId);
  const page = await context.newPage();
  await page.addInitScript(PROBE);
  await page.goto(url);
  await page.waitForFunction(() => window.__bench.first > 0, null, { timeout: 60000 });
  // The first pass is done when the content script says so (asked from the worker, as the popup does).
  const worker = context.serviceWorkers().at(-1);
  let done = 0;
  let state = null;
  for (let i = 0; i < 1000 && !done; i += 1) {
    state = await worker.evaluate(async () => {
      for (const t of await chrome.tabs.query({})) {
        try {
          const s = await chrome.tabs.sendMessage(t.id, { type: 'state' }, { frameId: 0 });
          if (s && !s.scanning && s.counts && !s.verdict.pending) return s;
        } catch {
          // a tab without our content script
        }
      }
      return null;
    }).catch(() => null);
    if (state) done = await page.evaluate(() => performance.now() - window.__bench.dcl);
    else await sleep(20);
  }
  await sleep(200);
  const bench = await page.evaluate(() => window.__bench);
  const heap = await heapOf(context, page);
  await page.close();
  const t = state.timing;
  const steps = {
    scriptStart: t.scriptStart - bench.dcl, settings: t.settingsLoaded - t.scriptStart, matcher: t.matcherReady - t.settingsLoaded,
    firstPass: t.ready - t.matcherReady, matchMs: state.stats.matchMs, workMs: state.stats.workMs, slices: state.stats.slices,
    longestSliceMs: state.stats.longestSliceMs,
  };
  return { first: bench.first - bench.dcl, done, longest: bench.longest, heap, steps };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-ext-bench-'));
  fs.writeFileSync(path.join(dir, 'article.html'), generatePage('Chinese labs and cloud chips', 100_000));
  fs.writeFileSync(path.join(dir, 'big.html'), generatePage('A very long page', 2_000_000));
  // The baseline, in the same run: the page highlighter and the ES matcher build loaded by the
  // page itself (no extension, no messages), as a site embedding Chiplight would.
  const inPage = `<script type="module">
import { createMatcher } from '/dist/chiplight.mjs';
import { highlight } from '/dist/chiplight-highlighter.mjs';
createMatcher().then((matcher) => { window.__controller = highlight(document, { matcher }); });
</script>`;
  fs.writeFileSync(path.join(dir, 'article-inpage.html'), generatePage('Chinese labs and cloud chips', 100_000, inPage));
  fs.writeFileSync(path.join(dir, 'big-inpage.html'), generatePage('A very long page', 2_000_000, inPage));
  const server = await startServer({ '/': dir, '/dist/': process.env.CHIPLIGHT_DIST || path.join(REPO, 'dist') });
  const results = {};
  try {
    // Heap of each page without the extension, for the difference.
    const plain = await launch();
    const baseline = {};
    for (const name of ['article', 'big']) {
      const page = await plain.context.newPage();
      await page.goto(`${server.origin}/${name}.html`);
      await sleep(500);
      baseline[name] = await heapOf(plain.context, page);
      await page.close();
      const firsts = [];
      const dones = [];
      for (let i = 0; i < RUNS; i += 1) {
        const own = await plain.context.newPage();
        await own.addInitScript(PROBE);
        await own.goto(`${server.origin}/${name}-inpage.html`);
        await own.waitForFunction(() => window.__bench.first > 0 && window.__controller, null, { timeout: 60000 });
        await own.evaluate(() => window.__controller.ready);
        firsts.push(await own.evaluate(() => window.__bench.first - window.__bench.dcl));
        dones.push(await own.evaluate(() => performance.now() - window.__bench.dcl));
        await own.close();
      }
      baseline[`${name}InPage`] = { firstHighlightMs: Math.round(median(firsts)), firstPassMs: Math.round(median(dones)) };
    }
    await plain.close();

    const env = await launchExtension();
    for (const name of ['article', 'big']) {
      const url = `${server.origin}/${name}.html`;
      const cold = [];
      const warm = [];
      for (let i = 0; i < RUNS; i += 1) {
        cold.push(await measure(env.context, url, env.extensionId, { cold: true }));
        warm.push(await measure(env.context, url, env.extensionId, { cold: false }));
      }
      const all = [...cold, ...warm];
      results[name] = {
        inPageBaseline: baseline[`${name}InPage`],
        textKB: Math.round(fs.statSync(path.join(dir, `${name}.html`)).size / 1024),
        firstHighlightColdMs: Math.round(median(cold.map((r) => r.first))),
        firstHighlightWarmMs: Math.round(median(warm.map((r) => r.first))),
        firstPassColdMs: Math.round(median(cold.map((r) => r.done))),
        firstPassWarmMs: Math.round(median(warm.map((r) => r.done))),
        longestTaskMs: Math.round(Math.max(...all.map((r) => r.longest))),
        heapAddedMB: +((median(all.map((r) => r.heap)) - baseline[name]) / 1048576).toFixed(2),
        // Where the time goes (medians; ms): the content script's start after DOMContentLoaded,
        // reading the settings, getting the matcher (cold: the worker starts and builds it), the
        // first pass; inside the pass, the time waiting for the matcher and our own work.
        cold: Object.fromEntries(Object.keys(cold[0].steps).map((k) => [k, Math.round(median(cold.map((r) => r.steps[k])))])),
        warm: Object.fromEntries(Object.keys(warm[0].steps).map((k) => [k, Math.round(median(warm.map((r) => r.steps[k])))])),
      };
      console.log(name, JSON.stringify(results[name]));
    }
    const popup = await openExtensionPage(env.context, env.extensionId, 'pages/popup.html');
    const diag = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'diagnostics' }));
    results.worker = { wasmMemoryMB: +(diag.wasmMemory / 1048576).toFixed(2), heapInUseMB: +(diag.heapInUse / 1048576).toFixed(2) };
    console.log('worker', JSON.stringify(results.worker));
    await env.close();
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(results));
}

await main();
