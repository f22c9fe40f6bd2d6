// The options page. It loads the classic matcher build itself (an extension page may compile
// WebAssembly: 'wasm-unsafe-eval' in the manifest's extension_pages CSP) to check custom terms
// as they are typed, with RE2's own message, and to browse the glossary.
/* global Chiplight */
import { ext } from '../src/ext.js';
import { localizePage } from '../src/i18n-page.js';
import {
  CATEGORY_IDS, extraTermsOf, loadSettings, onSettingsChanged, saveSettings, t, validateSettings,
} from '../src/settings.js';
import { contrastReport } from '../src/contrast.js';
import {
  convertScreeningList, decodeListFile, ListedFileError, loadListedParties, removeListedParties, saveListedParties,
} from '../src/listed-list.js';
import { PACKAGED_JSON } from '../src/listed-matcher.js';

const $ = (id) => document.getElementById(id);
let settings = null;

function el(tag, attrs = {}, text = '') {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

async function save(next) {
  settings = await saveSettings(next);
  $('saved').textContent = t('saved');
  render();
}

function renderCategories() {
  const body = $('categories').tBodies[0];
  body.replaceChildren();
  for (const c of CATEGORY_IDS) {
    const on = el('input', { type: 'checkbox', id: `on-${c}` });
    on.checked = settings.categories[c];
    on.addEventListener('change', () => save({ ...settings, categories: { ...settings.categories, [c]: on.checked } }));
    const colour = el('input', { type: 'color', id: `colour-${c}`, value: settings.colours[c] });
    colour.setAttribute('aria-label', t('colourOf', t(`category_${c}`)));
    const check = el('span', { class: 'contrast', id: `contrast-${c}` });
    const showContrast = (hex) => {
      const r = contrastReport(hex);
      if (!r.visible) check.textContent = t('contrastInvisible', r.visibleLight.toFixed(2), r.visibleDark.toFixed(2));
      else check.textContent = t(r.ok ? 'contrastOk' : 'contrastPoor', r.light.toFixed(1), r.dark.toFixed(1));
      check.dataset.ok = String(r.ok);
    };
    showContrast(settings.colours[c]);
    colour.addEventListener('input', () => showContrast(colour.value));
    colour.addEventListener('change', () => save({ ...settings, colours: { ...settings.colours, [c]: colour.value } }));
    const row = el('tr');
    const name = el('td');
    name.append(on, el('label', { for: `on-${c}` }, t(`category_${c}`)));
    const pick = el('td');
    pick.append(colour);
    const note = el('td');
    note.append(check);
    row.append(name, pick, note);
    body.append(row);
  }
}

function renderTerms() {
  $('terms').replaceChildren(...settings.customTerms.map((term, i) => {
    const item = el('li', {}, `${term.label} (${t(`category_${term.category}`)}, ${t(term.type === 'pattern' ? 'termPattern' : 'termLiteral')}): ${term.value} `);
    const remove = el('button', { type: 'button' }, t('remove'));
    remove.addEventListener('click', () => save({ ...settings, customTerms: settings.customTerms.filter((_, j) => j !== i) }));
    item.append(remove);
    return item;
  }));
}

function render() {
  renderCategories();
  renderTerms();
  for (const radio of document.querySelectorAll('input[name=site-mode]')) radio.checked = radio.value === settings.siteMode;
  $('sites-off').value = settings.sitesOff.join('\n');
  $('sites-on').value = settings.sitesOn.join('\n');
  $('mode').value = settings.mode;
  $('packaged-list').checked = settings.packagedList;
}

// Custom terms: each keystroke builds a matcher with the new term (30-90 ms, docs/api.md); the
// latest answer wins.
function draftTerm() {
  return { label: $('term-label').value.trim() || $('term-value').value, category: $('term-category').value, type: $('term-type').value, value: $('term-value').value };
}

let checkSeq = 0;
let draftOk = false;
async function checkDraft() {
  const seq = ++checkSeq;
  const term = draftTerm();
  draftOk = false;
  if (!term.value) {
    $('term-error').textContent = '';
    $('preview').replaceChildren();
    return;
  }
  let matcher;
  try {
    matcher = await Chiplight.createMatcher({ extraTerms: extraTermsOf({ customTerms: [term] }) });
  } catch (error) {
    if (seq !== checkSeq) return;
    $('term-error').textContent = error.message;
    $('preview').replaceChildren();
    return;
  }
  if (seq !== checkSeq) {
    matcher.dispose();
    return;
  }
  draftOk = true;
  $('term-error').textContent = '';
  const text = $('sample').value;
  const ours = matcher.scan(text).filter((m) => m.id.startsWith('extraterms-'));
  matcher.dispose();
  const parts = [];
  let at = 0;
  for (const m of ours) {
    parts.push(document.createTextNode(text.slice(at, m.start)), el('mark', { class: m.category }, text.slice(m.start, m.end)));
    at = m.end;
  }
  parts.push(document.createTextNode(text.slice(at)));
  $('preview').replaceChildren(el('strong', {}, t('previewFound', ours.length)), document.createTextNode(' '), ...parts);
}

async function addTerm(event) {
  event.preventDefault();
  await checkDraft();
  if (!draftOk) return;
  await save({ ...settings, customTerms: [...settings.customTerms, draftTerm()] });
  $('term-value').value = '';
  $('term-label').value = '';
  await checkDraft();
}

async function saveSites() {
  const lines = (id) => $(id).value.split(/[\s,]+/).map((s) => s.trim().toLowerCase()).filter(Boolean);
  const mode = document.querySelector('input[name=site-mode]:checked').value;
  try {
    validateSettings({ ...settings, siteMode: mode, sitesOff: lines('sites-off'), sitesOn: lines('sites-on') });
  } catch (error) {
    $('sites-error').textContent = error.message;
    return;
  }
  $('sites-error').textContent = '';
  await save({ ...settings, siteMode: mode, sitesOff: lines('sites-off'), sitesOn: lines('sites-on') });
}

function exportSettings() {
  const blob = new Blob([`${JSON.stringify(settings, null, 2)}\n`], { type: 'application/json' });
  const link = el('a', { href: URL.createObjectURL(blob), download: 'chiplight-settings.json' });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

async function importSettings() {
  const file = $('import').files[0];
  if (!file) return;
  let next;
  try {
    next = validateSettings(JSON.parse(await file.text()));
    // Custom patterns must compile, with RE2's message if not, before anything is saved.
    (await Chiplight.createMatcher({ extraTerms: extraTermsOf(next) })).dispose();
  } catch (error) {
    $('import-result').textContent = t('importRefused', error.message);
    $('import-result').dataset.ok = 'false';
    $('import').value = '';
    return;
  }
  await save(next);
  $('import-result').textContent = t('importDone');
  $('import-result').dataset.ok = 'true';
  $('import').value = '';
}

// The listed parties (Entity List, MEU list): the reader's own copy from a trade.gov download.
// The packaged list's date, from the head of the file the package carries.
async function renderPackagedList() {
  const head = await fetch(ext.runtime.getURL(PACKAGED_JSON)).then((r) => r.text()).then((text) => text.slice(0, 400), () => '');
  $('packaged-list-label').textContent = t('packagedList', /"list_date":\s*"([\d-]+)"/.exec(head)?.[1] ?? '?');
}

async function renderListed() {
  const stored = await loadListedParties();
  $('listed-status').textContent = stored
    ? t('listedStatus', String(stored.entries.length), stored.listDate, stored.fileName)
    : t('listedStatusNone');
  $('listed-remove').hidden = !stored;
}

async function importListedParties() {
  const file = $('import-list').files[0];
  if (!file) return;
  try {
    // Names the built-in lexicon has stay its own; then the whole list must load in a matcher.
    const base = await Chiplight.createMatcher();
    const taken = base.entries().flatMap(({ id }) => base.entry(id).names || []);
    base.dispose();
    const text = decodeListFile(new Uint8Array(await file.arrayBuffer()), file.name);
    const doc = convertScreeningList(text, file.name, taken);
    const own = extraTermsOf(settings);
    try {
      (await Chiplight.createMatcher({ extraTerms: [...own, ...doc.entries] })).dispose();
    } catch (error) {
      // The matcher names extraTerms[i]: the file's entries come after the reader's own terms.
      const place = /^Chiplight: extraTerms\[(\d+)\]/.exec(error.message);
      if (!place || Number(place[1]) < own.length) throw error;
      throw new ListedFileError(`${file.name}: entries[${Number(place[1]) - own.length}]${error.message.slice(place[0].length)}`);
    }
    await saveListedParties(doc, file.name);
    $('import-list-result').textContent = t('importListDone', doc.list_date);
    $('import-list-result').dataset.ok = 'true';
  } catch (error) {
    $('import-list-result').textContent = t('importRefused', error.message);
    $('import-list-result').dataset.ok = 'false';
  }
  $('import-list').value = '';
  await renderListed();
}

let glossary = [];
function renderGlossary() {
  const q = $('glossary-search').value.trim().toLowerCase();
  const lang = $('glossary-lang').value;
  const shown = glossary.filter((e) => !q || e.haystack.includes(q));
  $('glossary-count').textContent = t('glossaryCount', shown.length, glossary.length);
  $('glossary').replaceChildren(...shown.map((e) => {
    const item = el('li', { class: e.category, 'data-id': e.id });
    const summary = e.summary[lang] || e.summary.en || e.summary.zh || '';
    item.append(el('strong', {}, e.label), document.createTextNode(` — ${t(`category_${e.category}`)}`), el('p', { lang: lang === 'zh' ? 'zh' : 'en' }, summary));
    return item;
  }));
}

async function loadGlossary() {
  const matcher = await Chiplight.createMatcher();
  glossary = matcher.entries().map(({ id }) => {
    const e = matcher.entry(id);
    const summary = (e.glossary && e.glossary.summary) || {};
    return { id, label: e.label, category: e.category, summary, haystack: [e.label, ...(e.names || []), summary.en || '', summary.zh || ''].join('\n').toLowerCase() };
  });
  matcher.dispose();
  renderGlossary();
}

async function main() {
  localizePage();
  for (const c of CATEGORY_IDS) $('term-category').append(el('option', { value: c }, t(`category_${c}`)));
  $('sample').value = t('previewDefaultSample');
  settings = await loadSettings();
  render();
  for (const id of ['term-label', 'term-category', 'term-type', 'term-value', 'sample']) $(id).addEventListener('input', checkDraft);
  $('term-form').addEventListener('submit', addTerm);
  $('sites-save').addEventListener('click', saveSites);
  $('mode').addEventListener('change', () => save({ ...settings, mode: $('mode').value }));
  $('export').addEventListener('click', exportSettings);
  $('import').addEventListener('change', importSettings);
  $('packaged-list').addEventListener('change', () => save({ ...settings, packagedList: $('packaged-list').checked }));
  $('import-list').addEventListener('change', importListedParties);
  $('listed-remove').addEventListener('click', async () => { await removeListedParties(); await renderListed(); });
  renderListed();
  renderPackagedList();
  $('glossary-search').addEventListener('input', renderGlossary);
  $('glossary-lang').value = ext.i18n.getUILanguage().toLowerCase().startsWith('zh') ? 'zh' : 'en';
  $('glossary-lang').addEventListener('change', renderGlossary);
  onSettingsChanged((next) => {
    settings = next;
    render();
  });
  await loadGlossary();
  document.body.dataset.ready = 'yes';
}

main();
