// Options that change how a reader interacts (select, shortcuts, cards) and the controller's
// events. Headless Chromium, the real matcher and lexicon.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNoProblems, openFixture, sleep,
} from './lib.mjs';
import { hitCenter, readCard, start, useReaderPage } from './reader.mjs';

let server;
let page;

useReaderPage((env) => {
  ({ server, page } = env);
});

describe('options and events', () => {
  const state = () => page.evaluate(() => ({ active: window.ctl.activeHit?.index ?? null, selection: String(getSelection()) }));
  const hover = async (index) => {
    await page.mouse.move(5, 5);
    const hit = await hitCenter(index);
    await page.mouse.move(hit.x, hit.y);
    await sleep(400);
    return hit;
  };

  it('select: false moves between hits without touching the page\'s selection; Enter still opens the card', async () => {
    await start({ select: false });
    const first = await page.evaluate(() => {
      document.activeElement.blur();
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('p3'));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      return window.ctl.hits[0].label;
    });
    const before = (await state()).selection;
    assert.match(before, /Bureau of Industry/);
    await page.keyboard.press('Alt+Shift+KeyN');
    assert.deepEqual(await state(), { active: 0, selection: before }, 'active hit moved, selection left alone');
    await page.keyboard.press('Alt+Shift+KeyN');
    assert.deepEqual(await state(), { active: 1, selection: before });
    await page.keyboard.press('Alt+Shift+KeyP');
    await page.keyboard.press('Enter');
    const card = await readCard();
    assert.equal(card.open, true);
    assert.equal(card.title, first);
    await page.keyboard.press('Escape');
    assert.equal((await readCard()).open, false);
    assertNoProblems(page);
  });

  it('shortcuts: false ignores the keys; hover still opens cards', async () => {
    await start({ shortcuts: false });
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press('Alt+Shift+KeyN');
    await page.keyboard.press('Alt+Shift+KeyP');
    assert.deepEqual(await state(), { active: null, selection: '' });
    const hit = await hover(0);
    const card = await readCard();
    assert.equal(card.open, true);
    assert.equal(card.title, hit.label);
    assertNoProblems(page);
  });

  it('cards: false opens no card on hover or Enter; the shortcuts still move, select and announce', async () => {
    await start({ cards: false });
    await hover(0);
    assert.equal((await readCard()).open, false, 'no card on hover');
    await page.mouse.move(5, 5);
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press('Alt+Shift+KeyN');
    const hits = await page.evaluate(() => window.ctl.hits.map((h) => h.text));
    assert.deepEqual(await state(), { active: 0, selection: hits[0] });
    await sleep(60);
    const live = (await readCard()).live;
    assert.match(live, new RegExp(`1 of ${hits.length}\\.$`), 'announced, without "Press Enter for its card"');
    await page.keyboard.press('Enter');
    assert.equal((await readCard()).open, false, 'no card on Enter');
    assertNoProblems(page);
  });

  it('cards: false with shortcuts: false adds no UI and listens to nothing; the API still navigates', async () => {
    await start({ cards: false, shortcuts: false });
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press('Alt+Shift+KeyN');
    await hover(0);
    const r = await page.evaluate(() => ({
      ui: document.querySelectorAll('chiplight-ui').length,
      active: window.ctl.activeHit,
      next: window.ctl.next()?.index,
    }));
    assert.deepEqual(r, { ui: 0, active: null, next: 0 });
    assertNoProblems(page);
  });

  it('activechange, cardopen and cardclose carry their hit (and whether the card is pinned)', async () => {
    await start();
    const log = await page.evaluate(() => {
      const c = window.ctl;
      window.events = [];
      for (const type of ['activechange', 'cardopen', 'cardclose']) {
        c.addEventListener(type, (e) => window.events.push({
          type, index: e.detail.hit.index, active: e.detail.hit === c.activeHit, ...('pinned' in e.detail ? { pinned: e.detail.pinned } : {}),
        }));
      }
      c.next();
      c.focusHit(2);
      c.previous();
      c.focusHit(c.hits[3], { openCard: true, focusCard: false });
      c.focusHit(4); // the pinned card follows: no second cardopen
      c.closeCard();
      return window.events.splice(0);
    });
    assert.deepEqual(log, [
      { type: 'activechange', index: 0, active: true },
      { type: 'activechange', index: 2, active: true },
      { type: 'activechange', index: 1, active: true },
      { type: 'cardopen', index: 3, active: true, pinned: true },
      { type: 'activechange', index: 3, active: true },
      { type: 'activechange', index: 4, active: true },
      { type: 'cardclose', index: 4, active: true },
    ]);
    // A card opened by hovering is not pinned, and closes when the pointer leaves.
    await hover(0);
    await page.mouse.move(5, 790, { steps: 2 });
    await sleep(700);
    assert.deepEqual(await page.evaluate(() => window.events.splice(0)), [
      { type: 'cardopen', index: 0, active: false, pinned: false },
      { type: 'cardclose', index: 0, active: false },
    ]);
    assertNoProblems(page);
  });

  it('progress events during a long first pass report the hits so far; the panel assesses once, at the end', async () => {
    await openFixture(page, server.origin, 'tender');
    const r = await page.evaluate(async () => {
      const m = cl.matcher;
      let assessed = 0;
      // A matcher that answers slowly, so the first pass lasts long enough for progress events.
      const slow = {
        scan: (t) => new Promise((resolve) => { setTimeout(() => resolve(m.scan(t)), 60); }),
        assess: (x) => { assessed += 1; return m.assess(x); },
        entry: (id) => m.entry(id),
        categories: m.categories, contextMargin: m.contextMargin, blockSeparator: m.blockSeparator,
      };
      const box = document.createElement('div');
      document.body.appendChild(box);
      const c = cl.highlight(document.getElementById('notice'), { matcher: slow, batchChars: 16, panel: box });
      const panelRoot = window.__closedRoots.find((x) => x.host.parentNode === box);
      const progress = [];
      let readyAfter = -1;
      c.addEventListener('progress', (e) => progress.push({
        hits: e.detail.hits, shown: c.hits.length, scanning: c.scanning,
        verdict: panelRoot.querySelector('.verdict .vlabel').textContent,
      }));
      c.addEventListener('ready', () => { readyAfter = progress.length; });
      await c.ready;
      const res = {
        progress, readyAfter, total: c.hits.length, assessed, verdict: c.verdict.verdict, batches: c.stats.batches,
        panelVerdict: panelRoot.querySelector('.verdict').getAttribute('data-verdict'),
      };
      c.clear();
      box.remove();
      return res;
    });
    assert.ok(r.progress.length >= 1, `at least one progress event (${r.batches} batches)`);
    assert.equal(r.readyAfter, r.progress.length, 'every progress event comes before ready');
    let last = 0;
    for (const p of r.progress) {
      assert.equal(p.scanning, true);
      assert.equal(p.hits, p.shown, 'detail.hits is the number of hits found so far');
      assert.ok(p.hits >= last && p.hits <= r.total);
      assert.equal(p.verdict, 'Assessing…', 'the panel does not assess a partial page');
      last = p.hits;
    }
    assert.equal(r.verdict, 'strong');
    assert.equal(r.panelVerdict, 'strong');
    assert.equal(r.assessed, 1, 'one assessment for the whole pass');
    assertNoProblems(page);
  });
});
