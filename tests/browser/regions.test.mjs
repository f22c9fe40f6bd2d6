// The page's main content and its furniture (navigation, banner ads, sidebars): the verdict and
// its evidence come from the main content, context rules confirm a name only within its own
// region, furniture is still highlighted unless the caller turns that off. Pages with and
// without semantic markup. Headless Chromium, the real matcher and lexicon.
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

// The article is about chips only; a banner ad names a cloud and intermediaries (what makes a
// strong cloud-access verdict), and a sidebar right after the article's last paragraph speaks of
// GPUs, a context word that would confirm the article's "G42" (the expressway) as the Gulf cloud
// provider if context reached across. (G42's sense is decided by its window alone: no page rule.)
const ARTICLE = `
  <p>Washington tightened export controls on the Nvidia H100 and A100 this week, officials said,
  adding licence requirements for shipments of advanced accelerators to several countries.</p>
  <p>Analysts expect the rule to weigh on chip sales in the coming quarters, though the companies
  affected say demand elsewhere remains strong and inventories are lean across the industry.</p>
  <p>Separately, traffic on the G42 expressway was back to normal.</p>`;
const AD = 'Sponsored: Chinese labs rent Nvidia H100 GPUs on AWS through an intermediary today';
const SIDEBAR = 'GPU prices fall again';

const SEMANTIC = `
  <header><div class="promo-strip"><p>${AD}</p></div><nav><a href="#a">Home</a> <a href="#b">Tech</a></nav></header>
  <main><article id="story"><h1>New chip rules</h1>${ARTICLE}</article>
  <aside id="side"><p>${SIDEBAR}</p></aside></main>
  <footer><p>About us</p></footer>`;

// The same page as a reader meets many: divs with class names that say nothing.
const PLAIN = `
  <div class="t1"><a href="#a">Home</a> <a href="#b">Tech</a><div class="x9">${AD}</div></div>
  <div class="w"><div class="c" id="story"><h1>New chip rules</h1>${ARTICLE}</div>
  <div class="r" id="side"><p>${SIDEBAR}</p></div></div>
  <div class="b"><p>About us</p></div>`;

/** Highlights `html` as the page's body with `options`; what the test looks at. */
async function highlightPage(html, options = {}) {
  await openFixture(page, server.origin, 'news');
  return page.evaluate(async ({ body, opts }) => {
    document.body.innerHTML = body;
    const c = cl.highlight(document.body, { matcher: cl.matcher, ...opts });
    await c.ready;
    const story = document.getElementById('story');
    const inStory = (h) => story.contains(h.pieces[0].node);
    const result = {
      ids: c.hits.map((h) => h.id),
      storyIds: c.hits.filter(inStory).map((h) => h.id),
      furniture: c.hits.filter((h) => h.furniture).map((h) => h.id),
      furnitureOutsideStory: c.hits.filter((h) => h.furniture).every((h) => !inStory(h)),
      verdict: c.verdict.verdict,
      evidenceInStory: c.verdict.evidence.every(inStory),
      evidence: c.verdict.evidence.map((h) => h.id),
    };
    c.clear();
    return result;
  }, { body: html, opts: options });
}

for (const [name, html] of [['with semantic markup', SEMANTIC], ['without semantic markup (found by text density)', PLAIN]]) {
  describe(`the main content, ${name}`, () => {
    it('the verdict and its evidence ignore a banner ad; the ad is still highlighted', async () => {
      const r = await highlightPage(html);
      // The ad's terms are highlighted, as furniture.
      assert.ok(r.furniture.includes('aws'), `the ad's AWS is a furniture hit (${r.furniture})`);
      assert.ok(r.furnitureOutsideStory);
      assert.ok(r.storyIds.includes('nvidia-h100'));
      assert.ok(r.evidenceInStory, `evidence only from the article: ${r.evidence}`);
      assert.ok(!r.evidence.includes('aws'));
      // Read as one page (no regions), the ad's cloud and intermediary make the verdict.
      const whole = await highlightPage(html, { main: false });
      assert.ok(whole.evidence.includes('aws'), `without regions the ad is evidence: ${whole.evidence}`);
      assert.notEqual(whole.verdict, r.verdict);
      assertNoProblems(page);
    });

    it('a context word in the sidebar does not confirm a name in the article', async () => {
      const r = await highlightPage(html);
      assert.ok(!r.ids.includes('g42'), `G42 the road stays unhighlighted: ${r.ids}`);
      // The same text read as one page: the sidebar's cloud words reach the article's Amazon.
      const whole = await highlightPage(html, { main: false });
      assert.ok(whole.ids.includes('g42'), `without regions the sidebar confirms it: ${whole.ids}`);
      assertNoProblems(page);
    });

    it('furniture: false highlights the main content alone, with the same hits there', async () => {
      const all = await highlightPage(html);
      const mainOnly = await highlightPage(html, { furniture: false });
      assert.deepEqual(mainOnly.furniture, []);
      assert.deepEqual(mainOnly.ids, mainOnly.storyIds);
      assert.deepEqual(mainOnly.storyIds, all.storyIds);
      assert.equal(mainOnly.verdict, all.verdict);
      assertNoProblems(page);
    });
  });
}

// What the page is about comes from the main content: an obituary whose sidebar is a market
// ticker full of chip words. "Blackwell" (a chip family whose page rule keeps it on a page about
// chips, far from any clue) is the late teacher's name; no chip word is within its window, so only
// the page's topic could make it a chip, and the topic of the whole body (the sidebar's words
// counted) did.
const OBITUARY = `
  <p>Margaret Blackwell, who taught history for forty years at the college, died on Sunday at home.</p>
  <p>She is survived by her two sons and a sister, who said the garden she planted behind the old
  library will stay open to neighbours, as she wished, every summer evening until dusk.</p>`;
const TICKER = 'Markets: Nvidia and other GPU makers and semiconductor stocks rose; chip and accelerator shares led the gains.';

describe('the page topic', () => {
  for (const [name, html] of [
    ['with semantic markup', `<main><article id="story"><h1>Obituary</h1>${OBITUARY}</article><aside id="side"><p>${TICKER}</p></aside></main>`],
    ['without semantic markup', `<div class="w"><div class="c" id="story"><h1>Obituary</h1>${OBITUARY}</div><div class="r" id="side"><p>${TICKER}</p></div></div>`],
  ]) {
    it(`is the main content's, not the sidebar's (${name})`, async () => {
      const r = await highlightPage(html);
      assert.ok(!r.storyIds.includes('nvidia-blackwell'), `the obituary's Blackwell is no chip: ${r.ids}`);
      assert.ok(r.furniture.length > 0, `the ticker is still highlighted: ${r.ids}`);
      // Read as one page (no regions), the ticker's words make the page about chips.
      const whole = await highlightPage(html, { main: false });
      assert.ok(whole.storyIds.includes('nvidia-blackwell'), `without regions the topic is the ticker's: ${whole.ids}`);
      assertNoProblems(page);
    });
  }
});

describe('regions on a live page', () => {
  it('a block rescanned in the article sees no context from the sidebar', async () => {
    const rescan = async (options) => {
      await openFixture(page, server.origin, 'news');
      return page.evaluate(async ({ body, opts }) => {
      document.body.innerHTML = body;
      const c = cl.highlight(document.body, { matcher: cl.matcher, debounceMs: 10, ...opts });
      await c.ready;
      const p = document.createElement('p');
      p.textContent = 'The G42 expressway reopened after repairs.';
      document.getElementById('story').append(p);
      await new Promise((resolve) => { c.addEventListener('change', resolve, { once: true }); });
      const ids = c.hits.map((h) => h.id);
      c.clear();
      return ids;
    }, { body: SEMANTIC, opts: options });
    };
    const r = await rescan({});
    assert.ok(!r.includes('g42'), `${r}`);
    // Without regions the rescanned block's context reaches the sidebar.
    const whole = await rescan({ main: false });
    assert.ok(whole.includes('g42'), `${whole}`);
    assertNoProblems(page);
  });
});
