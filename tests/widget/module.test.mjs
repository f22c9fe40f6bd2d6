// The widget's matcher module (dist/chiplight-widget.wasm): the full module without the lexicon's
// text. It must find exactly what the full module finds, and say plainly what it can't do (the
// glossary and extra terms need the text). Node, no browser. One CTest entry per test().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from '../browser/lib.mjs';

const DIST = process.env.CHIPLIGHT_DIST || path.join(REPO, 'dist');

/** A fresh copy of the ES module (one runtime per import), running the given .wasm. */
async function matcherOf(wasmFile, options = {}) {
  const url = new URL(`file://${path.join(DIST, 'chiplight.mjs')}?${wasmFile}`);
  const { createMatcher } = await import(url.href);
  return createMatcher({ ...options, wasm: fs.readFileSync(path.join(DIST, wasmFile)) });
}

test('the widget\'s module finds what the full module finds, on every sample text', async () => {
  const full = await matcherOf('chiplight.wasm');
  const widget = await matcherOf('chiplight-widget.wasm');
  assert.equal(widget.lexiconVersion, full.lexiconVersion);
  assert.deepEqual(widget.entries(), full.entries());
  assert.equal(widget.contextMargin, full.contextMargin);
  const samples = path.join(REPO, 'web', 'demo', 'samples');
  const texts = fs.readdirSync(samples).map((f) => fs.readFileSync(path.join(samples, f), 'utf8'));
  texts.push(fs.readFileSync(path.join(REPO, 'tests', 'widget', 'fixtures', 'news.html'), 'utf8'));
  let total = 0;
  for (const text of texts) {
    const found = widget.scan(text);
    assert.deepEqual(found, full.scan(text));
    // The whole assessment (its JSON is written by hand now: binding.cc), explanation included.
    assert.deepEqual(widget.assess(found), full.assess(full.scan(text)));
    total += found.length;
  }
  assert.ok(total > 50, `the samples name many terms (${total})`);
});

test('the widget\'s module says its glossary and extra terms are elsewhere', async () => {
  const widget = await matcherOf('chiplight-widget.wasm');
  assert.throws(() => widget.entry('nvidia-h100'), /carries no lexicon text/);
  await assert.rejects(matcherOf('chiplight-widget.wasm', { extraTerms: [{ label: 'Acme X1', category: 'chip', names: ['Acme X1'] }] }), /carries no lexicon text/);
  // The glossary file the widget fetches instead has every entry, as the full module gives it.
  const { files } = JSON.parse(fs.readFileSync(path.join(DIST, 'widget', 'sizes.json'), 'utf8'));
  const glossary = JSON.parse(fs.readFileSync(path.join(DIST, 'widget', files.glossary), 'utf8'));
  const full = await matcherOf('chiplight.wasm');
  assert.equal(glossary.version, full.lexiconVersion);
  assert.deepEqual(glossary.entries.map((e) => e.id), full.entries().map((e) => e.id));
  for (const e of glossary.entries) assert.deepEqual(e, full.entry(e.id));
});

test('the widget\'s module reads its options as the full module does, without a JSON library', async () => {
  // wasm/widget_options.cc: the categories filter the same matches; bad options fail the same way.
  const text = fs.readFileSync(path.join(REPO, 'tests', 'widget', 'fixtures', 'news.html'), 'utf8');
  for (const categories of [['chip'], ['cloud', 'intermediary'], [], null]) {
    const full = await matcherOf('chiplight.wasm', { categories });
    const widget = await matcherOf('chiplight-widget.wasm', { categories });
    assert.deepEqual(widget.scan(text), full.scan(text), `categories ${JSON.stringify(categories)}`);
  }
  assert.ok((await matcherOf('chiplight-widget.wasm', { categories: ['chip'] })).scan(text).every((m) => m.category === 'chip'));
  await assert.rejects(matcherOf('chiplight-widget.wasm', { categories: ['chips'] }), /categories\[0\]: unknown category "chips"/);
  await assert.rejects(matcherOf('chiplight.wasm', { categories: ['chips'] }), /categories\[0\]: unknown category "chips"/);
  await assert.rejects(matcherOf('chiplight-widget.wasm', { categories: ['chip', 7] }), /categories\[1\]/);
  // No extra terms, and an empty list is none.
  assert.ok((await matcherOf('chiplight-widget.wasm', { extraTerms: [] })).scan(text).length > 0);
});

test('the built-in lexicon\'s patterns need none of what the widget\'s module leaves out of RE2', async () => {
  // wasm/re2_without_unicode_groups.cc: no Unicode group tables, which \p{..}, \P{..} and the
  // name check of named groups read. The widget compiles no other pattern (no extra terms).
  const lexicon = JSON.parse(fs.readFileSync(path.join(REPO, 'core', 'data', 'lexicon.json'), 'utf8'));
  const patterns = [...lexicon.entries, ...Object.values(lexicon.contexts)].flatMap((e) => e.patterns || []);
  assert.ok(patterns.length > 50, `the lexicon has patterns (${patterns.length})`);
  const needsTables = patterns.filter((p) => /\\[pP]|\(\?P?<[A-Za-z_]/.test(p));
  assert.deepEqual(needsTables, []);
});
