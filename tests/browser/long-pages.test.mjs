// Long pages: one huge block (a <pre>) scanned in windows, in both drawing modes and with an
// asynchronous matcher, and a big page of many blocks, all sliced. Their own CTest entry (with
// a longer timeout) because laying out a megabyte-sized block is the browser's slowest work.
// Headless Chromium, the real WebAssembly matcher and lexicon.
/* global virtualClock, mislaidHits -- page helpers defined by PAGE_HELPERS */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  assertNoProblems, openFixture, REPO, useBrowserPage,
} from './lib.mjs';
import { PAGE_HELPERS } from './page-helpers.mjs';

let server;
let page;

useBrowserPage((env) => {
  ({ server, page } = env);
});

const noProblems = () => assertNoProblems(page);

describe('long pages', () => {
  // In wrap mode each slice's marks make the browser lay out the whole block again (the page's
  // cost of one huge block: about 12 s of frames for 1.5 MB here), so a smaller one, still
  // scanned in many windows.
  for (const [mode, size, label] of [['highlight', 1500000, '1.5 MB'], ['wrap', 400000, '400 KB']]) {
    it(`one huge block (a ${label} <pre>) is scanned in windows: sliced, the same hits as one scan, each hit's range its text (${mode})`, async () => {
      await openFixture(page, server.origin, 'dynamic');
      await page.evaluate(PAGE_HELPERS);
      const r = await page.evaluate(async ({ mode, size }) => {
        const parts = [];
        let length = 0;
        const add = (text) => {
          parts.push(text);
          length += text.length;
        };
        for (let i = 0; length < size; i += 1) {
          add(`Line ${i}: the tender lists servers and storage for the data centre. `);
          if (i % 7 === 0) add('Bidders may offer Nvidia H100 GPUs on AWS through an intermediary. ');
          if (i % 11 === 0) add('本项目通过代理商租用阿里云算力。');
        }
        const pre = document.createElement('pre');
        const text = parts.join('');
        pre.textContent = text;
        const original = pre.firstChild;
        document.getElementById('app').appendChild(pre);
        await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 50)));
        const clock = virtualClock(0.5);
        const c = cl.highlight(document.body, { matcher: clock.matcher, mode, sliceMs: 8 });
        await c.ready;
        clock.restore();
        const expected = cl.matcher.scan(text).map((m) => `${m.start}:${m.id}:${text.slice(m.start, m.end)}`);
        // Offsets in the pre's text, whatever text nodes hold it now (marks in wrap mode).
        const base = new Map();
        const w = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
        for (let n = w.nextNode(), at = 0; n; n = w.nextNode()) {
          base.set(n, at);
          at += n.data.length;
        }
        // Offsets from each hit's pieces (its text nodes), not its live Range (mislaidHits).
        const inPre = c.hits.filter((h) => pre.contains(h.pieces[0].node));
        const got = inPre.map((h) => `${base.get(h.pieces[0].node) + h.pieces[0].start}:${h.id}:${h.text}`);
        const wrong = mislaidHits(inPre);
        const marks = pre.querySelectorAll('chiplight-mark').length;
        window.big = { c, pre, original, text };
        return {
          mode: c.mode, same: JSON.stringify(got) === JSON.stringify(expected), n: got.length, expected: expected.length, wrong, marks, stats: c.stats, longestCall: clock.longestCall,
        };
      }, { mode, size });
      // The live Ranges of the sample above: collected before clear() puts nodes back.
      await (await page.context().newCDPSession(page)).send('HeapProfiler.collectGarbage');
      r.restored = await page.evaluate(() => {
        const { c, pre, original, text } = window.big;
        c.clear();
        const restored = pre.childNodes.length === 1 && pre.firstChild === original && original.data === text;
        pre.remove();
        delete window.big;
        return restored;
      });
      assert.equal(r.mode, mode);
      assert.ok(r.expected > 1000, `${r.expected} hits expected`);
      assert.equal(r.n, r.expected);
      assert.equal(r.same, true, 'hits at the same offsets as one scan of the whole text');
      assert.equal(r.wrong, 0, `${r.wrong} of ${r.n} hits have a range that is not their text`);
      if (mode === 'wrap') assert.equal(r.marks, r.n, 'every hit wrapped, in every window');
      assert.equal(r.restored, true, 'clear() leaves the one original text node with its text');
      assert.ok(r.stats.batches > 10, `the block is scanned in windows (${r.stats.batches} matcher calls)`);
      assert.ok(r.stats.slices > 3, 'windows of the block are scanned in separate slices');
      // A slice ends before a scan that would overrun it, or right after the one that does
      // (times on the virtual clock: scans alone take time). The browser's layout of the whole
      // block after each slice of marks is the page's own cost; bench/page_bench.mjs measures
      // real tasks.
      assert.ok(r.stats.longestSliceMs < 8 + r.longestCall, `longest slice ${r.stats.longestSliceMs} ms, longest scan ${r.longestCall} ms`);
      noProblems();
    });
  }

  it('wrap mode, an asynchronous matcher and one huge block: every window wrapped once, no rescans', async () => {
    await openFixture(page, server.origin, 'dynamic');
    await page.evaluate(PAGE_HELPERS);
    const r = await page.evaluate(async () => {
      const m = cl.matcher;
      const remote = {
        scan: (t) => new Promise((resolve) => setTimeout(() => resolve(m.scan(t)), 1)),
        entry: (id) => m.entry(id),
        categories: m.categories, contextMargin: m.contextMargin, blockSeparator: m.blockSeparator,
      };
      const line = 'Bidders may offer Nvidia H100 GPUs on AWS through an intermediary. Line of plain text. ';
      const text = line.repeat(Math.ceil(60000 / line.length));
      const pre = document.createElement('pre');
      pre.textContent = text;
      document.getElementById('app').appendChild(pre);
      const c = cl.highlight(pre, { matcher: remote, mode: 'wrap' });
      const reasons = [];
      c.addEventListener('change', (e) => reasons.push(e.detail.reason));
      await c.ready;
      await new Promise((done) => setTimeout(done, 500)); // any rescan would be done by now
      const expected = m.scan(text).map((x) => `${x.id}:${text.slice(x.start, x.end)}`);
      const res = {
        hits: c.hits.map((h) => `${h.id}:${h.text}`),
        expected,
        wrong: mislaidHits(c.hits),
        marks: pre.querySelectorAll('chiplight-mark').length,
        batches: c.stats.batches,
        reasons,
      };
      c.clear();
      res.restored = pre.childNodes.length === 1 && pre.firstChild.data === text;
      pre.remove();
      return res;
    });
    assert.deepEqual(r.reasons, ['scan'], 'no rescan of the block: our own marks are not a change of the page');
    assert.ok(r.expected.length > 500);
    assert.deepEqual(r.hits, r.expected);
    assert.equal(r.wrong, 0);
    assert.equal(r.marks, r.expected.length);
    assert.ok(r.batches > 3, `scanned in windows (${r.batches} matcher calls)`);
    assert.equal(r.restored, true);
    noProblems();
  });

  it('big page: work is sliced (no slice runs on past its time by more than one scan) and every block is found', async () => {
    await openFixture(page, server.origin, 'dynamic');
    await page.evaluate(PAGE_HELPERS);
    const r = await page.evaluate(async () => {
      const app = document.getElementById('app');
      const words = 'The committee reviewed procurement records and budgets for the new data centre in detail';
      const frag = document.createDocumentFragment();
      for (let i = 0; i < 3000; i += 1) {
        const p = document.createElement('p');
        p.textContent = `${words} ${i}. ${i % 10 === 0 ? 'Bidders offered <AWS> access to A100 servers via an intermediary.' : words}`;
        frag.appendChild(p);
      }
      app.appendChild(frag);
      // Lay out and paint the page first.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
      const clock = virtualClock(0.5);
      const c = cl.highlight(document.body, { matcher: clock.matcher });
      await c.ready;
      clock.restore();
      const expected = cl.matcher.scan([...app.querySelectorAll('p')].map((p) => p.textContent).join(cl.matcher.blockSeparator)).length;
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      await frame();
      const drawn = () => [...CSS.highlights].filter(([k]) => k.startsWith('chiplight') && !k.endsWith('-active'))
        .reduce((n, [, h]) => n + h.size, 0);
      const drawnTop = drawn();
      // Far down the page: the hits there get drawn when they come near the viewport.
      const last = c.hits[c.hits.length - 1];
      last.range.startContainer.parentElement.scrollIntoView({ block: 'center' });
      await frame();
      await frame();
      const rect = last.range.getClientRects()[0];
      const underPointer = CSS.highlights.highlightsFromPoint(rect.left + 2, rect.top + rect.height / 2).length;
      const res = { hits: c.hits.length, expected, stats: c.stats, longestCall: clock.longestCall, drawnTop, underPointer };
      c.clear();
      app.replaceChildren();
      return res;
    });
    assert.equal(r.hits, r.expected);
    // Times on the virtual clock (scans alone take time): about 280 ms of scanning in slices of
    // 30 ms (the default in highlight mode), none running on past its time by more than one scan.
    assert.ok(r.stats.slices >= 8, `the first pass yields to the page (${r.stats.slices} slices, ${r.stats.workMs} ms)`);
    assert.ok(r.stats.longestSliceMs < 30 + r.longestCall, `longest slice ${r.stats.longestSliceMs} ms, longest scan ${r.longestCall} ms`);
    assert.ok(r.drawnTop > 0 && r.drawnTop < r.hits / 2, `only hits near the viewport are in the highlights (${r.drawnTop} of ${r.hits})`);
    assert.ok(r.underPointer >= 1, 'hits scrolled into view are drawn');
    noProblems();
  });
});

describe('single-block pages: only the hits near the viewport are drawn, following the reader', () => {
  // A long <pre> (a text/plain page is one too) and a div of lines between <br>s: each one block
  // of thousands of hits. Counted, not timed: how many ranges are in our highlights at once, and
  // which hits, before and after scrolling (drawing them all is what made such pages take 12 s
  // of the browser's pre-paint).
  for (const shape of ['pre', 'br']) {
    it(`a ${shape === 'pre' ? 'long <pre>' : 'div of <br>-separated lines'}: a screen's worth of hits drawn, moved by scrolling`, async () => {
      await openFixture(page, server.origin, 'dynamic');
      const r = await page.evaluate(async (kind) => {
        const lines = [];
        for (let i = 0; i < 6000; i += 1) lines.push(`Line ${i}: bidders offer Nvidia H100 servers on AWS through an intermediary.`);
        const block = document.createElement(kind === 'pre' ? 'pre' : 'div');
        if (kind === 'pre') block.textContent = lines.join('\n');
        else lines.forEach((line, i) => { if (i) block.append(document.createElement('br')); block.append(line); });
        document.getElementById('app').replaceChildren(block);
        const c = cl.highlight(document.body, { matcher: cl.matcher });
        await c.ready;
        const frames = (n) => new Promise((resolve) => {
          const step = (k) => (k ? requestAnimationFrame(() => step(k - 1)) : resolve());
          step(n);
        });
        await frames(3);
        const ours = [...CSS.highlights.entries()].filter(([name]) => name.startsWith('chiplight') && !name.endsWith('-active'));
        const drawn = () => ours.reduce((n, [, h]) => n + h.size, 0);
        const isDrawn = (hit) => ours.some(([, h]) => [...h].some((range) => range.startContainer === hit.pieces[0].node
          && range.startOffset === hit.pieces[0].start));
        const onScreen = (hit) => {
          const rect = hit.range.getBoundingClientRect();
          return rect.bottom > 0 && rect.top < innerHeight;
        };
        const hits = c.hits;
        const atTop = { drawn: drawn(), firstDrawn: isDrawn(hits[0]), lastDrawn: isDrawn(hits[hits.length - 1]) };
        // Scroll to the middle: the hits there are drawn, those at the top no longer.
        const middle = hits[Math.floor(hits.length / 2)];
        const rect = middle.range.getBoundingClientRect();
        scrollTo(0, scrollY + rect.top - innerHeight / 2);
        await frames(3);
        const visible = hits.filter(onScreen);
        const atMiddle = {
          drawn: drawn(), middleDrawn: isDrawn(middle), firstDrawn: isDrawn(hits[0]),
          visible: visible.length, visibleDrawn: visible.filter(isDrawn).length,
        };
        c.clear();
        return { total: hits.length, atTop, atMiddle };
      }, shape);
      assert.ok(r.total >= 18000, `thousands of hits in one block (${r.total})`);
      assert.ok(r.atTop.firstDrawn && !r.atTop.lastDrawn, 'the top drawn, the end not');
      assert.ok(r.atTop.drawn > 0 && r.atTop.drawn < 2000, `a few screens of hits drawn, not all ${r.total}: ${r.atTop.drawn}`);
      assert.ok(r.atMiddle.middleDrawn, 'after scrolling, the hits in view are drawn');
      assert.ok(r.atMiddle.visible > 0 && r.atMiddle.visibleDrawn === r.atMiddle.visible, `every hit on screen drawn (${r.atMiddle.visibleDrawn} of ${r.atMiddle.visible})`);
      assert.ok(!r.atMiddle.firstDrawn, 'those far above undrawn');
      assert.ok(r.atMiddle.drawn < 2000, `still a few screens' worth: ${r.atMiddle.drawn}`);
      noProblems();
    });
  }

  it('a text/plain page (Chromium shows it as one <pre>): the same, with the single-file ES module', async () => {
    // No import map on a text/plain page: the ES module build with Floating UI inside.
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-plain-'));
    try {
      execFileSync(process.execPath, [path.join(REPO, 'web', 'build-highlighter.mjs'), '--out', out], { stdio: 'pipe' });
      const lines = [];
      for (let i = 0; i < 6000; i += 1) lines.push(`Line ${i}: bidders offer Nvidia H100 servers on AWS through an intermediary.`);
      await page.route(`${server.origin}/plain/page.txt`, (route) => route.fulfill({ contentType: 'text/plain; charset=utf-8', body: lines.join('\n') }));
      await page.route(`${server.origin}/plain/highlighter.mjs`, (route) => route.fulfill({
        contentType: 'text/javascript; charset=utf-8', body: fs.readFileSync(path.join(out, 'chiplight-highlighter.mjs')),
      }));
      page.problems.length = 0;
      await page.goto(`${server.origin}/plain/page.txt`);
      const r = await page.evaluate(async () => {
        const { createMatcher } = await import('/dist/chiplight.mjs');
        const H = await import('/plain/highlighter.mjs');
        const matcher = await createMatcher();
        const c = H.highlight(document, { matcher });
        await c.ready;
        await new Promise((resolve) => { requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(resolve))); });
        const ours = [...CSS.highlights.entries()].filter(([name]) => name.startsWith('chiplight') && !name.endsWith('-active'));
        const res = {
          pre: document.body.firstElementChild?.localName,
          total: c.hits.length,
          drawn: ours.reduce((n, [, h]) => n + h.size, 0),
        };
        c.clear();
        return res;
      });
      assert.equal(r.pre, 'pre');
      assert.ok(r.total >= 18000, `${r.total} hits`);
      assert.ok(r.drawn > 0 && r.drawn < 2000, `a few screens' worth drawn: ${r.drawn}`);
      noProblems();
    } finally {
      await page.unrouteAll();
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

/**
 * The elements the browser restyled while `during()` ran (a CDP trace of its style updates:
 * the `elementCount` of each `UpdateLayoutTree`), and what `during()` returned.
 */
async function restyledDuring(during) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', { categories: 'devtools.timeline', transferMode: 'ReturnAsStream' });
  let result;
  try {
    result = await during();
  } finally {
    const complete = new Promise((resolve) => { cdp.once('Tracing.tracingComplete', resolve); });
    await cdp.send('Tracing.end');
    const { stream } = await complete;
    let json = '';
    for (;;) {
      const chunk = await cdp.send('IO.read', { handle: stream });
      json += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
      if (chunk.eof) break;
    }
    await cdp.send('IO.close', { handle: stream });
    await cdp.detach();
    const events = JSON.parse(json);
    const list = Array.isArray(events) ? events : events.traceEvents;
    const restyles = list.filter((e) => e.name === 'UpdateLayoutTree' && e.ph === 'X').map((e) => e.args?.elementCount ?? 0);
    result = { result, restyled: restyles.reduce((a, b) => a + b, 0), largest: Math.max(0, ...restyles) };
  }
  return result;
}

describe('a large page: our style sheet restyles the whole page once, not on clear() nor when highlighted again', () => {
  // Adopting or removing a sheet of ::highlight() rules makes Chromium restyle every element of
  // the document, one task of the browser's (at 20 MB: 0.6-1.4 s on a busy machine). Counted,
  // not timed: the elements restyled, from a trace of the browser's style updates.
  it('clear() restyles almost nothing; a second highlight() reuses the sheet left adopted and draws styled hits', async () => {
    await openFixture(page, server.origin, 'dynamic');
    const elements = await page.evaluate(async () => {
      const frag = document.createDocumentFragment();
      for (let i = 0; i < 6000; i += 1) {
        const p = document.createElement('p');
        p.append(`Paragraph ${i}: the committee met on `, Object.assign(document.createElement('b'), { textContent: 'Tuesday' }),
          i % 5 === 0 ? '; the lab bought Nvidia H100 servers on AWS.' : '.');
        frag.appendChild(p);
      }
      document.getElementById('app').replaceChildren(frag);
      window.frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      await window.frame();
      await window.frame();
      return document.getElementsByTagName('*').length;
    });
    // The first pass: our sheet's adoption restyles every element, once.
    const first = await restyledDuring(() => page.evaluate(async () => {
      window.big = cl.highlight(document.body, { matcher: cl.matcher, cards: false, shortcuts: false });
      await window.big.ready;
      await window.frame();
      await window.frame();
      await new Promise((r) => setTimeout(r, 300)); // past the inheritance check
    }));
    const cleared = await restyledDuring(() => page.evaluate(async () => {
      window.big.clear();
      await window.frame();
      await new Promise((r) => setTimeout(r, 600)); // past the sheet's removal, when it goes
      await window.frame();
      return [...CSS.highlights.keys()].filter((k) => k.startsWith('chiplight')).length;
    }));
    const again = await restyledDuring(() => page.evaluate(async () => {
      const c = cl.highlight(document.body, { matcher: cl.matcher, cards: false, shortcuts: false });
      await c.ready;
      await window.frame();
      await window.frame();
      const p = c.hits[0].pieces[0].node.parentElement;
      const name = [...CSS.highlights.keys()].find((k) => k.startsWith('chiplight') && CSS.highlights.get(k).size > 0);
      const res = {
        hits: c.hits.length,
        drawn: name ? CSS.highlights.get(name).size : 0,
        background: name ? getComputedStyle(p, `::highlight(${name})`).backgroundColor : '',
      };
      c.clear();
      document.getElementById('app').replaceChildren();
      return res;
    }));
    assert.ok(elements > 12000, `a large page (${elements} elements)`);
    assert.ok(first.restyled < 1.5 * elements, `the first pass restyled ${first.restyled} elements of ${elements}: the page once`);
    assert.equal(cleared.result, 0, 'our highlights are gone from the registry');
    assert.ok(cleared.restyled < 500, `clear() restyled ${cleared.restyled} elements (largest update ${cleared.largest}) of ${elements}`);
    assert.ok(again.result.hits >= 1200 && again.result.drawn > 0, JSON.stringify(again.result));
    assert.match(again.result.background, /^rgba?\(/);
    assert.notEqual(again.result.background, 'rgba(0, 0, 0, 0)', 'the hits drawn again are styled');
    assert.ok(again.restyled < 500, `highlighting again restyled ${again.restyled} elements (largest update ${again.largest}) of ${elements}`);
    noProblems();
  });

  // The extension's stop then start: clear() and at once highlight() (content.js stop() ->
  // sendMessage -> highlight()). The sheet left adopted is known as kept when clear() returns.
  it('highlight() right after clear() takes the kept sheet over: one sheet adopted, no whole-page restyle', async () => {
    await openFixture(page, server.origin, 'dynamic');
    const elements = await page.evaluate(bigPage, 1);
    const before = await page.evaluate(() => document.adoptedStyleSheets.length);
    await page.evaluate(async () => {
      window.big = cl.highlight(document.body, { matcher: cl.matcher, cards: false, shortcuts: false });
      await window.big.ready;
      await window.frame();
      await new Promise((r) => setTimeout(r, 300)); // past the inheritance check
    });
    const again = await restyledDuring(() => page.evaluate(async () => {
      window.big.clear();
      const c = cl.highlight(document.body, { matcher: cl.matcher, cards: false, shortcuts: false });
      await c.ready;
      await window.frame();
      await new Promise((r) => setTimeout(r, 600)); // past the removal of sheets that go
      await window.frame();
      const res = { hits: c.hits.length, adopted: document.adoptedStyleSheets.length };
      c.clear();
      document.getElementById('app').replaceChildren();
      return res;
    }));
    assert.ok(elements > 12000, `a large page (${elements} elements)`);
    assert.ok(again.result.hits >= 1200, JSON.stringify(again.result));
    assert.equal(again.result.adopted, before + 1, 'one sheet of ours adopted');
    assert.ok(again.restyled < 500, `clear() then highlight() restyled ${again.restyled} elements (largest update ${again.largest}) of ${elements}`);
    noProblems();
  });

  // The widget mounts one controller per root: each painter attaches the document. Clearing
  // them all and mounting again must take their kept sheets over, not add to them each time.
  it('several controllers cleared and mounted again, three times: the sheets adopted stay as many as the controllers', async () => {
    const N = 3;
    await openFixture(page, server.origin, 'dynamic');
    const elements = await page.evaluate(bigPage, N);
    const counts = await page.evaluate(async (n) => {
      const base = document.adoptedStyleSheets.length;
      const roots = [...document.querySelectorAll('#app > section')];
      const mount = async () => {
        const list = roots.map((root) => cl.highlight(root, { matcher: cl.matcher, cards: false, shortcuts: false }));
        await Promise.all(list.map((c) => c.ready));
        await window.frame();
        await new Promise((r) => setTimeout(r, 300));
        return list;
      };
      let list = await mount();
      const out = [document.adoptedStyleSheets.length - base];
      for (let cycle = 0; cycle < 3; cycle += 1) {
        for (const c of list) c.clear();
        list = await mount();
        await new Promise((r) => setTimeout(r, 600)); // past the removal of sheets that go
        out.push(document.adoptedStyleSheets.length - base);
      }
      for (const c of list) c.clear();
      document.getElementById('app').replaceChildren();
      return { out, n, roots: roots.length };
    }, N);
    assert.ok(elements > 12000, `a large page (${elements} elements)`);
    assert.equal(counts.roots, N);
    for (const count of counts.out) assert.ok(count >= 1 && count <= N, `sheets adopted after each cycle: ${counts.out.join(', ')}`);
    noProblems();
  });
});

/**
 * In the page: fills #app with 6,000 paragraphs (one hit in five), in `sections` sections, and
 * defines window.frame(); returns the document's number of elements.
 */
async function bigPage(sections) {
  const frag = document.createDocumentFragment();
  const parts = [];
  for (let s = 0; s < sections; s += 1) parts.push(frag.appendChild(document.createElement('section')));
  for (let i = 0; i < 6000; i += 1) {
    const p = document.createElement('p');
    p.append(`Paragraph ${i}: the committee met on `, Object.assign(document.createElement('b'), { textContent: 'Tuesday' }),
      i % 5 === 0 ? '; the lab bought Nvidia H100 servers on AWS.' : '.');
    parts[i % sections].appendChild(p);
  }
  document.getElementById('app').replaceChildren(frag);
  window.frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  await window.frame();
  await window.frame();
  return document.getElementsByTagName('*').length;
}
