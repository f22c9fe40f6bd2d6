// Helpers for the widget's tests: the fixtures served on 127.0.0.1 with the built widget where a
// news site would put it (/js/chiplight/ = dist/widget/), headless Chromium (tests/browser/lib.mjs),
// and ways to read what the widget did (its highlights, its card, its requests).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  highlightsInPage, newPage, pollUntil, REPO, sleep, useServerAndBrowser,
} from '../browser/lib.mjs';

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
 * The one news article (fixtures/news.html) as some tests want it served: each variation is a
 * change of its text, which must apply (a fixture edited so that it no longer does fails loudly).
 */
const VARIATIONS = {
  // The widget in its dark theme.
  dark: [/ data-chiplight-lang="en"/, ' data-chiplight-lang="en" data-chiplight-theme="dark"'],
  // Without the page's own inline script, which a strict CSP refuses (csp.test.mjs).
  'no-inline-script': [/<script>\n[^<]*<\/script>\n/, ''],
};

function vary(html, variation) {
  const [pattern, replacement] = VARIATIONS[variation] ?? [];
  if (!pattern || !pattern.test(html)) throw new Error(`the article has no variation ${variation}`);
  return html.replace(pattern, replacement);
}

/**
 * For a test file: a server (fixtures at /, the widget at /js/chiplight/; `serverOptions` as
 * startServer's: extra headers) and Chromium, kept in
 * `env` ({ server, browser }); `env.open(name, { beforeLoad, variation })` gives a fresh page with
 * that fixture loaded (not waiting for the widget), changed as VARIATIONS[variation] says.
 */
export function useWidgetBrowser(launchOptions = {}, serverOptions = {}) {
  const mounts = () => {
    widgetBuild();
    return { '/': FIXTURES, '/js/chiplight/': WIDGET_DIR };
  };
  const env = useServerAndBrowser(mounts, { launchOptions, serverOptions });
  env.open = async (name, { beforeLoad, variation } = {}) => {
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
    if (variation) {
      await page.route((url) => url.pathname === `/${name}.html`, async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, body: vary(await response.text(), variation) });
      });
    }
    if (beforeLoad) await beforeLoad(page);
    await page.goto(`${env.server.origin}/${name}.html`);
    return page;
  };
  return env;
}

/** Waits for the widget's tag to finish (window.Chiplight.controllers); returns how many roots it highlighted. */
export async function widgetDone(page) {
  await page.waitForFunction(() => window.Chiplight !== undefined);
  return page.evaluate(async () => (await window.Chiplight.controllers).length);
}

/** The text and category of every range in our highlights (what the reader sees), with its element's id. */
export const highlighted = (page) => page.evaluate(highlightsInPage, true);

/** Waits until `predicate(highlights)` holds; returns the highlights. */
export function waitForHighlights(page, predicate, { timeout = 15000 } = {}) {
  return pollUntil(() => highlighted(page), predicate, {
    timeout, failure: (seen) => `the highlights never matched; saw ${JSON.stringify(seen)}`,
  });
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
export function waitForCard(page, predicate, { timeout = 10000 } = {}) {
  return pollUntil(() => readCard(page), predicate, {
    timeout, interval: 50, failure: (card) => `the card never got there; last: ${JSON.stringify(card)}`,
  });
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
