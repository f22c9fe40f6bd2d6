// Helpers for the widget's tests: the fixtures served on 127.0.0.1 with the built widget where a
// news site would put it (/js/chiplight/ = dist/widget/), headless Chromium (tests/browser/lib.mjs),
// and ways to read what the widget did (its highlights, its card, its requests).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { launch, newPage, REPO, sleep, startServer } from '../browser/lib.mjs';

export { REPO, sleep };
export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const WIDGET_DIR = process.env.CHIPLIGHT_WIDGET_DIR || path.join(REPO, 'dist', 'widget');

/** The build's manifest: the hashed names and the weights (web/widget/build.mjs). */
export function widgetBuild() {
  const file = path.join(WIDGET_DIR, 'sizes.json');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: build the widget first (cmake --build --preset ci --target widget)`);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * For a test file: a server (fixtures at /, the widget at /js/chiplight/; `serverOptions` as
 * startServer's: extra headers) and Chromium, kept in
 * `env` ({ server, browser }); `env.open(name, { touch })` gives a fresh page with that fixture
 * loaded (not waiting for the widget).
 */
export function useWidgetBrowser(launchOptions = {}, serverOptions = {}) {
  const env = {};
  before(async () => {
    widgetBuild();
    env.server = await startServer({ '/': FIXTURES, '/js/chiplight/': WIDGET_DIR }, serverOptions);
    env.browser = await launch(launchOptions);
    env.open = async (name, { beforeLoad } = {}) => {
      const page = await newPage(env.browser.context);
      page.requests = [];
      page.on('request', (r) => page.requests.push(r.url()));
      page.messages = [];
      page.on('console', (m) => page.messages.push({ type: m.type(), text: m.text() }));
      await page.addInitScript(() => {
        window.__widgetEvents = [];
        document.addEventListener('chiplight:highlighted', (e) => {
          window.__widgetEvents.push({ target: e.target.id, detail: JSON.parse(JSON.stringify(e.detail)) });
        });
      });
      if (beforeLoad) await beforeLoad(page);
      await page.goto(`${env.server.origin}/${name}.html`);
      return page;
    };
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Waits for the widget's tag to finish (window.Chiplight.controllers); returns how many roots it highlighted. */
export async function widgetDone(page) {
  await page.waitForFunction(() => window.Chiplight !== undefined);
  return page.evaluate(async () => (await window.Chiplight.controllers).length);
}

/** The text and category of every range in our highlights (what the reader sees), with its element's id. */
export function highlighted(page) {
  return page.evaluate(() => {
    const out = [];
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('chiplight-') || name.endsWith('-active')) continue;
      for (const r of highlight) {
        // A static range over text the page just changed or removed (until the rescan): drawn nowhere.
        if (!r.startContainer.isConnected || r.endOffset > r.endContainer.length || r.startOffset > r.startContainer.length) continue;
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        const owner = range.startContainer.parentElement.closest('[id]');
        out.push({ category: name.slice(name.lastIndexOf('-') + 1), text: range.toString(), in: owner?.id ?? null });
      }
    }
    return out;
  });
}

/** Waits until `predicate(highlights)` holds; returns the highlights. */
export async function waitForHighlights(page, predicate, { timeout = 15000 } = {}) {
  const deadline = Date.now() + timeout;
  let seen = [];
  while (Date.now() < deadline) {
    seen = await highlighted(page);
    if (predicate(seen)) return seen;
    await sleep(100);
  }
  throw new Error(`the highlights never matched; saw ${JSON.stringify(seen)}`);
}

/** Our card's closed shadow root (recorded by newPage's attachShadow hook). */
const UI_ROOT = '(() => window.__closedRoots.find((r) => r.host.localName === \'chiplight-ui\' && r.host.isConnected))()';
/** Our summary's closed shadow root. */
export const SUMMARY_ROOT = '(() => window.__closedRoots.find((r) => r.host.localName === \'chiplight-summary\' && r.host.isConnected))()';

/** The card as the reader sees it. */
export function readCard(page) {
  return page.evaluate(`(() => {
    const root = ${UI_ROOT};
    if (!root) return { open: false };
    const card = root.querySelector('.card');
    return {
      open: card.classList.contains('open'),
      title: card.querySelector('h2')?.textContent,
      summary: card.querySelector('.summary')?.textContent,
      citations: card.querySelectorAll('.cites li').length,
      focusInCard: Boolean(root.activeElement && card.contains(root.activeElement)) || root.activeElement === card,
    };
  })()`);
}

/** Waits until the card satisfies `predicate`; returns it. */
export async function waitForCard(page, predicate, { timeout = 10000 } = {}) {
  const deadline = Date.now() + timeout;
  let card = null;
  while (Date.now() < deadline) {
    card = await readCard(page);
    if (predicate(card)) return card;
    await sleep(50);
  }
  throw new Error(`the card never got there; last: ${JSON.stringify(card)}`);
}

/** The centre of the first highlighted range whose text is `text` (scrolled into view). */
export function hitCenter(page, text) {
  return page.evaluate((wanted) => {
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('chiplight-') || name.endsWith('-active')) continue;
      for (const r of highlight) {
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        if (range.toString() !== wanted) continue;
        range.startContainer.parentElement.scrollIntoView({ block: 'center' });
        const box = range.getClientRects()[0];
        return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      }
    }
    return null;
  }, text);
}

/** Requests for the glossary file so far. */
export const glossaryRequests = (page) => page.requests.filter((u) => /\/glossary-[0-9a-f]+\.json$/.test(u));
