// The content script (top frame of every http(s) page; the highlighter itself walks same-origin
// frames and open shadow roots). It owns one highlighter controller, rebuilt when the settings
// that shape it change, and answers the popup and the background.
import { highlight, createSummaryPanel } from '../../highlighter/index.js';
import { createPageMatcher } from 'chiplight-platform/page-matcher.js';
import { ext } from './ext.js';
import { CATEGORY_IDS, DEFAULT_COLOURS, enabledOn, loadSettings, onSettingsChanged, t } from './settings.js';

const host = location.hostname;
let settings = null;
let controller = null;
let matcher = null;
let shapeKey = ''; // what the controller was built from: custom terms, the packaged list and drawing mode
let panel = null;
let colourSheet = null;
let queue = Promise.resolve();
let openCardId = null;
// When each step of the start happened (performance.now(), the page's clock): for the benchmark.
const timing = { scriptStart: performance.now() };

const visibleCategories = () => CATEGORY_IDS.filter((c) => settings.categories[c]);

function visibleTotal() {
  if (!controller) return 0;
  return visibleCategories().reduce((n, c) => n + (controller.counts[c] || 0), 0);
}

function report() {
  const verdict = controller ? controller.verdict : null;
  ext.runtime.sendMessage({
    type: 'tab-state',
    total: visibleTotal(),
    verdict: verdict && !verdict.pending ? verdict.verdict : 'none',
    enabled: Boolean(controller),
  }).catch(() => {}); // the background may be restarting; the next change reports again
}

function stop() {
  panel = null;
  if (controller) controller.clear();
  if (colourSheet) removeColours();
  if (matcher) matcher.dispose();
  controller = null;
  matcher = null;
  shapeKey = '';
}

/** Settings → page, serially (a change arriving while the matcher is built waits its turn). */
function apply(next) {
  queue = queue.then(() => applyNow(next)).catch((error) => console.warn('Chiplight:', error));
  return queue;
}

async function applyNow(next) {
  settings = next;
  if (!enabledOn(settings, host)) {
    stop();
    report();
    return;
  }
  const key = JSON.stringify([settings.customTerms, settings.mode, settings.packagedList]);
  if (controller && key === shapeKey) {
    controller.setCategories(visibleCategories());
    paintColours();
    report();
    return;
  }
  stop();
  timing.settingsLoaded ??= performance.now();
  matcher = await createPageMatcher(settings);
  timing.matcherReady ??= performance.now();
  shapeKey = key;
  controller = highlight(document, {
    matcher,
    mode: settings.mode,
    categories: visibleCategories(),
    lang: ext.i18n.getUILanguage(),
  });
  controller.addEventListener('change', () => {
    report();
    paintColours();
  });
  controller.addEventListener('cardopen', (e) => { openCardId = e.detail.hit.id; });
  controller.addEventListener('cardclose', () => { openCardId = null; });
  controller.addEventListener('error', (e) => console.warn('Chiplight:', e.detail.error));
  await controller.ready;
  timing.ready ??= performance.now();
  report();
}

// Colours other than the highlighter's own: a sheet adopted after the highlighter's, with the
// same selectors, so it wins the cascade. Only when the reader changed a colour: by default the
// page gets nothing more than the highlighter adds.
const DEFAULT_ALPHA = 0.32;
function paintColours() {
  const changed = CATEGORY_IDS.filter((c) => settings.colours[c] !== DEFAULT_COLOURS[c]);
  if (!controller || !changed.length) {
    if (colourSheet) removeColours();
    return;
  }
  const names = typeof CSS !== 'undefined' && CSS.highlights ? [...CSS.highlights.keys()] : [];
  let css = '';
  for (const c of changed) {
    const rgba = hexToRgba(settings.colours[c], DEFAULT_ALPHA);
    for (const name of names.filter((n) => n.startsWith('chiplight-') && n.endsWith(`-${c}`))) {
      css += `:root::highlight(${name}), *::highlight(${name}) { background-color: ${rgba}; }\n`;
    }
    css += `chiplight-mark[data-category="${c}"] { background-color: ${rgba} !important; }\n`;
  }
  if (!colourSheet) {
    colourSheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, colourSheet];
  } else if (document.adoptedStyleSheets.at(-1) !== colourSheet) {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets.filter((s) => s !== colourSheet), colourSheet];
  }
  colourSheet.replaceSync(css);
}

function removeColours() {
  document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== colourSheet);
  colourSheet = null;
}

function hexToRgba(hex, alpha) {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function describeHit(hit) {
  return { index: hit.index, label: hit.label, text: hit.text, category: hit.category };
}

function state() {
  const verdict = controller ? controller.verdict : { verdict: 'none', explanation: '', evidence: [] };
  return {
    host,
    url: location.href,
    contentType: document.contentType, // 'application/pdf' where a browser runs us in its PDF viewer's page: the popup offers the reader
    enabled: Boolean(controller),
    pausable: Boolean(settings),
    siteMode: settings ? settings.siteMode : 'all',
    scanning: controller ? controller.scanning : false,
    counts: controller ? controller.counts : null,
    total: visibleTotal(),
    categories: settings ? settings.categories : null,
    where: matcher ? matcher.where : null,
    openCard: openCardId,
    timing,
    stats: controller ? controller.stats : null,
    verdict: {
      verdict: verdict.verdict,
      pending: Boolean(verdict.pending),
      explanation: verdict.explanation,
      evidence: (verdict.evidence || []).map(describeHit),
    },
  };
}

function togglePanel() {
  if (!controller) return false;
  if (panel) {
    panel.destroy();
    panel.container.remove();
    panel = null;
    return false;
  }
  // On demand only: the reader asked for it, so a container in the page is fine here.
  const container = document.createElement('chiplight-panel');
  container.setAttribute('data-chiplight-exclude', '');
  container.style.cssText = 'all: initial !important; position: fixed !important; z-index: 2147483647 !important;'
    + ' right: 16px !important; bottom: 16px !important; width: 340px !important; max-height: 70vh !important; overflow: auto !important;'
    + ' background: #fff !important; color: #111 !important; box-shadow: 0 2px 12px rgba(0,0,0,.35) !important; border-radius: 8px !important;';
  document.documentElement.appendChild(container);
  const made = createSummaryPanel(controller, container, { lang: ext.i18n.getUILanguage() });
  panel = { ...made, container };
  controller.addEventListener('clear', () => container.remove(), { once: true });
  return true;
}

/** A short note in our own closed shadow root, page CSS kept out ("no Chiplight term found"). */
function toast(message) {
  const hostEl = document.createElement('chiplight-note');
  hostEl.setAttribute('data-chiplight-exclude', '');
  hostEl.style.cssText = 'all: initial !important; position: fixed !important; z-index: 2147483647 !important; left: 50% !important; top: 16px !important; transform: translateX(-50%) !important;';
  const shadow = hostEl.attachShadow({ mode: 'closed' });
  const box = document.createElement('div');
  box.setAttribute('role', 'status');
  box.style.cssText = 'font: 14px/1.4 system-ui, sans-serif; background: #263238; color: #fff; padding: 8px 14px; border-radius: 6px;';
  box.textContent = message;
  shadow.appendChild(box);
  document.documentElement.appendChild(hostEl);
  setTimeout(() => hostEl.remove(), 4000);
  return message;
}

/** The first hit the page's selection touches (the reader selected a highlighted term). */
function hitInSelection(text) {
  const selection = document.getSelection();
  // Only the selection the menu was opened on (its text is what the menu sends).
  if (!selection || !selection.rangeCount || selection.toString().trim() !== text.trim()) return null;
  const chosen = selection.getRangeAt(0);
  return controller.hits.find((hit) => {
    const range = hit.range;
    if (range.startContainer.getRootNode() !== chosen.startContainer.getRootNode()) return false; // another frame or shadow root
    // END_TO_START compares the hit's start with the selection's end; START_TO_END its end with the selection's start.
    return range.compareBoundaryPoints(Range.END_TO_START, chosen) < 0 && range.compareBoundaryPoints(Range.START_TO_END, chosen) > 0;
  }) ?? null;
}

async function explain({ text }) {
  if (!matcher) return { shown: false, note: toast(t('pausedHere')) };
  const selected = hitInSelection(text);
  if (selected) {
    controller.focusHit(selected, { openCard: true });
    return { shown: true, id: selected.id };
  }
  const entry = await matcher.explain(text);
  if (!entry) return { shown: false, note: toast(t('noTermFound', text.slice(0, 60))) };
  const hit = controller.hits.find((h) => h.id === entry.id);
  if (hit) {
    controller.focusHit(hit, { openCard: true });
    return { shown: true, id: entry.id };
  }
  const label = entry.label || entry.id;
  const summary = entry.glossary && entry.glossary.summary ? (entry.glossary.summary.en || entry.glossary.summary.zh || '') : '';
  return { shown: false, id: entry.id, note: toast(`${label}: ${summary}`) };
}

const handlers = {
  state: () => state(),
  'focus-evidence': ({ i }) => {
    const hit = controller && controller.verdict.evidence[i];
    if (!hit) return { ok: false };
    controller.focusHit(hit);
    return { ok: true };
  },
  next: () => ({ hit: controller && controller.hits.length ? describeHit(controller.next()) : null }),
  previous: () => ({ hit: controller && controller.hits.length ? describeHit(controller.previous()) : null }),
  panel: () => ({ open: togglePanel() }),
  explain,
};

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = message && handlers[message.type];
  if (!handler || sender.id !== ext.runtime.id) return false;
  Promise.resolve()
    .then(() => queue)
    .then(() => handler(message))
    .then(sendResponse, (error) => sendResponse({ error: String(error && error.message) }));
  return true; // answered asynchronously
});

loadSettings().then((initial) => {
  onSettingsChanged(apply);
  return apply(initial);
});
