// Drawing: highlights and wrapped elements, their colours, blocks without a box, the fallback
// to wrapping where the Highlight API is missing. Headless Chromium, the real matcher.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNoProblems, openFixture, useBrowserPage,
} from './lib.mjs';

let server;
let page;

useBrowserPage((env) => {
  ({ server, page } = env);
});

const noProblems = () => assertNoProblems(page);

describe('drawing details', () => {
  it('hits in a display: contents block are drawn too', async () => {
    await openFixture(page, server.origin, 'news');
    const r = await page.evaluate(async () => {
      const c = cl.highlight(document.body, { matcher: cl.matcher });
      await c.ready;
      const el = document.getElementById('dc');
      const hit = c.hits.find((h) => el.contains(h.range.startContainer));
      c.focusHit(hit); // scrolls to it, though its block has no box
      await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 50)));
      const rect = hit.range.getClientRects()[0];
      const res = CSS.highlights.highlightsFromPoint(rect.left + 2, rect.top + rect.height / 2).length;
      c.clear();
      return res;
    });
    assert.ok(r >= 1);
    noProblems();
  });
});

describe('painting', () => {
  // The share of a screenshot's pixels within `tolerance` of [r, g, b] (decoded in the page).
  const colourShare = (png, rgb, tolerance = 14) => page.evaluate(async ({ b64, rgb, tolerance }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const g = canvas.getContext('2d');
    g.drawImage(img, 0, 0);
    const { data } = g.getImageData(0, 0, img.width, img.height);
    let near = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (rgb.every((v, k) => Math.abs(data[i + k] - v) <= tolerance)) near += 1;
    }
    return near / (data.length / 4);
  }, { b64: png.toString('base64'), rgb, tolerance });

  for (const inherits of [true, false]) {
    it(`hits are painted in their category's colour (${inherits ? 'rules on :root, highlight styles inherit' : 'a browser without highlight inheritance: rules for every element'})`, async () => {
      await openFixture(page, server.origin, 'news');
      const r = await page.evaluate(async (inherit) => {
        if (!inherit) {
          // As in Firefox 153: the body's ::highlight() style is not the root's.
          const original = window.getComputedStyle;
          window.getComputedStyle = (el, pseudo) => (String(pseudo || '').startsWith('::highlight')
            ? { backgroundColor: 'rgba(0, 0, 0, 0)' } : original.call(window, el, pseudo));
        }
        window.ctl = cl.highlight(document.body, { matcher: cl.matcher, exclude: '.no-scan' });
        await window.ctl.ready;
        for (let i = 0; i < 2; i += 1) await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 30)));
        const hit = window.ctl.hits.find((h) => h.category === 'chip' && document.getElementById('p1').contains(h.range.startContainer));
        const rect = hit.range.getBoundingClientRect();
        return {
          clip: { x: rect.left, y: rect.top, width: rect.width, height: rect.height },
          selectors: [...document.adoptedStyleSheets[0].cssRules].map((rule) => rule.selectorText.split('(')[0]),
        };
      }, inherits);
      // rgba(255, 196, 0, 0.45) over the white page.
      const share = await colourShare(await page.screenshot({ clip: r.clip }), [255, 228, 140]);
      await page.evaluate(() => window.ctl.clear());
      assert.deepEqual([...new Set(r.selectors)], [inherits ? ':root::highlight' : '::highlight']);
      assert.ok(share > 0.3, `${Math.round(share * 100)} % of the hit's box in the chip colour`);
      noProblems();
    });
  }
});

describe('fallback', () => {
  it('asking for highlights where the Highlight API is missing gets wrapped elements', async () => {
    await openFixture(page, server.origin, 'news');
    const r = await page.evaluate(async () => {
      const saved = window.Highlight;
      delete window.Highlight;
      try {
        const c = cl.highlight(document.body, { matcher: cl.matcher, mode: 'highlight' });
        await c.ready;
        const out = { mode: c.mode, hits: c.hits.length, wrapped: document.querySelectorAll('chiplight-mark').length };
        c.clear();
        return out;
      } finally {
        window.Highlight = saved;
      }
    });
    assert.equal(r.mode, 'wrap');
    assert.ok(r.hits > 0);
    assert.ok(r.wrapped > 0, 'hits drawn as elements');
    noProblems();
  });
});
