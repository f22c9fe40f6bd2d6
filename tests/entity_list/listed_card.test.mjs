// The listed-party card in a real page (headless Chromium, the real WebAssembly matcher and
// highlighter): a listed name in the text, its card shows the listed name and aliases, country
// and city, "On the Entity List since …", every Federal Register citation as a link, the licence
// requirement and review policy in plain words (English, then Chinese), the Chinese names with
// their sources, and the list's date. A name that needs context shows its party's card.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNoProblems, openFixture, useBrowserPage, UI_ROOT,
} from '../browser/lib.mjs';

let server;
let page;
useBrowserPage((env) => { ({ server, page } = env); });

const HUAWEI = 'listed-entity-huawei-technologies-co-ltd';

/** The news fixture's text replaced by `text`, highlighted with the packaged entries `ids`. */
async function highlightWith(text, ids, uiLang = 'en') {
  await openFixture(page, server.origin, 'news');
  return page.evaluate(async ({ text: t, ids: wanted, uiLang: lang }) => {
    const doc = await (await fetch('/core/data/entity-list/listed-lexicon.json')).json();
    const entries = doc.entries.filter((e) => wanted.includes(e.id));
    const matcher = await cl.createMatcher({ extraTerms: entries });
    document.body.replaceChildren(Object.assign(document.createElement('p'), { textContent: t }));
    window.ctl = cl.highlight(document.body, { matcher, lang });
    await window.ctl.ready;
    return window.ctl.hits.map((h) => ({ id: h.id, text: h.text, category: h.category }));
  }, { text, ids, uiLang });
}

function openCardOf(id) {
  return page.evaluate((wanted) => {
    const h = window.ctl.hits.find((x) => x.id === wanted);
    window.ctl.focusHit(h, { openCard: true });
  }, id);
}

function readListedCard() {
  return page.evaluate(`(() => {
    const card = (${UI_ROOT}).querySelector('.card');
    const box = card.querySelector('.listed');
    const dd = (cls) => [...card.querySelectorAll('dd.' + cls)].map((d) => d.textContent);
    return {
      open: card.classList.contains('open'),
      title: card.querySelector('h2')?.textContent,
      badge: card.querySelector('.badge')?.textContent,
      since: box?.querySelector('.listed-since')?.textContent,
      aliases: [...card.querySelectorAll('.listed-aliases li')].map((li) => li.textContent),
      where: dd('where')[0],
      requirement: dd('requirement')[0],
      policy: dd('policy')[0],
      zh: [...card.querySelectorAll('.listed-zh li')].map((li) => li.textContent),
      listDate: box?.querySelector('.listed-date')?.textContent,
      links: [...card.querySelectorAll('.cites a')].map((a) => ({ text: a.textContent, href: a.getAttribute('href') })),
      dates: [...card.querySelectorAll('.dates li')].map((li) => li.textContent),
    };
  })()`);
}

describe('listed-party card', () => {
  it('shows the listing: name, aliases, place, since when, citations, licence terms, Chinese names, list date', async () => {
    const hits = await highlightWith('Engineers at HUAWEI TECHNOLOGIES CO., LTD. rented the servers.', [HUAWEI]);
    assert.deepEqual(hits.map((h) => [h.text, h.category]), [['HUAWEI TECHNOLOGIES CO., LTD.', 'listed']]);
    await openCardOf(HUAWEI);
    const card = await readListedCard();
    assert.equal(card.open, true);
    assert.equal(card.title, 'Huawei Technologies Co., Ltd.');
    assert.match(card.badge, /^Listed party/);
    assert.equal(card.since, 'On the Entity List since 2019-05-21');
    assert.ok(card.aliases.includes('Huawei'), card.aliases.join('|'));
    assert.match(card.where, /^China · Shenzhen/);
    assert.match(card.requirement, /licence is needed .* any item subject to the EAR/);
    assert.match(card.policy, /presumption of denial/);
    assert.ok(card.zh.some((z) => z.startsWith('华为技术有限公司')), card.zh.join('|'));
    assert.ok(card.zh.every((z) => z.includes(' — seen at: ')), 'each Chinese name with its source');
    assert.equal(card.listDate, 'List as of 2025-10-09 (the latest amendment this copy holds)');
    // Every Federal Register citation of the listing, each a link to federalregister.gov.
    const doc = JSON.parse(await (await fetch(`${server.origin}/core/data/entity-list/listed-lexicon.json`)).text());
    const cites = doc.entries.find((e) => e.id === HUAWEI).glossary.citations;
    assert.ok(cites.length >= 5);
    assert.deepEqual(card.links.map((l) => l.text), cites.map((c) => c.text));
    for (const l of card.links) assert.match(l.href, /^https:\/\/www\.federalregister\.gov\/citation\/\d+-FR-\d+$/);
    assert.equal(card.dates[0], '2019-05-21Added to the Entity List (84 FR 22963)');
    assertNoProblems(page);
  });

  it('in Chinese: the same facts in the reader\'s language', async () => {
    await highlightWith('华为技术有限公司被列入实体清单。', [HUAWEI], 'zh-Hans');
    await openCardOf(HUAWEI);
    const card = await readListedCard();
    assert.equal(card.since, '自 2019-05-21 起列入实体清单');
    assert.match(card.policy, /推定拒绝/);
    assert.match(card.listDate, /^清单版本:2025-10-09/);
    assertNoProblems(page);
  });

  it('in traditional Chinese: a name no source printed in traditional script is found, and the card is titled in traditional script', async () => {
    const INSPUR = 'listed-entity-inspur-electronic-information-industry-co-ltd';
    const hits = await highlightWith('美國商務部將浪潮電子信息產業股份有限公司列入實體清單。', [INSPUR], 'zh-Hant');
    assert.deepEqual(hits.filter((h) => h.category === 'listed').map((h) => h.text), ['浪潮電子信息產業股份有限公司']);
    await openCardOf(INSPUR);
    const card = await readListedCard();
    assert.equal(card.title, '浪潮電子信息產業股份有限公司 (Inspur Electronic Information Industry Co., Ltd.)');
    assert.match(card.since, /^自 \d{4}-\d{2}-\d{2} 起列入實體清單$/);
    // The traditional names first; the derived one says so instead of naming a source.
    assert.match(card.zh[0], /^浪潮電子信息產業股份有限公司 — 浪潮电子信息产业股份有限公司 的繁體寫法\(OpenCC 轉換,未見於出處\)$/);
    assert.ok(card.zh.some((z) => z.startsWith('浪潮电子信息产业股份有限公司 — 出處: ')), card.zh.join('|'));
    assertNoProblems(page);
  });

  it('in simplified Chinese the same card is titled in simplified script', async () => {
    const INSPUR = 'listed-entity-inspur-electronic-information-industry-co-ltd';
    await highlightWith('美国商务部将浪潮电子信息产业股份有限公司列入实体清单。', [INSPUR], 'zh-Hans');
    await openCardOf(INSPUR);
    const card = await readListedCard();
    assert.equal(card.title, '浪潮电子信息产业股份有限公司 (Inspur Electronic Information Industry Co., Ltd.)');
    assert.match(card.zh[0], /^浪潮电子信息产业股份有限公司 — 出处: /);
    assertNoProblems(page);
  });

  it('a name that needs context (华为) opens its party\'s listing', async () => {
    const hits = await highlightWith('美国商务部将华为列入实体清单。', [HUAWEI, `${HUAWEI}-in-context`]);
    assert.deepEqual(hits.filter((h) => h.category === 'listed').map((h) => h.text), ['华为']);
    await openCardOf(`${HUAWEI}-in-context`);
    const card = await readListedCard();
    assert.equal(card.since, 'On the Entity List since 2019-05-21');
    assert.match(card.policy, /presumption of denial/);
    assertNoProblems(page);
  });
});
