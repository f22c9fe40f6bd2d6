// The module's memory (docs/api.md, "Memory"): long scans stay within the budget, and matchers
// nobody disposed don't pile up. Run with --expose-gc (tests/js/CMakeLists.txt), in a process of
// its own, so that the module's memory is this file's alone.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';

import { TEST_TERMS, loadEsm } from './helpers.mjs';

// The budget docs/api.md states: the module's memory after scanning texts of any length with one
// lexicon (the built-in one, here with a few extra terms).
const BUDGET = 64 << 20;

let chiplight;
let m;

before(async () => {
  assert.equal(typeof globalThis.gc, 'function', 'run with node --expose-gc');
  chiplight = await loadEsm();
  m = await chiplight.createMatcher({ extraTerms: TEST_TERMS });
});
after(() => m?.dispose());

const ours = (matches) => matches.filter((x) => x.id.startsWith('test-'));
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;

describe('long scans', () => {
  test('a 100-million-unit text leaves the module within its budget, every hit exact', { timeout: 280_000 }, (t) => {
    // English, Chinese, emoji and astral text with our terms every 40,000 units, and built-in
    // terms throughout: 100 million UTF-16 units, about 170 MB of UTF-8.
    const block = 'Nvidia A100 GPUs rented on AWS, lorem ipsum dolor sit amet; '.repeat(300)
      + '阿里云租用算力，长篇中文文本没有任何术语。'.repeat(600) + '🙂𠀀 '.repeat(1000);
    const terms = ['Zorblax 9000', '测试云平台', '𠀀𠀁规则', 'Quuxcloud'];
    const parts = [];
    let length = 0;
    const expected = [];
    for (let i = 0; length < 100_000_000; i++) {
      parts.push(block, ' ');
      length += block.length + 1;
      const term = terms[i % terms.length];
      expected.push([length, term]);
      parts.push(term, ' ');
      length += term.length + 1;
    }
    const text = parts.join('');
    // Warm: what the matcher compiles the first time a scan needs it (RE2 programs, the context
    // words' automaton) is the matcher's, not the scan's.
    m.scan(block + text.slice(0, 3 << 20));
    const start = m.memoryUsage();
    const found = m.scan(text);
    const end = m.memoryUsage();
    assert.ok(found.length > 1_000_000, `${found.length} matches`);
    assert.deepEqual(ours(found).map((x) => [x.start, text.slice(x.start, x.end)]), expected);
    t.diagnostic(`${text.length} units, ${found.length} matches: module memory ${mb(start.wasmMemory)} -> ${mb(end.wasmMemory)}, in use ${mb(start.heapInUse)} -> ${mb(end.heapInUse)}`);
    assert.ok(end.wasmMemory <= BUDGET, `the module grew from ${mb(start.wasmMemory)} to ${mb(end.wasmMemory)}`);
    // Nothing of the scan stays allocated but its reusable buffers (a piece's UTF-8 and results).
    assert.ok(end.heapInUse <= start.heapInUse + (8 << 20), `${mb(start.heapInUse)} -> ${mb(end.heapInUse)} in use`);
  });

  test('a text dense with candidates (each one checked against its context) stays within it too', { timeout: 200_000 }, (t) => {
    // 'H20' is a candidate every four units whose context rule is checked and fails: the densest
    // work per unit found, about 40 bytes of the module's memory per unit while a piece is scanned.
    const text = 'H20 '.repeat(5_000_000);
    const found = m.scan(text);
    const end = m.memoryUsage();
    t.diagnostic(`${text.length} units, ${found.length} matches: module memory ${mb(end.wasmMemory)}`);
    assert.ok(end.wasmMemory <= BUDGET, `the module grew to ${mb(end.wasmMemory)}`);
  });
});

describe('matchers that are not disposed', () => {
  test('matchers of one lexicon share its compiled form, whatever their categories', async (t) => {
    const text = 'Zorblax 9000 on 测试云平台 via Frobnic-123; Nvidia A100 on AWS, 阿里云 算力';
    const categorySets = [[], ['chip'], ['cloud'], ['intermediary', 'regulation'], ['chip', 'cloud', 'intermediary']];
    const kept = [];
    // The first of each: the built-in lexicon, and the built-in lexicon with our terms.
    for (const extraTerms of [undefined, TEST_TERMS]) kept.push(await chiplight.createMatcher({ extraTerms }));
    for (const k of kept) k.scan(text);
    const start = m.memoryUsage();
    for (let i = 0; i < 400; i++) {
      const n = await chiplight.createMatcher({ categories: categorySets[i % categorySets.length], extraTerms: i % 2 ? TEST_TERMS : undefined });
      assert.equal(n.scan(text).length, kept[i % 2].scan(text).filter((x) => categorySets[i % categorySets.length].length === 0
        || categorySets[i % categorySets.length].includes(x.category)).length);
      kept.push(n);  // never disposed, and kept alive: only sharing can bound this
    }
    const end = m.memoryUsage();
    t.diagnostic(`400 more matchers: ${((end.heapInUse - start.heapInUse) / 400).toFixed(0)} bytes each`);
    // Unshared, each would be a compiled matcher of its own (3 MB created, 9 MB once scanned).
    assert.ok(end.heapInUse - start.heapInUse <= 400 * 4096, `400 matchers took ${mb(end.heapInUse - start.heapInUse)}`);
    assert.equal(end.wasmMemory, start.wasmMemory);
  });

  test('forgotten matchers are freed once collected', { timeout: 120_000 }, async (t) => {
    const baseline = m.memoryUsage().heapInUse;
    const count = 12;
    // Each with terms of its own, so each compiles its own matcher; references dropped on return.
    await (async () => {
      for (let i = 0; i < count; i++) {
        const n = await chiplight.createMatcher({ extraTerms: [{ label: `Forgotten ${i}`, category: 'chip', names: [`Forgotten${i}`] }] });
        assert.equal(n.scan(`Forgotten${i} A100 on AWS`)[0].id, 'extraterms-0');
      }
    })();
    const held = m.memoryUsage().heapInUse - baseline;
    assert.ok(held >= count * (1 << 20), `${count} matchers hold ${mb(held)}`);
    t.diagnostic(`${count} matchers with terms of their own: ${mb(held / count)} each`);
    // Collections, each followed by a turn of the event loop for FinalizationRegistry callbacks.
    let rounds = 0;
    while (m.memoryUsage().heapInUse > baseline + (1 << 20) && rounds < 50) {
      globalThis.gc();
      await sleep(0);
      rounds += 1;
    }
    t.diagnostic(`freed after ${rounds} collection(s)`);
    assert.ok(m.memoryUsage().heapInUse <= baseline + (1 << 20),
      `after ${rounds} collections ${mb(m.memoryUsage().heapInUse - baseline)} are still held`);
  });
});
