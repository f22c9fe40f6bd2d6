// The reader's settings: one object in storage.sync (only what the reader chose; no page data,
// no history), or in storage.local when it no longer fits sync's quota (8 KB per item, 100 KB in
// all). Every part of the extension reads and writes them through this module.
import { ext } from './ext.js';

export const CATEGORY_IDS = ['chip', 'cloud', 'intermediary', 'regulation', 'listed'];
export const DRAWING_MODES = ['highlight', 'wrap', 'auto'];
export const SITE_MODES = ['all', 'only'];
export const SETTINGS_KEY = 'settings';
const WHERE_KEY = 'settingsArea'; // in storage.local: 'sync' or 'local'

// The highlighter's own colours (web/highlighter/paint.js draws them; shown in the options page).
export const DEFAULT_COLOURS = { chip: '#ffb300', cloud: '#03a9f4', intermediary: '#e91e63', regulation: '#4caf50', listed: '#7e57c2' };

export function defaultSettings() {
  return {
    version: 1,
    categories: Object.fromEntries(CATEGORY_IDS.map((c) => [c, true])),
    colours: { ...DEFAULT_COLOURS },
    customTerms: [], // { label, category, type: 'literal' | 'pattern', value }
    siteMode: 'all', // 'all': everywhere but sitesOff; 'only': only sitesOn
    sitesOff: [],
    sitesOn: [],
    mode: 'highlight',
    // The packaged Entity List and MEU list (docs/listed-parties.md): off until the reader turns
    // it on, as it costs the background about a second and 100 MB each time it starts.
    packagedList: false,
  };
}

const HOST = /^[a-z0-9.-]+(:\d+)?$/i;
const COLOUR = /^#[0-9a-f]{6}$/i;

/**
 * Checks an object read from an imported file (or storage). Returns the settings, complete, or
 * throws an Error whose message says what is wrong. Unknown keys are refused, not ignored, so a
 * file from something else is not half-applied.
 */
export function validateSettings(input) {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new Error('not a JSON object');
  const known = new Set(Object.keys(defaultSettings()));
  for (const key of Object.keys(input)) if (!known.has(key)) throw new Error(`unknown setting "${key}"`);
  const out = defaultSettings();
  if (input.version !== undefined && input.version !== 1) throw new Error(`unsupported version ${JSON.stringify(input.version)}`);
  if (input.categories !== undefined) {
    for (const [c, on] of Object.entries(input.categories)) {
      if (!CATEGORY_IDS.includes(c)) throw new Error(`categories: unknown category "${c}"`);
      if (typeof on !== 'boolean') throw new Error(`categories.${c}: expected true or false`);
      out.categories[c] = on;
    }
  }
  if (input.colours !== undefined) {
    for (const [c, colour] of Object.entries(input.colours)) {
      if (!CATEGORY_IDS.includes(c)) throw new Error(`colours: unknown category "${c}"`);
      if (typeof colour !== 'string' || !COLOUR.test(colour)) throw new Error(`colours.${c}: expected a colour like #1a2b3c`);
      out.colours[c] = colour.toLowerCase();
    }
  }
  if (input.customTerms !== undefined) {
    if (!Array.isArray(input.customTerms)) throw new Error('customTerms: expected a list');
    out.customTerms = input.customTerms.map((t, i) => {
      const where = `customTerms[${i}]`;
      if (!t || typeof t !== 'object') throw new Error(`${where}: expected an object`);
      if (typeof t.label !== 'string' || !t.label.trim()) throw new Error(`${where}.label: expected a name`);
      if (!CATEGORY_IDS.includes(t.category)) throw new Error(`${where}.category: unknown category "${t.category}"`);
      if (t.type !== 'literal' && t.type !== 'pattern') throw new Error(`${where}.type: expected "literal" or "pattern"`);
      if (typeof t.value !== 'string' || !t.value) throw new Error(`${where}.value: expected text`);
      return { label: t.label.trim(), category: t.category, type: t.type, value: t.value };
    });
  }
  if (input.siteMode !== undefined) {
    if (!SITE_MODES.includes(input.siteMode)) throw new Error(`siteMode: expected ${SITE_MODES.join(' or ')}`);
    out.siteMode = input.siteMode;
  }
  for (const key of ['sitesOff', 'sitesOn']) {
    if (input[key] === undefined) continue;
    if (!Array.isArray(input[key])) throw new Error(`${key}: expected a list of sites`);
    out[key] = input[key].map((h, i) => {
      if (typeof h !== 'string' || !HOST.test(h)) throw new Error(`${key}[${i}]: not a site name: ${JSON.stringify(h)}`);
      return h.toLowerCase();
    });
  }
  if (input.packagedList !== undefined) {
    if (typeof input.packagedList !== 'boolean') throw new Error('packagedList: expected true or false');
    out.packagedList = input.packagedList;
  }
  if (input.mode !== undefined) {
    if (!DRAWING_MODES.includes(input.mode)) throw new Error(`mode: expected ${DRAWING_MODES.join(', ')}`);
    out.mode = input.mode;
  }
  return out;
}

/** The custom terms as the matcher's `extraTerms` (docs/api.md). */
export function extraTermsOf(settings) {
  return settings.customTerms.map((t) => (t.type === 'pattern'
    ? { label: t.label, category: t.category, pattern: t.value }
    : { label: t.label, category: t.category, names: [t.value] }));
}

/** Whether Chiplight runs on `host` with these settings. */
export function enabledOn(settings, host) {
  const h = host.toLowerCase();
  const listed = (list) => list.some((s) => h === s || h.endsWith(`.${s}`));
  if (settings.siteMode === 'only') return listed(settings.sitesOn);
  return !listed(settings.sitesOff);
}

export async function loadSettings() {
  const { [WHERE_KEY]: where } = await ext.storage.local.get(WHERE_KEY);
  const area = where === 'local' ? ext.storage.local : ext.storage.sync;
  const { [SETTINGS_KEY]: stored } = await area.get(SETTINGS_KEY);
  try {
    return stored ? validateSettings(stored) : defaultSettings();
  } catch {
    return defaultSettings(); // never fail to run over a damaged store
  }
}

/**
 * Saves the settings to sync; past its quota (many custom terms), to local, and remembers
 * which. Listeners watch both areas (onSettingsChanged).
 */
export async function saveSettings(settings) {
  const checked = validateSettings(settings);
  try {
    await ext.storage.sync.set({ [SETTINGS_KEY]: checked });
    await ext.storage.local.set({ [WHERE_KEY]: 'sync' });
    await ext.storage.local.remove(SETTINGS_KEY);
  } catch (error) {
    if (!/quota/i.test(String(error && error.message))) throw error;
    await ext.storage.local.set({ [SETTINGS_KEY]: checked, [WHERE_KEY]: 'local' });
    await ext.storage.sync.remove(SETTINGS_KEY);
  }
  return checked;
}

/** Calls `listener(settings)` whenever the settings change, in any area. */
export function onSettingsChanged(listener) {
  ext.storage.onChanged.addListener((changes) => {
    if (changes[SETTINGS_KEY] || changes[WHERE_KEY]) loadSettings().then(listener);
  });
}

/** An extension string in the browser's UI language (_locales/). */
export const t = (name, ...subs) => ext.i18n.getMessage(name, subs.map(String)) || name;
