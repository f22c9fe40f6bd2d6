// Drawing only near the screen must cost less than drawing. On a long page of many blocks, the
// highlight painter finds the blocks near the viewport once per frame by a binary search over
// their measured positions (an IntersectionObserver on every block cost a 20 MB page 5.1 s of
// 11.2 s of scrolling). Counted, not timed: the blocks each frame compares and measures, and
// which hits are in our highlights as the reader scrolls and as the page's layout changes.
// Headless Chromium, the real WebAssembly matcher and lexicon.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoProblems, openFixture, useBrowserPage } from './lib.mjs';

let server;
let page;

useBrowserPage((env) => {
  ({ server, page } = env);
});

/** In the page: a long page of `count` paragraphs, every other one naming a controlled chip, highlighted. */
const BUILD_AND_HIGHLIGHT = async (count) => {
  const app = document.getElementById('app');
  const frag = document.createDocumentFragment();
  for (let i = 0; i < count; i += 1) {
    const p = document.createElement('p');
    p.textContent = i % 2 === 0 ? `Paragraph ${i}: the lab bought Nvidia H100 servers last year.` : `Paragraph ${i}: the committee met on Tuesday.`;
    frag.appendChild(p);
  }
  app.appendChild(frag);
  window.frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  await window.frame();
  const c = cl.highlight(document.body, { matcher: cl.matcher, cards: false, shortcuts: false });
  await c.ready;
  await window.frame();
  await window.frame();
  window.near = c;
  // Hits whose text is on screen but not in our highlights, and how many ranges are drawn.
  window.onScreen = () => {
    const ranges = new Set();
    for (const [name, h] of CSS.highlights) if (name.startsWith('chiplight') && !name.endsWith('-active')) for (const r of h) ranges.add(r);
    let missing = 0;
    let visible = 0;
    for (const hit of c.hits) {
      const rect = hit.range.getBoundingClientRect();
      if (rect.bottom < 0 || rect.top > innerHeight) continue;
      visible += 1;
      if (!hit.drawn || !ranges.has(hit.drawn)) missing += 1;
    }
    return { visible, missing, drawn: ranges.size };
  };
  // Blocks within four screens of the viewport (the drawn band: what a frame may need to read).
  window.band = () => [...app.children].filter((p) => {
    const r = p.getBoundingClientRect();
    return r.bottom >= -4 * innerHeight && r.top <= 5 * innerHeight;
  }).length;
  return c.hits.length;
};

describe('a long page: only blocks near the viewport are drawn, found cheaply each frame', () => {
  it('scrolling changes the highlights once every few screens, compares about log2(blocks) blocks plus those near the screen when it does, measures none, and keeps the hits on screen drawn', async () => {
    await openFixture(page, server.origin, 'dynamic');
    const blocks = 4000;
    const hits = await page.evaluate(BUILD_AND_HIGHLIGHT, blocks);
    assert.ok(hits >= blocks / 2, `${hits} hits in ${blocks / 2} paragraphs`);
    const r = await page.evaluate(async () => {
      const c = window.near;
      const before = c.stats.near;
      const checks = [];
      let band = 0;
      // Down the page in steps of half a screen, then a jump near the end.
      for (let i = 0; i < 30; i += 1) {
        scrollBy(0, innerHeight / 2);
        await window.frame();
        checks.push(window.onScreen());
        band = Math.max(band, window.band());
      }
      scrollTo(0, document.documentElement.scrollHeight - 2 * innerHeight);
      await window.frame();
      checks.push(window.onScreen());
      band = Math.max(band, window.band());
      const after = c.stats.near;
      return { before, after, checks, band, screens: 30 / 2 };
    });
    const frames = r.after.nearFrames - r.before.nearFrames;
    const compared = r.after.blocksCompared - r.before.blocksCompared;
    assert.ok(frames >= 31 && frames <= 62, `one near-screen update per frame that scrolled (${frames})`);
    assert.equal(r.after.blocksMeasured, r.before.blocksMeasured, 'scrolling measures no block again (the layout did not change)');
    // Each change to a highlight costs Chromium a paint invalidation of the whole page, so the
    // drawn band moves only when the reader comes within a screen of its edge: every three
    // screens of scrolling, and once for the jump.
    const moves = r.after.bandMoves - r.before.bandMoves;
    assert.ok(moves >= 2 && moves <= Math.ceil(r.screens / 3) + 2, `the drawn band moved ${moves} times in ${r.screens} screens and a jump`);
    // Per move: a binary search over the blocks with hits (2,000), then the blocks in the band.
    const perMove = 2 * Math.ceil(Math.log2(blocks / 2)) + r.band;
    assert.ok(compared <= moves * perMove, `${compared} blocks compared in ${moves} moves (at most ${perMove} each; ${blocks / 2} blocks have hits)`);
    for (const [i, check] of r.checks.entries()) {
      assert.ok(check.visible > 0, `step ${i}: hits on screen`);
      assert.equal(check.missing, 0, `step ${i}: every hit on screen is drawn (${check.missing} of ${check.visible} not)`);
      assert.ok(check.drawn < hits / 5, `step ${i}: only hits near the screen are drawn (${check.drawn} of ${hits})`);
    }
    assertNoProblems(page);
  });

  it('when the layout moves the blocks (content inserted above), they are measured again and the hits on screen stay drawn', async () => {
    await openFixture(page, server.origin, 'dynamic');
    await page.evaluate(BUILD_AND_HIGHLIGHT, 3000);
    const r = await page.evaluate(async () => {
      const c = window.near;
      scrollTo(0, document.documentElement.scrollHeight / 2);
      await window.frame();
      const before = c.stats.near;
      const beforeCheck = window.onScreen();
      // A tall banner above everything (the page's own late content): every block moves down.
      const banner = document.createElement('div');
      banner.style.height = `${5 * innerHeight}px`;
      document.body.prepend(banner);
      await window.frame();
      await window.frame();
      const afterCheck = window.onScreen();
      const after = c.stats.near;
      banner.remove();
      return { before, after, beforeCheck, afterCheck };
    });
    assert.equal(r.beforeCheck.missing, 0);
    assert.ok(r.afterCheck.visible > 0);
    assert.equal(r.afterCheck.missing, 0, `after the layout moved, every hit on screen is drawn (${r.afterCheck.missing} of ${r.afterCheck.visible} not)`);
    assert.ok(r.after.blocksMeasured > r.before.blocksMeasured, 'the blocks were measured again');
    assertNoProblems(page);
  });
  it('clear() takes the highlights away at once and our style sheet after the next frame: the browser\'s two passes over the whole page fall in separate frames', async () => {
    await openFixture(page, server.origin, 'dynamic');
    await page.evaluate(BUILD_AND_HIGHLIGHT, 500);
    const r = await page.evaluate(async () => {
      const ours = () => [...CSS.highlights.keys()].filter((k) => k.startsWith('chiplight')).length;
      const sheets = () => document.adoptedStyleSheets.length;
      const before = { highlights: ours(), sheets: sheets() };
      window.near.clear();
      const atOnce = { highlights: ours(), sheets: sheets() };
      // The frame that paints the page without highlights: the sheet is still there during it.
      const inFrame = await new Promise((done) => requestAnimationFrame(() => done({ highlights: ours(), sheets: sheets() })));
      await new Promise((done) => setTimeout(done, 0));
      const after = { highlights: ours(), sheets: sheets() };
      return { before, atOnce, inFrame, after };
    });
    assert.ok(r.before.highlights >= 4 && r.before.sheets >= 1, JSON.stringify(r.before));
    assert.deepEqual(r.atOnce, { highlights: 0, sheets: r.before.sheets }, 'the highlights go at once, the sheet stays for that frame');
    assert.deepEqual(r.inFrame, { highlights: 0, sheets: r.before.sheets });
    assert.deepEqual(r.after, { highlights: 0, sheets: r.before.sheets - 1 }, 'the sheet goes in a task after the frame');
    assertNoProblems(page);
  });
});
