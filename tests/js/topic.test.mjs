// What the whole page is about (docs/lexicon.md, "Page topic") through the JavaScript API: a text
// scanned in pieces, and a page's parts scanned with topicOf(), are judged as the whole text.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { loadEsm } from './helpers.mjs';

let chiplight;
let m;

before(async () => {
  chiplight = await loadEsm();
  m = await chiplight.createMatcher();
});
after(() => m?.dispose());

const agents = (matches) => matches.filter((x) => x.id === 'intermediary-zh');
const filler = (units) => '今天天气很好。'.repeat(Math.ceil(units / 7)).slice(0, units);
// A headline 中介 far from every clue, then a page about chips: the page confirms it.
const chipPage = `中介带货：华强北的新生意\n${filler(30_000)}\n他们替客户采购芯片，再租用算力和服务器，英伟达的GPU最抢手。\n`;
// 中介 next to 账号 (a confirming word), on a page about flats: the page drops it.
const housingPage = `中介小哥的手机里有四个微信账号\n${filler(30_000)}\n二手房网签上涨，首付下调，房东和租房的年轻人都在看房源。\n`;

describe('the page topic', () => {
  test('decides a headline far from its clues, in a text scanned whole or in pieces', async () => {
    assert.deepEqual(agents(m.scan(chipPage)).map((x) => x.start), [0]);
    assert.deepEqual(agents(m.scan(housingPage)), []);
    // The headline alone is not about chips: its 中介 is left unmarked.
    assert.deepEqual(agents(m.scan(chipPage.slice(0, 12))), []);
    const pieces = await chiplight.createMatcher({ pieceLength: 500 });
    try {
      for (const text of [chipPage, housingPage]) {
        assert.ok(text.length > 500 + 16_384, 'long enough to be cut');
        assert.deepEqual(pieces.scan(text), m.scan(text));
      }
    } finally {
      pieces.dispose();
    }
  });

  test("a page's parts scanned with its topic are judged as the whole page", () => {
    for (const page of [chipPage, housingPage]) {
      const topic = m.topicOf(page);
      assert.ok(topic.words instanceof Uint32Array);
      const whole = m.scan(page);
      const parts = [];
      let at = 0;
      for (const line of page.split('\n')) {
        for (const x of m.scan(line, { topic })) parts.push({ ...x, start: x.start + at, end: x.end + at });
        at += line.length + 1;
      }
      assert.deepEqual(parts, whole);
    }
    // Without the page's topic the headline is judged by itself.
    assert.deepEqual(agents(m.scan('中介带货：华强北的新生意')), []);
    assert.equal(agents(m.scan('中介带货：华强北的新生意', { topic: m.topicOf(chipPage) })).length, 1);
  });

  test('a topic must come from topicOf()', () => {
    assert.throws(() => m.scan('中介', { topic: { words: [1, 2] } }), TypeError);
    assert.throws(() => m.topicOf(42), TypeError);
  });
});
