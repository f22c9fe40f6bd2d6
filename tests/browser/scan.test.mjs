// Finding: what the page highlighter finds on fixture pages, in both drawing modes, is what
// the matcher finds in the page's blocks; context across batches and windows; slicing; matchers
// that are asynchronous or throw (long pages: long-pages.test.mjs). Headless Chromium, the real
// WebAssembly matcher and lexicon.
/* global snapshot, sameSnapshot, docOracle, hitsIn -- page helpers defined by PAGE_HELPERS */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNoProblems, openFixture, useBrowserPage,
} from './lib.mjs';
import { PAGE_HELPERS } from './page-helpers.mjs';

let server;
let page;

useBrowserPage((env) => {
  ({ server, page } = env);
});

const noProblems = () => assertNoProblems(page);

for (const mode of ['highlight', 'wrap']) {
  describe(`${mode} mode`, () => {
    it('English news: every block finds what the matcher finds in its text; exclusions hold', async () => {
      await openFixture(page, server.origin, 'news');
      await page.evaluate(PAGE_HELPERS);
      const r = await page.evaluate(async (mode) => {
        const before = snapshot();
        const bodyBefore = document.body.outerHTML;
        const c = cl.highlight(document.body, { matcher: cl.matcher, mode, exclude: '.no-scan' });
        const errors = [];
        c.addEventListener('error', (e) => errors.push(String(e.detail.error)));
        await c.ready;
        const blocks = {};
        const order = [document.querySelector('h1'), ...['p1', 'p2', 'p3', 'p4', 'dc'].map((id) => document.getElementById(id))];
        for (const el of order) blocks[el.id || 'h1'] = { oracle: docOracle(order, el), hits: hitsIn(c, el) };
        const excludedIds = ['excluded', 'excluded2', 'ta', 'editable'];
        const leaked = c.hits.filter((h) => excludedIds.some((id) => document.getElementById(id).contains(h.range.startContainer))
          || h.range.startContainer.parentElement.closest('script, noscript, textarea')).map((h) => h.text);
        const split = c.hits.find((h) => h.text === 'Amazon Web Services' && document.getElementById('p2').contains(h.range.startContainer));
        const res = {
          mode: c.mode,
          blocks,
          leaked,
          counts: c.counts,
          total: c.hits.length,
          splitAcross: split ? split.range.startContainer !== split.range.endContainer : null,
          h100: c.hits.some((h) => h.category === 'chip' && /H100/.test(h.text) && document.getElementById('p1').contains(h.range.startContainer)),
          bodyUnchanged: document.body.outerHTML === bodyBefore,
          marks: document.querySelectorAll('chiplight-mark').length,
          // Each hit's range is its text, and in wrap mode every character of it is in our marks.
          unwrapped: c.hits.filter((h) => {
            const range = h.range;
            if (String(range) !== h.text) return true;
            if (mode !== 'wrap') return false;
            let inMarks = '';
            const w = document.createTreeWalker(range.commonAncestorContainer, NodeFilter.SHOW_TEXT);
            for (let n = w.currentNode; n; n = w.nextNode()) {
              if (n.nodeType !== 3 || !range.intersectsNode(n)) continue;
              const s = n === range.startContainer ? range.startOffset : 0;
              const e = n === range.endContainer ? range.endOffset : n.data.length;
              if (e > s && n.parentElement?.localName === 'chiplight-mark') inMarks += n.data.slice(s, e);
            }
            return inMarks !== h.text;
          }).map((h) => h.text),
          registry: [...CSS.highlights.keys()].filter((k) => k.startsWith('chiplight')).length,
          errors,
        };
        c.clear();
        const after = snapshot();
        res.identical = sameSnapshot(before, after);
        res.registryAfter = [...CSS.highlights.keys()].filter((k) => k.startsWith('chiplight')).length;
        // Our style sheet goes after the next frame (the highlights' removal is that frame's work).
        await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
        res.sheetsAfter = document.adoptedStyleSheets.length;
        res.uiAfter = document.querySelectorAll('chiplight-ui').length;
        return res;
      }, mode);
      assert.equal(r.mode, mode);
      assert.deepEqual(r.errors, []);
      for (const [id, b] of Object.entries(r.blocks)) assert.deepEqual(b.hits, b.oracle, `block ${id}`);
      assert.ok(r.blocks.p1.hits.length >= 3, 'p1 has chips and a cloud provider');
      assert.deepEqual(r.leaked, [], 'nothing found in excluded, editable, script, noscript or textarea content');
      assert.equal(r.splitAcross, true, '"<a>Amazon Web</a> Services" is one hit across two text nodes');
      assert.ok(r.h100, '"<b>Nvidia</b> H100" is found');
      assert.equal(r.total, r.counts.total);
      assert.deepEqual(r.unwrapped, [], mode === 'wrap' ? 'every hit\'s text is in marks' : 'every hit\'s range is its text');
      if (mode === 'highlight') {
        assert.equal(r.bodyUnchanged, true, 'the CSS Custom Highlight API leaves the DOM alone');
        assert.equal(r.marks, 0);
        assert.ok(r.registry >= 4, 'one highlight per category (and the active one)');
      } else {
        assert.equal(r.bodyUnchanged, false);
      }
      assert.equal(r.identical, true, 'clear() restores the same nodes with the same serialization');
      assert.equal(r.registryAfter, 0);
      assert.equal(r.sheetsAfter, 0);
      assert.equal(r.uiAfter, 0);
      noProblems();
    });

    it('Chinese tender: blocks, table cells and the strong cloud-access verdict', async () => {
      await openFixture(page, server.origin, 'tender');
      await page.evaluate(PAGE_HELPERS);
      const r = await page.evaluate(async (mode) => {
        const before = snapshot();
        const c = cl.highlight(document, { matcher: cl.matcher, mode });
        await c.ready;
        const blocks = {};
        const order = [document.querySelector('h2'), ...['z1', 'z2', 't1', 't2', 'z3'].map((id) => document.getElementById(id))];
        for (const el of order) blocks[el.id || 'h2'] = { oracle: docOracle(order, el), hits: hitsIn(c, el) };
        const v = c.verdict;
        const res = {
          blocks,
          verdict: v.verdict,
          evidenceAreHits: v.evidence.length > 0 && v.evidence.every((h) => c.hits.includes(h)),
          evidenceCats: [...new Set(v.evidence.map((h) => h.category))].sort(),
          categories: Object.entries(c.counts).filter(([k, n]) => k !== 'total' && n > 0).map(([k]) => k).sort(),
        };
        c.clear();
        res.identical = sameSnapshot(before, snapshot());
        return res;
      }, mode);
      for (const [id, b] of Object.entries(r.blocks)) assert.deepEqual(b.hits, b.oracle, `block ${id}`);
      assert.ok(r.blocks.z1.hits.length >= 3);
      assert.equal(r.verdict, 'strong');
      assert.equal(r.evidenceAreHits, true);
      assert.deepEqual(r.evidenceCats, ['chip', 'cloud', 'intermediary']);
      assert.ok(r.categories.includes('chip') && r.categories.includes('cloud') && r.categories.includes('intermediary'));
      assert.equal(r.identical, true);
      noProblems();
    });
  });
}

describe('scanning', () => {
  it('hits do not depend on where batches split the page (context rules see across batches)', async () => {
    for (const fixture of ['news', 'tender']) {
      await openFixture(page, server.origin, fixture);
      const r = await page.evaluate(async () => {
        const run = async (opts) => {
          const c = cl.highlight(document.body, { matcher: cl.matcher, exclude: '.no-scan', ...opts });
          await c.ready;
          const out = c.hits.map((h) => `${h.id}:${h.text}`);
          const stats = c.stats;
          c.clear();
          return { out, stats };
        };
        const whole = await run({});
        const tiny = await run({ batchChars: 16, sliceMs: 0 });
        return { whole: whole.out, tiny: tiny.out, batches: [whole.stats.batches, tiny.stats.batches] };
      });
      assert.ok(r.batches[1] > r.batches[0] + 2, 'many more batches');
      assert.deepEqual(r.tiny, r.whole, fixture);
    }
    noProblems();
  });

  it('a context rule wider than the default margin still sees across batches', async () => {
    await openFixture(page, server.origin, 'news');
    const r = await page.evaluate(async () => {
      const wide = await cl.createMatcher({
        extraTerms: [{ label: 'Far', category: 'intermediary', names: ['Zyxcorp'],
          context: { anyOf: ['chip-context'], window: 5000 } }],
      });
      const block = document.createElement('div');
      block.className = 'wide-window';
      const filler = Array.from({ length: 60 }, (_, i) => `<p>Paragraph ${i} of plain filler text with no terms at all in it.</p>`).join('');
      block.innerHTML = `<p>Zyxcorp</p>${filler}<p>GPU</p>`;
      document.body.append(block);
      const run = async (opts) => {
        const c = cl.highlight(block, { matcher: wide, ...opts });
        await c.ready;
        const out = c.hits.map((h) => h.id);
        c.clear();
        return out;
      };
      const out = { window: wide.maxContextWindow, whole: await run({}), tiny: await run({ batchChars: 16, sliceMs: 0 }) };
      block.remove();
      wide.dispose();
      return out;
    });
    assert.equal(r.window, 5000);
    assert.ok(r.whole.includes('extraterms-0'), 'confirmed in one piece');
    assert.deepEqual(r.tiny, r.whole);
    noProblems();
  });

  it('an asynchronous matcher (scan and assess return promises, as through an extension\'s service worker) gives the same hits and verdict', async () => {
    await openFixture(page, server.origin, 'tender');
    const r = await page.evaluate(async () => {
      const m = cl.matcher;
      const later = (f) => new Promise((resolve) => setTimeout(() => resolve(f()), 2));
      const remote = {
        scan: (t) => later(() => m.scan(t)),
        assess: (x) => later(() => m.assess(x)),
        entry: (id) => m.entry(id),
        categories: m.categories, contextMargin: m.contextMargin, blockSeparator: m.blockSeparator,
      };
      const run = async (matcher) => {
        const c = cl.highlight(document.body, { matcher });
        await c.ready;
        let verdict = c.verdict;
        if (verdict.pending) {
          await new Promise((resolve) => c.addEventListener('change', resolve, { once: true }));
          verdict = c.verdict;
        }
        // A live insertion.
        const changed = new Promise((resolve) => c.addEventListener('change', function on(e) {
          if (e.detail.reason === 'mutation') { c.removeEventListener('change', on); resolve(); }
        }));
        const p = document.createElement('p');
        p.textContent = '另通过中介租用AWS上的H100服务器。';
        document.getElementById('notice').appendChild(p);
        await changed;
        const out = { hits: c.hits.map((h) => `${h.id}:${h.text}`), verdict: verdict.verdict, evidence: verdict.evidence.map((h) => h.id) };
        c.clear();
        p.remove();
        return out;
      };
      return { sync: await run(m), remote: await run(remote) };
    });
    assert.deepEqual(r.remote, r.sync);
    assert.equal(r.remote.verdict, 'strong');
    noProblems();
  });

  it('a matcher that throws is reported as an error event, never thrown into the page', async () => {
    await openFixture(page, server.origin, 'news');
    const r = await page.evaluate(async () => {
      const m = cl.matcher;
      const broken = {
        ...m,
        categories: m.categories,
        contextMargin: m.contextMargin,
        blockSeparator: m.blockSeparator,
        scan() { throw new Error('boom'); },
        entry: (id) => m.entry(id),
        assess: (hits) => m.assess(hits),
      };
      const c = cl.highlight(document.body, { matcher: broken });
      const errors = [];
      c.addEventListener('error', (e) => errors.push(e.detail.error.message));
      await c.ready;
      const res = { errors: errors.length, hits: c.hits.length, verdict: c.verdict.verdict };
      c.clear();
      return res;
    });
    assert.ok(r.errors >= 1);
    assert.equal(r.hits, 0);
    assert.equal(r.verdict, 'none');
    noProblems();
  });
});

describe('invisible characters inside names', () => {
  for (const mode of ['highlight', 'wrap']) {
    it(`${mode} mode: soft hyphens, zero-width spaces, joiners and word joiners inside a name, across inline elements too`, async () => {
      await openFixture(page, server.origin, 'news');
      const r = await page.evaluate(async (drawMode) => {
        document.body.innerHTML = '<p id="a">Labs bought Nvi&shy;dia H&#8203;100 servers on Amazon Web&#8288; Services'
          + ' through an inter&shy;mediary.</p><p id="b">英&#8203;伟达 <b>A1</b>&#8205;00 via &#xFEFF;阿里&#8204;云.</p>';
        const c = cl.highlight(document.body, { matcher: cl.matcher, mode: drawMode });
        await c.ready;
        const out = c.hits.map((h) => ({ id: h.id, text: h.text, range: String(h.range) }));
        c.clear();
        return { hits: out, restored: document.getElementById('a').textContent };
      }, mode);
      assert.deepEqual(r.hits.map((h) => h.id), ['nvidia', 'nvidia-h100', 'aws', 'intermediary-en', 'nvidia', 'nvidia-a100', 'alibaba-cloud']);
      // Each hit is the page's own text, its invisible characters inside, none around it.
      assert.deepEqual(r.hits.map((h) => h.text), ['Nvi\u00ADdia', 'H\u200B100', 'Amazon Web\u2060 Services', 'inter\u00ADmediary',
        '英\u200B伟达', 'A1\u200D00', '阿里\u200C云']);
      for (const h of r.hits) assert.equal(h.range, h.text);
      assert.match(r.restored, /Nvi\u00ADdia H\u200B100/);
      noProblems();
    });
  }
});

describe('the first screen first', () => {
  for (const mode of ['highlight', 'wrap']) {
    it(`a page scrolled down: the first screen's hits are drawn before the rest is scanned, and the hits are a pass in document order's (${mode} mode)`, async () => {
      await openFixture(page, server.origin, 'news');
      const r = await page.evaluate(async (mode) => {
        document.body.innerHTML = Array.from({ length: 400 }, (_, i) => `<p id="p${i}">Paragraph ${i}: shipments of the
          Nvidia H100 to new data centres were reviewed by officials this week, the ministry said.</p>`).join('');
        const key = (h) => `${h.id}@${h.range.startContainer.parentElement.closest('p').id}`;
        const options = {
          cards: false, shortcuts: false, observe: false, batchChars: 2048, mode,
        };
        // In document order, from the top of the page.
        const top = cl.highlight(document.body, { matcher: cl.matcher, ...options });
        await top.ready;
        const expected = top.hits.map(key);
        top.clear();
        // Scrolled to the middle (a reload of a long article, a link to a section).
        document.getElementById('p200').scrollIntoView();
        const onScreen = (h) => {
          const rect = h.range.getBoundingClientRect();
          return rect.bottom > 0 && rect.top < innerHeight;
        };
        // At each matcher call: the hits drawn so far, and those on the first screen.
        const m = cl.matcher;
        const calls = [];
        let c = null;
        const spy = {
          scan: (t, o) => {
            calls.push({ all: c.hits.length, screen: c.hits.filter(onScreen).length });
            return m.scan(t, o);
          },
          topicOf: (t) => m.topicOf(t),
          assess: (x) => m.assess(x),
          entry: (id) => m.entry(id),
          entries: () => m.entries(),
          categories: m.categories, contextMargin: m.contextMargin, blockSeparator: m.blockSeparator,
        };
        c = cl.highlight(document.body, { matcher: spy, ...options });
        await c.ready;
        const screen = c.hits.filter(onScreen).length;
        const out = {
          expected, got: c.hits.map(key), screen, total: c.hits.length,
          // Hits drawn when the first screen's were all drawn.
          drawnWhenScreenDone: calls.find((x) => x.screen === screen)?.all ?? null,
          blocks: c.stats.firstScreenBlocks,
          searches: c.stats.runSearches,
        };
        c.clear();
        window.scrollTo(0, 0);
        return out;
      }, mode);
      assert.ok(r.screen >= 3, `hits on the first screen: ${r.screen}`);
      assert.ok(r.blocks >= 3, `first-screen blocks scanned first: ${r.blocks}`);
      assert.ok(r.drawnWhenScreenDone !== null && r.drawnWhenScreenDone <= r.screen + 4,
        `the first screen's ${r.screen} hits were drawn when ${r.drawnWhenScreenDone} of ${r.total} were`);
      // The pass in document order puts the runs above the first screen's in place one after
      // another, not each by a search of the list (counted, not timed).
      assert.ok(r.searches <= 4, `runs placed by a search: ${r.searches} (${r.total} hits)`);
      assert.deepEqual(r.got, r.expected);
      noProblems();
    });
  }
});
