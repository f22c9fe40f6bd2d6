// The background (Chromium: service worker; Firefox: event page). It holds one matcher, built
// from the built-in lexicon and the reader's custom terms, for the content scripts that cannot
// compile WebAssembly themselves (Chromium), the popup's glossary search and the context menu;
// it keeps the toolbar badge. Nothing here lasts: a stopped worker rebuilds all of it from
// storage on the next message.
/* global Chiplight */
import { ext } from './ext.js';
import { explainText } from './explain.js';
import { extraTermsOf, loadSettings, onSettingsChanged, t } from './settings.js';
import { LISTED_KEY, loadListedParties } from './listed-list.js';
import { createListedMatcher, matcherKeyOf } from './listed-matcher.js';

let matcherPromise = null;

function build() {
  // The listed parties: the reader's import, else the packaged list from its stored tables
  // (listed-matcher.js); the custom terms join either.
  return Promise.all([loadSettings(), loadListedParties().catch(() => null)]).then(async ([settings, imported]) => {
    const started = performance.now();
    const { matcher: m, listed } = await createListedMatcher(Chiplight, { settings, imported, extraTerms: extraTermsOf(settings) });
    m.listedSource = listed;
    m.createMs = performance.now() - started;
    m.settingsKey = matcherKeyOf(settings);
    return m;
  });
}

/**
 * The matcher; `wantedKey` (matcherKeyOf a page's settings): one built from those settings. A
 * page may see a settings change before this worker does: it then gets a new matcher, not the
 * one built before the change.
 */
async function matcher(wantedKey = null) {
  for (let attempt = 0; ; attempt += 1) {
    matcherPromise ??= build();
    const promise = matcherPromise;
    const m = await promise;
    if (promise !== matcherPromise) continue; // replaced meanwhile: take the new one
    if (wantedKey === null || m.settingsKey === wantedKey || attempt > 0) return m;
    matcherPromise = null;
    m.dispose();
  }
}

ext.storage.onChanged.addListener((changes) => {
  if (!changes[LISTED_KEY]) return;
  const old = matcherPromise;
  matcherPromise = null;
  if (old) old.then((m) => m.dispose(), () => {});
});

onSettingsChanged(() => {
  const old = matcherPromise;
  matcherPromise = null;
  if (old) old.then((m) => m.dispose(), () => {});
});

const VERDICT_COLOURS = { strong: '#b71c1c', moderate: '#e65100', weak: '#8d6e00', none: '#546e7a' };

/** The entry as content scripts need it (the glossary card), sent once per id and page. */
function entriesOf(m, matches) {
  const ids = new Set(matches.map((x) => x.id));
  return [...ids].map((id) => [id, m.entry(id)]);
}

function searchGlossary(m, query, limit = 40) {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const out = [];
  for (const { id } of m.entries()) {
    const e = m.entry(id);
    const summary = (e.glossary && e.glossary.summary) || {};
    const hay = [e.label, ...(e.names || []), summary.en || '', summary.zh || ''].join('\n').toLowerCase();
    if (hay.includes(q)) out.push({ id, label: e.label, category: e.category, kind: e.kind || '', summary });
    if (out.length >= limit) break;
  }
  return out;
}

const handlers = {
  async 'matcher-info'({ key }) {
    const m = await matcher(key ?? null);
    return {
      maxContextWindow: m.maxContextWindow,
      contextMargin: m.contextMargin,
      blockSeparator: m.blockSeparator,
      categories: m.categories,
      lexiconVersion: m.lexiconVersion,
      entries: m.entries(),
      listed: m.listedSource, // where the listed parties came from (tests, docs/extension.md)
      createMs: m.createMs,
    };
  },
  async scan({ text }) {
    const m = await matcher();
    const matches = m.scan(text);
    return { matches, entries: entriesOf(m, matches) };
  },
  async assess({ matches }) {
    const m = await matcher();
    const { verdict, explanation, evidenceIndexes } = m.assess(matches);
    return { verdict, explanation, evidenceIndexes };
  },
  async explain({ text }) {
    return { entry: explainText(await matcher(), text) ?? null };
  },
  async diagnostics() {
    const m = await matcher();
    return { ...m.memoryUsage(), lexiconVersion: m.lexiconVersion };
  },
  async 'glossary-search'({ query }) {
    return { results: searchGlossary(await matcher(), query) };
  },
  async 'tab-state'({ total, verdict, enabled }, sender) {
    const tabId = sender.tab && sender.tab.id;
    if (tabId === undefined || sender.frameId) return {};
    await ext.action.setBadgeText({ tabId, text: enabled && total ? String(total) : '' });
    await ext.action.setBadgeBackgroundColor({ tabId, color: VERDICT_COLOURS[verdict] || VERDICT_COLOURS.none });
    if (ext.action.setBadgeTextColor) await ext.action.setBadgeTextColor({ tabId, color: '#ffffff' });
    await ext.action.setTitle({ tabId, title: enabled ? t('badgeTitle', total, t(`verdict_${verdict}`)) : t('extName') });
    return {};
  },
};

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = message && handlers[message.type];
  if (!handler || sender.id !== ext.runtime.id) return false;
  handler(message, sender).then(sendResponse, (error) => sendResponse({ error: String(error && error.message) }));
  return true;
});

const MENU_ID = 'chiplight-explain';
function createMenu() {
  Promise.resolve(ext.contextMenus.removeAll())
    .then(() => ext.contextMenus.create({ id: MENU_ID, title: t('menuExplain'), contexts: ['selection'] }));
}
ext.runtime.onInstalled.addListener(createMenu);
ext.runtime.onStartup.addListener(createMenu);

ext.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId !== MENU_ID || !tab || tab.id === undefined || info.editable) return;
  ext.tabs.sendMessage(tab.id, { type: 'explain', text: info.selectionText || '' }, { frameId: 0 }).catch(() => {});
});
