// The Firefox build in headless Firefox ESR (puppeteer-core over WebDriver BiDi; Node 20 runs
// this with --experimental-websocket): installed as a temporary add-on, its content script
// highlights a page on 127.0.0.1, also one whose CSP has no 'wasm-unsafe-eval' (Firefox's
// content scripts compile WebAssembly whatever the page says).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import puppeteer from 'puppeteer-core';
import {
  extensionDir, highlightsInPage, serveFixtures, sleep,
} from './lib.mjs';

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
