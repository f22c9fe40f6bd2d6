// The reader's language: every string a card or the panel shows exists in English, simplified
// and traditional Chinese (the UI's own strings, the categories' names, and each glossary entry's
// label, summary, timeline events and control note, which the lexicon carries), and a Chinese
// card shows them: a traditional-Chinese reader gets traditional labels, not simplified ones.
// Headless Chromium, the real matcher and lexicon.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNoProblems, openFixture, useBrowserPage, UI_ROOT,
} from './lib.mjs';

let server;
let page;

useBrowserPage((env) => {
  ({ server, page } = env);
});

const LANGS = ['en', 'zh-Hans', 'zh-Hant'];

describe('every string in three languages', () => {
  it('the UI strings: each key of the English set in simplified and traditional Chinese too', async () => {
    await openFixture(page, server.origin, 'news');
    const missing = await page.evaluate(async (langs) => {
      const { uiStrings } = await import('/web/highlighter/util.js');
      const keys = (o, prefix = '') => Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object'
        ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
      const value = (o, path) => path.split('.').reduce((x, k) => x?.[k], o);
      const out = [];
      for (const lang of langs) {
        const s = uiStrings(lang);
        for (const k of keys(uiStrings('en'))) {
          const v = value(s, k);
          if (!(typeof v === 'function' || (typeof v === 'string' && v.trim()))) out.push(`${lang}: ${k}`);
        }
      }
      // The categories' names (the lexicon's).
      for (const c of cl.matcher.categories) {
        for (const lang of langs) for (const key of ['label', 'plural']) if (!c[key]?.[lang]) out.push(`${lang}: category ${c.id}.${key}`);
      }
      return out;
    }, LANGS);
    assert.deepEqual(missing, []);
    assertNoProblems(page);
  });

  it('every glossary entry: label, summary, each timeline event and the control note in all three', async () => {
    await openFixture(page, server.origin, 'news');
    const r = await page.evaluate(() => {
      const out = [];
      let checked = 0;
      const has = (v) => typeof v === 'string' && v.trim().length > 0;
      for (const { id } of cl.matcher.entries()) {
        const e = cl.matcher.entry(id);
        const g = e.glossary || {};
        // Every written glossary entry (generated records without a written summary, such as
        // a list's parties, carry their own card texts).
        if (!g.summary) continue;
        const dates = g.dates || [];
        const note = g.control?.note;
        const t = g.i18n || {};
        const need = (ok, what) => { if (!ok) out.push(`${id}: ${what}`); };
        need(has(e.label), 'en label');
        need(has(g.summary?.en), 'en summary');
        need(has(g.summary?.zh), 'zh-Hans summary (summary.zh)');
        dates.forEach((d, i) => need(has(d.event), `en event ${i}`));
        for (const lang of ['zh-Hans', 'zh-Hant']) {
          need(has(t[lang]?.label), `${lang} label`);
          if (lang === 'zh-Hant') need(has(t[lang]?.summary), `${lang} summary`);
          dates.forEach((d, i) => need(has(t[lang]?.events?.[i]), `${lang} event ${i} (${d.event})`));
          need((t[lang]?.events || []).length === dates.length, `${lang}: one event per date`);
          if (note) need(has(t[lang]?.note), `${lang} control note`);
        }
        checked += 1;
      }
      return { missing: out, checked };
    });
    assert.ok(r.checked > 100, `every entry checked (${r.checked})`);
    assert.deepEqual(r.missing, []);
    assertNoProblems(page);
  });
});

/** The card of entry `id` as a reader of `lang` sees it. */
async function cardIn(lang, id) {
  await openFixture(page, server.origin, 'news');
  await page.evaluate(async ({ uiLang, entryId }) => {
    document.body.innerHTML = '<p>Nvidia H100 servers were rented through an intermediary on AWS, despite the EAR.</p>';
    window.ctl = cl.highlight(document.body, { matcher: cl.matcher, lang: uiLang });
    await window.ctl.ready;
    window.ctl.focusHit(window.ctl.hits.find((h) => h.id === entryId), { openCard: true });
  }, { uiLang: lang, entryId: id });
  // The live region is filled a moment after it is cleared (so screen readers announce it).
  await page.waitForFunction(`Boolean(${UI_ROOT}?.querySelector('[role=status]')?.textContent)`);
  return page.evaluate(`(() => {
    const card = ${UI_ROOT}.querySelector('.card');
    const entry = cl.matcher.entry(${JSON.stringify(id)});
    const res = {
      title: card.querySelector('h2').textContent,
      summary: card.querySelector('.summary').textContent,
      note: card.querySelector('.control .note')?.textContent,
      events: [...card.querySelectorAll('.dates li span')].map((s) => s.textContent),
      rules: [...card.querySelectorAll('.rules button')].map((b) => b.textContent),
      live: ${UI_ROOT}.querySelector('[role=status]')?.textContent,
      entry,
      ruleEntries: (entry.glossary.control?.rules || []).map((r) => cl.matcher.entry(r)),
    };
    window.ctl.clear();
    return res;
  })()`);
}

describe('a Chinese card', () => {
  for (const lang of ['zh-Hans', 'zh-Hant']) {
    it(`${lang}: label, summary, control note, timeline and rule names in ${lang}`, async () => {
      const r = await cardIn(lang, 'nvidia-h100');
      const t = r.entry.glossary.i18n[lang];
      assert.equal(r.title, t.label);
      assert.deepEqual(r.events, t.events);
      assert.equal(r.note, t.note);
      assert.deepEqual(r.rules, r.ruleEntries.map((e) => e.glossary.i18n[lang].label));
      assert.equal(r.summary, lang === 'zh-Hant' ? t.summary : r.entry.glossary.summary.zh);
      // Nothing of the English left in what the card says.
      for (const english of [r.entry.label, r.entry.glossary.control.note, ...r.entry.glossary.dates.map((d) => d.event)]) {
        assert.ok(![r.title, r.note, ...r.events, ...r.rules].includes(english), `${english} still in English`);
      }
      assert.match(r.live, new RegExp(t.label), `the announcement names the hit in the reader's language: ${r.live}`);
      assertNoProblems(page);
    });
  }

  it('traditional and simplified differ where the scripts do (輝達 H100, not 英伟达 H100)', async () => {
    const hant = await cardIn('zh-Hant', 'nvidia-h100');
    const hans = await cardIn('zh-Hans', 'nvidia-h100');
    assert.equal(hans.title, '英伟达 H100');
    assert.equal(hant.title, '輝達 H100');
    assert.notEqual(hant.summary, hans.summary);
    assertNoProblems(page);
  });
});
