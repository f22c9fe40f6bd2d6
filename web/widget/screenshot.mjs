#!/usr/bin/env node
// docs/widget.png: the widget's fixture article (tests/widget/fixtures/news.html) highlighted by
// the built dist/widget/, its summary line in the placeholder and a glossary card open.
//
//   node web/widget/screenshot.mjs [--out docs/widget.png]
import path from 'node:path';
import console from 'node:console';
import process from 'node:process';
/* global window */
import { launch, REPO, startServer } from '../../scripts/lib/browser.mjs';

const out = process.argv.includes('--out') ? path.resolve(process.argv[process.argv.indexOf('--out') + 1]) : path.join(REPO, 'docs', 'widget.png');
const server = await startServer({ '/': path.join(REPO, 'tests', 'widget', 'fixtures'), '/js/chiplight/': path.join(REPO, 'dist', 'widget') });
const browser = await launch({ viewport: { width: 900, height: 760 } });
try {
  const page = await browser.context.newPage();
  await page.goto(`${server.origin}/news.html`);
  await page.waitForFunction(() => window.Chiplight !== undefined);
  await page.evaluate(async () => {
    const [controller] = await window.Chiplight.controllers;
    const hit = controller.hits.find((h) => h.text === 'H100');
    controller.openCard(hit, { pinned: true });
  });
  await page.waitForTimeout(1500); // the glossary arrives and the card is shown again with it
  await page.mouse.move(0, 0);
  await page.screenshot({ path: out });
  console.log(`screenshot: ${out}`);
} finally {
  await browser.close();
  await server.close();
}
