// What a reader does: hover, keyboard, the glossary card, the summary panel; our UI isolated
// from the page's CSS; strings set as text. Headless Chromium, the real matcher and lexicon.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNoProblems, launch, newPage, openFixture, sleep, useBrowserPage, UI_ROOT,
} from './lib.mjs';

let server;
let page;

useBrowserPage((env) => {
  ({ server, page } = env);
});

async function start(options = {}) {
  await openFixture(page, server.origin, 'news');
  await page.evaluate(async (opts) => {
    window.ctl = cl.highlight(document.body, { matcher: cl.matcher, exclude: '.no-scan', ...opts });
    window.ctlErrors = [];
    window.ctl.addEventListener('error', (e) => window.ctlErrors.push(String(e.detail.error)));
    await window.ctl.ready;
  }, options);
}

/** The card as the reader sees it (from our closed shadow root). */
function readCard() {
  return page.evaluate(`(() => {
    const root = ${UI_ROOT};
    const card = root.querySelector('.card');
    const cs = getComputedStyle(card);
    const title = card.querySelector('h2');
    return {
      open: card.classList.contains('open'),
      display: cs.display,
      color: cs.color,
      font: cs.fontFamily,
      role: card.getAttribute('role'),
      labelledBy: card.getAttribute('aria-labelledby') === title?.id,
      title: title?.textContent,
      badge: card.querySelector('.badge')?.textContent,
      summary: card.querySelector('.summary')?.textContent,
      summaryLang: card.querySelector('.summary')?.getAttribute('lang'),
      links: [...card.querySelectorAll('.cites a')].map((a) => ({ text: a.textContent, href: a.getAttribute('href'), rel: a.rel, target: a.target })),
      citeTexts: [...card.querySelectorAll('.cites li')].map((li) => li.textContent),
      dates: [...card.querySelectorAll('.dates li')].map((li) => li.textContent),
      related: [...card.querySelectorAll('.related button')].map((b) => b.textContent),
      position: card.querySelector('footer .pos')?.textContent,
      focusInCard: Boolean(root.activeElement && card.contains(root.activeElement)) || root.activeElement === card,
      imgs: card.querySelectorAll('img').length,
      live: root.querySelector('[role=status]')?.textContent,
    };
  })()`);
}

async function hitCenter(index) {
  return page.evaluate((i) => {
    const h = window.ctl.hits[i];
    h.range.startContainer.parentElement.scrollIntoView({ block: 'center' });
    const r = h.range.getClientRects()[0];
    return { x: r.left + r.width / 2, y: r.top + r.height / 2, id: h.id, label: h.label };
  }, index);
}

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

describe('floating panel and touch', () => {
  it('panel: true adds a toggle button that opens a floating summary panel; Esc closes it', async () => {
    await start({ panel: true });
    const read = () => page.evaluate(`(() => {
      const root = ${UI_ROOT};
      const fab = root.querySelector('.fab');
      const panel = root.querySelector('.floating-panel');
      return { fab: fab.textContent, expanded: fab.getAttribute('aria-expanded'), controls: fab.getAttribute('aria-controls') === panel.id,
        hidden: panel.hidden, heading: panel.querySelector('h2')?.textContent, focus: root.activeElement?.className || null };
    })()`);
    let s = await read();
    const total = await page.evaluate(() => window.ctl.counts.total);
    assert.match(s.fab, new RegExp(`${total} mentions`));
    assert.equal(s.expanded, 'false');
    assert.equal(s.controls, true);
    assert.equal(s.hidden, true);
    await page.evaluate(`(${UI_ROOT}).querySelector('.fab').focus()`);
    await page.keyboard.press('Enter');
    s = await read();
    assert.equal(s.expanded, 'true');
    assert.equal(s.hidden, false);
    assert.equal(s.heading, 'Chiplight: terms on this page');
    await page.keyboard.press('Escape');
    s = await read();
    assert.equal(s.hidden, true);
    assert.equal(s.focus, 'fab', 'focus returns to the toggle');
    await page.evaluate(() => window.ctl.clear());
    assert.equal(await page.evaluate(() => document.querySelectorAll('chiplight-ui').length), 0);
    assertNoProblems(page);
  });

  it('a tap on a hit opens its card; a tap elsewhere closes it', async () => {
    const touch = await launch({ hasTouch: true });
    try {
      const tpage = await newPage(touch.context);
      await openFixture(tpage, server.origin, 'news');
      const t = await tpage.evaluate(async () => {
        window.ctl = cl.highlight(document.body, { matcher: cl.matcher });
        await window.ctl.ready;
        const h = window.ctl.hits[2];
        const r = h.range.getClientRects()[0];
        return { x: r.left + r.width / 2, y: r.top + r.height / 2, label: h.label };
      });
      await tpage.touchscreen.tap(t.x, t.y);
      await sleep(100);
      const open = () => tpage.evaluate(`(() => { const c = (${UI_ROOT}).querySelector('.card'); return { open: c.classList.contains('open'), title: c.querySelector('h2')?.textContent }; })()`);
      assert.deepEqual(await open(), { open: true, title: t.label });
      await tpage.touchscreen.tap(5, 790);
      await sleep(100);
      assert.equal((await open()).open, false);
      assertNoProblems(tpage);
    } finally {
      await touch.close();
    }
  });
});

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
    // Typing in a form field is never hijacked.
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.id = 'field';
      document.body.prepend(input);
      input.focus();
    });
    await page.keyboard.press('Alt+Shift+KeyN');
    assert.equal(await page.evaluate(() => window.ctl.activeHit.index), 1);
    assertNoProblems(page);
  });
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
        maxContextWindow: m.maxContextWindow,
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

describe('summary panel', () => {
  it('groups entries by category with counts, shows the verdict with evidence, jumps to hits and returns focus', async () => {
    await openFixture(page, server.origin, 'tender');
    await page.evaluate(async () => {
      const box = document.createElement('div');
      box.id = 'panel-box';
      document.body.appendChild(box);
      window.ctl = cl.highlight(document.getElementById('notice'), { matcher: cl.matcher });
      window.panel = cl.createSummaryPanel(window.ctl, box, { lang: 'en' });
      await window.ctl.ready;
    });
    const readPanel = () => page.evaluate(() => {
      const root = window.__closedRoots.find((r) => r.host === window.panel.element);
      const section = root.querySelector('section.panel');
      return {
        labelled: root.getElementById(section.getAttribute('aria-labelledby'))?.textContent,
        status: root.querySelector('[role=status]').textContent,
        verdict: root.querySelector('.verdict').getAttribute('data-verdict'),
        verdictText: root.querySelector('.verdict .vlabel').textContent,
        evidence: [...root.querySelectorAll('.verdict button')].map((b) => b.textContent),
        cats: [...root.querySelectorAll('section.cat')].map((s) => ({
          cat: s.dataset.category,
          heading: s.querySelector('h3').textContent,
          entries: [...s.querySelectorAll('.entry-btn')].map((b) => ({ id: b.dataset.entry, n: Number(b.querySelector('.n').textContent), aria: b.getAttribute('aria-label') })),
          checkbox: s.querySelector('input[type=checkbox]').checked,
        })),
        focusKey: root.activeElement?.getAttribute('data-key') || null,
      };
    });
    const expected = await page.evaluate(() => ({
      counts: window.ctl.counts,
      entries: window.ctl.entries.map((e) => ({ id: e.id, category: e.category, count: e.count })),
      verdict: window.ctl.verdict.verdict,
      evidence: window.ctl.verdict.evidence.map((h) => h.label),
    }));
    let p = await readPanel();
    assert.equal(p.labelled, 'Chiplight: terms on this page');
    assert.match(p.status, new RegExp(`${expected.counts.total} mentions of ${expected.entries.length} terms`));
    assert.equal(p.verdict, expected.verdict);
    assert.equal(p.verdict, 'strong');
    assert.match(p.verdictText, /Strong/);
    assert.equal(p.evidence.length, expected.evidence.length);
    assert.deepEqual(p.cats.map((c) => c.cat), ['chip', 'cloud', 'intermediary', 'regulation']);
    for (const c of p.cats) {
      assert.match(c.heading, new RegExp(`\\(${expected.counts[c.cat]}\\)`));
      assert.deepEqual(c.entries.map((e) => ({ id: e.id, n: e.n })),
        expected.entries.filter((e) => e.category === c.cat).map((e) => ({ id: e.id, n: e.count })));
      for (const e of c.entries) assert.match(e.aria, /mention/);
      assert.equal(c.checkbox, true);
    }
    // Activate an entry from the keyboard: its card opens with focus; Esc returns to the button.
    const first = p.cats.find((c) => c.entries.length).entries[0];
    await page.evaluate((id) => {
      const root = window.__closedRoots.find((r) => r.host === window.panel.element);
      root.querySelector(`[data-entry="${id}"]`).focus();
    }, first.id);
    await page.keyboard.press('Enter');
    const card = await readCard();
    assert.equal(card.open, true);
    assert.equal(card.focusInCard, true);
    assert.equal(card.title, await page.evaluate((id) => cl.matcher.entry(id).label, first.id));
    assert.equal(await page.evaluate(() => window.ctl.activeHit.id), first.id);
    await page.keyboard.press('Escape');
    p = await readPanel();
    assert.equal((await readCard()).open, false);
    assert.equal(p.focusKey, `e:${first.id}`, 'focus is back on the panel button');
    // A category checkbox hides that category.
    await page.evaluate(() => {
      const root = window.__closedRoots.find((r) => r.host === window.panel.element);
      root.querySelector('[data-key="cat:cloud"]').click();
    });
    assert.ok(!(await page.evaluate(() => window.ctl.categories)).includes('cloud'));
    p = await readPanel();
    assert.equal(p.cats.find((c) => c.cat === 'cloud').checkbox, false);
    // Clearing the controller removes the panel.
    await page.evaluate(() => window.ctl.clear());
    assert.equal(await page.evaluate(() => document.getElementById('panel-box').childElementCount), 0);
    assertNoProblems(page);
  });

  it('speaks Chinese to a Chinese reader', async () => {
    await openFixture(page, server.origin, 'tender');
    const r = await page.evaluate(async () => {
      const box = document.createElement('div');
      document.body.appendChild(box);
      const c = cl.highlight(document.getElementById('notice'), { matcher: cl.matcher, lang: 'zh-CN' });
      const panel = cl.createSummaryPanel(c, box);
      await c.ready;
      c.focusHit(0, { openCard: true });
      const root = window.__closedRoots.find((x) => x.host === panel.element);
      const ui = window.__closedRoots.find((x) => x.host.localName === 'chiplight-ui' && x.host.isConnected);
      const entry = cl.matcher.entry(c.hits[0].id);
      const res = {
        title: root.querySelector('h2').textContent,
        lang: root.querySelector('section').getAttribute('lang'),
        verdict: root.querySelector('.verdict h3').textContent,
        badge: ui.querySelector('.badge').textContent,
        summary: ui.querySelector('.summary')?.textContent,
        expectedSummary: entry.glossary?.summary?.zh || entry.glossary?.summary?.en || null,
      };
      c.clear();
      return res;
    });
    assert.equal(r.title, 'Chiplight：本页术语');
    assert.equal(r.lang, 'zh-Hans');
    assert.equal(r.verdict, '云端获取判断');
    assert.match(r.badge, /芯片|云服务商|中介|法规/);
    if (r.expectedSummary) assert.equal(r.summary, r.expectedSummary);
    assertNoProblems(page);
  });
});
