// A site whose Content Security Policy blocks WebAssembly (script-src without 'wasm-unsafe-eval'):
// the widget writes one clear console message and leaves the page untouched. One CTest entry.
// (A policy in a <meta> tag of the page only does not reach the widget's worker, which has its
// own: there the widget works; docs/widget.md says so.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sleep, useWidgetBrowser, widgetDone } from './lib.mjs';

// As a site's server configuration sends it: on every response (the page, the widget's scripts,
// its worker), so that no context of the widget may compile WebAssembly.
const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'";
const env = useWidgetBrowser({}, { headers: () => ({ 'content-security-policy': STRICT_CSP }) });

test('under a CSP that blocks WebAssembly the page stays untouched, with one console message', async () => {
  // The page's DOM as served, for comparing.
  const page = await env.open('news', {
    variation: 'no-inline-script',
    beforeLoad: (p) => p.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => { window.__servedHtml = document.documentElement.outerHTML; });
    }),
  });
  assert.equal(await widgetDone(page), 0, 'nothing highlighted');
  await sleep(300);
  const state = await page.evaluate(() => ({
    html: document.documentElement.outerHTML,
    served: window.__servedHtml,
    highlights: [...CSS.highlights.keys()],
    sheets: document.adoptedStyleSheets.length,
  }));
  assert.equal(state.html, state.served, 'the DOM is exactly as served');
  assert.deepEqual(state.highlights, []);
  assert.equal(state.sheets, 0, 'no style sheet of ours');
  const ours = page.messages.filter((m) => /Chiplight/.test(m.text));
  assert.equal(ours.length, 1, JSON.stringify(page.messages));
  assert.match(ours[0].text, /Content Security Policy blocks WebAssembly/);
  assert.match(ours[0].text, /'wasm-unsafe-eval'/);
  await page.close();
});
