#!/usr/bin/env node
// The extension's time from turning the packaged listed parties on to their highlights in an open
// tab (headless Chromium, the unpacked Chrome build), the two ways the background can get them,
// alternated in one run: 'tables' (createMatcher({ listed: { json, tables } }), what the
// extension does) and 'compiled' (the same list's entries as extraTerms, compiled at run time: what
// it did for a list before; here stored as an import, which takes the same path). Each round is a
// fresh browser. Prints each figure, the medians and their ratio. Not a test: timings on a shared
// machine are noisy (say the load beside the figures).
//
//   node tests/extension/listed-bench.mjs [--rounds 3]
/* global chrome */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  currentWorker, extensionDir, highlightedTexts, launchExtension, matcherInfo, newPage, serveFixtures, setSettings, sleep,
} from './lib.mjs';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3;
const ALL_ON = { chip: true, cloud: true, intermediary: true, regulation: true, listed: true };

async function once(way, server) {
  const env = await launchExtension();
  try {
    const page = await newPage(env.context);
    await page.goto(`${server.origin}/listed.html`);
    for (let i = 0; i < 300 && !(await highlightedTexts(page)).some((h) => h.text === 'H100'); i += 1) await sleep(50);
    if (way === 'compiled') {
      const { entries } = JSON.parse(fs.readFileSync(path.join(extensionDir('chrome'), 'chiplight-listed.json'), 'utf8'));
      const worker = await currentWorker(env.context);
      await worker.evaluate((e) => chrome.storage.local.set({ listedParties: { listDate: 'x', fileName: 'packaged', entries: e } }), entries);
    }
    const started = Date.now();
    await setSettings(env.context, { categories: ALL_ON, packagedList: true });
    for (;;) {
      const seen = (await highlightedTexts(page)).map((h) => h.text);
      if (seen.includes('Inspur Group') && seen.includes('IFLYTEK')) break;
      if (Date.now() - started > 180000) throw new Error(`${way}: no listed highlight after 180 s`);
      await sleep(20);
    }
    const toHighlights = Date.now() - started;
    const info = await matcherInfo(env.context, env.extensionId);
    if (info.listed !== (way === 'tables' ? 'tables' : 'import')) throw new Error(`${way}: the matcher came from ${info.listed}`);
    return { toHighlights, create: Math.round(info.createMs) };
  } finally {
    await env.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const server = await serveFixtures();
const figures = { tables: [], compiled: [] };
try {
  console.log(`load average at start: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  for (let r = 0; r < rounds; r += 1) {
    for (const way of r % 2 ? ['compiled', 'tables'] : ['tables', 'compiled']) {
      const f = await once(way, server);
      figures[way].push(f);
      console.log(`round ${r + 1} ${way}: enabling -> highlights ${f.toHighlights} ms (background createMatcher ${f.create} ms)`);
    }
  }
} finally {
  await server.close();
}
const m = (way, key) => median(figures[way].map((f) => f[key]));
console.log(`median enabling -> highlights: tables ${m('tables', 'toHighlights')} ms, compiled ${m('compiled', 'toHighlights')} ms, ratio ${(m('compiled', 'toHighlights') / m('tables', 'toHighlights')).toFixed(2)}x`);
console.log(`median createMatcher in the worker: tables ${m('tables', 'create')} ms, compiled ${m('compiled', 'create')} ms, ratio ${(m('compiled', 'create') / m('tables', 'create')).toFixed(2)}x`);
console.log(`load average at end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
