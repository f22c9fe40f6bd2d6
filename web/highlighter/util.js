// Shared helpers: UI strings (English / Chinese; the categories' names are the matcher's:
// categoryNames), language choice, time slicing.

export const VERDICTS = Object.freeze(['none', 'weak', 'moderate', 'strong']);

const STRINGS = {
  en: {
    kind: {
      vendor: 'chip maker', model: 'model', system: 'system', memory: 'memory',
      hyperscaler: 'hyperscaler', 'gpu-cloud': 'GPU cloud', 'chinese-cloud': 'Chinese cloud',
      'china-operator': 'China operator', parent: 'parent company', named: 'named in reporting',
      wording: 'wording', rule: 'rule', statute: 'statute', list: 'list', concept: 'concept',
      bill: 'bill', agency: 'agency',
    },
    verdict: {
      none: 'No cloud-access pattern',
      weak: 'Weak signal: controlled chip with intermediary or rental wording',
      moderate: 'Moderate signal: controlled chip with a cloud provider',
      strong: 'Strong signal: controlled chip, cloud provider and intermediary',
    },
    verdictShort: { none: 'none', weak: 'weak', moderate: 'moderate', strong: 'strong' },
    verdictHeading: 'Cloud-access verdict',
    verdictPending: 'Assessing…',
    evidence: 'Evidence',
    summaryTitle: 'Chiplight: terms on this page',
    scanning: 'Scanning the page…',
    totals: (hits, terms) => `${hits} ${hits === 1 ? 'mention' : 'mentions'} of ${terms} ${terms === 1 ? 'term' : 'terms'}`,
    noneFound: 'None found.',
    nothingFound: 'No chip, cloud, intermediary, regulation or listed-party terms found.',
    showCategory: (name) => `Highlight ${name.toLowerCase()}`,
    mentions: (n) => `${n} ${n === 1 ? 'mention' : 'mentions'}`,
    goToEntry: (label, n) => `${label}: ${n} ${n === 1 ? 'mention' : 'mentions'}, go to next and open its card`,
    close: 'Close',
    back: 'Back',
    summaryOther: '中文',
    summaryOtherLabel: 'Show the Chinese summary',
    summaryMine: 'English',
    summaryMineLabel: 'Show the English summary',
    controlled: 'Controlled',
    controlledSince: (d) => `since ${d}`,
    controlledBy: 'under',
    dates: 'Dates',
    sources: 'Sources',
    // A citation's kind (core/data/source-kinds.json): what the source is, so a reader can weigh it.
    citationKind: { official: 'Official', primary: 'Company filing', news: 'Reporting' },
    related: 'Related',
    position: (i, n) => `Mention ${i} of ${n} on this page`,
    previousMention: 'Previous mention',
    nextMention: 'Next mention',
    hitAnnouncement: (label, cat, i, n, card = true) => `${label}, ${cat}, ${i} of ${n}.${card ? ' Press Enter for its card.' : ''}`,
    cardRole: 'glossary card',
    panelToggle: 'Chiplight summary',
    panelToggleCount: (n, v) => `Chiplight: ${n} ${n === 1 ? 'mention' : 'mentions'}, verdict ${v}`,
    noSummary: 'No summary in the glossary yet.',
    firstMention: 'first mention',
    quote: (text) => `\u201c${text}\u201d`,
    chipMakers: 'Chip makers (not controlled themselves)',
    // The verdict's explanation as a reporter would put it: `chips`, `clouds`, `middle` (the
    // intermediaries: named firms, or the page's own words quoted) and `vendors` are lists of
    // names; `article`: the verdict is the main content's, not the whole page's.
    explain: ({
      verdict, chips, clouds, middle, vendors, article,
    }) => {
      const list = (xs) => (xs.length < 3 ? xs.join(' and ') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
      const subject = article ? 'The article' : 'The page';
      const chip = `${chips.length === 1 ? 'a controlled chip' : 'controlled chips'} (${list(chips)})`;
      const cloud = `${clouds.length === 1 ? 'a cloud provider' : 'cloud providers'} (${list(clouds)})`;
      const mid = `${middle.length === 1 ? 'an intermediary' : 'intermediaries'} (${list(middle)})`;
      if (!chips.length) {
        return vendors.length ? `${subject} names ${list(vendors)}, but no controlled chip model.` : `${subject} names no controlled chip.`;
      }
      if (verdict === 'strong') return `${subject} names ${chip}, ${cloud} and ${mid}.`;
      if (verdict === 'moderate') return `${subject} names ${chip} and ${cloud}.`;
      if (verdict === 'weak') return `${subject} names ${chip} and ${mid}, but no cloud provider.`;
      return `${subject} names ${chip}, but no cloud provider or intermediary.`;
    },
  },
  'zh-Hans': {
    kind: {
      vendor: '芯片厂商', model: '型号', system: '系统', memory: '存储器', hyperscaler: '超大规模云',
      'gpu-cloud': 'GPU 云', 'chinese-cloud': '中国云', 'china-operator': '中国运营方', parent: '母公司',
      named: '报道点名', wording: '措辞', rule: '规则', statute: '法律', list: '清单', concept: '概念',
      bill: '法案', agency: '机构',
    },
    verdict: {
      none: '未见云端获取模式',
      weak: '弱信号：受管制芯片与中介或租用措辞',
      moderate: '中等信号：受管制芯片与云服务商',
      strong: '强信号：受管制芯片、云服务商与中介',
    },
    verdictShort: { none: '无', weak: '弱', moderate: '中', strong: '强' },
    verdictHeading: '云端获取判断',
    verdictPending: '正在判断…',
    evidence: '依据',
    summaryTitle: 'Chiplight：本页术语',
    scanning: '正在扫描页面…',
    totals: (hits, terms) => `${terms} 个术语，共出现 ${hits} 次`,
    noneFound: '未发现。',
    nothingFound: '未发现芯片、云服务商、中介、法规或列名实体术语。',
    showCategory: (name) => `高亮显示${name}`,
    mentions: (n) => `${n} 次`,
    goToEntry: (label, n) => `${label}：出现 ${n} 次，跳到下一处并打开卡片`,
    close: '关闭',
    back: '返回',
    summaryOther: 'English',
    summaryOtherLabel: '显示英文说明',
    summaryMine: '中文',
    summaryMineLabel: '显示中文说明',
    controlled: '受管制',
    controlledSince: (d) => `自 ${d} 起`,
    controlledBy: '依据',
    dates: '时间线',
    sources: '出处',
    citationKind: { official: '官方文件', primary: '公司文件', news: '媒体报道' },
    related: '相关条目',
    position: (i, n) => `本页第 ${i} 处，共 ${n} 处`,
    previousMention: '上一处',
    nextMention: '下一处',
    hitAnnouncement: (label, cat, i, n, card = true) => `${label}，${cat}，第 ${i} 处，共 ${n} 处。${card ? '按回车键打开卡片。' : ''}`,
    cardRole: '术语卡片',
    panelToggle: 'Chiplight 摘要',
    panelToggleCount: (n, v) => `Chiplight：${n} 处，判断：${v}`,
    noSummary: '词汇表中暂无说明。',
    firstMention: '首次出现',
    quote: (text) => `\u201c${text}\u201d`,
    chipMakers: '芯片厂商（本身不受管制）',
    explain: (facts) => explainZh(facts, {
      article: '本文', page: '本页', chip: '受管制芯片', cloud: '云服务商', middle: '中介',
      noChip: '未提到受管制芯片', noModel: '但未提到受管制的芯片型号', noCloud: '但未提到云服务商', noCloudNorMiddle: '但未提到云服务商或中介',
    }),
  },
};

/** The verdict's explanation in Chinese (`words` in simplified or traditional characters). */
function explainZh({
  verdict, chips, clouds, middle, vendors, article,
}, words) {
  const subject = article ? words.article : words.page;
  const list = (xs) => xs.join('、');
  if (!chips.length) return vendors.length ? `${subject}提到${list(vendors)}，${words.noModel}。` : `${subject}${words.noChip}。`;
  const chip = `${words.chip}（${list(chips)}）`;
  const cloud = `${words.cloud}（${list(clouds)}）`;
  const mid = `${words.middle}（${list(middle)}）`;
  if (verdict === 'strong') return `${subject}提到${chip}、${cloud}和${mid}。`;
  if (verdict === 'moderate') return `${subject}提到${chip}和${cloud}。`;
  if (verdict === 'weak') return `${subject}提到${chip}和${mid}，${words.noCloud}。`;
  return `${subject}提到${chip}，${words.noCloudNorMiddle}。`;
}

STRINGS['zh-Hant'] = {
  ...STRINGS['zh-Hans'],
  kind: {
    ...STRINGS['zh-Hans'].kind, vendor: '晶片廠商', system: '系統', memory: '記憶體', hyperscaler: '超大規模雲端',
    'gpu-cloud': 'GPU 雲端', 'chinese-cloud': '中國雲端', 'china-operator': '中國營運方', named: '報導點名',
    wording: '措辭', rule: '規則', list: '清單', concept: '概念', agency: '機構',
  },
  verdict: {
    none: '未見雲端取得模式',
    weak: '弱訊號：受管制晶片與中介或租用措辭',
    moderate: '中等訊號：受管制晶片與雲端服務商',
    strong: '強訊號：受管制晶片、雲端服務商與中介',
  },
  verdictShort: { none: '無', weak: '弱', moderate: '中', strong: '強' },
  verdictHeading: '雲端取得判斷',
  verdictPending: '正在判斷…',
  evidence: '依據',
  summaryTitle: 'Chiplight：本頁術語',
  scanning: '正在掃描頁面…',
  totals: (hits, terms) => `${terms} 個術語，共出現 ${hits} 次`,
  noneFound: '未發現。',
  nothingFound: '未發現晶片、雲端服務商、中介、法規或列名實體術語。',
  showCategory: (name) => `標示${name}`,
  goToEntry: (label, n) => `${label}：出現 ${n} 次，跳到下一處並開啟卡片`,
  close: '關閉',
  back: '返回',
  summaryOtherLabel: '顯示英文說明',
  summaryMineLabel: '顯示中文說明',
  controlled: '受管制',
  controlledSince: (d) => `自 ${d} 起`,
  controlledBy: '依據',
  dates: '時間線',
  sources: '出處',
  citationKind: { official: '官方文件', primary: '公司文件', news: '媒體報導' },
  related: '相關條目',
  position: (i, n) => `本頁第 ${i} 處，共 ${n} 處`,
  previousMention: '上一處',
  nextMention: '下一處',
  hitAnnouncement: (label, cat, i, n, card = true) => `${label}，${cat}，第 ${i} 處，共 ${n} 處。${card ? '按 Enter 鍵開啟卡片。' : ''}`,
  cardRole: '術語卡片',
  panelToggle: 'Chiplight 摘要',
  panelToggleCount: (n, v) => `Chiplight：${n} 處，判斷：${v}`,
  noSummary: '詞彙表中暫無說明。',
  firstMention: '首次出現',
  quote: (text) => `\u300c${text}\u300d`,
  chipMakers: '晶片廠商（本身不受管制）',
  explain: (facts) => explainZh(facts, {
    article: '本文', page: '本頁', chip: '受管制晶片', cloud: '雲端服務商', middle: '中介',
    noChip: '未提到受管制晶片', noModel: '但未提到受管制的晶片型號', noCloud: '但未提到雲端服務商', noCloudNorMiddle: '但未提到雲端服務商或中介',
  }),
};

/**
 * The UI language: 'en', 'zh-Hans' or 'zh-Hant'. An explicit `lang` option wins; otherwise the
 * reader's first preferred language decides (Chinese in any form gives a Chinese UI).
 */
export function resolveUiLang(lang) {
  const wanted = lang || (globalThis.navigator && (navigator.languages?.[0] || navigator.language)) || 'en';
  const tag = String(wanted).toLowerCase();
  if (!tag.startsWith('zh')) return 'en';
  if (/hant|-tw|-hk|-mo/.test(tag)) return 'zh-Hant';
  return 'zh-Hans';
}

/**
 * The matcher's categories' names in `uiLang`: `{ id: label }`, or the plural names with
 * `key` 'plural'.
 */
export function categoryNames(categories, uiLang, key = 'label') {
  const names = {};
  for (const c of categories) names[c.id] = c[key]?.[uiLang] || c[key]?.en || c.id;
  return names;
}

/**
 * An entry's words in `uiLang` (the lexicon's `glossary.i18n`, docs/lexicon.md): `{ label,
 * summary, events, note }`, each the translation where the lexicon has one, else the entry's own
 * (English; the summary in simplified Chinese is `summary.zh`). `events[i]` goes with
 * `glossary.dates[i]`.
 */
export function localEntry(entry, uiLang) {
  const g = entry?.glossary || {};
  const own = {
    label: entry?.label || '',
    summary: uiLang === 'en' ? g.summary?.en : g.summary?.zh,
    events: (Array.isArray(g.dates) ? g.dates : []).map((d) => d?.event || ''),
    note: g.control?.note || '',
  };
  const t = uiLang === 'en' ? null : g.i18n?.[uiLang];
  if (!t) return own;
  return {
    label: t.label || own.label,
    summary: t.summary || own.summary,
    events: own.events.map((e, i) => (Array.isArray(t.events) && t.events[i]) || e),
    note: t.note || own.note,
  };
}

export function uiStrings(uiLang) {
  return STRINGS[uiLang] || STRINGS.en;
}

export const clock = () => (globalThis.performance ? performance.now() : Date.now());

let messageChannel = null;
const pendingResolvers = [];

/**
 * Gives the event loop a turn between slices of work. Not scheduler.yield(): its continuations
 * run ahead of the page's own tasks, so a long pass would starve the page's timers and network
 * callbacks. A new task (scheduler.postTask at 'user-visible' priority where it exists, else a
 * MessageChannel message) queues behind whatever the page has waiting; input and rendering
 * still come first.
 */
export function yieldToMain() {
  const sched = globalThis.scheduler;
  if (sched && typeof sched.postTask === 'function') {
    return sched.postTask(() => {}, { priority: 'user-visible' });
  }
  if (typeof MessageChannel === 'function') {
    if (!messageChannel) {
      messageChannel = new MessageChannel();
      messageChannel.port1.onmessage = () => pendingResolvers.shift()?.();
    }
    return new Promise((resolve) => {
      pendingResolvers.push(resolve);
      messageChannel.port2.postMessage(0);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Only http(s) and mailto links from the glossary become clickable. */
export function safeUrl(url) {
  try {
    const u = new URL(String(url));
    return u.protocol === 'https:' || u.protocol === 'http:' || u.protocol === 'mailto:' ? u.href : null;
  } catch {
    return null;
  }
}

/** Creates an element in `doc` with text (never HTML) and attributes. */
export function el(doc, tag, attrs, text) {
  const node = doc.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      node.setAttribute(k, v === true ? '' : String(v));
    }
  }
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

let idCounter = 0;
export function uniqueId(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}-${Math.random().toString(36).slice(2, 8)}`;
}
