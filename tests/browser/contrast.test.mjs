// Contrast: every colour pair of ours meets WCAG AA (4.5:1 for text, 3:1 for the underline, the
// cue that is not colour) on light and dark pages, in both drawing modes, for each category and
// the focused hit; and every text of the card and the summary panel against what it is drawn
// on, in the light and dark colour schemes. The ratios are computed here, from the styles the
// browser computed (WCAG 2's formula, written out again rather than taken from the highlighter).
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

const numbers = (css) => (String(css).match(/[\d.]+/g) || []).map(Number);

function luminance([r, g, b]) {
  const lin = (v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function ratio(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** A CSS colour (with alpha) painted over the opaque [r, g, b] `under`. */
function over(css, under) {
  const [r, g, b, a = 1] = numbers(css);
  return [r, g, b].map((v, i) => v * a + under[i] * (1 - a));
}

const PAGES = {
  light: { background: '#ffffff', text: '#1d1d1f' },
  dark: { background: '#121212', text: '#e8eaed' },
  // A dark page with grey text: the least room a readable page leaves us.
  dim: { background: '#1e1e1e', text: '#c8c8c8' },
  // A dark page that paints its background on a wrapper, not on the body or the root.
  'wrapped dark': { background: '#181818', text: '#e0e0e0', wrapper: true },
};

const TEXT = `<p id="t">Chinese labs rented Nvidia H100 servers on AWS through an intermediary,
  beyond the reach of the Export Administration Regulations.</p>`;

/** The page's computed look of each category's hits and of the focused hit. */
async function drawnLook(look, mode) {
  await openFixture(page, server.origin, 'news');
  return page.evaluate(async ({ look: pageLook, mode: drawMode, text }) => {
    for (const s of document.querySelectorAll('style')) s.remove();
    document.body.style.color = pageLook.text;
    if (pageLook.wrapper) {
      document.body.innerHTML = `<div id="wrap" style="background: ${pageLook.background}">${text}</div>`;
    } else {
      document.documentElement.style.background = pageLook.background;
      document.body.style.background = pageLook.background;
      document.body.innerHTML = text;
    }
    const c = cl.highlight(document.body, { matcher: cl.matcher, mode: drawMode });
    await c.ready;
    // Highlight styles are computed once the sheet's check of inheritance has run (a frame).
    await new Promise((resolve) => { requestAnimationFrame(() => setTimeout(resolve, 50)); });
    const p = document.getElementById('t');
    const page = { background: getComputedStyle(p.parentElement).backgroundColor, text: getComputedStyle(p).color };
    const styleOf = (hit) => {
      if (drawMode === 'wrap') {
        const mark = hit.range.startContainer.parentElement.closest('chiplight-mark');
        return getComputedStyle(mark);
      }
      const name = [...CSS.highlights.entries()].find(([, h]) => h.size && [...h].some((r) => r.startContainer === hit.pieces[0].node
        && r.startOffset === hit.pieces[0].start))?.[0];
      return getComputedStyle(p, `::highlight(${name})`);
    };
    const read = (cs) => ({
      background: cs.backgroundColor, color: cs.color, line: cs.textDecorationColor, thickness: cs.textDecorationThickness,
    });
    const categories = {};
    for (const h of c.hits) if (!categories[h.category]) categories[h.category] = read(styleOf(h));
    c.next();
    await new Promise((resolve) => { requestAnimationFrame(() => setTimeout(resolve, 0)); });
    let active;
    if (drawMode === 'wrap') active = read(getComputedStyle(document.querySelector('chiplight-mark[data-active]')));
    else {
      const name = [...CSS.highlights.keys()].find((k) => k.endsWith('-active'));
      active = read(getComputedStyle(p, `::highlight(${name})`));
    }
    c.clear();
    return { page, categories, active };
  }, { look, mode, text: TEXT });
}

for (const mode of ['highlight', 'wrap']) {
  for (const [name, look] of Object.entries(PAGES)) {
    it(`${mode} mode, ${name} page: text on each highlight 4.5:1, its underline 3:1, the focused hit's too`, async () => {
      const r = await drawnLook(look, mode);
      const pageBg = numbers(r.page.background).slice(0, 3);
      const pageText = numbers(r.page.text).slice(0, 3);
      assert.equal(Object.keys(r.categories).length, 4, `every category drawn: ${Object.keys(r.categories)}`);
      for (const [category, s] of Object.entries(r.categories)) {
        const under = over(s.background, pageBg);
        // `color: inherit`: the hit's text is the page's own text colour.
        const text = numbers(s.color).length >= 3 ? numbers(s.color).slice(0, 3) : pageText;
        assert.ok(ratio(text, under) >= 4.5, `${category}: text ${ratio(text, under).toFixed(2)}:1 on ${s.background}`);
        const line = numbers(s.line).slice(0, 3);
        assert.ok(ratio(line, under) >= 3, `${category}: underline ${s.line} ${ratio(line, under).toFixed(2)}:1 on ${s.background}`);
      }
      const a = r.active;
      const under = over(a.background, pageBg);
      const text = numbers(a.color).slice(0, 3);
      assert.ok(ratio(text, under) >= 4.5, `focused hit: text ${a.color} ${ratio(text, under).toFixed(2)}:1 on ${a.background}`);
      const line = numbers(a.line).slice(0, 3);
      assert.ok(ratio(line, under) >= 3, `focused hit: underline ${ratio(line, under).toFixed(2)}:1`);
      // Its cue beyond colour: an underline thicker than any category's (an outline would not
      // be drawn inside ::highlight()).
      assert.ok(parseFloat(a.thickness) > Math.max(...Object.values(r.categories).map((s) => parseFloat(s.thickness))), `focused hit's underline ${a.thickness}`);
      assertNoProblems(page);
    });
  }
}

/** Each text of our UI (card and summary panel) with its colour and what it is drawn on. */
function uiTexts() {
  return page.evaluate(`(() => {
    const roots = window.__closedRoots.filter((r) => r.host.isConnected);
    const out = [];
    const backgroundOf = (el) => {
      // The backgrounds from the element up to its shadow root, painted over each other.
      const layers = [];
      for (let e = el; e && e.nodeType === 1; e = e.parentElement) layers.push(getComputedStyle(e).backgroundColor);
      return layers;
    };
    for (const root of roots) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const el = t.parentElement;
        if (!t.data.trim() || !el.getClientRects().length) continue;
        const cs = getComputedStyle(el);
        if (cs.visibility === 'hidden' || el.closest('.sr-only')) continue;
        out.push({ text: t.data.trim().slice(0, 30), cls: el.className, color: cs.color, layers: backgroundOf(el) });
      }
    }
    return out;
  })()`);
}

describe('the card and the summary panel', () => {
  for (const scheme of ['light', 'dark']) {
    it(`${scheme} scheme: every text 4.5:1 on what it is drawn on`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      await openFixture(page, server.origin, 'news');
      await page.evaluate(async () => {
        const box = document.createElement('div');
        document.body.prepend(box);
        const c = cl.highlight(document.body, { matcher: cl.matcher, exclude: '.no-scan' });
        await c.ready;
        cl.createSummaryPanel(c, box, { lang: 'en' });
        c.openCard(c.hits.find((h) => h.category === 'chip'), { pinned: true });
      });
      const texts = await uiTexts();
      assert.ok(texts.length > 20, `the card and panel have text (${texts.length})`);
      const base = scheme === 'dark' ? [0, 0, 0] : [255, 255, 255];
      const low = [];
      for (const t of texts) {
        // Paint the backgrounds from the outermost in.
        let under = base;
        for (const layer of [...t.layers].reverse()) under = over(layer, under);
        const r = ratio(numbers(t.color).slice(0, 3), under);
        if (r < 4.5) low.push(`${t.text} (.${t.cls}): ${r.toFixed(2)}:1`);
      }
      assert.deepEqual(low, []);
      // The badge's category colours are text too (12 px): checked above with the rest.
      assert.ok(texts.some((t) => /badge/.test(t.cls)), 'the badge was checked');
      await page.emulateMedia({ colorScheme: 'light' });
      assertNoProblems(page);
    });
  }
});
