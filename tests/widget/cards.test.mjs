// The widget's glossary cards, by hover, keyboard and touch. The glossary is a file of its own,
// fetched when the first card opens: each test checks the card fills in from it, and that it was
// fetched once. Headless Chromium, the built dist/widget/. One CTest entry per test().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage } from '../browser/lib.mjs';
import {
  glossaryRequests, hitCenter, readCard, sleep, useWidgetBrowser, waitForCard, waitForHighlights, widgetBuild, widgetDone,
} from './lib.mjs';

const env = useWidgetBrowser();

/** The glossary's summary of an entry, in English, as the lexicon has it. */
async function expectedSummary(label) {
  const { default: lexicon } = await import('../../core/data/lexicon.json', { with: { type: 'json' } });
  return lexicon.entries.find((e) => e.label === label)?.glossary?.summary?.en;
}

test('a card opens on hover, with the glossary fetched on that first card', async () => {
  const page = await env.open('news');
  await widgetDone(page);
  await waitForHighlights(page, (seen) => seen.some((h) => h.text === 'H100'));
  assert.deepEqual(glossaryRequests(page), [], 'no glossary before a card');
  const at = await hitCenter(page, 'H100');
  await page.mouse.move(at.x, at.y);
  const card = await waitForCard(page, (c) => c.open && c.citations > 0);
  assert.equal(card.title, 'Nvidia H100');
  assert.equal(card.summary, await expectedSummary('Nvidia H100'));
  assert.equal(card.focusInCard, false, 'hover does not take focus');
  assert.equal(glossaryRequests(page).length, 1);
  // A second card needs no other request.
  await page.mouse.move(5, 5);
  await sleep(600);
  const other = await hitCenter(page, 'A100');
  await page.mouse.move(other.x, other.y);
  const second = await waitForCard(page, (c) => c.open && c.title === 'Nvidia A100');
  assert.equal(second.summary, await expectedSummary('Nvidia A100'));
  assert.equal(glossaryRequests(page).length, 1, 'the glossary is fetched once');
  await page.close();
});

test('the card UI is a chunk fetched when the first card opens, not before', async () => {
  const page = await env.open('news');
  await widgetDone(page);
  await waitForHighlights(page, (seen) => seen.some((h) => h.text === 'H100'));
  const { files } = widgetBuild();
  const cardUi = files.onDemandChunks.find((name) => name.startsWith('widget-ui-'));
  assert.ok(cardUi, `the build has a card UI chunk (${files.onDemandChunks})`);
  const fetched = (name) => page.requests.filter((u) => u.endsWith(`/js/chiplight/${name}`)).length;
  await sleep(300);
  assert.equal(fetched(cardUi), 0, 'highlighted, and no card UI yet');
  const at = await hitCenter(page, 'H100');
  await page.mouse.move(at.x, at.y);
  const card = await waitForCard(page, (c) => c.open && c.citations > 0);
  assert.equal(card.title, 'Nvidia H100');
  assert.equal(fetched(cardUi), 1, 'fetched once, for the first card');
  await page.close();
});

test('a card opens from the keyboard (Alt+Shift+N, then Enter) with focus in it; Escape closes it', async () => {
  const page = await env.open('news');
  await widgetDone(page);
  await page.keyboard.press('Alt+Shift+KeyN');
  const first = await page.evaluate(async () => (await window.Chiplight.controllers)[0].activeHit?.label);
  assert.ok(first, 'the first hit is active');
  await page.keyboard.press('Enter');
  const card = await waitForCard(page, (c) => c.open && c.title === first && c.citations > 0);
  assert.equal(card.title, first);
  assert.equal(card.summary, await expectedSummary(first));
  assert.equal(card.focusInCard, true, 'focus moves into the card');
  await page.keyboard.press('Escape');
  assert.equal((await readCard(page)).open, false);
  await page.close();
});

test('a card opens on a tap (touch screens)', async () => {
  const touch = await launch({ hasTouch: true, viewport: { width: 400, height: 800 } });
  try {
    const page = await newPage(touch.context);
    page.requests = [];
    page.on('request', (r) => page.requests.push(r.url()));
    await page.goto(`${env.server.origin}/news.html`);
    await widgetDone(page);
    await waitForHighlights(page, (seen) => seen.some((h) => h.text === 'H100'));
    const at = await hitCenter(page, 'H100');
    await page.touchscreen.tap(at.x, at.y);
    const card = await waitForCard(page, (c) => c.open && c.citations > 0);
    assert.equal(card.title, 'Nvidia H100');
    assert.equal(card.summary, await expectedSummary('Nvidia H100'));
    assert.equal(glossaryRequests(page).length, 1);
    // A tap elsewhere (above or below the card, wherever it was placed) closes it.
    const empty = await page.evaluate(() => {
      const card = window.__closedRoots.find((r) => r.host.localName === 'chiplight-ui').querySelector('.card').getBoundingClientRect();
      for (let y = 790; y > 0; y -= 10) {
        const under = document.elementFromPoint(200, y);
        if ((y < card.top || y > card.bottom) && under?.matches('.hero, .tall')) return { x: 200, y };
      }
      return null;
    });
    assert.ok(empty, 'some of the page without text is on screen');
    await page.touchscreen.tap(empty.x, empty.y);
    await waitForCard(page, (c) => !c.open);
  } finally {
    await touch.close();
  }
});

test('the theme: data-chiplight-theme="dark" darkens the card and the summary on a light screen; "auto" follows the reader\'s scheme', async () => {
  const background = async (page) => {
    await widgetDone(page);
    await page.evaluate(async () => {
      const [controller] = await window.Chiplight.controllers;
      controller.openCard(controller.hits[0], { pinned: true });
    });
    await waitForCard(page, (c) => c.open);
    return page.evaluate(() => {
      const ui = window.__closedRoots.find((r) => r.host.localName === 'chiplight-ui');
      const summary = window.__closedRoots.find((r) => r.host.localName === 'chiplight-summary');
      return {
        card: getComputedStyle(ui.querySelector('.card')).backgroundColor,
        summary: getComputedStyle(summary.querySelector('button.line')).backgroundColor,
      };
    });
  };
  const DARK = 'rgb(32, 33, 36)';
  const LIGHT = 'rgb(255, 255, 255)';
  const dark = await env.open('news', { variation: 'dark' });
  assert.deepEqual(await background(dark), { card: DARK, summary: DARK }, 'dark on a light screen');
  await dark.close();
  const auto = await env.open('news');
  assert.deepEqual(await background(auto), { card: LIGHT, summary: LIGHT }, 'auto on a light screen');
  await auto.emulateMedia({ colorScheme: 'dark' });
  assert.deepEqual(await background(auto), { card: DARK, summary: DARK }, 'auto on a dark screen');
  await auto.close();
});
