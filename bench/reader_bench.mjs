#!/usr/bin/env node
// PDF reader benchmark (not a test): the unpacked Chrome build (dist/extension/chrome/) in
// headless Chromium opens the tests' ten-page PDF (tests/extension/pdf-fixtures.mjs, a hit on
// every page) served from 127.0.0.1, in a fresh tab each run. From the reader's own timing
// (performance.now(), i.e. since the tab's navigation started):
//
//   fetched          the PDF's bytes are in
//   opened           pdf.js has parsed it (worker started)
//   text layers      every page's text layer is laid out
//   first highlight  the first hit is drawn
//   pass done        the highlighter's first pass is over (every hit, the verdict)
//
// and the ratio of the first highlight to pdf.js's own part (opened + text layers): what
// Chiplight adds on top of rendering the text. Median of --runs (default 5). The last line is
// one JSON object with the figures.
//
//   node bench/reader_bench.mjs [--runs 5]
/* global chiplightReader */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { startServer } from '../tests/browser/lib.mjs';
import { launchExtension, newPage } from '../tests/extension/lib.mjs';
import { writePdfFixtures } from '../tests/extension/pdf-fixtures.mjs';

const runsIndex = process.argv.indexOf('--runs');
const RUNS = runsIndex > 0 ? Number(process.argv[runsIndex + 1]) : 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = writePdfFixtures(fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-pdf-')));
const server = await startServer({ '/': dir });
const env = await launchExtension();
const samples = [];
try {
  for (let i = 0; i <= RUNS; i += 1) {
    const reader = await newPage(env.context);
    await reader.goto(`chrome-extension://${env.extensionId}/pages/reader.html?src=${encodeURIComponent(`${server.origin}/ten-pages.pdf`)}`);
    await reader.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 120000 });
    const timing = await reader.evaluate(() => chiplightReader.timing);
    if (i > 0) samples.push(timing); // the first run warms the browser's caches of the extension's files
    await reader.close();
  }
} finally {
  await env.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
const figures = {};
for (const key of ['fetched', 'opened', 'textDone', 'firstHighlight', 'ready']) figures[key] = Math.round(median(samples.map((s) => s[key])));
const pdfjsPart = median(samples.map((s) => s.textDone - s.fetched));
const ours = median(samples.map((s) => s.firstHighlight - s.textDone));
figures.pdfjsMs = Math.round(pdfjsPart);
figures.highlightAfterTextMs = Math.round(ours);
figures.firstHighlightOverPdfjs = Number((figures.firstHighlight / (figures.textDone)).toFixed(2));
process.stdout.write(`ten-page PDF, median of ${RUNS} (ms since navigation): fetched ${figures.fetched}, opened ${figures.opened}, `
  + `text layers ${figures.textDone}, first highlight ${figures.firstHighlight}, pass done ${figures.ready}\n`
  + `pdf.js (parse + ten text layers) ${figures.pdfjsMs} ms; highlighter after the text ${figures.highlightAfterTextMs} ms; `
  + `first highlight / text layers done = ${figures.firstHighlightOverPdfjs}x\n${JSON.stringify(figures)}\n`);
