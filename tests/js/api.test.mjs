// The JavaScript API of dist/chiplight.mjs: offsets, options, errors, memory (docs/api.md).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { TEST_TERMS, loadEsm } from './helpers.mjs';

let chiplight;
let m;  // built-in lexicon plus TEST_TERMS, every category

before(async () => {
  chiplight = await loadEsm();
  m = await chiplight.createMatcher({ extraTerms: TEST_TERMS });
});
after(() => m?.dispose());

// Our own terms only (the built-in lexicon's content changes over time).
const ours = (matches) => matches.filter((x) => x.id.startsWith('test-'));

/** Asserts that scanning prefix + term + suffix finds exactly that term at prefix.length. */
function expectAt(prefix, term, suffix, id) {
  const text = prefix + term + suffix;
  const found = ours(m.scan(text));
  assert.deepEqual(found, [{ start: prefix.length, end: prefix.length + term.length, id, category: m.entries().find((e) => e.id === id).category }],
    `in ${JSON.stringify(text)}`);
  assert.equal(text.slice(found[0].start, found[0].end), term);
}

describe('offsets are UTF-16 indices into the JavaScript string', () => {
  test('ASCII', () => {
    expectAt('', 'Zorblax 9000', '', 'test-zorblax');
    expectAt('The new ', 'Zorblax 9000', ' ships.', 'test-zorblax');
    expectAt('x '.repeat(1000), 'Frobnic-123', '.', 'test-pattern');
  });

  test('CJK (3-byte UTF-8, one code unit)', () => {
    expectAt('该公司通过', '测试云平台', '租用算力。', 'test-cjk');
    expectAt('中文'.repeat(500), '测试云平台', '', 'test-cjk');
  });

  test('mixed scripts', () => {
    expectAt('Le café über 中文 — ', 'Zorblax 9000', ' und 測試', 'test-zorblax');
    expectAt('naïve résumé ', '测试云平台', ' façade', 'test-cjk');
  });

  test('emoji and astral CJK (4-byte UTF-8, two code units)', () => {
    expectAt('🚀🚀 ', 'Zorblax 9000', ' 🎉', 'test-zorblax');
    expectAt('𠀀𠀀𠀀 ', 'Quuxcloud', '', 'test-emoji');
    expectAt('前言', '𠀀𠀁规则', '后记𠀂', 'test-astral');
    expectAt('👨‍👩‍👧‍👦 家庭 ', '𠀀𠀁规则', ' 👍🏽', 'test-astral');
  });

  test('lone surrogates', () => {
    expectAt('\uD800 ', 'Zorblax 9000', ' \uDC00', 'test-zorblax');
    expectAt('\uDBFF\uDBFF', '测试云平台', '\uDFFF', 'test-cjk');
    expectAt('a\uDC00b\uD800', ' Quuxcloud'.slice(1), '\uD83D', 'test-emoji');
    // A surrogate pair split by a term must not shift what follows.
    const text = '\uD83D测试云平台\uDE00 Zorblax 9000';
    const found = ours(m.scan(text));
    assert.deepEqual(found.map((x) => text.slice(x.start, x.end)), ['测试云平台', 'Zorblax 9000']);
  });

  test('NUL characters are ordinary characters', () => {
    expectAt('\0\0', 'Zorblax 9000', '\0', 'test-zorblax');
    expectAt('a\0测试\0', '测试云平台', '', 'test-cjk');
  });

  test('empty string and text without terms', () => {
    assert.deepEqual(m.scan(''), []);
    assert.deepEqual(m.scan('nothing to see here'), []);
    assert.deepEqual(m.scan('\uD800'), []);
  });

  test('many matches, in document order, exact on every one', () => {
    const pieces = ['Zorblax 9000', '测试云平台', '𠀀𠀁规则', 'Quuxcloud', 'Frobnic-777'];
    const fillers = [' ', ' 中文 ', ' 🙂 ', '\uD800 ', ', '];
    let text = '';
    const expected = [];
    for (let i = 0; i < 5000; i++) {
      text += fillers[i % fillers.length];
      const term = pieces[(i * 7) % pieces.length];
      expected.push([text.length, text.length + term.length]);
      text += term;
    }
    const found = ours(m.scan(text));
    assert.deepEqual(found.map((x) => [x.start, x.end]), expected);
  });

  test('50 MB strings (ASCII and CJK)', { timeout: 120_000 }, () => {
    for (const filler of ['lorem ipsum dolor sit amet, ', '长篇中文文本没有任何术语，']) {
      const block = filler.repeat(Math.ceil(50_000 / filler.length)).slice(0, 50_000);
      const parts = [];
      for (let i = 0; i < 1000; i++) parts.push(block, i % 2 ? ' Zorblax 9000 ' : '测试云平台');
      parts.push('🙂 Quuxcloud');
      const text = parts.join('');
      assert.ok(text.length >= 50_000_000);
      const found = ours(m.scan(text));
      assert.equal(found.length, 1001);
      for (const x of found) {
        const expected = x.id === 'test-zorblax' ? 'Zorblax 9000' : x.id === 'test-cjk' ? '测试云平台' : 'Quuxcloud';
        assert.equal(text.slice(x.start, x.end), expected);
      }
      assert.equal(found.at(-1).end, text.length);
    }
    m.scan('small again');  // the input buffer goes back to the allocator
    assert.ok(m.memoryUsage().heapInUse < 48 << 20, `${m.memoryUsage().heapInUse} bytes in use`);
  });
});

describe('the API', () => {
  test('createMatcher() with no options finds built-in terms, every category', async () => {
    const d = await chiplight.createMatcher();
    try {
      const list = d.entries();
      assert.ok(list.length > 0);
      const categories = new Set(list.map((e) => e.category));
      assert.deepEqual([...categories].sort(), ['chip', 'cloud', 'intermediary', 'regulation']);
      assert.match(d.lexiconVersion, /^\d+\.\d+\.\d+/);
      // Each entry's label (usually one of its names) is found in text as that entry or
      // another one; at least most labels must match something.
      const text = list.map((e) => e.label).join(' ， ');
      assert.ok(d.scan(text).length > list.length / 2);
    } finally {
      d.dispose();
    }
  });

  test('maxContextWindow tells how much text a piece needs on either side', async () => {
    const d = await chiplight.createMatcher();
    const wide = await chiplight.createMatcher({
      extraTerms: [{ label: 'Far away', category: 'intermediary', names: ['Zyxcorp'],
        context: { anyOf: ['chip-context'], window: 5000 } }],
    });
    try {
      assert.ok(d.maxContextWindow >= 100);
      assert.equal(wide.maxContextWindow, 5000);
      // The rule really reaches that far: a chip word 4,000 characters away confirms the term,
      // one 6,000 characters away doesn't.
      const found = (gap) => wide.scan(`Zyxcorp ${'.'.repeat(gap)} GPU`).some((x) => x.id === 'extraterms-0');
      assert.equal(found(4000), true);
      assert.equal(found(6000), false);
    } finally {
      d.dispose();
      wide.dispose();
    }
  });

  test('matchers are independent: interleaved scans keep their own results', async () => {
    const cloudOnly = await chiplight.createMatcher({ categories: ['cloud'], extraTerms: TEST_TERMS });
    try {
      const text = 'Zorblax 9000 on 测试云平台';
      const a = m.scan(text);
      const b = cloudOnly.scan(`${text} ${text}`);
      assert.deepEqual(ours(a).map((x) => x.id), ['test-zorblax', 'test-cjk']);
      assert.deepEqual(b.map((x) => x.id).filter((id) => id.startsWith('test-')), ['test-cjk', 'test-cjk']);
      assert.deepEqual(m.scan(text), a);
    } finally {
      cloudOnly.dispose();
    }
  });

  test('matches have exactly { start, end, id, category }', () => {
    const [x] = m.scan('Zorblax 9000');
    assert.deepEqual(Object.keys(x), ['start', 'end', 'id', 'category']);
    assert.equal(x.category, 'chip');
  });

  test('entries() and listEntries() list every entry with { id, label, category, kind }', () => {
    const list = m.entries();
    assert.equal(m.listEntries(), list);
    for (const e of list) assert.deepEqual(Object.keys(e), ['id', 'label', 'category', 'kind']);
    assert.equal(new Set(list.map((e) => e.id)).size, list.length);
    assert.deepEqual(list.find((e) => e.id === 'test-zorblax'),
      { id: 'test-zorblax', label: 'Zorblax 9000', category: 'chip', kind: 'model' });
    assert.throws(() => { list.push({}); }, TypeError);  // frozen
  });

  test('entry(id) returns the entry as written in the lexicon, a fresh object each time', () => {
    const e = m.entry('test-zorblax');
    assert.equal(e.label, 'Zorblax 9000');
    assert.equal(e.category, 'chip');
    assert.deepEqual(e.names, ['Zorblax 9000']);
    e.label = 'changed';
    assert.equal(m.entry('test-zorblax').label, 'Zorblax 9000');
    assert.equal(m.entry('no-such-id'), undefined);
    // Built-in entries carry their glossary.
    const withGlossary = m.entries().map((x) => m.entry(x.id)).filter((x) => x.glossary);
    assert.ok(withGlossary.length > 0, 'some built-in entry has a glossary');
    for (const x of m.entries()) assert.equal(m.entry(x.id).id, x.id);
  });

  test('assess() returns the verdict with evidence taken from the given matches', () => {
    const list = m.entries();
    const chip = list.find((e) => e.category === 'chip' && e.kind !== 'vendor' && !e.id.startsWith('test-'));
    const cloud = list.find((e) => e.category === 'cloud' && !m.entry(e.id).context);
    const text = `${chip.label} rented from ${cloud.label} through Frobnicator.`;
    const matches = m.scan(text);
    const a = m.assess(matches);
    assert.deepEqual(Object.keys(a), ['verdict', 'evidence', 'evidenceIndexes', 'explanation']);
    assert.ok(['none', 'weak', 'moderate', 'strong'].includes(a.verdict));
    assert.equal(typeof a.explanation, 'string');
    for (const e of a.evidence) assert.ok(matches.includes(e), 'evidence items are the scan() objects');
    assert.deepEqual(m.assess([]), { verdict: 'none', evidence: [], evidenceIndexes: [], explanation: 'No controlled chip is named.' });
    assert.equal(m.assess(m.scan('nothing here')).verdict, 'none');
    assert.throws(() => m.assess([{ start: 0, end: 1, id: 'no-such-id', category: 'chip' }]), /no known entry id/);
    assert.throws(() => m.assess('x'), TypeError);
  });

  test('assess() finds the cloud-access pattern', async () => {
    const text = 'The Zorblax 9000 cluster is rented on 测试云平台 via Frobnicator.';
    const a = m.assess(m.scan(text));
    assert.equal(a.verdict, 'strong', a.explanation);
    assert.deepEqual(a.evidence.map((x) => x.id), ['test-zorblax', 'test-cjk', 'test-pattern']);
  });

  test('assess() reads only ids, in array order, and hands back the very objects with their indexes', () => {
    // A highlighter's hits: other fields, offsets of separate blocks, the same entry twice.
    const hits = [
      { id: 'test-cjk', block: 0, label: 'cloud' },
      { id: 'test-zorblax', block: 1 },
      { id: 'test-zorblax', block: 2 },
      { id: 'test-pattern', block: 2 },
    ];
    const a = m.assess(hits);
    assert.equal(a.verdict, 'strong');
    assert.deepEqual(a.evidenceIndexes, [0, 1, 3]);
    assert.equal(a.evidence.length, a.evidenceIndexes.length);
    a.evidenceIndexes.forEach((k, i) => assert.equal(a.evidence[i], hits[k]));
    assert.equal(m.assess([{ id: 'test-cjk' }]).verdict, 'none');
  });

  test('categories option: only those categories are reported', async () => {
    const n = await chiplight.createMatcher({ categories: ['cloud'], extraTerms: TEST_TERMS });
    try {
      const text = 'Zorblax 9000 on 测试云平台 and Quuxcloud via Frobnicator';
      assert.deepEqual(n.scan(text).map((x) => x.id), ['test-cjk', 'test-emoji']);
      const all = m.scan(text).filter((x) => x.category === 'cloud');
      assert.deepEqual(n.scan(text), all);
      // entries() still lists every entry.
      assert.equal(n.entries().length, m.entries().length);
    } finally {
      n.dispose();
    }
    const none = await chiplight.createMatcher({ categories: [] });
    assert.ok(none.entries().length > 0);  // [] means every category
    none.dispose();
  });

  test('extraTerms: caseSensitive: true is the case-sensitive flag', async () => {
    const n = await chiplight.createMatcher({
      extraTerms: [{ id: 'x-gleep', label: 'Gleep', category: 'chip', names: ['GLEEP'], caseSensitive: true },
        { id: 'x-flarn', label: 'Flarn', category: 'chip', names: ['FLARN'], caseSensitive: false }],
    });
    try {
      const ids = (text) => n.scan(text).map((x) => `${x.id}:${text.slice(x.start, x.end)}`);
      assert.deepEqual(ids('GLEEP gleep Gleep'), ['x-gleep:GLEEP']);
      assert.deepEqual(ids('FLARN flarn'), ['x-flarn:FLARN', 'x-flarn:flarn']);
    } finally {
      n.dispose();
    }
  });

  test('extraTerms: names, pattern / patterns, flags, case', async () => {
    const n = await chiplight.createMatcher({
      categories: ['chip'],
      extraTerms: [
        { id: 'x-one', label: 'One', category: 'chip', names: ['Blorp One'], patterns: ['Blorp[ -]?1'] },
        { id: 'x-two', label: 'Two', category: 'chip', names: ['GLEEP'], flags: ['case-sensitive'] },
        { label: 'No id', category: 'chip', names: ['Snarfle'] },
      ],
    });
    try {
      const found = n.scan('blorp one, Blorp-1, GLEEP, gleep, Snarfle').filter((x) => !m.entries().some((e) => e.id === x.id) || x.id.startsWith('x-'));
      assert.deepEqual(found.map((x) => x.id).slice(0, 3), ['x-one', 'x-one', 'x-two']);
      assert.equal(found.length, 4);
      assert.ok(n.entries().some((e) => e.label === 'No id'));
    } finally {
      n.dispose();
    }
  });
});

describe('long texts are scanned in pieces, with the results of one whole scan', () => {
  // A deterministic mix: built-in labels (some with context rules), our terms, context words,
  // CJK, astral characters, emoji, lone surrogates and block separators, a hit every few dozen
  // units, so that every piece's edges fall on or beside a hit.
  function mixedText(length, seed) {
    let state = seed;
    const next = (n) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % n;
    };
    const labels = m.entries().map((e) => e.label);
    const words = ['Zorblax 9000', '测试云平台', '𠀀𠀁规则', 'Quuxcloud', 'Frobnic-123', 'Frobnicator',
      'GPU', '算力', 'cloud', '租用', ' ', ', ', '中文文本', '🙂', '𠀀', '\uD800', '\uFFFF', 'lorem ipsum', '\n'];
    const parts = [];
    let n = 0;
    while (n < length) {
      const part = next(3) === 0 ? labels[next(labels.length)] : words[next(words.length)];
      parts.push(part, next(2) ? ' ' : '');
      n += part.length + 1;
    }
    return parts.join('');
  }

  test('any piece length gives the same matches and offsets', { timeout: 120_000 }, async () => {
    const cases = [[37, 80_000], [300, 200_000], [4099, 400_000]];
    for (const [pieceLength, length] of cases) {
      const pieces = await chiplight.createMatcher({ extraTerms: TEST_TERMS, pieceLength });
      try {
        const text = mixedText(length, pieceLength);
        // Texts up to a piece plus 16,384 units are scanned whole.
        assert.ok(text.length > pieceLength + 16_384, 'long enough to be cut');
        const whole = m.scan(text);
        assert.ok(whole.length > length / 100, `${whole.length} matches in ${length} units`);
        assert.deepEqual(pieces.scan(text), whole, `pieceLength ${pieceLength}`);
      } finally {
        pieces.dispose();
      }
    }
  });

  test('pieces never split a surrogate pair', async () => {
    const pieces = await chiplight.createMatcher({ extraTerms: TEST_TERMS, pieceLength: 301 });
    try {
      // Only astral characters and terms: with an odd piece length, cuts fall inside pairs.
      const text = Array.from({ length: 40_000 }, (_, i) => (i % 7 === 3 ? '𠀀𠀁规则' : '𠀂🙂')).join('');
      assert.ok(text.length > 301 + 16_384, 'long enough to be cut');
      const whole = m.scan(text);
      assert.equal(ours(whole).length, 5714);
      assert.deepEqual(pieces.scan(text), whole);
    } finally {
      pieces.dispose();
    }
  });

  test('a match longer than a piece is found whole, and a context word in another piece counts', async () => {
    const terms = [
      { id: 'x-long', label: 'Long', category: 'chip', pattern: 'Longrun-[0-9]+x' },
      { id: 'x-far', label: 'Far', category: 'cloud', names: ['Zyxcorp'], context: { anyOf: ['chip-context'], window: 1500 } },
    ];
    const whole = await chiplight.createMatcher({ extraTerms: terms, pieceLength: Infinity });
    const pieces = await chiplight.createMatcher({ extraTerms: terms, pieceLength: 300 });
    try {
      const filler = 'lorem ipsum '.repeat(1000);
      // A match is at most 512 bytes (kLongestTerm), still longer than a piece of 300 units.
      const text = `${filler}Longrun-${'7'.repeat(450)}x ${filler}Zyxcorp ${'.'.repeat(1400)} GPU ${filler}Longrun-${'7'.repeat(9000)} ${filler}`;
      const found = pieces.scan(text).filter((x) => x.id.startsWith('x-'));
      assert.deepEqual(found.map((x) => [x.id, x.end - x.start]), [['x-long', 459], ['x-far', 7]]);
      assert.deepEqual(pieces.scan(text), whole.scan(text));
    } finally {
      whole.dispose();
      pieces.dispose();
    }
  });

  test('a piece that starts inside a long name is widened to the left, as the whole text reads it', async () => {
    // 'aZorblax <3,000 spaces> 9000' is no name (a letter before it), but a piece whose margin
    // starts at its 'Z' would see one, reaching into the piece and hiding '9000 Blorp'.
    const terms = [...TEST_TERMS, { id: 'x-blorp', label: 'Blorp', category: 'chip', names: ['9000 Blorp'] }];
    const pieceLength = 20_000;
    const whole = await chiplight.createMatcher({ extraTerms: terms, pieceLength: Infinity });
    const pieces = await chiplight.createMatcher({ extraTerms: terms, pieceLength });
    try {
      const margin = Math.max(pieces.contextMargin, 2048);  // docs/api.md: at least 2,048 units
      const filler = (n) => 'lorem ipsum '.repeat(Math.ceil(n / 12)).slice(0, n);
      const text = `${filler(pieceLength - margin - 1)}aZorblax${' '.repeat(3000)}9000 Blorp ${filler(40_000)}`;
      assert.equal(text.indexOf('Zorblax'), pieceLength - margin);
      const expected = whole.scan(text);
      assert.deepEqual(expected.filter((x) => x.id.startsWith('x-') || x.id.startsWith('test-')).map((x) => text.slice(x.start, x.end)), ['9000 Blorp']);
      assert.deepEqual(pieces.scan(text), expected);
    } finally {
      whole.dispose();
      pieces.dispose();
    }
  });

  test('pieceLength must be a whole number of at least 1, or Infinity', async () => {
    for (const pieceLength of [0, -1, 1.5, '4096', NaN]) {
      await assert.rejects(chiplight.createMatcher({ pieceLength }), TypeError, String(pieceLength));
    }
  });
});

describe('errors', () => {
  test('a bad RE2 pattern rejects with an Error naming the term and giving RE2\'s message', async () => {
    await assert.rejects(
      chiplight.createMatcher({ extraTerms: [{ label: 'Broken Chip', category: 'chip', names: ['Broken'], pattern: 'A100(?:SXM' }] }),
      (e) => e instanceof Error && /Broken Chip/.test(e.message) && /missing \)/.test(e.message) && /extraTerms\[0\]/.test(e.message));
    await assert.rejects(
      chiplight.createMatcher({ extraTerms: [TEST_TERMS[0], { id: 'bad-two', label: 'Second', category: 'cloud', patterns: ['x**'] }] }),
      (e) => /extraTerms\[1\]/.test(e.message) && /Second|bad-two/.test(e.message) && /bad repetition operator/.test(e.message));
  });

  test('an unknown category rejects with an Error naming the term', async () => {
    await assert.rejects(
      chiplight.createMatcher({ extraTerms: [{ label: 'Odd Thing', category: 'gadget', names: ['Oddity'] }] }),
      (e) => /Odd Thing/.test(e.message) && /gadget/.test(e.message));
    await assert.rejects(chiplight.createMatcher({ categories: ['chip', 'gadget'] }),
      (e) => /categories\[1\]/.test(e.message) && /gadget/.test(e.message));
  });

  test('malformed options reject', async () => {
    for (const options of [42, 'chip', true]) {
      await assert.rejects(chiplight.createMatcher(options), TypeError, String(options));
    }
    await assert.rejects(chiplight.createMatcher({ extraTerms: 'nope' }), TypeError);
    await assert.rejects(chiplight.createMatcher({ categories: 'chip' }), TypeError);
    await assert.rejects(chiplight.createMatcher({ extraTerms: [42] }), TypeError);
    await assert.rejects(chiplight.createMatcher({ extraTerms: [{ label: 'Empty', category: 'chip' }] }), /Empty/);
  });

  test('deeply nested options reject with a TypeError naming the option, and nothing is left allocated', async () => {
    const nested = (depth, leaf) => {
      let value = leaf;
      for (let i = 0; i < depth; i++) value = [value];
      return value;
    };
    const start = m.memoryUsage().heapInUse;
    await assert.rejects(chiplight.createMatcher({ categories: nested(100_000, 'chip') }),
      (e) => e instanceof TypeError && /categories\[0\]/.test(e.message));
    await assert.rejects(chiplight.createMatcher({ categories: ['chip', { id: 'cloud' }] }),
      (e) => e instanceof TypeError && /categories\[1\]/.test(e.message));
    let deep = { en: 'x' };
    for (let i = 0; i < 100_000; i++) deep = { summary: deep };
    await assert.rejects(chiplight.createMatcher({ extraTerms: [TEST_TERMS[0], { label: 'Deep', category: 'chip', names: ['Deep'], glossary: deep }] }),
      (e) => e instanceof TypeError && /extraTerms\[1\]/.test(e.message) && /32 levels/.test(e.message));
    const loop = { label: 'Loop', category: 'chip', names: ['Loop'] };
    loop.glossary = { self: loop };
    await assert.rejects(chiplight.createMatcher({ extraTerms: [loop] }),
      (e) => e instanceof TypeError && /extraTerms\[0\]/.test(e.message));
    assert.equal(m.memoryUsage().heapInUse, start);
    // Nesting a term needs (a glossary's dated citations) is fine.
    const fine = await chiplight.createMatcher({ extraTerms: [{ label: 'Dated', category: 'regulation', names: ['Dated rule'],
      glossary: { summary: { en: 'x', zh: 'y' }, dates: [{ date: '2023-10', event: 'e' }] } }] });
    assert.deepEqual(fine.scan('the Dated rule').map((x) => x.id), ['extraterms-0']);
    fine.dispose();
  });

  test('matchers of one lexicon share its compiled form: disposing one leaves the others working', async () => {
    const a = await chiplight.createMatcher({ extraTerms: TEST_TERMS, categories: ['chip'] });
    const b = await chiplight.createMatcher({ extraTerms: TEST_TERMS, categories: ['cloud'] });
    const text = 'Zorblax 9000 on 测试云平台';
    assert.deepEqual(ours(a.scan(text)).map((x) => x.id), ['test-zorblax']);
    a.dispose();
    assert.deepEqual(ours(b.scan(text)).map((x) => x.id), ['test-cjk']);
    assert.deepEqual(b.scan(text), m.scan(text).filter((x) => x.category === 'cloud'));
    b.dispose();
    assert.deepEqual(ours(m.scan(text)).map((x) => x.id), ['test-zorblax', 'test-cjk']);
  });

  test('a failed createMatcher changes nothing', async () => {
    const before = m.scan('Zorblax 9000 测试云平台');
    await assert.rejects(chiplight.createMatcher({ extraTerms: [{ label: 'B', category: 'chip', pattern: '(' }] }));
    assert.deepEqual(m.scan('Zorblax 9000 测试云平台'), before);
    const again = await chiplight.createMatcher({ extraTerms: TEST_TERMS });
    assert.deepEqual(again.scan('Zorblax 9000 测试云平台'), before);
    again.dispose();
  });

  test('use after dispose throws; dispose twice is fine', async () => {
    const n = await chiplight.createMatcher();
    n.dispose();
    n.dispose();
    assert.throws(() => n.scan('A100'), /disposed/);
    assert.throws(() => n.entry('x'), /disposed/);
    assert.throws(() => n.entries(), /disposed/);
    assert.throws(() => n.assess([]), /disposed/);
  });

  test('scan() needs a string', () => {
    assert.throws(() => m.scan(42), TypeError);
    assert.throws(() => m.scan(), TypeError);
  });
});

describe('memory', () => {
  test('heap size is stable across 10,000 scans', () => {
    const text = 'Zorblax 9000 on 测试云平台 🙂 via Frobnic-123. Nvidia A100 on AWS, 阿里云 中介. '.repeat(20);
    const run = () => {
      for (let i = 0; i < 10_000; i++) m.scan(i % 2 ? text : `${i} ${text}`);
    };
    // Warm: buffers at their working size, and RE2's DFA has built the states these texts need
    // (its cache is bounded by the matcher's memory budget).
    run();
    const start = m.memoryUsage();
    run();
    const end = m.memoryUsage();
    assert.equal(end.wasmMemory, start.wasmMemory);
    assert.ok(end.heapInUse <= start.heapInUse + 4096, `${start.heapInUse} -> ${end.heapInUse}`);
  });

  test('creating and disposing matchers does not leak', async () => {
    for (let i = 0; i < 5; i++) (await chiplight.createMatcher({ categories: ['cloud'] })).dispose();
    const start = m.memoryUsage().heapInUse;
    for (let i = 0; i < 20; i++) {
      const n = await chiplight.createMatcher({ categories: ['cloud'], extraTerms: TEST_TERMS });
      n.scan('Quuxcloud');
      n.entry('test-emoji');
      n.dispose();
    }
    assert.ok(m.memoryUsage().heapInUse <= start + 64 * 1024, `${start} -> ${m.memoryUsage().heapInUse}`);
  });
});

describe('the cross-layer contract', () => {
  test('categories: one frozen list, in canonical order, with labels and styles', async () => {
    const { readFile } = await import('node:fs/promises');
    const lexicon = JSON.parse(await readFile(new URL('../../core/data/lexicon.json', import.meta.url), 'utf8'));
    assert.deepEqual(JSON.parse(JSON.stringify(chiplight.categories)), lexicon.categories);
    assert.deepEqual(chiplight.categories.map((c) => c.id), [...chiplight.CATEGORIES]);
    assert.deepEqual([...chiplight.CATEGORIES], ['chip', 'cloud', 'intermediary', 'regulation', 'listed']);
    assert.equal(m.categories, chiplight.categories, 'the matcher hands out the same array');
    assert.ok(Object.isFrozen(m.categories));
    for (const c of m.categories) {
      assert.ok(Object.isFrozen(c) && Object.isFrozen(c.label) && Object.isFrozen(c.plural) && Object.isFrozen(c.style));
      assert.match(c.style.background, /^rgba\(/);
      assert.ok(['solid', 'dotted', 'wavy', 'dashed'].includes(c.style.line));
    }
    assert.equal(m.categories[1].label.en, 'Cloud provider');
    const clouds = await chiplight.createMatcher({ categories: ['cloud'] });
    try {
      assert.equal(clouds.categories.length, 5, 'every category, whatever the options');
    } finally {
      clouds.dispose();
    }
  });

  test('contextMargin: the widest window in UTF-16 units plus the longest context word', () => {
    assert.ok(m.maxContextWindow > 0);
    assert.equal(m.contextMargin, 2 * m.maxContextWindow + 256);
  });

  test('blockSeparator: U+FFFF from the core, and no name runs across it', () => {
    assert.equal(chiplight.blockSeparator, '\uFFFF');
    assert.equal(m.blockSeparator, chiplight.blockSeparator);
    assert.deepEqual(ours(m.scan(`Zorblax${m.blockSeparator}9000`)), []);
    const joined = ['The Zorblax 9000.', '测试云平台'].join(m.blockSeparator);
    assert.deepEqual(ours(m.scan(joined)).map((x) => joined.slice(x.start, x.end)), ['Zorblax 9000', '测试云平台']);
  });
});
