// Shared helpers for the browser tests. The server and the browser launcher are the build's
// and the benchmark's too: they live in scripts/lib/browser.mjs and are re-exported here.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import {
  CHROMIUM_ARGS, launch, REPO, startServer,
} from '../../scripts/lib/browser.mjs';

export {
  CHROMIUM_ARGS, launch, REPO, startServer,
};

/**
 * For a test file: before its tests, a server on 127.0.0.1 of `mounts()` (`serverOptions` as
 * startServer's: extra headers) and headless Chromium with a fresh profile (`launchOptions` as
 * launch's), kept in the returned `env` ({ server, browser }), then `ready(env)`; after them, both
 * closed. The browser and widget tests start this way.
 */
export function useServerAndBrowser(mounts, { serverOptions, launchOptions, ready } = {}) {
  const env = {};
  before(async () => {
    env.server = await startServer(mounts(), serverOptions);
    env.browser = await launch(launchOptions);
    if (ready) await ready(env);
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/**
 * For a test file: before its tests, a server over the repository, Chromium and a page, handed
 * to `receive({ server, browser, page })`; after them, all closed.
 */
export function useBrowserPage(receive) {
  useServerAndBrowser(repoMounts, {
    ready: async (env) => {
      env.page = await newPage(env.browser.context);
      receive(env);
    },
  });
}

/**
 * Reads `read()` until `done(value)` holds, every `interval` ms for `timeout` ms; returns that
 * value, or throws `failure(last value)`. Reads that throw (a script not there yet) count as
 * not done when `retryErrors`.
 */
export async function pollUntil(read, done, {
  timeout = 15000, interval = 100, failure = (last) => `never got there; last: ${JSON.stringify(last)}`, retryErrors = false,
} = {}) {
  const deadline = Date.now() + timeout;
  let last = null;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (error) {
      if (!retryErrors) throw error;
    }
    await sleep(interval);
  }
  throw new Error(failure(last));
}

/**
 * Run in the page (`page.evaluate(highlightsInPage, onlyDrawn)`, Playwright's or Puppeteer's):
 * every range of our highlights but the active one, as { category, text, in: the id of the
 * closest element that has one }. With `onlyDrawn`, ranges over text the page has changed or
 * removed since (drawn nowhere until the rescan) are left out.
 */
export function highlightsInPage(onlyDrawn) {
  const out = [];
  if (!globalThis.CSS || !CSS.highlights) return out;
  for (const [name, highlight] of CSS.highlights) {
    if (!name.startsWith('chiplight-') || name.endsWith('-active')) continue;
    for (const r of highlight) {
      if (onlyDrawn && (!r.startContainer.isConnected || r.endOffset > r.endContainer.length
        || r.startOffset > r.startContainer.length)) continue;
      const range = document.createRange();
      range.setStart(r.startContainer, r.startOffset);
      range.setEnd(r.endContainer, r.endOffset);
      const owner = range.startContainer.parentElement?.closest('[id]');
      out.push({ category: name.slice(name.lastIndexOf('-') + 1), text: range.toString(), in: owner?.id ?? null });
    }
  }
  return out;
}

/** Fails the test if its page logged a console error, threw, or had a request fail (see newPage). */
export function assertNoProblems(page) {
  assert.deepEqual(page.problems, [], 'no console errors, page errors or failed requests');
}

export const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/**
 * A new page that records console errors, page errors and failed requests into `page.problems`,
 * and keeps a handle on every closed shadow root (for checking our UI from the test).
 */
export async function newPage(context) {
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => page.problems.push(`requestfailed: ${r.url()}`));
  await page.addInitScript(() => {
    const original = Element.prototype.attachShadow;
    window.__closedRoots = [];
    Element.prototype.attachShadow = function attachShadow(init) {
      const root = original.call(this, init);
      if (init && init.mode === 'closed') window.__closedRoots.push(root);
      return root;
    };
  });
  return page;
}

/**
 * Mounts for the server: the repository, with `/dist/` taken from $CHIPLIGHT_DIST when set (to
 * test another build of the matcher). Fails clearly when the matcher has not been built.
 */
export function repoMounts() {
  const dist = process.env.CHIPLIGHT_DIST ? path.resolve(process.env.CHIPLIGHT_DIST) : path.join(REPO, 'dist');
  for (const f of ['chiplight.mjs', 'chiplight.js']) {
    if (!fs.existsSync(path.join(dist, f))) {
      throw new Error(`${path.join(dist, f)} is missing: build the wasm target first (cmake --build --preset native --target wasm)`);
    }
  }
  return { '/': REPO, '/dist/': dist };
}

/** Opens a fixture page and waits for the real matcher to be ready. */
export async function openFixture(page, origin, name) {
  if (page.problems) page.problems.length = 0; // each test answers for its own page only
  await page.goto(`${origin}/tests/browser/fixtures/${name}.html`);
  await page.waitForFunction(() => window.clReady !== undefined);
  await page.evaluate(() => window.clReady);
  await page.waitForLoadState('load');
}

/** The closed shadow root of our UI host (<chiplight-ui>), for reading the card. */
export const UI_ROOT = `(() => window.__closedRoots.find((r) => r.host.localName === 'chiplight-ui' && r.host.isConnected))()`;
