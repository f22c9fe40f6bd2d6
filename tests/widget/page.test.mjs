// The widget on a news page, as a site adds it (one <script> tag): where it highlights, its
// summary, its event, what it leaves alone (globals, the page's script, other origins) and that
// nothing moves. Headless Chromium, the built dist/widget/. One CTest entry per test().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  glossaryRequests, sleep, SUMMARY_ROOT, useWidgetBrowser, waitForHighlights, widgetBuild, widgetDone,
} from './lib.mjs';

const env = useWidgetBrowser();

/** Every hit of every root, from the controllers: { text, category, in } (in: the block's id). */
const allHits = (page) => page.evaluate(async () => (await window.Chiplight.controllers).flatMap((c) => c.hits.map((h) => ({
  text: h.text, category: h.category, in: h.range.startContainer.parentElement.closest('[id]')?.id ?? null,
}))));

test('highlights inside the chosen root only', async () => {
  const page = await env.open('news');
  assert.equal(await widgetDone(page), 1, 'one root: the <article>');
  const hits = await allHits(page);
  const inStory = await page.evaluate((ids) => ids.map((id) => Boolean(document.getElementById(id)?.closest('#story'))), hits.map((h) => h.in));
  assert.ok(hits.length >= 10, `the article's terms are found (${hits.length})`);
  assert.ok(inStory.every(Boolean), 'every hit is inside the article');
  for (const term of ['H100', 'A100', 'Amazon Web Services', 'Alibaba Cloud']) {
    assert.ok(hits.some((h) => h.text === term), `${term} found in the article`);
  }
  // What is drawn: the article's terms, never the navigation, the aside or the footer (which name
  // H100, AWS, Azure, Huawei Ascend 910B, H200 too).
  const drawn = await waitForHighlights(page, (seen) => seen.some((h) => h.text === 'H100'));
  assert.ok(drawn.every((h) => ['story', 'headline', 'p1', 'p2', 'p3', 'p4'].includes(h.in)), JSON.stringify(drawn));
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('#nav *, #related *, #footer *')].length), 0, 'no element added outside the article');
  await page.close();
});

test('the summary line in the placeholder opens the summary panel', async () => {
  const page = await env.open('news');
  await widgetDone(page);
  const summary = await page.evaluate(`(() => {
    const root = ${SUMMARY_ROOT};
    return { inPlaceholder: root.host.parentElement.id, line: root.querySelector('button.line').textContent,
             expanded: root.querySelector('button.line').getAttribute('aria-expanded') };
  })()`);
  assert.equal(summary.inPlaceholder, 'chiplight-summary');
  const counts = await page.evaluate(async () => {
    const [c] = await window.Chiplight.controllers;
    const distinct = (cat) => new Set(c.entries.filter((e) => e.category === cat && !(cat === 'chip' && e.kind === 'vendor')).map((e) => e.id)).size;
    return { chip: distinct('chip'), cloud: distinct('cloud'), verdict: c.verdict.verdict };
  });
  assert.match(summary.line, new RegExp(`^${counts.chip} controlled chips · ${counts.cloud} cloud providers? · `));
  assert.ok(['moderate', 'strong'].includes(counts.verdict), 'the fixture shows the cloud-access pattern');
  assert.match(summary.line, /cloud-access pattern$/);
  assert.equal(summary.expanded, 'false');
  const { files } = widgetBuild();
  const panelChunk = files.onDemandChunks.find((name) => name.startsWith('widget-summary-panel-'));
  const panelFetched = () => page.requests.some((u) => u.endsWith(`/js/chiplight/${panelChunk}`));
  assert.equal(panelFetched(), false, 'the panel\'s code waits for the first click');
  await page.evaluate(`(${SUMMARY_ROOT}).querySelector('button.line').click()`);
  // The panel's code is a chunk fetched on that first click: the panel opens when it is in.
  await page.waitForFunction(`!(${SUMMARY_ROOT}).querySelector('.panel').hidden`);
  assert.equal(panelFetched(), true);
  const panel = await page.evaluate(`(() => {
    const box = (${SUMMARY_ROOT}).querySelector('.panel');
    const inner = window.__closedRoots.find((r) => box.contains(r.host));
    return { hidden: box.hidden, text: inner?.textContent ?? '' };
  })()`);
  assert.equal(panel.hidden, false, 'the panel is open');
  assert.match(panel.text, /Nvidia H100/, 'the panel lists the entries');
  assert.match(panel.text, /Amazon Web Services/);
  await page.close();
});

test('chiplight:highlighted on the root carries the counts and the verdict', async () => {
  const page = await env.open('news');
  await widgetDone(page);
  await sleep(100);
  const { events, counts, verdict } = await page.evaluate(async () => {
    const [c] = await window.Chiplight.controllers;
    return { events: window.__widgetEvents, counts: c.counts, verdict: c.verdict.verdict };
  });
  assert.equal(events.length, 1, 'one event for one root');
  assert.equal(events[0].target, 'story', 'dispatched on the root');
  assert.equal(events[0].detail.reason, 'ready');
  assert.deepEqual(events[0].detail.counts, counts);
  assert.equal(events[0].detail.verdict, verdict);
  // The counts are the page's: one per mention drawn in the article, by category.
  const hits = await page.evaluate(async () => (await window.Chiplight.controllers)[0].hits.map((h) => h.category));
  for (const category of ['chip', 'cloud', 'intermediary', 'regulation']) {
    assert.equal(events[0].detail.counts[category], hits.filter((c) => c === category).length, category);
  }
  assert.equal(events[0].detail.counts.total, hits.length);
  assert.ok(events[0].detail.entries.some((e) => e.id && e.label && e.count > 0), 'entries with their counts');
  await page.close();
});

test('no global other than window.Chiplight', async () => {
  // The same page with the widget's tag answered by an empty script: what the page itself defines.
  const bare = await env.open('news', {
    beforeLoad: (p) => p.route('**/js/chiplight/widget.js', (route) => route.fulfill({ contentType: 'text/javascript', body: '' })),
  });
  await bare.waitForLoadState('load');
  const baseline = await bare.evaluate(() => Object.getOwnPropertyNames(window));
  await bare.close();
  const page = await env.open('news');
  await widgetDone(page);
  const after = await page.evaluate(() => Object.getOwnPropertyNames(window));
  assert.deepEqual(after.filter((name) => !baseline.includes(name)), ['Chiplight']);
  await page.close();
});

test('nothing is requested from another origin, and the glossary waits for the first card', async () => {
  const page = await env.open('news');
  await widgetDone(page);
  await sleep(300);
  const origin = env.server.origin;
  assert.deepEqual(page.requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:')), []);
  const { files } = widgetBuild();
  const loaded = page.requests.filter((u) => u.startsWith(`${origin}/js/chiplight/`)).map((u) => u.slice(`${origin}/js/chiplight/`.length));
  assert.deepEqual(loaded.sort(), ['widget.js', files.module, ...files.firstLoadChunks, files.worker, files.wasm].sort(), 'before any card: the tag, the module (and its chunks), its worker and the .wasm');
  assert.deepEqual(glossaryRequests(page), []);
  await page.close();
});

test('the page\'s own script keeps running and nothing on the page moves (layout shift 0)', async () => {
  const page = await env.open('news', {
    beforeLoad: (p) => p.addInitScript(() => {
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__shifts.push({ value: e.value, recent: e.hadRecentInput });
      }).observe({ type: 'layout-shift', buffered: true });
    }),
  });
  const ticksBefore = await page.evaluate(() => window.pageTicks);
  await widgetDone(page);
  await waitForHighlights(page, (seen) => seen.length > 0);
  await sleep(500);
  const { shifts, ticks, count } = await page.evaluate(() => ({
    shifts: window.__shifts, ticks: window.pageTicks, count: document.getElementById('count').textContent,
  }));
  assert.ok(ticks > ticksBefore && count === String(ticks), 'the page\'s timer still updates its counter');
  assert.deepEqual(shifts, [], 'no layout shift at all');
  await page.close();
});

test('where no worker may start (worker-src \'none\'), the matcher runs on the page and the article is highlighted', async () => {
  // The same page and files, from a server that forbids workers (and allows WebAssembly).
  const { startServer } = await import('../browser/lib.mjs');
  const { FIXTURES, WIDGET_DIR } = await import('./lib.mjs');
  const server = await startServer({ '/': FIXTURES, '/js/chiplight/': WIDGET_DIR }, {
    headers: () => ({ 'content-security-policy': "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; worker-src 'none'" }),
  });
  try {
    const page = await env.browser.context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${server.origin}/news.html`);
    assert.equal(await widgetDone(page), 1);
    const hits = await page.evaluate(async () => (await window.Chiplight.controllers)[0].hits.map((h) => h.text));
    assert.ok(hits.includes('H100') && hits.includes('Amazon Web Services'), JSON.stringify(hits));
    const { files } = widgetBuild();
    assert.ok(requests.some((u) => u.endsWith(`/${files.matcher}`)), 'the matcher\'s API loaded for the page');
    await page.close();
  } finally {
    await server.close();
  }
});

test('a second article costs no download: the content-hashed files come from the browser\'s cache', async () => {
  // Served as docs/widget.md advises: hashed files immutable for a year, widget.js revalidated.
  const { startServer } = await import('../browser/lib.mjs');
  const { FIXTURES, WIDGET_DIR } = await import('./lib.mjs');
  const served = [];
  const server = await startServer({ '/': FIXTURES, '/js/chiplight/': WIDGET_DIR }, {
    headers: (pathname) => {
      served.push(pathname);
      return /-[0-9a-f]{12}\.(mjs|wasm|json)$/.test(pathname) ? { 'cache-control': 'public, max-age=31536000, immutable' } : {};
    },
  });
  try {
    const { files } = widgetBuild();
    const widgetFiles = () => served.filter((p) => p.startsWith('/js/chiplight/')).map((p) => p.slice('/js/chiplight/'.length));
    const first = await env.browser.context.newPage();
    await first.goto(`${server.origin}/news.html`);
    await widgetDone(first);
    await first.close();
    assert.deepEqual(widgetFiles().sort(), ['widget.js', files.module, ...files.firstLoadChunks, files.worker, files.wasm].sort());
    served.length = 0;
    const second = await env.browser.context.newPage();
    await second.goto(`${server.origin}/news.html?another`); // another article with the same tag
    assert.equal(await widgetDone(second), 1);
    assert.ok((await second.evaluate(async () => (await window.Chiplight.controllers)[0].hits.length)) > 0);
    await second.close();
    assert.deepEqual(widgetFiles(), ['widget.js'], 'only the tag\'s loader is asked for again');
  } finally {
    await server.close();
  }
});
