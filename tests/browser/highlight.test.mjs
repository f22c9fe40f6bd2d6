// Finding and drawing: fixture pages, both drawing modes, clear(), live updates, shadow roots
// and frames. Headless Chromium, the real WebAssembly matcher and the real lexicon.
/* global snapshot, sameSnapshot, oracle, docOracle, hitsIn, changed, virtualClock, mislaidHits -- page helpers defined by PAGE_HELPERS */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoProblems, openFixture, useBrowserPage } from './lib.mjs';

let server;
let page;

useBrowserPage((env) => {
  ({ server, page } = env);
});

const noProblems = () => assertNoProblems(page);

// In the page: a snapshot of the DOM (serialization and node identity) and helpers.
const PAGE_HELPERS = () => {
  window.snapshot = (root = document.documentElement) => {
    const nodes = [];
    const w = document.createTreeWalker(root);
    for (let n = w.currentNode; n; n = w.nextNode()) nodes.push(n);
    return { html: root.outerHTML ?? root.innerHTML, nodes };
  };
  window.sameSnapshot = (a, b) => a.html === b.html && a.nodes.length === b.nodes.length
    && a.nodes.every((n, i) => n === b.nodes[i]);
  // What the matcher finds in an element's text alone (a shadow root's or frame's only block).
  window.oracle = (el) => cl.matcher.scan(el.textContent)
    .map((m) => `${m.category}:${m.id}:${el.textContent.slice(m.start, m.end)}`);
  // What the matcher finds in `el` when the page's blocks are one text (blocks joined by U+FFFF,
  // as the highlighter joins them): context rules see the neighbouring blocks.
  window.docOracle = (blocks, el) => {
    const texts = blocks.map((b) => b.textContent);
    const joined = texts.join('\uffff');
    let start = 0;
    for (let k = 0; k < blocks.indexOf(el); k += 1) start += texts[k].length + 1;
    const end = start + el.textContent.length;
    return cl.matcher.scan(joined).filter((m) => m.start >= start && m.end <= end)
      .map((m) => `${m.category}:${m.id}:${joined.slice(m.start, m.end)}`);
  };
  window.hitsIn = (c, el) => c.hits.filter((h) => el.contains(h.range.startContainer))
    .map((h) => `${h.category}:${h.id}:${h.text}`);
  window.changed = (c) => new Promise((resolve) => c.addEventListener('change', resolve, { once: true }));
  // The page's clock made to move only while the matcher scans, by `msPerThousand` for every
  // thousand characters, and a matcher that does so: how the highlighter slices its work is then
  // the same on a loaded machine as on an idle one, and can be checked exactly. `longestCall`:
  // the most one scan cost.
  window.virtualClock = (msPerThousand) => {
    let now = performance.now();
    const clock = { longestCall: 0 };
    const real = performance.now;
    performance.now = () => now;
    const scan = (text) => {
      const cost = (text.length * msPerThousand) / 1000;
      now += cost;
      clock.longestCall = Math.max(clock.longestCall, cost);
      return cl.matcher.scan(text);
    };
    // The real matcher in every other respect (its methods read private fields: bound to it).
    clock.matcher = new Proxy(cl.matcher, {
      get: (m, key) => (key === 'scan' ? scan : typeof m[key] === 'function' ? m[key].bind(m) : m[key]),
    });
    clock.restore = () => { performance.now = real; };
    return clock;
  };
  // How many hits' text nodes don't hold their text. Read from each hit's pieces, and from its
  // live Range for one hit in 50 only: every live Range is updated by every DOM change until it is
  // collected, and thousands of them made clear() take minutes (and gigabytes) in wrap mode.
  window.mislaidHits = (hits) => hits.filter((h, i) => h.pieces.map((p) => p.node.data.slice(p.start, p.end)).join('') !== h.text
    || (i % 50 === 0 && String(h.range) !== h.text)).length;
};

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

    it('open shadow roots and same-origin iframes are walked, in document order; closed roots are not', async () => {
      await openFixture(page, server.origin, 'shadow');
      await page.evaluate(PAGE_HELPERS);
      const r = await page.evaluate(async (mode) => {
        const shadow = document.getElementById('open-host').shadowRoot;
        const frameDoc = document.getElementById('frame').contentDocument;
        const before = { top: snapshot(), shadow: shadow.innerHTML, frame: snapshot(frameDoc.documentElement) };
        const c = cl.highlight(document, { matcher: cl.matcher, mode });
        await c.ready;
        const where = (h) => {
          const root = h.range.startContainer.getRootNode();
          if (root === shadow) return 'shadow';
          if (root === frameDoc) return 'frame';
          return h.range.startContainer.parentElement.closest('p')?.id || 'other';
        };
        const order = c.hits.map(where);
        const countBefore = c.hits.length;
        await c.rescan();
        const rescanned = c.hits.map(where);
        const res = {
          order,
          shadowOracle: oracle(shadow.getElementById('in-shadow')),
          frameOracle: oracle(frameDoc.getElementById('in-frame')),
          shadowHits: c.hits.filter((h) => where(h) === 'shadow').map((h) => `${h.category}:${h.id}:${h.text}`),
          frameHits: c.hits.filter((h) => where(h) === 'frame').map((h) => `${h.category}:${h.id}:${h.text}`),
          shadowSheets: shadow.adoptedStyleSheets.length,
          pageStyleStillApplies: getComputedStyle(shadow.getElementById('in-shadow')).color,
          frameMarks: frameDoc.querySelectorAll('chiplight-mark').length,
          rescanSame: rescanned.join() === order.join() && rescanned.length === countBefore,
        };
        c.clear();
        res.identical = sameSnapshot(before.top, snapshot()) && shadow.innerHTML === before.shadow
          && sameSnapshot(before.frame, snapshot(frameDoc.documentElement));
        res.shadowSheetsAfter = shadow.adoptedStyleSheets.length;
        return res;
      }, mode);
      assert.deepEqual(r.shadowHits, r.shadowOracle);
      assert.deepEqual(r.frameHits, r.frameOracle);
      assert.ok(r.shadowHits.length > 0 && r.frameHits.length > 0);
      const firstIndex = (w) => r.order.indexOf(w);
      assert.ok(firstIndex('light') < firstIndex('shadow'), 'light DOM before the shadow host');
      assert.ok(firstIndex('shadow') < firstIndex('frame'), 'shadow host before the iframe');
      assert.ok(firstIndex('frame') < firstIndex('after'), 'iframe before what follows it');
      assert.ok(!r.order.includes('other'), 'nothing found in the closed shadow root');
      assert.equal(r.rescanSame, true, 'rescan() finds the same hits, shadow roots and frames included');
      assert.equal(r.shadowSheets, 1, 'our styles are adopted by the shadow root');
      assert.equal(r.pageStyleStillApplies, 'rgb(0, 0, 255)');
      if (mode === 'wrap') assert.ok(r.frameMarks > 0);
      assert.equal(r.identical, true);
      assert.equal(r.shadowSheetsAfter, 0);
      noProblems();
    });

    it('live page: inserts, edits, removals and navigation are rescanned, debounced; our changes are ignored', async () => {
      await openFixture(page, server.origin, 'dynamic');
      await page.evaluate(PAGE_HELPERS);
      const r = await page.evaluate(async (mode) => {
        const c = cl.highlight(document.body, { matcher: cl.matcher, mode });
        let changes = 0;
        c.addEventListener('change', () => { changes += 1; });
        await c.ready;
        const res = { initial: c.hits.length };
        const app = document.getElementById('app');
        // Insert a story.
        let p = changed(c);
        const story = document.createElement('section');
        story.innerHTML = '<p id="s1">Researchers rented <b>Nvidia</b> H100 servers on AWS.</p><p id="s2">Nothing here.</p>';
        app.appendChild(story);
        await p;
        const blocks = () => [...app.querySelectorAll('p')];
        res.afterInsert = hitsIn(c, document.getElementById('s1'));
        res.oracleInsert = docOracle(blocks(), document.getElementById('s1'));
        // Edit a text node in place.
        p = changed(c);
        document.getElementById('s2').firstChild.data = 'Now it mentions Alibaba Cloud and the Entity List.';
        await p;
        res.afterEdit = hitsIn(c, document.getElementById('s2'));
        res.oracleEdit = docOracle(blocks(), document.getElementById('s2'));
        // Many inserts in a burst: one rescan.
        const before2 = changes;
        p = changed(c);
        for (let i = 0; i < 50; i += 1) {
          const q = document.createElement('p');
          q.className = 'burst';
          q.textContent = `Item ${i}: an A100 rented through an intermediary.`;
          app.appendChild(q);
        }
        await p;
        await new Promise((r) => setTimeout(r, 250));
        res.burstChanges = changes - before2;
        res.burstHits = c.hits.filter((h) => h.range.startContainer.parentElement.closest('.burst')).length;
        res.burstOracle = [...document.querySelectorAll('.burst')].reduce((n, el) => n + docOracle(blocks(), el).length, 0);
        // Removal.
        p = changed(c);
        story.remove();
        await p;
        res.afterRemove = c.hits.filter((h) => !h.range.startContainer.isConnected).length;
        // Quiet page: no rescans caused by our own drawing.
        const quiet = changes;
        await new Promise((r) => setTimeout(r, 400));
        res.quietChanges = changes - quiet;
        // Single-page-app navigation: the content is replaced and the URL changes.
        p = changed(c);
        history.pushState({}, '', '#/next');
        app.replaceChildren(Object.assign(document.createElement('p'), { id: 'spa', textContent: 'Page two: BIS and the EAR.' }));
        await p;
        res.afterNav = hitsIn(c, document.getElementById('spa'));
        res.oracleNav = oracle(document.getElementById('spa'));
        res.total = c.hits.length;
        c.clear();
        document.querySelectorAll('.burst').forEach((n) => n.remove());
        history.back();
        return res;
      }, mode);
      assert.equal(r.initial, 0);
      assert.deepEqual(r.afterInsert, r.oracleInsert);
      assert.ok(r.afterInsert.length >= 2);
      assert.deepEqual(r.afterEdit, r.oracleEdit);
      assert.ok(r.afterEdit.length >= 1);
      assert.equal(r.burstHits, r.burstOracle);
      assert.ok(r.burstChanges <= 2, `a burst of inserts is debounced (${r.burstChanges} rescans)`);
      assert.equal(r.afterRemove, 0, 'no hits left on removed nodes');
      assert.equal(r.quietChanges, 0, 'our own drawing does not trigger rescans');
      assert.deepEqual(r.afterNav, r.oracleNav);
      assert.equal(r.total, r.afterNav.length);
      noProblems();
    });
  });
}

describe('drawing details', () => {
  it('hits in a display: contents block are drawn too', async () => {
    await openFixture(page, server.origin, 'news');
    const r = await page.evaluate(async () => {
      const c = cl.highlight(document.body, { matcher: cl.matcher });
      await c.ready;
      const el = document.getElementById('dc');
      const hit = c.hits.find((h) => el.contains(h.range.startContainer));
      c.focusHit(hit); // scrolls to it, though its block has no box
      await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 50)));
      const rect = hit.range.getClientRects()[0];
      const res = CSS.highlights.highlightsFromPoint(rect.left + 2, rect.top + rect.height / 2).length;
      c.clear();
      return res;
    });
    assert.ok(r >= 1);
    noProblems();
  });
});

describe('painting', () => {
  // The share of a screenshot's pixels within `tolerance` of [r, g, b] (decoded in the page).
  const colourShare = (png, rgb, tolerance = 14) => page.evaluate(async ({ b64, rgb, tolerance }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const g = canvas.getContext('2d');
    g.drawImage(img, 0, 0);
    const { data } = g.getImageData(0, 0, img.width, img.height);
    let near = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (rgb.every((v, k) => Math.abs(data[i + k] - v) <= tolerance)) near += 1;
    }
    return near / (data.length / 4);
  }, { b64: png.toString('base64'), rgb, tolerance });

  for (const inherits of [true, false]) {
    it(`hits are painted in their category's colour (${inherits ? 'rules on :root, highlight styles inherit' : 'a browser without highlight inheritance: rules for every element'})`, async () => {
      await openFixture(page, server.origin, 'news');
      const r = await page.evaluate(async (inherit) => {
        if (!inherit) {
          // As in Firefox 153: the body's ::highlight() style is not the root's.
          const original = window.getComputedStyle;
          window.getComputedStyle = (el, pseudo) => (String(pseudo || '').startsWith('::highlight')
            ? { backgroundColor: 'rgba(0, 0, 0, 0)' } : original.call(window, el, pseudo));
        }
        window.ctl = cl.highlight(document.body, { matcher: cl.matcher, exclude: '.no-scan' });
        await window.ctl.ready;
        for (let i = 0; i < 2; i += 1) await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 30)));
        const hit = window.ctl.hits.find((h) => h.category === 'chip' && document.getElementById('p1').contains(h.range.startContainer));
        const rect = hit.range.getBoundingClientRect();
        return {
          clip: { x: rect.left, y: rect.top, width: rect.width, height: rect.height },
          selectors: [...document.adoptedStyleSheets[0].cssRules].map((rule) => rule.selectorText.split('(')[0]),
        };
      }, inherits);
      // rgba(255, 196, 0, 0.45) over the white page.
      const share = await colourShare(await page.screenshot({ clip: r.clip }), [255, 228, 140]);
      await page.evaluate(() => window.ctl.clear());
      assert.deepEqual([...new Set(r.selectors)], [inherits ? ':root::highlight' : '::highlight']);
      assert.ok(share > 0.3, `${Math.round(share * 100)} % of the hit's box in the chip colour`);
      noProblems();
    });
  }
});

describe('options', () => {
  it('setCategories hides categories from drawing and navigation but keeps the counts', async () => {
    await openFixture(page, server.origin, 'news');
    const r = await page.evaluate(async () => {
      const c = cl.highlight(document.body, { matcher: cl.matcher });
      await c.ready;
      const counts = c.counts;
      c.setCategories(['chip']);
      const res = {
        before: counts.total,
        after: c.counts.total,
        cats: [...new Set(c.hits.map((h) => h.category))],
        registered: [...CSS.highlights.keys()].filter((k) => k.startsWith('chiplight')).map((k) => k.split('-').pop()).sort(),
        nextCat: c.next()?.category,
      };
      c.setCategories(['chip', 'cloud', 'intermediary', 'regulation']);
      res.restored = c.hits.length;
      c.clear();
      return res;
    });
    assert.equal(r.after, r.before);
    assert.deepEqual(r.cats, ['chip']);
    assert.deepEqual(r.registered, ['active', 'chip']);
    assert.equal(r.nextCat, 'chip');
    assert.equal(r.restored, r.before);
    noProblems();
  });

  it('the categories option draws and navigates only those categories from the start; counts keep them all', async () => {
    await openFixture(page, server.origin, 'news');
    const r = await page.evaluate(async () => {
      const all = cl.highlight(document.body, { matcher: cl.matcher, exclude: '.no-scan' });
      await all.ready;
      const every = all.hits.map((h) => `${h.category}:${h.id}:${h.text}`);
      const allCounts = all.counts;
      all.clear();
      const c = cl.highlight(document.body, { matcher: cl.matcher, exclude: '.no-scan', categories: ['chip', 'regulation', 'bogus'] });
      await c.ready;
      const res = {
        categories: c.categories,
        hits: c.hits.map((h) => `${h.category}:${h.id}:${h.text}`),
        every,
        counts: c.counts,
        allCounts,
        registered: [...CSS.highlights.keys()].filter((k) => k.startsWith('chiplight')).map((k) => k.split('-').pop()).sort(),
        visited: [],
      };
      for (let i = 0; i <= c.hits.length; i += 1) res.visited.push(c.next().category);
      c.clear();
      return res;
    });
    assert.deepEqual(r.categories, ['chip', 'regulation']);
    assert.ok(r.every.some((h) => h.startsWith('cloud:')), 'the fixture has cloud hits to hide');
    assert.deepEqual(r.hits, r.every.filter((h) => /^(chip|regulation):/.test(h)));
    assert.ok(r.hits.some((h) => h.startsWith('chip:')) && r.hits.some((h) => h.startsWith('regulation:')));
    assert.deepEqual(r.counts, r.allCounts, 'counts cover every category');
    assert.deepEqual(r.registered, ['active', 'chip', 'regulation']);
    assert.deepEqual([...new Set(r.visited)].sort(), ['chip', 'regulation'], 'next() visits only those');
    noProblems();
  });

  it('exclude as a predicate, an array of elements or one element: those subtrees are not scanned', async () => {
    await openFixture(page, server.origin, 'news');
    const r = await page.evaluate(async () => {
      const ids = ['p1', 'p2', 'p3', 'p4'];
      const byBlock = (c) => Object.fromEntries(ids.map((id) => [id,
        c.hits.filter((h) => document.getElementById(id).contains(h.range.startContainer)).map((h) => `${h.id}:${h.text}`)]));
      const run = async (exclude) => {
        const c = cl.highlight(document.body, { matcher: cl.matcher, exclude });
        await c.ready;
        const out = byBlock(c);
        c.clear();
        return out;
      };
      const asked = new Set();
      const predicate = (el) => {
        asked.add(el.id || el.localName);
        return el.id === 'p2' || el.id === 'p4';
      };
      const $ = (id) => document.getElementById(id);
      return {
        none: await run(null),
        predicate: await run(predicate),
        asked: [...asked],
        array: await run([$('p1'), $('p3')]),
        element: await run($('p3')),
        mixed: await run(['#p1', $('p2'), (el) => el.id === 'p3']),
      };
    });
    for (const id of ['p1', 'p2', 'p3', 'p4']) assert.ok(r.none[id].length > 0, `${id} has hits to exclude`);
    assert.deepEqual(r.predicate, { ...r.none, p2: [], p4: [] });
    assert.ok(['story', 'p1', 'p3', 'excluded2'].every((id) => r.asked.includes(id)), 'the predicate is asked about elements');
    assert.deepEqual(r.array, { ...r.none, p1: [], p3: [] });
    assert.deepEqual(r.element, { ...r.none, p3: [] });
    assert.deepEqual(r.mixed, { ...r.none, p1: [], p2: [], p3: [] });
    noProblems();
  });

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

  it('a rescanned block sees the same context as a full scan: excluded text confirms nothing', async () => {
    await openFixture(page, server.origin, 'news');
    const r = await page.evaluate(async () => {
      // The change event of the block's rescan (false if none came).
      const rescanned = (c) => new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), 3000);
        c.addEventListener('change', function on(e) {
          if (e.detail.reason !== 'mutation') return;
          c.removeEventListener('change', on);
          clearTimeout(timer);
          resolve(true);
        });
      });
      const run = async (exclude) => {
        const box = document.createElement('section');
        box.innerHTML = '<p class="no-scan">GPU GPU GPU</p><p id="h20">The H20 is here.</p>';
        document.body.append(box);
        const c = cl.highlight(box, { matcher: cl.matcher, exclude });
        await c.ready;
        const full = c.hits.map((h) => h.id);
        // A change in the block: it is rescanned with the text around it as context.
        const done = rescanned(c);
        box.querySelector('#h20').append(' Still here.');
        const out = { full, rescan: await done, rescanned: c.hits.map((h) => h.id) };
        c.clear();
        box.remove();
        return out;
      };
      return {
        // The GPU words confirm the H20 when they are context (the page as one text).
        oracle: cl.matcher.scan('GPU GPU GPU\uFFFFThe H20 is here. Still here.').map((m) => m.id),
        excluded: await run('.no-scan'),
        control: await run(null),
      };
    });
    assert.ok(r.oracle.includes('nvidia-h20'), `the matcher confirms the H20 next to GPU words (${r.oracle})`);
    // Without exclude the GPU words are context, in the full scan and in the block's rescan.
    assert.equal(r.control.rescan, true, 'the changed block is rescanned');
    assert.ok(r.control.full.includes('nvidia-h20'));
    assert.ok(r.control.rescanned.includes('nvidia-h20'), 'the rescan sees the text around the block');
    // Excluded, they confirm nothing, in either.
    assert.equal(r.excluded.rescan, true, 'the changed block is rescanned');
    assert.deepEqual(r.excluded.full, []);
    assert.deepEqual(r.excluded.rescanned, []);
    noProblems();
  });

  it('observe: false takes the page as it is: no rescans on navigation', async () => {
    await openFixture(page, server.origin, 'news');
    const r = await page.evaluate(async () => {
      const block = document.createElement('div');
      block.textContent = 'Nothing here yet.';
      document.body.append(block);
      const counts = {};
      for (const observe of [false, true]) {
        block.textContent = 'Nothing here yet.';
        const c = cl.highlight(block, { matcher: cl.matcher, observe });
        await c.ready;
        block.textContent = 'Now the Nvidia A100 is named.';
        window.dispatchEvent(new PopStateEvent('popstate'));
        await new Promise((done) => setTimeout(done, 400));
        counts[observe] = c.hits.length;
        c.clear();
      }
      block.remove();
      return counts;
    });
    assert.equal(r.false, 0);
    assert.ok(r.true > 0, 'with observe, navigation rescans');
    noProblems();
  });

  it('asking for highlights where the Highlight API is missing gets wrapped elements', async () => {
    await openFixture(page, server.origin, 'news');
    const r = await page.evaluate(async () => {
      const saved = window.Highlight;
      delete window.Highlight;
      try {
        const c = cl.highlight(document.body, { matcher: cl.matcher, mode: 'highlight' });
        await c.ready;
        const out = { mode: c.mode, hits: c.hits.length, wrapped: document.querySelectorAll('chiplight-mark').length };
        c.clear();
        return out;
      } finally {
        window.Highlight = saved;
      }
    });
    assert.equal(r.mode, 'wrap');
    assert.ok(r.hits > 0);
    assert.ok(r.wrapped > 0, 'hits drawn as elements');
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
        maxContextWindow: m.maxContextWindow,
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

  it('a page that never stops changing (a live ticker) is still rescanned', async () => {
    await openFixture(page, server.origin, 'dynamic');
    const r = await page.evaluate(async () => {
      const c = cl.highlight(document.body, { matcher: cl.matcher });
      await c.ready;
      const ticker = document.createElement('p');
      ticker.textContent = 'tick 0';
      document.getElementById('app').appendChild(ticker);
      let n = 0;
      const timer = setInterval(() => { ticker.firstChild.data = `tick ${n += 1}`; }, 30);
      const p = document.createElement('p');
      p.textContent = 'Breaking: a lab rented H100 servers on AWS.';
      document.getElementById('app').appendChild(p);
      const t0 = performance.now();
      while (!c.hits.some((h) => p.contains(h.range.startContainer)) && performance.now() - t0 < 3000) {
        await new Promise((res) => setTimeout(res, 50));
      }
      clearInterval(timer);
      const res = { found: c.hits.some((h) => p.contains(h.range.startContainer)), ms: performance.now() - t0 };
      c.clear();
      return res;
    });
    assert.equal(r.found, true);
    assert.ok(r.ms < 2000, `found after ${Math.round(r.ms)} ms`);
    noProblems();
  });

  it('a matcher that throws is reported as an error event, never thrown into the page', async () => {
    await openFixture(page, server.origin, 'news');
    const r = await page.evaluate(async () => {
      const broken = { ...cl.matcher, scan() { throw new Error('boom'); }, entry: (id) => cl.matcher.entry(id), assess: (m) => cl.matcher.assess(m) };
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

  // In wrap mode each slice's marks make the browser lay out the whole block again (the page's
  // cost of one huge block: about 12 s of frames for 1.5 MB here), so a smaller one, still
  // scanned in many windows.
  for (const [mode, size, label] of [['highlight', 1500000, '1.5 MB'], ['wrap', 400000, '400 KB']]) {
    it(`one huge block (a ${label} <pre>) is scanned in windows: sliced, the same hits as one scan, each hit's range its text (${mode})`, async () => {
      await openFixture(page, server.origin, 'dynamic');
      await page.evaluate(PAGE_HELPERS);
      const r = await page.evaluate(async ({ mode, size }) => {
        const parts = [];
        let length = 0;
        const add = (text) => {
          parts.push(text);
          length += text.length;
        };
        for (let i = 0; length < size; i += 1) {
          add(`Line ${i}: the tender lists servers and storage for the data centre. `);
          if (i % 7 === 0) add('Bidders may offer Nvidia H100 GPUs on AWS through an intermediary. ');
          if (i % 11 === 0) add('本项目通过代理商租用阿里云算力。');
        }
        const pre = document.createElement('pre');
        const text = parts.join('');
        pre.textContent = text;
        const original = pre.firstChild;
        document.getElementById('app').appendChild(pre);
        await new Promise((res) => requestAnimationFrame(() => setTimeout(res, 50)));
        const clock = virtualClock(0.5);
        const c = cl.highlight(document.body, { matcher: clock.matcher, mode, sliceMs: 8 });
        await c.ready;
        clock.restore();
        const expected = cl.matcher.scan(text).map((m) => `${m.start}:${m.id}:${text.slice(m.start, m.end)}`);
        // Offsets in the pre's text, whatever text nodes hold it now (marks in wrap mode).
        const base = new Map();
        const w = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
        for (let n = w.nextNode(), at = 0; n; n = w.nextNode()) {
          base.set(n, at);
          at += n.data.length;
        }
        // Offsets from each hit's pieces (its text nodes), not its live Range (mislaidHits).
        const inPre = c.hits.filter((h) => pre.contains(h.pieces[0].node));
        const got = inPre.map((h) => `${base.get(h.pieces[0].node) + h.pieces[0].start}:${h.id}:${h.text}`);
        const wrong = mislaidHits(inPre);
        const marks = pre.querySelectorAll('chiplight-mark').length;
        window.big = { c, pre, original, text };
        return {
          mode: c.mode, same: JSON.stringify(got) === JSON.stringify(expected), n: got.length, expected: expected.length, wrong, marks, stats: c.stats, longestCall: clock.longestCall,
        };
      }, { mode, size });
      // The live Ranges of the sample above: collected before clear() puts nodes back.
      await (await page.context().newCDPSession(page)).send('HeapProfiler.collectGarbage');
      r.restored = await page.evaluate(() => {
        const { c, pre, original, text } = window.big;
        c.clear();
        const restored = pre.childNodes.length === 1 && pre.firstChild === original && original.data === text;
        pre.remove();
        delete window.big;
        return restored;
      });
      assert.equal(r.mode, mode);
      assert.ok(r.expected > 1000, `${r.expected} hits expected`);
      assert.equal(r.n, r.expected);
      assert.equal(r.same, true, 'hits at the same offsets as one scan of the whole text');
      assert.equal(r.wrong, 0, `${r.wrong} of ${r.n} hits have a range that is not their text`);
      if (mode === 'wrap') assert.equal(r.marks, r.n, 'every hit wrapped, in every window');
      assert.equal(r.restored, true, 'clear() leaves the one original text node with its text');
      assert.ok(r.stats.batches > 10, `the block is scanned in windows (${r.stats.batches} matcher calls)`);
      assert.ok(r.stats.slices > 3, 'windows of the block are scanned in separate slices');
      // A slice ends before a scan that would overrun it, or right after the one that does
      // (times on the virtual clock: scans alone take time). The browser's layout of the whole
      // block after each slice of marks is the page's own cost; bench/page_bench.mjs measures
      // real tasks.
      assert.ok(r.stats.longestSliceMs < 8 + r.longestCall, `longest slice ${r.stats.longestSliceMs} ms, longest scan ${r.longestCall} ms`);
      noProblems();
    });
  }

  it('wrap mode, an asynchronous matcher and one huge block: every window wrapped once, no rescans', async () => {
    await openFixture(page, server.origin, 'dynamic');
    await page.evaluate(PAGE_HELPERS);
    const r = await page.evaluate(async () => {
      const m = cl.matcher;
      const remote = {
        scan: (t) => new Promise((resolve) => setTimeout(() => resolve(m.scan(t)), 1)),
        entry: (id) => m.entry(id),
        maxContextWindow: m.maxContextWindow,
      };
      const line = 'Bidders may offer Nvidia H100 GPUs on AWS through an intermediary. Line of plain text. ';
      const text = line.repeat(Math.ceil(60000 / line.length));
      const pre = document.createElement('pre');
      pre.textContent = text;
      document.getElementById('app').appendChild(pre);
      const c = cl.highlight(pre, { matcher: remote, mode: 'wrap' });
      const reasons = [];
      c.addEventListener('change', (e) => reasons.push(e.detail.reason));
      await c.ready;
      await new Promise((done) => setTimeout(done, 500)); // any rescan would be done by now
      const expected = m.scan(text).map((x) => `${x.id}:${text.slice(x.start, x.end)}`);
      const res = {
        hits: c.hits.map((h) => `${h.id}:${h.text}`),
        expected,
        wrong: mislaidHits(c.hits),
        marks: pre.querySelectorAll('chiplight-mark').length,
        batches: c.stats.batches,
        reasons,
      };
      c.clear();
      res.restored = pre.childNodes.length === 1 && pre.firstChild.data === text;
      pre.remove();
      return res;
    });
    assert.deepEqual(r.reasons, ['scan'], 'no rescan of the block: our own marks are not a change of the page');
    assert.ok(r.expected.length > 500);
    assert.deepEqual(r.hits, r.expected);
    assert.equal(r.wrong, 0);
    assert.equal(r.marks, r.expected.length);
    assert.ok(r.batches > 3, `scanned in windows (${r.batches} matcher calls)`);
    assert.equal(r.restored, true);
    noProblems();
  });

  it('big page: work is sliced (no slice runs on past its time by more than one scan) and every block is found', async () => {
    await openFixture(page, server.origin, 'dynamic');
    await page.evaluate(PAGE_HELPERS);
    const r = await page.evaluate(async () => {
      const app = document.getElementById('app');
      const words = 'The committee reviewed procurement records and budgets for the new data centre in detail';
      const frag = document.createDocumentFragment();
      for (let i = 0; i < 3000; i += 1) {
        const p = document.createElement('p');
        p.textContent = `${words} ${i}. ${i % 10 === 0 ? 'Bidders offered <AWS> access to A100 servers via an intermediary.' : words}`;
        frag.appendChild(p);
      }
      app.appendChild(frag);
      // Lay out and paint the page first.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
      const clock = virtualClock(0.5);
      const c = cl.highlight(document.body, { matcher: clock.matcher });
      await c.ready;
      clock.restore();
      const expected = cl.matcher.scan([...app.querySelectorAll('p')].map((p) => p.textContent).join('\uffff')).length;
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      await frame();
      const drawn = () => [...CSS.highlights].filter(([k]) => k.startsWith('chiplight') && !k.endsWith('-active'))
        .reduce((n, [, h]) => n + h.size, 0);
      const drawnTop = drawn();
      // Far down the page: the hits there get drawn when they come near the viewport.
      const last = c.hits[c.hits.length - 1];
      last.range.startContainer.parentElement.scrollIntoView({ block: 'center' });
      await frame();
      await frame();
      const rect = last.range.getClientRects()[0];
      const underPointer = CSS.highlights.highlightsFromPoint(rect.left + 2, rect.top + rect.height / 2).length;
      const res = { hits: c.hits.length, expected, stats: c.stats, longestCall: clock.longestCall, drawnTop, underPointer };
      c.clear();
      app.replaceChildren();
      return res;
    });
    assert.equal(r.hits, r.expected);
    // Times on the virtual clock (scans alone take time): about 280 ms of scanning in slices of
    // 30 ms (the default in highlight mode), none running on past its time by more than one scan.
    assert.ok(r.stats.slices >= 8, `the first pass yields to the page (${r.stats.slices} slices, ${r.stats.workMs} ms)`);
    assert.ok(r.stats.longestSliceMs < 30 + r.longestCall, `longest slice ${r.stats.longestSliceMs} ms, longest scan ${r.longestCall} ms`);
    assert.ok(r.drawnTop > 0 && r.drawnTop < r.hits / 2, `only hits near the viewport are in the highlights (${r.drawnTop} of ${r.hits})`);
    assert.ok(r.underPointer >= 1, 'hits scrolled into view are drawn');
    noProblems();
  });
});
