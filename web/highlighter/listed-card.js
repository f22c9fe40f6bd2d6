// The listed-party part of a glossary card (docs/listed-parties.md): for an entry of category
// `listed`, what its glossary.listed says, in the reader's language: the listed name and its
// aliases, country and city, "On the Entity List since …", the licence requirement and review
// policy in plain words, Chinese names with where they were seen, and the list's date. The
// Federal Register citations are the card's ordinary sources (ui.js), each a link.
// ui.js calls listedSection() and knows nothing else of this file.

// Plain words for each licence class: the same table as the data's header
// (core/data/entity-list/listed-lexicon.json, "plain_words"; tests/js/listed-card.test.mjs
// checks they agree).
export const PLAIN_WORDS = Object.freeze({
  requirement: {
    'all-items': {
      en: 'A licence is needed to export, re-export or transfer any item subject to the EAR to this party.',
      zh: '向该实体出口、再出口或转让任何受《出口管理条例》(EAR)管辖的物项均须申请许可证。',
    },
    'all-items-for-listed-projects': {
      en: 'A licence is needed for any item subject to the EAR used in the projects of 15 CFR 746.8(a)(4).',
      zh: '用于 15 CFR 746.8(a)(4) 所列项目的任何受 EAR 管辖物项均须申请许可证。',
    },
    'ccl-and-listed-ear99': {
      en: 'A licence is needed for items on the Commerce Control List and the EAR99 items listed in Supplement No. 7 to Part 746.',
      zh: '商业管制清单(CCL)上的物项及第 746 部分补编 7 所列 EAR99 物项须申请许可证。',
    },
    'meu-items': {
      en: 'A licence is needed for the items listed in Supplement No. 2 to Part 744 (military end users).',
      zh: '第 744 部分补编 2 所列物项(军事最终用户)须申请许可证。',
    },
  },
  policy: {
    'presumption-of-denial': {
      en: 'Applications are reviewed with a presumption of denial: they are expected to be refused.',
      zh: '许可证申请按“推定拒绝”原则审查:原则上不予批准。',
    },
    'policy-of-denial': {
      en: 'Policy of denial: applications are refused (food and medicine may be reviewed case by case).',
      zh: '拒绝政策:许可证申请一律拒绝(食品和药品可逐案审查)。',
    },
    'case-by-case': { en: 'Applications are reviewed case by case.', zh: '许可证申请逐案审查。' },
    'case-by-case-then-denial': {
      en: 'Some items (such as telecommunications items) are reviewed case by case; the rest with a presumption of denial.',
      zh: '部分物项(如电信物项)逐案审查,其余物项推定拒绝。',
    },
    'case-by-case-approval-ear99': {
      en: 'EAR99 items are presumed approved; items on the Commerce Control List are reviewed case by case.',
      zh: 'EAR99 物项推定批准;商业管制清单上的物项逐案审查。',
    },
    'denial-with-exceptions': {
      en: 'Presumption of denial, except case-by-case review for the items the listing names.',
      zh: '推定拒绝,但清单条目所列的例外物项逐案审查。',
    },
    'see-regulation': {
      en: 'The review policy is set by the section of the EAR the listing cites.',
      zh: '审查政策见清单条目所引的 EAR 条款。',
    },
    'meu-procedure': {
      en: 'Reviewed under the military end-user procedure (15 CFR 744.21(d)-(e)): a presumption of denial.',
      zh: '按军事最终用户程序(15 CFR 744.21(d)-(e))审查:推定拒绝。',
    },
  },
});

const STRINGS = {
  en: {
    lists: { entity: 'Entity List', meu: 'Military End-User List' },
    since: (list, date) => `On the ${list} since ${date}`,
    onList: (list) => `On the ${list}`,
    aliases: 'Also listed as',
    where: 'Country, city',
    licence: 'Licence requirement',
    policy: 'Review policy',
    published: 'As published',
    chinese: 'Chinese name',
    seenAt: 'seen at',
    derivedFrom: (hans) => `traditional form of ${hans} (OpenCC), not seen in a source`,
    parent: 'Part of',
    listDate: (date) => `List as of ${date} (the latest amendment this copy holds)`,
  },
  'zh-Hans': {
    lists: { entity: '实体清单', meu: '军事最终用户清单' },
    since: (list, date) => `自 ${date} 起列入${list}`,
    onList: (list) => `列入${list}`,
    aliases: '别名',
    where: '国家、城市',
    licence: '许可要求',
    policy: '审查政策',
    published: '原文',
    chinese: '中文名称',
    seenAt: '出处',
    derivedFrom: (hans) => `${hans} 的繁体写法(OpenCC 转换,未见于出处)`,
    parent: '隶属',
    listDate: (date) => `清单版本:${date}(本副本所含的最新修订)`,
  },
  'zh-Hant': {
    lists: { entity: '實體清單', meu: '軍事最終用戶清單' },
    since: (list, date) => `自 ${date} 起列入${list}`,
    onList: (list) => `列入${list}`,
    aliases: '別名',
    where: '國家、城市',
    licence: '許可要求',
    policy: '審查政策',
    published: '原文',
    chinese: '中文名稱',
    seenAt: '出處',
    derivedFrom: (hans) => `${hans} 的繁體寫法(OpenCC 轉換,未見於出處)`,
    parent: '隸屬',
    listDate: (date) => `清單版本:${date}(本副本所含的最新修訂)`,
  },
};

function node(doc, tag, attrs, text) {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function strings(uiLang) {
  return STRINGS[uiLang] || (String(uiLang).startsWith('zh') ? STRINGS['zh-Hans'] : STRINGS.en);
}

const isText = (x) => typeof x === 'string' && x.length > 0;

/**
 * The licence terms of one kind (requirement or policy) as plain-words lines: each class's words
 * in the reader's language, and the published text where the data keeps it (the classes whose
 * plain words leave out which section or which items).
 */
export function plainTerms(terms, kind, uiLang) {
  const lang = String(uiLang).startsWith('zh') ? 'zh' : 'en';
  const table = PLAIN_WORDS[kind];
  const lines = [];
  for (const term of Array.isArray(terms) ? terms : []) {
    if (!term || !isText(term.class)) continue;
    const words = table[term.class];
    lines.push({ words: words ? words[lang] : '', text: isText(term.text) ? term.text : '' });
  }
  return lines;
}

/** The first line of a listed party's card: "On the Entity List since 2019-05-21". */
export function listedSince(listed, uiLang) {
  const s = strings(uiLang);
  const list = s.lists[listed.list] || s.lists.entity;
  return isText(listed.since) ? s.since(list, listed.since) : s.onList(list);
}

/**
 * The listed-party section of a card, or null when `listed` (an entry's glossary.listed) is not
 * an object. Every string is set as text (the data may come from a user's own import).
 */
export function listedSection(doc, listed, uiLang) {
  if (!listed || typeof listed !== 'object') return null;
  const s = strings(uiLang);
  const box = node(doc, 'section', { class: 'listed' });
  box.appendChild(node(doc, 'p', { class: 'listed-since' }, listedSince(listed, uiLang)));

  const facts = node(doc, 'dl', { class: 'listed-facts' });
  const fact = (cls, term, value) => {
    if (!value) return;
    facts.appendChild(node(doc, 'dt', { class: cls }, term));
    if (typeof value === 'string') facts.appendChild(node(doc, 'dd', { class: cls }, value));
    else {
      const dd = node(doc, 'dd', { class: cls });
      dd.appendChild(value);
      facts.appendChild(dd);
    }
  };
  const aliases = (Array.isArray(listed.aliases) ? listed.aliases : []).filter(isText);
  if (aliases.length) {
    const ul = node(doc, 'ul', { class: 'listed-aliases' });
    for (const a of aliases) ul.appendChild(node(doc, 'li', null, a));
    fact('aliases', s.aliases, ul);
  }
  const countries = (Array.isArray(listed.countries) ? listed.countries : []).filter(isText);
  const where = [countries.join(', '), isText(listed.city) ? listed.city : ''].filter(Boolean).join(' · ');
  fact('where', s.where, where);
  if (listed.parent && isText(listed.parent.name)) fact('parent', s.parent, listed.parent.name);
  for (const [kind, term] of [['requirement', s.licence], ['policy', s.policy]]) {
    const lines = plainTerms(listed[kind], kind, uiLang);
    if (!lines.length) continue;
    const div = node(doc, 'div');
    for (const line of lines) {
      if (line.words) div.appendChild(node(doc, 'p', { class: 'plain' }, line.words));
      if (line.text) div.appendChild(node(doc, 'p', { class: 'published', lang: 'en' }, `${s.published}: ${line.text}`));
    }
    fact(kind, term, div);
  }
  // The reader's script first: a zh-Hant reader sees the traditional names at the top.
  const zh = (Array.isArray(listed.zh) ? listed.zh : []).filter((z) => z && isText(z.text));
  if (uiLang === 'zh-Hant') zh.sort((a, b) => (b.script === 'hant') - (a.script === 'hant'));
  if (zh.length) {
    const ul = node(doc, 'ul', { class: 'listed-zh' });
    for (const z of zh) {
      const li = node(doc, 'li');
      li.appendChild(node(doc, 'span', { lang: z.script === 'hant' ? 'zh-Hant' : 'zh-Hans' }, z.text));
      if (isText(z.source)) li.appendChild(doc.createTextNode(` — ${s.seenAt}: ${z.source}`));
      else if (isText(z.derived_from)) li.appendChild(doc.createTextNode(` — ${s.derivedFrom(z.derived_from)}`));
      ul.appendChild(li);
    }
    fact('zh', s.chinese, ul);
  }
  if (facts.childNodes.length) box.appendChild(facts);
  if (isText(listed.list_date)) box.appendChild(node(doc, 'p', { class: 'listed-date' }, s.listDate(listed.list_date)));
  return box;
}
