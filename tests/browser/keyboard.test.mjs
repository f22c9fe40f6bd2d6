// The keyboard: moving between hits, Enter for the card, Esc to close it. Headless Chromium.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNoProblems, sleep, UI_ROOT,
} from './lib.mjs';
import { readCard, start, useReaderPage } from './reader.mjs';

let page;

useReaderPage((env) => {
  ({ page } = env);
});

describe('keyboard', () => {
  it('Alt+Shift+N / Alt+Shift+P move between hits (selected, announced), Enter opens the card, Esc closes it', async () => {
    await start();
    await page.evaluate(() => document.activeElement.blur());
    const hits = await page.evaluate(() => window.ctl.hits.map((h) => ({ text: h.text, label: h.label })));
    await page.keyboard.press('Alt+Shift+KeyN');
    const state = () => page.evaluate(() => ({
      active: window.ctl.activeHit?.index,
      selection: String(getSelection()),
    }));
    let s = await state();
    assert.deepEqual(s, { active: 0, selection: hits[0].text });
    await page.keyboard.press('Alt+Shift+KeyN');
    s = await state();
    assert.deepEqual(s, { active: 1, selection: hits[1].text });
    await sleep(60);
    assert.match((await readCard()).live, new RegExp(`2 of ${hits.length}`));
    await page.keyboard.press('Alt+Shift+KeyP');
    await page.keyboard.press('Alt+Shift+KeyP');
    s = await state();
    assert.equal(s.active, hits.length - 1, 'wraps around');
    await page.keyboard.press('Alt+Shift+KeyN');
    s = await state();
    assert.equal(s.active, 0);
    await page.keyboard.press('Enter');
    let card = await readCard();
    assert.equal(card.open, true);
    assert.equal(card.title, hits[0].label);
    assert.equal(card.focusInCard, true, 'Enter moves focus into the card');
    // Tab reaches the card's controls; the next-mention button moves along.
    await page.evaluate(`(${UI_ROOT}).querySelector('.next-btn').click()`);
    card = await readCard();
    assert.equal(card.title, hits[1].label);
    assert.equal(await page.evaluate(() => window.ctl.activeHit.index), 1);
    await page.keyboard.press('Escape');
    card = await readCard();
    assert.equal(card.open, false);
    assert.equal(await page.evaluate(() => String(getSelection())), hits[1].text, 'focus returns to the hit');
    // Typing in a form field is never hijacked. (Counted in activechange events: adding the
    // field makes the page rescan its body after the debounce, which drops the active hit, and
    // on a loaded machine that may happen before the check.)
    await page.evaluate(() => {
      window.moves = 0;
      window.ctl.addEventListener('activechange', () => { window.moves += 1; });
      const input = document.createElement('input');
      input.id = 'field';
      document.body.prepend(input);
      input.focus();
    });
    await page.keyboard.press('Alt+Shift+KeyN');
    assert.equal(await page.evaluate(() => window.moves), 0);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'field');
    assertNoProblems(page);
  });
});
