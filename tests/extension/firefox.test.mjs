// The Firefox build in headless Firefox ESR (puppeteer-core over WebDriver BiDi; Node 20 runs
// this with --experimental-websocket): installed as a temporary add-on, its content script
// highlights a page on 127.0.0.1, also one whose CSP has no 'wasm-unsafe-eval' (Firefox's
// content scripts compile WebAssembly whatever the page says), and its PDF reader
// (pages/reader.html, pdf.js) highlights PDFs served from 127.0.0.1.
/* global chiplightReader */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { startServer } from '../browser/lib.mjs';
import {
  extensionDir, highlightsInPage, serveFixtures, sleep,
} from './lib.mjs';
import { CHINESE_HITS, ENGLISH_HITS, writePdfFixtures } from './pdf-fixtures.mjs';

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';

const highlighted = async (page) => (await page.evaluate(highlightsInPage, false)).map((h) => h.text);

test('the content script highlights a page in headless Firefox, with a strict CSP too', { skip: !fs.existsSync(FIREFOX) && `CHIPLIGHT-SKIP: ${FIREFOX} is not installed` }, async () => {
  assert.equal(typeof WebSocket, 'function', 'run with node --experimental-websocket');
  const server = await serveFixtures();
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
  try {
    await browser.installExtension(extensionDir('firefox'));
    for (const name of ['news.html', 'csp-self.html']) {
      const page = await browser.newPage();
      await page.goto(`${server.origin}/${name}`);
      let seen = [];
      for (let i = 0; i < 150 && !['H100', 'Amazon Web Services', 'Export Administration Regulations'].every((x) => seen.includes(x)); i += 1) {
        await sleep(100);
        seen = await highlighted(page);
      }
      assert.ok(seen.includes('H100') && seen.includes('Amazon Web Services') && seen.includes('Export Administration Regulations'), `${name}: ${JSON.stringify(seen)}`);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
});

// Firefox gives an add-on's pages a random moz-extension:// host per profile; this pref fixes it,
// so the test can open the reader's address as the popup would.
const GECKO_ID = JSON.parse(fs.readFileSync(new URL('../../web/extension/platform/firefox/manifest.json', import.meta.url), 'utf8')).browser_specific_settings.gecko.id;
const EXTENSION_UUID = '5e1b7c8a-3f0d-4c52-9a61-2b8e4d7f0c13';

test('the PDF reader highlights a served PDF in headless Firefox, Chinese through the shipped CMaps too', { skip: !fs.existsSync(FIREFOX) && `CHIPLIGHT-SKIP: ${FIREFOX} is not installed` }, async () => {
  assert.equal(typeof WebSocket, 'function', 'run with node --experimental-websocket');
  const dir = writePdfFixtures(fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-pdf-')));
  const server = await startServer({ '/': dir });
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: true,
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }) },
    // WebDriver BiDi navigates only to http(s), file and blob addresses unless the browser is
    // started with this flag (Firefox's remote agent, "system access"); the reader is a
    // moz-extension:// page, which the popup opens with tabs.create.
    args: ['--remote-allow-system-access'],
  });
  try {
    await browser.installExtension(extensionDir('firefox'));
    for (const [name, expected] of [['english.pdf', ENGLISH_HITS], ['chinese.pdf', CHINESE_HITS]]) {
      const page = await browser.newPage();
      const problems = [];
      page.on('pageerror', (error) => problems.push(String(error)));
      const address = `moz-extension://${EXTENSION_UUID}/pages/reader.html?src=${encodeURIComponent(`${server.origin}/${name}`)}`;
      // The page loads, but puppeteer never sees a moz-extension navigation end: don't wait for
      // it, wait for the reader's own state.
      page.goto(address, { timeout: 0 }).catch(() => {});
      let state = null;
      for (let i = 0; i < 600 && !['ready', 'failed'].includes(state); i += 1) {
        await sleep(100);
        state = await page.evaluate((a) => (location.href === a ? document.body?.dataset.state : null), address).catch(() => null);
      }
      const reader = await page.evaluate(() => ({
        state: document.body.dataset.state,
        status: document.getElementById('status').textContent,
        error: chiplightReader.error && String(chiplightReader.error),
        pages: chiplightReader.pages,
        textLayers: chiplightReader.textLayers,
      }));
      assert.deepEqual({ state: reader.state, error: reader.error }, { state: 'ready', error: null }, `${name}: ${reader.status}`);
      assert.equal(reader.textLayers, reader.pages, `${name}: every page has its text layer`);
      // The highlights are painted (CSS Custom Highlight API) on pdf.js's text layer.
      let seen = [];
      for (let i = 0; i < 150 && !expected.every((x) => seen.includes(x)); i += 1) {
        seen = await highlighted(page);
        if (!expected.every((x) => seen.includes(x))) await sleep(100);
      }
      assert.ok(expected.every((x) => seen.includes(x)), `${name}: ${JSON.stringify(seen)}`);
      const onTextLayer = await page.evaluate(() => chiplightReader.controller.hits.every((h) => h.range.startContainer.parentElement.closest('.textLayer') !== null));
      assert.ok(onTextLayer, `${name}: every hit is on the text layer`);
      assert.deepEqual(problems, [], `${name}: no page error`);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
