// Options that choose what is drawn: categories (at the start and later) and exclusions.
// Headless Chromium, the real matcher and lexicon.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNoProblems, openFixture, useBrowserPage,
} from './lib.mjs';

let server;
let page;

useBrowserPage((env) => {
  ({ server, page } = env);
});

const noProblems = () => assertNoProblems(page);

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
});
