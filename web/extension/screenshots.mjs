#!/usr/bin/env node
// Takes the screenshots in docs/ (docs/extension.md): the unpacked Chrome build in headless
// Chromium on the tests' news fixture, a card open; the popup for that tab; the options page;
// the PDF reader on the tests' English PDF (tests/extension/pdf-fixtures.mjs), a card open.
//
//   node web/extension/screenshots.mjs [--out docs]
/* global document */ // (in functions evaluated by the page)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { REPO, startServer } from '../../tests/browser/lib.mjs';
import { writePdfFixtures } from '../../tests/extension/pdf-fixtures.mjs';
import {
  askContent, launchExtension, newPage, openExtensionPage, serveFixtures, sleep, tabIdOf, waitForHighlights, waitForState,
} from '../../tests/extension/lib.mjs';

const outIndex = process.argv.indexOf('--out');
const OUT = outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : path.join(REPO, 'docs');

const server = await serveFixtures();
const pdfDir = writePdfFixtures(fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-pdf-')));
const pdfServer = await startServer({ '/': pdfDir });
const env = await launchExtension();
try {
  const { context, extensionId } = env;
  const page = await newPage(context);
  await page.setViewportSize({ width: 1000, height: 640 });
  await page.goto(`${server.origin}/news.html`);
  await waitForHighlights(page, ['H100', 'Amazon Web Services']);
  await waitForState(context, page);
  await page.evaluate(() => {
    const text = document.getElementById('p1').querySelector('b').nextSibling;
    const at = text.data.indexOf('H100');
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + 4);
    document.getSelection().removeAllRanges();
    document.getSelection().addRange(range);
  });
  await askContent(context, page, { type: 'explain', text: 'H100' });
  await page.evaluate(() => document.getSelection().removeAllRanges());
  await sleep(600);
  await page.screenshot({ path: path.join(OUT, 'extension-article.png') });

  const tabId = await tabIdOf(context, page);
  const popup = await openExtensionPage(context, extensionId, `pages/popup.html?tab=${tabId}`);
  await popup.setViewportSize({ width: 384, height: 600 });
  await popup.waitForFunction(() => document.querySelectorAll('#evidence button').length > 0);
  await popup.fill('#search', 'H20');
  await popup.waitForFunction(() => document.querySelectorAll('#results li').length > 0);
  await popup.screenshot({ path: path.join(OUT, 'extension-popup.png'), fullPage: true });

  const options = await openExtensionPage(context, extensionId, 'pages/options.html');
  await options.setViewportSize({ width: 900, height: 1100 });
  await options.waitForFunction(() => document.body.dataset.ready === 'yes');
  await options.fill('#term-label', 'ZQ boards');
  await options.selectOption('#term-type', 'pattern');
  await options.fill('#term-value', 'ZQ-(\\d{4}');
  await options.waitForFunction(() => document.getElementById('term-error').textContent.length > 0);
  await options.screenshot({ path: path.join(OUT, 'extension-options.png') });
  const reader = await newPage(context);
  await reader.setViewportSize({ width: 1100, height: 560 });
  await reader.goto(`chrome-extension://${extensionId}/pages/reader.html?src=${encodeURIComponent(`${pdfServer.origin}/english.pdf`)}`);
  await reader.waitForFunction(() => document.body.dataset.state === 'ready');
  await waitForHighlights(reader, ['H100']);
  const at = await reader.evaluate(() => {
    const hit = globalThis.chiplightReader.controller.hits.find((h) => h.text === 'H100');
    const r = hit.range.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  await reader.mouse.move(at.x, at.y);
  await reader.waitForFunction(() => globalThis.chiplightReader.openCard !== null);
  await sleep(400);
  await reader.screenshot({ path: path.join(OUT, 'extension-reader.png') });
  process.stdout.write(`${['article', 'popup', 'options', 'reader'].map((n) => path.join(OUT, `extension-${n}.png`)).join('\n')}\n`);
} finally {
  await env.close();
  await server.close();
  await pdfServer.close();
  fs.rmSync(pdfDir, { recursive: true, force: true });
}
