// The toolbar popup: what the active tab's content script found, and the reader's switches.
import { ext } from '../src/ext.js';
import { localizePage } from '../src/i18n-page.js';
import { CATEGORY_IDS, loadSettings, saveSettings, t } from '../src/settings.js';

const $ = (id) => document.getElementById(id);
let tabId = null;
let tab = null; // the tab the popup reports on (its URL when the browser tells us)
let current = null;

async function askTab(message) {
  return ext.tabs.sendMessage(tabId, message, { frameId: 0 });
}

function el(tag, attrs = {}, text = '') {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

function renderCounts(state) {
  const body = $('counts').tBodies[0];
  body.replaceChildren();
  for (const c of CATEGORY_IDS) {
    const row = el('tr', { 'data-category': c });
    const toggle = el('input', { type: 'checkbox', id: `cat-${c}` });
    toggle.checked = state.categories[c];
    toggle.addEventListener('change', async () => {
      const settings = await loadSettings();
      settings.categories[c] = toggle.checked;
      await saveSettings(settings);
    });
    const label = el('label', { for: `cat-${c}` }, t(`category_${c}`));
    const swatch = el('span', { class: `swatch ${c}` });
    const cell = el('td');
    cell.append(toggle, swatch, label);
    row.append(cell, el('td', { class: 'count' }, String(state.counts ? state.counts[c] : 0)));
    body.append(row);
  }
}

function renderVerdict(state) {
  const v = state.verdict;
  $('verdict').dataset.verdict = v.verdict;
  $('verdict-text').textContent = v.pending ? t('assessing') : t(`verdict_${v.verdict}`);
  $('verdict-explanation').textContent = v.pending ? '' : v.explanation || '';
  const list = $('evidence');
  list.replaceChildren();
  v.evidence.forEach((hit, i) => {
    const button = el('button', { type: 'button', class: `evidence ${hit.category}`, title: t('scrollToHit') }, `${hit.label}: “${hit.text}”`);
    button.addEventListener('click', () => askTab({ type: 'focus-evidence', i }));
    const item = el('li');
    item.append(button);
    list.append(item);
  });
}

/**
 * The address of the PDF the tab shows, or null. The browsers' PDF viewers can't be scripted, so
 * a PDF tab is known by its address ending in .pdf (the tab's URL, which the browser tells us for
 * http(s) pages, the sites our content script is declared for, and for file:// when allowed) or
 * by the document type the content script sees, where the browser runs it in its viewer's page.
 */
function pdfAddress(tab, state) {
  const url = (tab && tab.url) || (state && state.url) || '';
  if (!/^(https?|file):/i.test(url)) return null;
  const isPdfPath = /\.pdf$/i.test(new URL(url).pathname);
  return isPdfPath || (state && state.contentType === 'application/pdf') ? url : null;
}

async function openReader(src) {
  const page = ext.runtime.getURL('pages/reader.html');
  const reader = src ? `${page}?src=${encodeURIComponent(src)}` : page; // none: the reader asks for a file
  await ext.tabs.create({ url: reader, index: tab && tab.index !== undefined ? tab.index + 1 : undefined });
  if (new URLSearchParams(location.search).has('tab')) return; // opened as a page by the tests
  window.close();
}

async function render() {
  const settings = await loadSettings();
  let state;
  try {
    state = await askTab({ type: 'state' });
  } catch {
    state = null; // no content script here (a browser page, a file, a page still loading)
  }
  current = state;
  const pdf = pdfAddress(tab, state);
  $('pdf').hidden = !pdf;
  $('pdf').dataset.src = pdf || '';
  if (pdf && !state) {
    document.body.dataset.ready = 'pdf';
    $('pause').hidden = true;
    $('found').hidden = true;
    return;
  }
  document.body.dataset.ready = state ? 'yes' : 'no';
  $('host').textContent = state ? state.host : '';
  $('found').hidden = !(state && state.enabled);
  $('pause').hidden = !state;
  if (!state) {
    $('status').textContent = t('notOnThisPage');
    return;
  }
  const paused = !state.enabled;
  $('status').textContent = paused ? t('pausedHere') : (state.scanning ? t('scanning') : t('hitsOnPage', state.total));
  $('pause').textContent = paused ? t('resumeSite') : t('pauseSite');
  $('pause').dataset.paused = String(paused);
  if (state.enabled) {
    renderCounts({ ...state, categories: settings.categories });
    renderVerdict(state);
  }
}

async function togglePause() {
  const settings = await loadSettings();
  const host = current.host.toLowerCase();
  const pausing = $('pause').dataset.paused !== 'true';
  if (settings.siteMode === 'only') {
    settings.sitesOn = pausing ? settings.sitesOn.filter((h) => h !== host) : [...new Set([...settings.sitesOn, host])];
  } else {
    settings.sitesOff = pausing ? [...new Set([...settings.sitesOff, host])] : settings.sitesOff.filter((h) => h !== host);
  }
  await saveSettings(settings);
}

let searchSeq = 0;
async function search() {
  const seq = ++searchSeq;
  const { results = [] } = await ext.runtime.sendMessage({ type: 'glossary-search', query: $('search').value });
  if (seq !== searchSeq) return;
  const zh = ext.i18n.getUILanguage().toLowerCase().startsWith('zh');
  $('results').replaceChildren(...results.map((r) => {
    const item = el('li', { class: r.category });
    const summary = (zh ? r.summary.zh || r.summary.en : r.summary.en || r.summary.zh) || '';
    const details = el('details');
    details.append(el('summary', {}, `${r.label} (${t(`category_${r.category}`)})`), el('p', {}, summary));
    item.append(details);
    return item;
  }));
}

async function main() {
  localizePage();
  const [active] = await ext.tabs.query({ active: true, currentWindow: true });
  const asked = new URLSearchParams(location.search).get('tab');
  tab = asked ? await ext.tabs.get(Number(asked)).catch(() => null) : active;
  tabId = asked ? Number(asked) : active && active.id;
  $('open-reader').addEventListener('click', () => openReader($('pdf').dataset.src));
  $('open-file').addEventListener('click', () => openReader(null));
  $('previous').addEventListener('click', () => askTab({ type: 'previous' }));
  $('next').addEventListener('click', () => askTab({ type: 'next' }));
  $('panel').addEventListener('click', () => askTab({ type: 'panel' }));
  $('pause').addEventListener('click', togglePause);
  $('options').addEventListener('click', () => ext.runtime.openOptionsPage());
  $('search').addEventListener('input', search);
  ext.storage.onChanged.addListener(() => setTimeout(render, 150));
  await render();
  // While the page is still being scanned, follow it.
  const timer = setInterval(() => (current && current.scanning ? render() : clearInterval(timer)), 300);
}

main();
