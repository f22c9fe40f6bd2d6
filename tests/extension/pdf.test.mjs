// The extension's PDF reader in headless Chromium (the unpacked build in dist/extension/chrome/):
// PDFs written by pdf-fixtures.mjs into a temporary folder and served from 127.0.0.1. Headless
// Chromium has no PDF viewer (it downloads a PDF), so the PDF tab is a tab whose address ends
// in .pdf, its navigation answered by a stand-in page; the reader itself fetches the real file.
/* global chrome, chiplightReader */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startServer } from '../browser/lib.mjs';
import { launchExtension, newPage, openExtensionPage, waitForHighlights } from './lib.mjs';
import { CHINESE_HITS, ENGLISH_HITS, writePdfFixtures } from './pdf-fixtures.mjs';

/** Runs `body({ context, worker, extensionId, server, openReader, pdfTab })` in a fresh browser. */
async function withReader(body, options) {
  const dir = writePdfFixtures(fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-pdf-')));
  fs.writeFileSync(path.join(dir, 'notice.html'), '<!doctype html><title>Notice</title><p>A tender notice for NVIDIA H100 servers.</p>');
  const server = await startServer({ '/': dir });
  const env = await launchExtension(options);
  try {
    /** A tab showing `name` (a .pdf address gets the stand-in viewer page); returns [page, tabId]. */
    const pdfTab = async (name) => {
      const page = await newPage(env.context);
      await page.route('**/*.pdf', (route) => route.fulfill({ contentType: 'text/html', body: '<p>PDF viewer stand-in</p>' }));
      await page.goto(`${server.origin}/${name}`);
      const url = page.url();
      const tabId = await env.worker.evaluate(async (u) => (await chrome.tabs.query({})).find((tab) => tab.url === u)?.id, url);
      assert.ok(tabId, `the extension sees the tab's address ${url} (host permission)`);
      return [page, tabId];
    };
    /** The reader on `name`, once its first pass is done. */
    const openReader = async (name) => {
      const reader = await newPage(env.context);
      await reader.goto(`chrome-extension://${env.extensionId}/pages/reader.html?src=${encodeURIComponent(`${server.origin}/${name}`)}`);
      await reader.waitForFunction(() => ['ready', 'failed'].includes(document.body.dataset.state), null, { timeout: 60000 });
      assert.equal(await reader.evaluate(() => chiplightReader.error), null);
      return reader;
    };
    await body({ ...env, server: { ...server, dir }, openReader, pdfTab });
  } finally {
    await env.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the popup offers the reader on a PDF tab, and only there, and opens the PDF highlighted', () => withReader(async ({ context, extensionId, pdfTab }) => {
  const [, htmlTab] = await pdfTab('notice.html');
  let popup = await openExtensionPage(context, extensionId, `pages/popup.html?tab=${htmlTab}`);
  assert.equal(await popup.locator('#pdf').isHidden(), true, 'no reader offered on an HTML page');
  await popup.close();
  const [, tabId] = await pdfTab('english.pdf');
  popup = await openExtensionPage(context, extensionId, `pages/popup.html?tab=${tabId}`);
  await popup.waitForFunction(() => !document.getElementById('pdf').hidden);
  assert.equal(await popup.textContent('#open-reader'), "Open in Chiplight's reader");
  const [reader] = await Promise.all([context.waitForEvent('page'), popup.click('#open-reader')]);
  await reader.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 60000 });
  assert.match(reader.url(), /\/pages\/reader\.html\?src=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fenglish\.pdf$/);
  await waitForHighlights(reader, ENGLISH_HITS);
}));

test('an English PDF: the right hits on the text layer, the verdict with evidence by page, and a card opens', () => withReader(async ({ openReader }) => {
  const reader = await openReader('english.pdf');
  const hits = await reader.evaluate(() => chiplightReader.controller.hits.map((h) => ({ text: h.text, category: h.category })));
  assert.deepEqual(hits.filter((h) => h.text !== 'NVIDIA'), [
    { text: 'H100', category: 'chip' },
    { text: 'Amazon Web Services', category: 'cloud' },
    { text: 'Export Administration Regulations', category: 'regulation' },
  ]);
  // The highlights are on pdf.js's text layer, inside the page they come from.
  const where = await reader.evaluate(() => chiplightReader.controller.hits.map((h) => h.range.startContainer.parentElement.closest('.textLayer') !== null));
  assert.ok(where.every(Boolean));
  assert.equal(await reader.evaluate(() => chiplightReader.controller.verdict.verdict), 'moderate');
  const evidence = await reader.locator('#evidence button').allTextContents();
  assert.ok(evidence.length >= 2);
  for (const line of evidence) assert.match(line, /, page 1$/);
  // A card opens where a reader would point: on the hit's place on the page.
  const box = await reader.evaluate(() => {
    const hit = chiplightReader.controller.hits.find((h) => h.text === 'H100');
    const r = hit.range.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  await reader.mouse.move(box.x, box.y);
  await reader.waitForFunction(() => chiplightReader.openCard !== null, null, { timeout: 10000 });
  assert.equal(await reader.evaluate(() => chiplightReader.controller.hits.find((h) => h.id === chiplightReader.openCard).text), 'H100');
}));

test('a Chinese PDF whose text is only readable through the shipped CMaps is highlighted', () => withReader(async ({ openReader }) => {
  const reader = await openReader('chinese.pdf');
  const text = await reader.evaluate(() => document.querySelector('.textLayer').textContent);
  assert.match(text, /深圳市算力服务采购公告/, 'UniGB-UCS2-H decoded with the extension\'s CMaps');
  await waitForHighlights(reader, CHINESE_HITS);
}));

test('a ten-page PDF: canvases drawn as pages come near, the text of every page highlighted', () => withReader(async ({ openReader }) => {
  const reader = await openReader('ten-pages.pdf');
  const state = await reader.evaluate(() => ({ pages: chiplightReader.pages, textLayers: chiplightReader.textLayers, canvases: chiplightReader.canvases }));
  assert.equal(state.pages, 10);
  assert.equal(state.textLayers, 10);
  assert.ok(state.canvases < 10, `only the pages near the view are drawn (${state.canvases} canvases)`);
  const pagesWithHits = await reader.evaluate(() => [...new Set(chiplightReader.controller.hits.map((h) => h.range.startContainer.parentElement.closest('.page').dataset.pageNumber))]);
  assert.deepEqual(pagesWithHits, ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  // Scrolling to the last page draws it.
  await reader.evaluate(() => document.querySelector('.page[data-page-number="10"]').scrollIntoView());
  await reader.waitForFunction(() => document.querySelector('.page[data-page-number="10"] canvas') !== null, null, { timeout: 20000 });
}));

test('Open a PDF file: the reader with no address takes a PDF from this computer and highlights it', () => withReader(async ({ context, extensionId, server }) => {
  const popup = await openExtensionPage(context, extensionId, 'pages/popup.html');
  const [reader] = await Promise.all([context.waitForEvent('page'), popup.click('#open-file')]);
  await reader.waitForFunction(() => document.body.dataset.state === 'choosing');
  await reader.setInputFiles('#file', path.join(server.dir, 'chinese.pdf'));
  await reader.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 60000 });
  assert.equal(await reader.textContent('#doc-title'), 'chinese.pdf');
  await waitForHighlights(reader, CHINESE_HITS);
}));

test('a PDF that cannot be fetched, or is not a PDF, is one clear message', () => withReader(async ({ extensionId, server, context }) => {
  fs.writeFileSync(path.join(server.dir, 'not-a-pdf.pdf'), 'This was an HTML error page saved as .pdf. A100.');
  for (const [name, message] of [['missing.pdf', /^This PDF could not be shown: Could not read http:\/\/127\.0\.0\.1:\d+\/missing\.pdf \(HTTP 404\)\.$/],
    ['not-a-pdf.pdf', /^This PDF could not be shown: .+/]]) {
    const reader = await newPage(context);
    await reader.goto(`chrome-extension://${extensionId}/pages/reader.html?src=${encodeURIComponent(`${server.origin}/${name}`)}`);
    await reader.waitForFunction(() => ['ready', 'failed'].includes(document.body.dataset.state), null, { timeout: 60000 });
    assert.equal(await reader.evaluate(() => document.body.dataset.state), 'failed', name);
    assert.match(await reader.textContent('#status'), message);
  }
}));

test('the reader requests nothing but the PDF and the own files of the extension', () => withReader(async ({ context, extensionId, openReader, server }) => {
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const reader = await openReader('chinese.pdf');
  await reader.evaluate(() => chiplightReader.controller.next());
  requests.push(...await reader.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)));
  const outside = requests.filter((u) => !u.startsWith(`${server.origin}/`) && !u.startsWith(`chrome-extension://${extensionId}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(outside, []);
  const fromServer = [...new Set(requests.filter((u) => u.startsWith(`${server.origin}/`)).map((u) => new URL(u).pathname))];
  assert.deepEqual(fromServer, ['/chinese.pdf']);
  const cmaps = requests.filter((u) => u.startsWith(`chrome-extension://${extensionId}/pdfjs/cmaps/`));
  assert.ok(cmaps.length > 0, 'the CMaps come from the extension');
}));
