// Live pages: inserts, edits, removals and navigation rescanned (debounced), our own drawing
// ignored, rescans seeing the same context as a full scan. Headless Chromium, the real matcher.
/* global oracle, docOracle, hitsIn, changed -- page helpers defined by PAGE_HELPERS */
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

describe('live pages', () => {
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
        oracle: cl.matcher.scan(`GPU GPU GPU${cl.matcher.blockSeparator}The H20 is here. Still here.`).map((m) => m.id),
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
});
