// The glossary card: opened by hover (dwell and grace), what it shows, strings set as text, and
// our UI isolated from the page's CSS and CSP. Headless Chromium, the real matcher and lexicon.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNoProblems, launch, newPage, openFixture, sleep, UI_ROOT,
} from './lib.mjs';
import { hitCenter, readCard, start, useReaderPage } from './reader.mjs';

let server;
let page;

useReaderPage((env) => {
  ({ server, page } = env);
});

describe('glossary card', () => {
  for (const variant of ['highlight', 'wrap', 'caret fallback']) {
    it(`opens on hover after a short dwell, survives moving onto it, closes after the grace period (${variant})`, async () => {
      if (variant === 'caret fallback') {
        // Hit-testing without highlightsFromPoint: caretPositionFromPoint and the hit's rectangles.
        await openFixture(page, server.origin, 'news');
        await page.evaluate(async () => {
          HighlightRegistry.prototype.highlightsFromPoint = undefined;
          window.ctl = cl.highlight(document.body, { matcher: cl.matcher, exclude: '.no-scan' });
          await window.ctl.ready;
        });
      } else await start({ mode: variant });
      await page.mouse.move(5, 5);
      const hit = await hitCenter(0);
      await page.mouse.move(hit.x, hit.y);
      assert.equal((await readCard()).open, false, 'not instantly');
      await sleep(400);
      let card = await readCard();
      assert.equal(card.open, true, 'open after the dwell');
      assert.equal(card.title, hit.label);
      assert.equal(card.focusInCard, false, 'hover does not steal focus');
      // Onto the card: it stays.
      const box = await page.evaluate(`(() => { const r = (${UI_ROOT}).querySelector('.card').getBoundingClientRect(); return { x: r.left + 20, y: r.top + 20 }; })()`);
      await page.mouse.move(box.x, box.y, { steps: 4 });
      await sleep(500);
      assert.equal((await readCard()).open, true, 'stays open while the pointer is on it');
      // Away from both: closes.
      await page.mouse.move(5, 790, { steps: 2 });
      await sleep(700);
      card = await readCard();
      assert.equal(card.open, false, 'closes after the grace period');
      assertNoProblems(page);
    });
  }

  it('shows label, category, summary (other language a click away), dates, citations as safe links and related entries', async () => {
    await start();
    // The entry with the richest glossary among the hits.
    const target = await page.evaluate(() => {
      const score = (e) => (e?.glossary?.summary ? 4 : 0) + (e?.glossary?.citations?.length || 0) + (e?.glossary?.dates?.length || 0) + (e?.glossary?.related?.length || 0);
      let best = 0;
      window.ctl.hits.forEach((h, i) => { if (score(cl.matcher.entry(h.id)) > score(cl.matcher.entry(window.ctl.hits[best].id))) best = i; });
      const h = window.ctl.hits[best];
      window.ctl.focusHit(h, { openCard: true });
      return { index: best, entry: cl.matcher.entry(h.id), n: window.ctl.hits.length };
    });
    const g = target.entry.glossary || {};
    assert.ok(g.summary, 'the fixture has an entry with a glossary');
    let card = await readCard();
    assert.equal(card.open, true);
    assert.equal(card.display, 'block');
    assert.equal(card.role, 'dialog');
    assert.equal(card.labelledBy, true);
    assert.equal(card.title, target.entry.label);
    assert.match(card.badge, /Chip|Cloud provider|Intermediary|Regulation/);
    assert.equal(card.summary, g.summary.en);
    assert.equal(card.summaryLang, 'en');
    assert.equal(card.focusInCard, true, 'opened from code with focus: focus moves into the card');
    assert.equal(card.position, `Mention ${target.index + 1} of ${target.n} on this page`);
    assert.equal(card.dates.length, (g.dates || []).length);
    const urls = (g.citations || []).filter((c) => /^https?:/.test(c.url || ''));
    assert.deepEqual(card.links.map((l) => l.href), urls.map((c) => new URL(c.url).href));
    for (const l of card.links) {
      assert.equal(l.target, '_blank');
      assert.match(l.rel, /noopener/);
    }
    assert.equal(card.related.length, (g.related || []).length);
    // Each citation says what kind of source it is (core/data/source-kinds.json).
    const KIND_LABEL = { official: 'Official', primary: 'Company filing', news: 'Reporting' };
    const kinds = await page.evaluate(`[...(${UI_ROOT}).querySelectorAll('.cites li')].map((li) => li.querySelector('.cite-kind')?.textContent ?? null)`);
    const cited = (g.citations || []).filter((c) => c && (c.text || c.url));
    assert.ok(cited.length > 0 && cited.every((c) => KIND_LABEL[c.kind]), 'the lexicon gives every citation a kind');
    assert.deepEqual(kinds, cited.map((c) => KIND_LABEL[c.kind]));
    // The other language.
    if (g.summary.zh) {
      await page.evaluate(`(${UI_ROOT}).querySelector('.summary-toggle').click()`);
      card = await readCard();
      assert.equal(card.summary, g.summary.zh);
      assert.equal(card.summaryLang, 'zh');
    }
    // A related entry opens in the card, with a way back.
    if ((g.related || []).length) {
      await page.evaluate(`(${UI_ROOT}).querySelector('.related button').click()`);
      card = await readCard();
      assert.equal(card.title, (await page.evaluate((id) => cl.matcher.entry(id).label, g.related[0])));
      await page.evaluate(`(${UI_ROOT}).querySelector('.card header .link-btn').click()`);
      assert.equal((await readCard()).title, target.entry.label);
    }
    await page.keyboard.press('Escape');
    assert.equal((await readCard()).open, false);
    assert.deepEqual(await page.evaluate(() => window.ctlErrors), []);
    assertNoProblems(page);
  });

  it('every string is set as text: markup in glossary data stays inert', async () => {
    await openFixture(page, server.origin, 'news');
    const r = await page.evaluate(async () => {
      const evil = '<img src=x onerror="window.pwned=1">';
      const m = cl.matcher;
      const hostile = {
        scan: (t) => m.scan(t),
        categories: m.categories, contextMargin: m.contextMargin, blockSeparator: m.blockSeparator,
        assess: (x) => m.assess(x),
        entry: (id) => {
          const e = m.entry(id);
          return { ...e, label: `${e.label} ${evil}`, glossary: { summary: { en: evil, zh: evil }, dates: [{ date: '2024', event: evil }], citations: [{ text: evil, url: 'javascript:window.pwned=2' }], related: [] } };
        },
      };
      window.ctl = cl.highlight(document.body, { matcher: hostile });
      await window.ctl.ready;
      window.ctl.focusHit(0, { openCard: true });
      await new Promise((r) => setTimeout(r, 50));
      return { pwned: window.pwned ?? null };
    });
    const card = await readCard();
    assert.equal(r.pwned, null);
    assert.equal(card.imgs, 0);
    assert.ok(card.title.endsWith('<img src=x onerror="window.pwned=1">'));
    assert.equal(card.summary, '<img src=x onerror="window.pwned=1">');
    assert.deepEqual(card.links, [], 'a javascript: URL never becomes a link');
    assert.deepEqual(card.citeTexts, ['<img src=x onerror="window.pwned=1">']);
    await page.evaluate(() => window.ctl.clear());
    assertNoProblems(page);
  });

  it('page CSS does not reach the card (closed shadow root, top layer)', async () => {
    await start();
    await page.evaluate(() => window.ctl.focusHit(0, { openCard: true }));
    const card = await readCard();
    assert.equal(card.display, 'block', 'the page hides chiplight-ui and [role=dialog]; ours still shows');
    assert.notEqual(card.color, 'rgb(255, 0, 0)');
    assert.doesNotMatch(card.font, /Comic Sans/);
    // Our styles do not leak out: the page's own paragraphs keep their colour and font.
    const pageStyle = await page.evaluate(() => {
      const cs = getComputedStyle(document.getElementById('p1'));
      return { color: cs.color, font: cs.fontFamily };
    });
    assert.equal(pageStyle.color, 'rgb(255, 0, 0)');
    assert.match(pageStyle.font, /Comic Sans/);
    await page.evaluate(() => window.ctl.clear());
    assertNoProblems(page);
  });
});

describe('content security policy', () => {
  it('works under a strict style-src (no inline styles): constructed style sheets only, no violations', async () => {
    await openFixture(page, server.origin, 'csp');
    const violations = await page.evaluate(async () => {
      const seen = [];
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
      window.ctl = cl.highlight(document.body, { matcher: cl.matcher, panel: true });
      await window.ctl.ready;
      window.ctl.focusHit(0, { openCard: true });
      await new Promise((r) => setTimeout(r, 100));
      return seen;
    });
    const styled = await page.evaluate(`(() => {
      const card = (${UI_ROOT}).querySelector('.card');
      return { border: getComputedStyle(card).borderTopWidth, display: getComputedStyle(card).display, sheets: document.adoptedStyleSheets.length };
    })()`);
    assert.deepEqual(violations, []);
    assert.deepEqual(styled, { border: '4px', display: 'block', sheets: 1 });
    await page.evaluate(() => window.ctl.clear());
    assertNoProblems(page);
  });
});

describe('device-pixel ratios', () => {
  it('hovering a name opens its own card at device-pixel ratio 2 (highlightsFromPoint is checked against the hit)', async () => {
    const browser = await launch({ deviceScaleFactor: 2 });
    try {
      const dense = await newPage(browser.context);
      await openFixture(dense, server.origin, 'news');
      await dense.evaluate(async () => {
        window.ctl = cl.highlight(document.body, { matcher: cl.matcher, exclude: '.no-scan' });
        await window.ctl.ready;
      });
      const n = await dense.evaluate(() => window.ctl.hits.length);
      const opened = [];
      const expected = [];
      for (let i = 0; i < Math.min(n, 6); i += 1) {
        await dense.mouse.move(2, 2);
        await sleep(400);
        const hit = await dense.evaluate((k) => {
          const h = window.ctl.hits[k];
          h.range.startContainer.parentElement.scrollIntoView({ block: 'center' });
          const r = h.range.getClientRects()[0];
          return { x: r.left + r.width / 2, y: r.top + r.height / 2, label: h.label };
        }, i);
        await dense.mouse.move(hit.x, hit.y);
        await sleep(400);
        expected.push(hit.label);
        opened.push(await dense.evaluate(`(() => (${UI_ROOT}).querySelector('.card.open h2')?.textContent ?? null)()`));
      }
      assert.ok(expected.length >= 4);
      assert.deepEqual(opened, expected);
      assertNoProblems(dense);
    } finally {
      await browser.close();
    }
  });
});
