// Scopes: open shadow roots and same-origin iframes are walked in document order (closed roots
// are not), hovering opens cards there, a reloaded frame is rescanned. Headless Chromium.
/* global snapshot, sameSnapshot, oracle -- page helpers defined by PAGE_HELPERS */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoProblems, openFixture, sleep } from './lib.mjs';
import { PAGE_HELPERS } from './page-helpers.mjs';
import { readCard, useReaderPage } from './reader.mjs';

let server;
let page;

useReaderPage((env) => {
  ({ server, page } = env);
});

const noProblems = () => assertNoProblems(page);

for (const mode of ['highlight', 'wrap']) {
  describe(`${mode} mode`, () => {
    it('open shadow roots and same-origin iframes are walked, in document order; closed roots are not', async () => {
      await openFixture(page, server.origin, 'shadow');
      await page.evaluate(PAGE_HELPERS);
      const r = await page.evaluate(async (mode) => {
        const shadow = document.getElementById('open-host').shadowRoot;
        const frameDoc = document.getElementById('frame').contentDocument;
        const before = { top: snapshot(), shadow: shadow.innerHTML, frame: snapshot(frameDoc.documentElement) };
        const c = cl.highlight(document, { matcher: cl.matcher, mode });
        await c.ready;
        const where = (h) => {
          const root = h.range.startContainer.getRootNode();
          if (root === shadow) return 'shadow';
          if (root === frameDoc) return 'frame';
          return h.range.startContainer.parentElement.closest('p')?.id || 'other';
        };
        const order = c.hits.map(where);
        const countBefore = c.hits.length;
        await c.rescan();
        const rescanned = c.hits.map(where);
        const res = {
          order,
          shadowOracle: oracle(shadow.getElementById('in-shadow')),
          frameOracle: oracle(frameDoc.getElementById('in-frame')),
          shadowHits: c.hits.filter((h) => where(h) === 'shadow').map((h) => `${h.category}:${h.id}:${h.text}`),
          frameHits: c.hits.filter((h) => where(h) === 'frame').map((h) => `${h.category}:${h.id}:${h.text}`),
          shadowSheets: shadow.adoptedStyleSheets.length,
          pageStyleStillApplies: getComputedStyle(shadow.getElementById('in-shadow')).color,
          frameMarks: frameDoc.querySelectorAll('chiplight-mark').length,
          rescanSame: rescanned.join() === order.join() && rescanned.length === countBefore,
        };
        c.clear();
        res.identical = sameSnapshot(before.top, snapshot()) && shadow.innerHTML === before.shadow
          && sameSnapshot(before.frame, snapshot(frameDoc.documentElement));
        // Our style sheets go after the next frame (the highlights' removal is that frame's work).
        await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
        res.shadowSheetsAfter = shadow.adoptedStyleSheets.length;
        return res;
      }, mode);
      assert.deepEqual(r.shadowHits, r.shadowOracle);
      assert.deepEqual(r.frameHits, r.frameOracle);
      assert.ok(r.shadowHits.length > 0 && r.frameHits.length > 0);
      const firstIndex = (w) => r.order.indexOf(w);
      assert.ok(firstIndex('light') < firstIndex('shadow'), 'light DOM before the shadow host');
      assert.ok(firstIndex('shadow') < firstIndex('frame'), 'shadow host before the iframe');
      assert.ok(firstIndex('frame') < firstIndex('after'), 'iframe before what follows it');
      assert.ok(!r.order.includes('other'), 'nothing found in the closed shadow root');
      assert.equal(r.rescanSame, true, 'rescan() finds the same hits, shadow roots and frames included');
      assert.equal(r.shadowSheets, 1, 'our styles are adopted by the shadow root');
      assert.equal(r.pageStyleStillApplies, 'rgb(0, 0, 255)');
      if (mode === 'wrap') assert.ok(r.frameMarks > 0);
      assert.equal(r.identical, true);
      assert.equal(r.shadowSheetsAfter, 0);
      noProblems();
    });
  });
}

describe('shadow roots and frames', () => {
  it('hover opens cards for hits in an open shadow root and in an iframe; a reloaded frame is rescanned', async () => {
    await openFixture(page, server.origin, 'shadow');
    await page.evaluate(async () => {
      window.ctl = cl.highlight(document, { matcher: cl.matcher });
      await window.ctl.ready;
    });
    await page.mouse.move(5, 5);
    const target = (where) => page.evaluate((w) => {
      const shadow = document.getElementById('open-host').shadowRoot;
      const frame = document.getElementById('frame');
      const h = window.ctl.hits.find((x) => (w === 'shadow' ? x.range.startContainer.getRootNode() === shadow
        : x.range.startContainer.ownerDocument === frame.contentDocument));
      const r = h.range.getClientRects()[0];
      const off = w === 'frame' ? frame.getBoundingClientRect() : { left: 0, top: 0 };
      const border = w === 'frame' ? frame.clientLeft : 0;
      return { x: off.left + border + r.left + r.width / 2, y: off.top + border + r.top + r.height / 2, label: h.label };
    }, where);
    for (const where of ['shadow', 'frame']) {
      const t = await target(where);
      await page.mouse.move(t.x, t.y, { steps: 3 });
      await sleep(450);
      const card = await readCard();
      assert.equal(card.open, true, `card opens for a hit in the ${where}`);
      assert.equal(card.title, t.label);
      await page.mouse.move(5, 790, { steps: 2 });
      await sleep(700);
    }
    // The frame navigates: its old hits go, the new document is scanned.
    const r = await page.evaluate(async () => {
      const frame = document.getElementById('frame');
      const changed = new Promise((resolve) => window.ctl.addEventListener('change', resolve, { once: true }));
      frame.srcdoc = '<p id="new">A new frame page about the Entity List and the H100.</p>';
      await changed;
      // Drawn once the frame's new document has laid out (its IntersectionObserver reports).
      for (let i = 0; i < 3; i += 1) await new Promise((done) => frame.contentWindow.requestAnimationFrame(() => setTimeout(done, 30)));
      const doc = frame.contentDocument;
      const hit = window.ctl.hits.find((h) => h.range.startContainer.ownerDocument === doc);
      const rect = hit.range.getClientRects()[0];
      const registry = frame.contentWindow.CSS.highlights;
      return {
        inNew: window.ctl.hits.filter((h) => h.range.startContainer.ownerDocument === doc).map((h) => h.text),
        oracle: cl.matcher.scan(doc.getElementById('new').textContent).map((m) => doc.getElementById('new').textContent.slice(m.start, m.end)),
        stale: window.ctl.hits.filter((h) => !h.range.startContainer.ownerDocument.defaultView).length,
        drawn: [...registry].filter(([k]) => k.startsWith('chiplight') && !k.endsWith('-active')).reduce((n, [, h]) => n + h.size, 0),
        underHit: registry.highlightsFromPoint(rect.left + 2, rect.top + rect.height / 2).length,
      };
    });
    assert.deepEqual(r.inNew, r.oracle);
    assert.ok(r.inNew.length > 0);
    assert.equal(r.stale, 0, 'no hits left from the frame\'s old document');
    assert.equal(r.drawn, r.inNew.length, 'the new document\'s hits are in its own highlight registry');
    assert.ok(r.underHit >= 1, 'a highlight under the new document\'s first hit');
    // And hovering it opens its card.
    const t = await target('frame');
    await page.mouse.move(t.x, t.y, { steps: 3 });
    await sleep(450);
    const card = await readCard();
    assert.equal(card.open, true, 'card opens for a hit in the frame\'s new document');
    assert.equal(card.title, t.label);
    await page.evaluate(() => window.ctl.clear());
    assertNoProblems(page);
  });
});
