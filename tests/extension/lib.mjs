// Helpers for the extension's tests, on top of tests/browser/lib.mjs: headless Chromium with
// the unpacked Chrome build loaded, the fixtures served on 127.0.0.1, and ways to read what the
// extension did (the page's highlights, the content script's state, the badge).
/* global chrome */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  REPO, highlightsInPage, launch, startServer, newPage, pollUntil, sleep,
} from '../browser/lib.mjs';

export {
  REPO, highlightsInPage, sleep, newPage,
};
export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const EXTENSION_OUT = process.env.CHIPLIGHT_EXTENSION_OUT || path.join(REPO, 'dist', 'extension');

export function extensionDir(browser = 'chrome') {
  const dir = path.join(EXTENSION_OUT, browser);
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
    throw new Error(`${dir} is missing: build the extension first (cmake --build --preset ci --target extension)`);
  }
  return dir;
}

/** The fixtures on 127.0.0.1 (the only host the tests ever load). */
export const serveFixtures = () => startServer({ '/': FIXTURES });

/**
 * Headless Chromium with the extension loaded (`dir`: another copy of the unpacked build). Returns { context, worker, extensionId,
 * close() }; `worker` is the extension's service worker (a Playwright Worker).
 */
export async function launchExtension({ locale = 'en-US', dir = extensionDir('chrome') } = {}) {
  const browser = await launch({ locale, args: [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`] });
  const { context } = browser;
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker');
  const extensionId = new URL(worker.url()).host;
  return { ...browser, worker, extensionId, dir };
}

/** The current service worker (a stopped worker comes back as a new one). */
export async function currentWorker(context) {
  const live = context.serviceWorkers();
  return live.length ? live[live.length - 1] : context.waitForEvent('serviceworker');
}

/** Serves `pathname` with these extra response headers (a CSP), through the context's router. */
export async function withHeaders(context, pathname, headers) {
  await context.route((url) => url.pathname === pathname, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), ...headers } });
  });
}

/** Every range in our highlights of `frame`'s document (main world: what the reader sees): { category, text, in }. */
export const highlightedTexts = (frame) => frame.evaluate(highlightsInPage, false);

/** Waits until our highlights in `frame` include each of `texts`. */
export function waitForHighlights(frame, texts, { timeout = 15000 } = {}) {
  return pollUntil(async () => (await highlightedTexts(frame)).map((h) => h.text), (seen) => texts.every((t) => seen.includes(t)), {
    timeout, failure: (seen) => `highlights ${JSON.stringify(texts)} not all found; saw ${JSON.stringify(seen)}`,
  });
}

/**
 * The browser's id for the tab showing `page`. The extension has no "tabs" permission, so tab
 * URLs are hidden from it: each tab's content script is asked where it is.
 */
export async function tabIdOf(context, page) {
  const worker = await currentWorker(context);
  return worker.evaluate(async (url) => {
    for (const tab of await chrome.tabs.query({})) {
      try {
        const state = await chrome.tabs.sendMessage(tab.id, { type: 'state' }, { frameId: 0 });
        if (state && state.url === url) return tab.id;
      } catch {
        // no content script in that tab
      }
    }
    return undefined;
  }, page.url());
}

/** Sends `message` to the content script of `page`'s tab, from the service worker. */
export async function askContent(context, page, message) {
  const tabId = await tabIdOf(context, page);
  if (tabId === undefined) throw new Error(`no content script answers in ${page.url()}`);
  const worker = await currentWorker(context);
  return worker.evaluate(([id, m]) => chrome.tabs.sendMessage(id, m, { frameId: 0 }), [tabId, message]);
}

/** Waits until the content script reports a finished first pass (and a settled verdict). */
export function waitForState(context, page, predicate = (s) => s.enabled && !s.scanning && !s.verdict.pending, { timeout = 15000 } = {}) {
  // Asking fails until the content script is there.
  return pollUntil(() => askContent(context, page, { type: 'state' }), (state) => Boolean(state) && predicate(state), {
    timeout, retryErrors: true, failure: (state) => `the content script never reached the expected state; last: ${JSON.stringify(state)}`,
  });
}

/** The toolbar badge of `page`'s tab: { text, color }. */
export async function badgeOf(context, page) {
  const tabId = await tabIdOf(context, page);
  const worker = await currentWorker(context);
  return worker.evaluate(async (id) => ({
    text: await chrome.action.getBadgeText({ tabId: id }),
    color: await chrome.action.getBadgeBackgroundColor({ tabId: id }),
  }), tabId);
}

/** Reads, or replaces, the settings the way the options page stores them. */
export async function getSettings(context) {
  const worker = await currentWorker(context);
  return worker.evaluate(async () => (await chrome.storage.sync.get('settings')).settings ?? null);
}

export async function setSettings(context, patch) {
  const worker = await currentWorker(context);
  return worker.evaluate(async (p) => {
    const { settings } = await chrome.storage.sync.get('settings');
    const base = settings ?? {
      version: 1, categories: { chip: true, cloud: true, intermediary: true, regulation: true },
      colours: { chip: '#ffb300', cloud: '#03a9f4', intermediary: '#e91e63', regulation: '#4caf50' },
      customTerms: [], siteMode: 'all', sitesOff: [], sitesOn: [], mode: 'highlight',
    };
    await chrome.storage.sync.set({ settings: { ...base, ...p } });
  }, patch);
}

/** Opens one of the extension's pages in a tab (the popup gets the tab it reports on). */
export async function openExtensionPage(context, extensionId, pagePath) {
  const page = await newPage(context);
  await page.goto(`chrome-extension://${extensionId}/${pagePath}`);
  await page.waitForFunction(() => document.body.dataset.ready !== undefined);
  return page;
}

/** What the background's matcher was built from (`listed`: 'tables', 'compiled', 'import', 'none'). */
export async function matcherInfo(context, extensionId) {
  const page = await openExtensionPage(context, extensionId, 'pages/options.html');
  try {
    return await page.evaluate(async () => {
      const { listed, createMs, entries } = await chrome.runtime.sendMessage({ type: 'matcher-info' });
      return { listed, createMs, entries: entries.length };
    });
  } finally {
    await page.close();
  }
}

/** Records the service worker's console.warn calls and the paths it fetches (`warningsOf`, `fetchesOf`). */
export async function recordWarnings(context) {
  const worker = await currentWorker(context);
  await worker.evaluate(() => {
    globalThis.chiplightWarnings = [];
    globalThis.chiplightFetches = [];
    const warn = console.warn.bind(console);
    console.warn = (...args) => { globalThis.chiplightWarnings.push(args.map(String).join(' ')); warn(...args); };
    const { fetch } = globalThis;
    globalThis.fetch = (input, init) => { globalThis.chiplightFetches.push(new URL(String(input)).pathname); return fetch(input, init); };
  });
}

export async function fetchesOf(context) {
  return (await currentWorker(context)).evaluate(() => globalThis.chiplightFetches ?? null);
}

export async function warningsOf(context) {
  return (await currentWorker(context)).evaluate(() => globalThis.chiplightWarnings ?? null);
}
