// The widget beside the page's own scripts: a script that rewrites part of the article after load
// keeps working and its new text is highlighted; an article rendered (and re-rendered) by a
// React-like script keeps rendering, and what it renders is highlighted. One CTest entry per test().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sleep, useWidgetBrowser, waitForHighlights, widgetDone } from './lib.mjs';

const env = useWidgetBrowser();

test('a page script that edits the article still works, and the edit is highlighted', async () => {
  const page = await env.open('news');
  await widgetDone(page);
  await waitForHighlights(page, (seen) => seen.some((h) => h.text === 'H100'));
  // The page's script rewrites its second paragraph (its own DOM calls, as a live blog would).
  const written = 'Update: the tender now asks for Nvidia B200 servers on Microsoft Azure.';
  await page.evaluate((text) => {
    const p = document.getElementById('p2');
    p.textContent = text;
    window.pageEdited = p.textContent;
  }, written);
  const seen = await waitForHighlights(page, (hs) => hs.some((h) => h.text === 'B200') && hs.some((h) => h.text === 'Microsoft Azure'));
  assert.ok(seen.filter((h) => h.in === 'p2').every((h) => ['Nvidia', 'B200', 'Nvidia B200', 'Microsoft Azure'].includes(h.text)), JSON.stringify(seen));
  assert.equal(await page.evaluate(() => document.getElementById('p2').textContent), written, 'the page\'s text is as it wrote it');
  assert.equal(await page.evaluate(() => document.getElementById('p2').childNodes.length), 1, 'no element of ours inside it');
  const ticks = await page.evaluate(() => window.pageTicks);
  await sleep(300);
  assert.ok(await page.evaluate((t) => window.pageTicks > t, ticks), 'the page\'s timer keeps running');
  // The site hears about the new result.
  const last = await page.evaluate(() => window.__widgetEvents.at(-1));
  assert.equal(last.detail.reason, 'change');
  assert.ok(last.detail.entries.some((e) => e.label === 'Microsoft Azure'));
  await page.close();
});

test('a React-like article that re-renders keeps rendering, and its new text is highlighted', async () => {
  const page = await env.open('react');
  assert.equal(await widgetDone(page), 1);
  await waitForHighlights(page, (seen) => seen.some((h) => h.text === 'H100') && seen.some((h) => h.text === 'Amazon Web Services'));
  const rendersBefore = await page.evaluate(() => window.renders);
  // A state change: one paragraph's text updated in place, one new, one gone (keyed reconciling).
  await page.evaluate(() => window.setStory([
    { key: 'a', text: 'Chinese firms rent Nvidia A100 servers through Alibaba Cloud, tenders show.' },
    { key: 'c', text: 'The Entity List now names the intermediary.' },
  ]));
  const seen = await waitForHighlights(page, (hs) => hs.some((h) => h.text === 'A100') && hs.some((h) => h.text === 'Alibaba Cloud'));
  assert.ok(!seen.some((h) => h.text === 'H100' || h.text === 'Amazon Web Services'), 'the old text is no longer highlighted');
  // The renderer still owns and updates its DOM: another render goes through, text in place.
  await page.evaluate(() => window.setStory([{ key: 'a', text: 'Nothing to see in this paragraph.' }]));
  assert.equal(await page.evaluate(() => document.querySelector('#story').textContent), 'Nothing to see in this paragraph.');
  assert.equal(await page.evaluate(() => window.renders), rendersBefore + 2);
  await waitForHighlights(page, (hs) => hs.length === 0);
  assert.deepEqual(page.messages.filter((m) => m.type === 'error'), []);
  await page.close();
});
