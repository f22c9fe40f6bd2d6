// One set of rules for how HTML is cut into blocks (core/data/html-blocks.json): the scanner
// CLI (`chiplight scan --format jsonl` on the file) and the page highlighter (in Chromium, on
// the same file) find the same matches, in the same order. Names split across inline elements
// are found by both; names across a block boundary, or in skipped elements, by neither.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  assertNoProblems, openFixture, REPO, useBrowserPage,
} from './lib.mjs';

let server;
let page;

useBrowserPage((env) => {
  ({ server, page } = env);
});

const FIXTURE = path.join(REPO, 'tests', 'browser', 'fixtures', 'blocks.html');

function scanner() {
  const cli = process.env.CHIPLIGHT_CLI || path.join(REPO, 'build', 'native', 'chiplight');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: build the chiplight target (or set CHIPLIGHT_CLI)`);
  return cli;
}

describe('HTML blocks', () => {
  it('the scanner and the highlighter find the same matches in the same HTML', async () => {
    const lines = execFileSync(scanner(), ['scan', '--format', 'jsonl', FIXTURE], { encoding: 'utf8' }).trim().split('\n');
    const fromCli = lines.filter(Boolean).map((l) => JSON.parse(l)).map((m) => `${m.id}:${m.text}`);

    await openFixture(page, server.origin, 'blocks');
    const fromPage = await page.evaluate(async () => {
      // Frames are the highlighter's pages of their own; the scanner has none to read.
      const c = cl.highlight(document.body, { matcher: cl.matcher, frames: false });
      await c.ready;
      const found = c.hits.map((h) => `${h.id}:${h.text}`);
      c.clear();
      return found;
    });

    assert.deepEqual(fromPage, fromCli);
    // What the fixture is about, so agreeing on nothing would not pass.
    const texts = fromCli.map((m) => m.slice(m.indexOf(':') + 1));
    assert.equal(texts.filter((t) => t === 'Amazon Web Services').length, 2, 'joined across <a> and across <b> <i> <span>');
    assert.ok(texts.includes('Alibaba Cloud'));
    for (const skipped of ['H200', 'H20', 'A800']) {
      assert.ok(!fromCli.some((m) => m.endsWith(`:${skipped}`) || m.includes(`${skipped} `)), `${skipped}: in a skipped element`);
    }
    assert.ok(!texts.some((t) => /Microsoft\s*Azure|Google\s*Cloud|Oracle\s*Cloud/.test(t)), 'no name across a block boundary');
    assertNoProblems(page);
  });
});
