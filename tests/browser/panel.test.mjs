// The summary panel (in the page or floating) and touch: entries by category, the verdict with
// its evidence, jumps to hits. Headless Chromium, the real matcher and lexicon.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNoProblems, launch, newPage, openFixture, sleep, UI_ROOT,
} from './lib.mjs';
import { readCard, start, useReaderPage } from './reader.mjs';

let server;
let page;

useReaderPage((env) => {
  ({ server, page } = env);
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
        explanation: root.querySelector('.verdict .expl')?.textContent,
        evidence: [...root.querySelectorAll('.verdict button')].map((b) => b.textContent),
        cats: [...root.querySelectorAll('section.cat')].map((s) => ({
          cat: s.dataset.category,
          heading: s.querySelector('h3').textContent,
          makers: [...s.querySelectorAll('h4.makers + ul .entry-btn')].map((b) => b.dataset.entry),
          entries: [...s.querySelectorAll('.entry-btn')].map((b) => ({ id: b.dataset.entry, n: Number(b.querySelector('.n').textContent), aria: b.getAttribute('aria-label') })),
          checkbox: s.querySelector('input[type=checkbox]').checked,
        })),
        focusKey: root.activeElement?.getAttribute('data-key') || null,
      };
    });
    const expected = await page.evaluate(() => ({
      counts: window.ctl.counts,
      entries: window.ctl.entries.map((e) => ({
        id: e.id, category: e.category, count: e.count, vendor: e.kind === 'vendor',
      })),
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
    assert.deepEqual(p.cats.map((c) => c.cat), ['chip', 'cloud', 'intermediary', 'regulation', 'listed']);
    // Said as a reporter would: every name, none of the glossary's own notes.
    assert.doesNotMatch(p.explanation, /more|\(wording\)|·/);
    assert.match(p.explanation, /^The page names controlled chips \(Nvidia A100 and Nvidia H100\), cloud providers \(.+\) and intermediaries \(“.+”\)\.$/);
    for (const c of p.cats) {
      // A chip maker named alone ("Nvidia") is listed apart and not counted among the chips.
      const models = expected.entries.filter((e) => e.category === c.cat && !e.vendor);
      const makers = expected.entries.filter((e) => e.category === c.cat && e.vendor);
      assert.match(c.heading, new RegExp(`\\(${models.reduce((n, e) => n + e.count, 0)}\\)`));
      assert.deepEqual(c.entries.map((e) => ({ id: e.id, n: e.n })),
        [...models, ...makers].map((e) => ({ id: e.id, n: e.count })));
      assert.deepEqual(c.makers, makers.map((e) => e.id));
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

  it('keeps a chip maker named alone apart from controlled chips, in every language', async () => {
    await openFixture(page, server.origin, 'tender');
    const r = await page.evaluate(async () => {
      document.body.innerHTML = '<p>Nvidia shares rose after Nvidia reported record sales of its gaming cards.</p>';
      const out = {};
      for (const lang of ['en', 'zh-Hans', 'zh-Hant']) {
        const box = document.createElement('div');
        document.body.appendChild(box);
        const c = cl.highlight(document.body, { matcher: cl.matcher, lang, exclude: (e) => e === box });
        const panel = cl.createSummaryPanel(c, box);
        await c.ready;
        const root = window.__closedRoots.find((x) => x.host === panel.element);
        const chips = root.querySelector('section.cat[data-category="chip"]');
        out[lang] = {
          heading: chips.querySelector('h3').textContent,
          makers: [...chips.querySelectorAll('h4.makers + ul .entry-btn')].map((b) => b.dataset.entry),
          empty: chips.querySelector('.empty')?.textContent || null,
          explanation: root.querySelector('.verdict .expl')?.textContent,
          verdict: c.verdict.verdict,
        };
        c.clear();
        box.remove();
      }
      return out;
    });
    assert.equal(r.en.verdict, 'none');
    for (const lang of ['en', 'zh-Hans', 'zh-Hant']) {
      assert.match(r[lang].heading, /\(0\)/, `${lang}: the bare vendor is not counted among the chips`);
      assert.deepEqual(r[lang].makers, ['nvidia']);
      assert.ok(r[lang].empty, `${lang}: no controlled chip listed`);
    }
    assert.equal(r.en.explanation, 'The page names Nvidia, but no controlled chip model.');
    assert.equal(r['zh-Hans'].explanation, '本页提到英伟达，但未提到受管制的芯片型号。');
    assert.equal(r['zh-Hant'].explanation, '本頁提到輝達，但未提到受管制的晶片型號。');
    assertNoProblems(page);
  });
});
