// The report `chiplight report` writes: one self-contained HTML file (this script, the
// highlighter and the WebAssembly matcher inside). A triage table of every document by verdict,
// sortable and filterable; each document's text, read from its own JSON block only when it is
// opened, highlighted with the page highlighter, its glossary cards and summary panel.
// Bundled into a classic script by web/build-report.mjs (pages from file:// can't load modules).
import { highlight, createSummaryPanel, resolveUiLang } from '../highlighter/index.js';

const VERDICTS = ['strong', 'moderate', 'weak', 'none'];
const CATEGORIES = ['chip', 'cloud', 'intermediary', 'regulation'];

const TEXT = {
  en: {
    subtitle: 'documents by cloud-access verdict', documents: 'Documents', verdict: 'Verdict', category: 'Mentions of',
    search: 'File name contains', back: '← All documents', all: 'all', any: 'anything',
    file: 'Document', evidence: 'Evidence', page: 'Page', pages: (n) => (n === 1 ? '1 page' : `${n} pages`),
    chip: 'Chips', cloud: 'Cloud', intermediary: 'Intermediaries', regulation: 'Regulation',
    strong: 'strong', moderate: 'moderate', weak: 'weak', none: 'none',
    showing: (shown, total) => `${shown} of ${total} documents shown`,
    meta: (n, version, date) => `${n} documents · lexicon ${version} · ${date} · works offline, nothing leaves this file`,
    noText: 'No text was read from this document.',
    failed: 'Chiplight could not start: ',
  },
  'zh-Hans': {
    subtitle: '按云端访问判定排列的文档', documents: '文档', verdict: '判定', category: '提及',
    search: '文件名包含', back: '← 全部文档', all: '全部', any: '任意',
    file: '文档', evidence: '证据', page: '页', pages: (n) => `${n} 页`,
    chip: '芯片', cloud: '云服务商', intermediary: '中介', regulation: '法规',
    strong: '强', moderate: '中', weak: '弱', none: '无',
    showing: (shown, total) => `显示 ${shown} / ${total} 个文档`,
    meta: (n, version, date) => `${n} 个文档 · 词库 ${version} · ${date} · 离线可用，内容不会离开本文件`,
    noText: '未从此文档读出文字。',
    failed: 'Chiplight 无法启动：',
  },
  'zh-Hant': {
    subtitle: '依雲端存取判定排列的文件', documents: '文件', verdict: '判定', category: '提及',
    search: '檔名包含', back: '← 全部文件', all: '全部', any: '任意',
    file: '文件', evidence: '證據', page: '頁', pages: (n) => `${n} 頁`,
    chip: '晶片', cloud: '雲端服務商', intermediary: '中介', regulation: '法規',
    strong: '強', moderate: '中', weak: '弱', none: '無',
    showing: (shown, total) => `顯示 ${shown} / ${total} 個文件`,
    meta: (n, version, date) => `${n} 個文件 · 詞庫 ${version} · ${date} · 離線可用，內容不會離開本檔案`,
    noText: '未從此文件讀出文字。',
    failed: 'Chiplight 無法啟動：',
  },
};

const $ = (id) => document.getElementById(id);
const uiLang = resolveUiLang(new URLSearchParams(location.search).get('lang') || undefined);
const t = TEXT[uiLang] || TEXT.en;

const state = {
  index: null,
  sort: { key: 'verdict', direction: -1 },
  filter: { verdict: '', category: '', name: '' },
  matcher: null,
  controller: null,
  opened: -1,
};

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function fatal(message) {
  $('fatal').textContent = message;
  $('fatal').hidden = false;
}

// The matcher is made once, on first need (the table needs none).
function matcher() {
  if (!state.matcher) {
    if (!globalThis.Chiplight || typeof globalThis.Chiplight.createMatcher !== 'function') {
      return Promise.reject(new Error('the matcher (chiplight.js) is missing from this report'));
    }
    state.matcher = globalThis.Chiplight.createMatcher();
  }
  return state.matcher;
}

const verdictRank = (row) => VERDICTS.length - VERDICTS.indexOf(row.verdict);

const COLUMNS = [
  { key: 'verdict', label: () => t.verdict, value: verdictRank },
  ...CATEGORIES.map((c) => ({ key: c, label: () => t[c], value: (row) => row.counts[c] || 0, numeric: true })),
  { key: 'file', label: () => t.file, value: (row) => row.file },
  { key: 'evidence', label: () => t.evidence },
];

// The table's two choice filters (<select id="filter-KEY">): the label of "no filter", then each
// value with the number of documents it keeps.
const FILTERS = {
  verdict: { none: () => t.all, values: VERDICTS, keeps: (row, verdict) => row.verdict === verdict },
  category: { none: () => t.any, values: CATEGORIES, keeps: (row, category) => (row.counts[category] || 0) > 0 },
};

function visibleRows() {
  const needle = state.filter.name.toLowerCase();
  const chosen = Object.entries(FILTERS).filter(([key]) => state.filter[key]);
  const rows = state.index.documents.filter((row) => chosen.every(([key, f]) => f.keeps(row, state.filter[key]))
    && (!needle || row.file.toLowerCase().includes(needle)));
  const column = COLUMNS.find((c) => c.key === state.sort.key);
  const { direction } = state.sort;
  // Ties keep the scanner's order (stable sort): files in the order they were scanned.
  return rows.sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    if (x === y) return 0;
    if (typeof x === 'string') return direction * x.localeCompare(y);
    return direction * (x - y);
  });
}

function renderHead() {
  const head = $('table-head');
  head.replaceChildren();
  for (const column of COLUMNS) {
    const th = element('th', { scope: 'col', 'data-key': column.key });
    if (column.value) {
      const button = element('button', { type: 'button' }, column.label());
      button.addEventListener('click', () => {
        const same = state.sort.key === column.key;
        // Numbers and verdicts start with the largest; names from A.
        const first = column.key === 'file' ? 1 : -1;
        state.sort = { key: column.key, direction: same ? -state.sort.direction : first };
        renderTable();
      });
      th.appendChild(button);
      if (state.sort.key === column.key) th.setAttribute('aria-sort', state.sort.direction > 0 ? 'ascending' : 'descending');
    } else {
      th.textContent = column.label();
    }
    head.appendChild(th);
  }
}

function renderRow(row) {
  const tr = element('tr', { 'data-index': String(row.index), 'data-verdict': row.verdict });
  const verdict = element('td');
  verdict.appendChild(element('span', { class: `badge ${row.verdict}` }, t[row.verdict]));
  tr.appendChild(verdict);
  for (const c of CATEGORIES) {
    const count = row.counts[c] || 0;
    tr.appendChild(element('td', { class: count ? 'num' : 'num zero' }, String(count)));
  }
  const file = element('td', { class: 'file' });
  const link = element('a', { href: `#doc-${row.index}` }, row.file);
  file.appendChild(link);
  if (row.pages) file.appendChild(element('span', { class: 'pages' }, t.pages(row.pages)));
  if (row.note) file.appendChild(element('span', { class: 'note' }, row.note));
  tr.appendChild(file);
  const evidence = element('td', { class: 'evidence', title: row.explanation || '' });
  for (const e of row.evidence) evidence.appendChild(element('span', { class: `ev ${e.category}`, title: e.label }, e.text));
  tr.appendChild(evidence);
  return tr;
}

function renderTable() {
  renderHead();
  const rows = visibleRows();
  const body = $('rows');
  const fragment = document.createDocumentFragment();
  for (const row of rows) fragment.appendChild(renderRow(row));
  body.replaceChildren(fragment);
  const byVerdict = VERDICTS.map((v) => `${t[v]} ${rows.filter((r) => r.verdict === v).length}`).join(' · ');
  $('counts').textContent = `${t.showing(rows.length, state.index.documents.length)} · ${byVerdict}`;
}

function fillFilters() {
  for (const [key, f] of Object.entries(FILTERS)) {
    const select = $(`filter-${key}`);
    select.appendChild(element('option', { value: '' }, f.none()));
    for (const v of f.values) {
      const n = state.index.documents.filter((r) => f.keeps(r, v)).length;
      select.appendChild(element('option', { value: v }, `${t[v]} (${n})`));
    }
    select.addEventListener('change', () => { state.filter[key] = select.value; renderTable(); });
  }
  $('filter-name').addEventListener('input', () => { state.filter.name = $('filter-name').value; renderTable(); });
}

function looksChinese(text) {
  const sample = text.slice(0, 4000);
  const cjk = (sample.match(/[\u3400-\u9fff]/g) || []).length;
  return cjk > sample.length / 10;
}

/** A page's text as paragraphs: the scanner's block ends (U+FFFF), else blank lines. */
function appendBlocks(container, text) {
  const blocks = text.includes('\uffff') ? text.split(/\uffff\n?/) : text.split(/\n[ \t]*\n/);
  for (const block of blocks) {
    const trimmed = block.replace(/^\n+|\s+$/g, '');
    if (trimmed) container.appendChild(element('p', {}, trimmed));
  }
}

async function openDocument(index) {
  const row = state.index.documents[index];
  const block = row && $(`chiplight-doc-${row.block}`);
  if (!row || !block) return;
  state.opened = index;
  const doc = JSON.parse(block.textContent);
  $('triage').hidden = true;
  $('reader').hidden = false;
  $('doc-name').textContent = row.file;
  $('doc-note').hidden = !row.note;
  $('doc-note').textContent = row.note || '';
  if (state.controller) state.controller.clear();
  state.controller = null;
  const box = $('doc-text');
  box.replaceChildren();
  const text = doc.pages.join('');
  box.lang = looksChinese(text) ? 'zh' : 'en';
  doc.pages.forEach((page, i) => {
    const section = element('section', { class: 'page', 'data-page': String(doc.paged ? i + 1 : 0) });
    if (doc.paged) section.appendChild(element('h3', { class: 'page' }, `${t.page} ${i + 1}`));
    appendBlocks(section, page);
    box.appendChild(section);
  });
  if (!text.trim()) box.appendChild(element('p', { class: 'note' }, t.noText));
  $('doc-summary').replaceChildren();
  $('doc-name').focus();
  window.scrollTo(0, 0);
  try {
    const m = await matcher();
    if (state.opened !== index) return;
    const controller = highlight(box, { matcher: m, lang: uiLang, cards: true });
    controller.addEventListener('error', (e) => fatal(t.failed + (e.detail?.error?.message || String(e.detail?.error))));
    state.controller = controller;
    createSummaryPanel(controller, $('doc-summary'), { lang: uiLang });
    await controller.ready;
  } catch (error) {
    fatal(t.failed + (error && error.message ? error.message : String(error)));
  }
}

function showTable() {
  const fromDocument = !$('reader').hidden;
  if (state.controller) state.controller.clear();
  state.controller = null;
  state.opened = -1;
  $('reader').hidden = true;
  $('triage').hidden = false;
  // Back from a document, the reader lands on the table; on opening, the page starts at its top.
  if (fromDocument) $('triage').focus();
}

function route() {
  const match = /^#doc-(\d+)$/.exec(location.hash);
  if (match) return openDocument(Number(match[1]));
  showTable();
  return Promise.resolve();
}

function init() {
  document.documentElement.lang = uiLang;
  for (const node of document.querySelectorAll('[data-i18n]')) {
    const key = node.getAttribute('data-i18n');
    if (typeof t[key] === 'string') node.textContent = t[key];
  }
  state.index = JSON.parse($('chiplight-index').textContent);
  state.index.documents.forEach((row, i) => { row.index = i; });
  $('subtitle').textContent = t.subtitle;
  $('meta').textContent = t.meta(state.index.documents.length, state.index.lexicon, state.index.generated);
  fillFilters();
  renderTable();
  // When the table was up, for the report's load-time figure (docs/performance.md).
  performance.mark('chiplight-table');
  window.addEventListener('hashchange', route);
  const ready = route();
  // Opening a document should not wait for the matcher: it is compiled once the table is up.
  setTimeout(() => { matcher().catch(() => {}); }, 0);
  window.chiplightReport = {
    ready, state, openDocument, showTable, matcher,
    get controller() { return state.controller; },
  };
}

try {
  init();
} catch (error) {
  fatal(t.failed + (error && error.message ? error.message : String(error)));
}
