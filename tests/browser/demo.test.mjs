// The offline demo page, built into a temporary directory and opened from file:// with no
// server: a sample highlighted at load, the bundled samples, pasted text, both drawing modes,
// Chinese UI, and not one network request.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  assertNoProblems, launch, newPage, REPO, repoMounts, startServer,
} from './lib.mjs';

let browser;
let outDir;

before(async () => {
  const dist = repoMounts()['/dist/'];
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-demo-'));
  execFileSync(process.execPath, [path.join(REPO, 'web', 'build-demo.mjs'), '--matcher', path.join(dist, 'chiplight.js'),
    '--out', path.join(outDir, 'demo')], { stdio: 'pipe' });
  execFileSync(process.execPath, [path.join(REPO, 'web', 'build-highlighter.mjs'), '--out', outDir], { stdio: 'pipe' });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
});

async function openDemo(context, query = '') {
  const page = await newPage(context);
  page.requests = [];
  page.on('request', (r) => page.requests.push(r.url()));
  await page.goto(`file://${path.join(outDir, 'demo', 'index.html')}${query}`);
  await page.waitForFunction(() => window.chiplightDemo?.controller);
  await page.evaluate(() => window.chiplightDemo.controller.ready);
  return page;
}

const state = (page) => page.evaluate(async () => {
  const c = window.chiplightDemo.controller;
  await c.ready;
  return { total: c.counts.total, verdict: c.verdict.verdict, mode: c.mode, cats: c.counts };
});

const LISTED_TEXT = 'Servers from Inspur Group went to a cluster of Nvidia H100 accelerators rented by IFLYTEK, the speech company.';

/** The demo with the packaged list turned on (?listed=1), `LISTED_TEXT` highlighted. */
async function listedDemo(dir) {
  const page = await newPage(browser.context);
  page.requests = [];
  page.warnings = [];
  page.on('request', (r) => page.requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'warning') page.warnings.push(m.text()); });
  await page.goto(`file://${path.join(dir, 'index.html')}?listed=1`);
  await page.waitForFunction(() => window.chiplightDemo?.listed && window.chiplightDemo.listed !== 'none', null, { timeout: 120000 });
  await page.fill('#paste', LISTED_TEXT);
  await page.click('#run');
  const result = await page.evaluate(async () => {
    const c = window.chiplightDemo.controller;
    await c.ready;
    return {
      listed: window.chiplightDemo.listed,
      hits: c.hits.map((h) => ({ category: h.category, text: h.text ?? null, id: h.id })),
      status: document.getElementById('listed-status').textContent,
      checked: document.getElementById('listed').checked,
    };
  });
  return { page, ...result };
}

describe('demo page from file://', () => {
  it('shows the first sample highlighted at load, with cards and the summary panel, offline', async () => {
    const page = await openDemo(browser.context);
    const s = await state(page);
    assert.ok(s.total >= 8, `the English sample has many mentions (${s.total})`);
    assert.equal(s.verdict, 'strong');
    assert.equal(s.mode, 'highlight');
    const ui = await page.evaluate(() => {
      const panelRoot = window.__closedRoots.find((r) => r.host.parentElement?.id === 'summary');
      window.chiplightDemo.controller.focusHit(0, { openCard: true });
      const cardRoot = window.__closedRoots.find((r) => r.host.localName === 'chiplight-ui' && r.host.isConnected);
      return {
        panelVerdict: panelRoot?.querySelector('.verdict')?.getAttribute('data-verdict'),
        cardOpen: cardRoot?.querySelector('.card').classList.contains('open'),
        version: document.getElementById('lexicon-version').textContent,
        fatal: document.getElementById('fatal').hidden,
        samples: [...document.querySelectorAll('#sample option')].map((o) => o.value),
      };
    });
    assert.equal(ui.panelVerdict, 'strong');
    assert.equal(ui.cardOpen, true);
    assert.notEqual(ui.version, '…');
    assert.equal(ui.fatal, true, 'no error shown');
    assert.deepEqual(ui.samples, ['en-news', 'zh-hans-tender', 'zh-hant-tender', 'none', '']);
    assert.deepEqual(page.requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:')), [], 'no network');
    assertNoProblems(page);
    await page.close();
  });

  it('with the listed parties turned on, highlights listed parties read from the stored tables, offline', async () => {
    const { page, listed, hits, status, checked } = await listedDemo(path.join(outDir, 'demo'));
    assert.equal(listed, 'tables', 'the matcher read the stored tables');
    assert.equal(checked, true);
    const ids = hits.filter((h) => h.category === 'listed').map((h) => h.id);
    assert.ok(ids.includes('listed-entity-inspur-group-co-ltd'), `Inspur Group found: ${ids}`);
    assert.ok(ids.includes('listed-entity-iflytek'), `IFLYTEK found: ${ids}`);
    assert.ok(hits.some((h) => h.category === 'chip'), 'the built-in lexicon too');
    assert.match(status, /as of \d{4}-\d{2}-\d{2}$/, 'the list states its date');
    assert.deepEqual(page.warnings, []);
    assert.ok(page.requests.some((u) => u.endsWith('/listed.js')), 'listed.js loaded on request');
    assert.deepEqual(page.requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:')), [], 'no network');
    assertNoProblems(page);
    await page.close();
  });

  it('with corrupt stored tables, warns once and compiles the list: the same listed parties highlighted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-demo-corrupt-'));
    try {
      fs.cpSync(path.join(outDir, 'demo'), dir, { recursive: true });
      const file = path.join(dir, 'listed.js');
      const text = fs.readFileSync(file, 'utf8');
      const at = text.indexOf('tables: "') + 9 + 200000; // a base64 character in the tables' middle
      fs.writeFileSync(file, text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1));
      const { page, listed, hits } = await listedDemo(dir);
      assert.equal(listed, 'compiled');
      assert.equal(page.warnings.length, 1, `one warning: ${JSON.stringify(page.warnings)}`);
      assert.match(page.warnings[0], /stored tables were not read \(.*listed tables.*\); compiling the list instead$/);
      const ids = hits.filter((h) => h.category === 'listed').map((h) => h.id);
      assert.ok(ids.includes('listed-entity-inspur-group-co-ltd') && ids.includes('listed-entity-iflytek'), `found: ${ids}`);
      assertNoProblems(page);
      await page.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('switches samples, highlights pasted text and both drawing modes', async () => {
    const page = await openDemo(browser.context);
    await page.selectOption('#sample', 'zh-hans-tender');
    let s = await state(page);
    assert.ok(s.total >= 6);
    assert.equal(s.verdict, 'strong');
    await page.selectOption('#sample', 'zh-hant-tender');
    s = await state(page);
    assert.ok(s.cats.chip >= 1 && s.cats.cloud >= 1, 'traditional script is found');
    await page.selectOption('#sample', 'none');
    s = await state(page);
    assert.equal(s.total, 0);
    assert.equal(s.verdict, 'none');
    await page.fill('#paste', 'A reseller offered AWS servers with Nvidia H100 chips.');
    await page.click('#run');
    s = await state(page);
    assert.ok(s.cats.chip >= 1 && s.cats.cloud >= 1);
    await page.check('input[name=mode][value=wrap]');
    s = await state(page);
    assert.equal(s.mode, 'wrap');
    assert.ok(await page.locator('#text chiplight-mark').count() >= 2);
    assertNoProblems(page);
    await page.close();
  });

  it('the single-file ES module build works without an import map', async () => {
    const server = await startServer({ ...repoMounts(), '/out/': outDir });
    try {
      const page = await newPage(browser.context);
      await page.goto(`${server.origin}/tests/browser/fixtures/frame.html`);
      const r = await page.evaluate(async () => {
        const { highlight, CATEGORIES } = await import('/out/chiplight-highlighter.mjs');
        const { createMatcher } = await import('/dist/chiplight.mjs');
        const c = highlight(document.body, { matcher: await createMatcher() });
        await c.ready;
        c.focusHit(0, { openCard: true });
        const res = {
          categories: CATEGORIES.length, hits: c.hits.length, ui: document.querySelectorAll('chiplight-ui').length,
          sameCategories: CATEGORIES.join() === c.matcher.categories.map((x) => x.id).join(),
        };
        c.clear();
        return res;
      });
      assert.equal(r.categories, 5);
      assert.equal(r.sameCategories, true, 'the compatibility CATEGORIES are the lexicon\'s');
      assert.ok(r.hits > 0);
      assert.equal(r.ui, 1);
      assertNoProblems(page);
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('Enter opens the card of the hit just moved to, after a click on the button or in the article', async () => {
    const page = await openDemo(browser.context);
    const cardOpen = () => page.evaluate(() => Boolean(window.__closedRoots
      .find((r) => r.host.localName === 'chiplight-ui' && r.host.isConnected)?.querySelector('.card.open')));
    const moveAndEnter = async () => {
      await page.keyboard.press('Alt+Shift+KeyN');
      await page.keyboard.press('Enter');
      return cardOpen();
    };
    // The button highlights the text again and puts the focus on the article.
    await page.click('#run');
    await page.evaluate(() => window.chiplightDemo.controller.ready);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'doc');
    assert.equal(await moveAndEnter(), true, 'after the button');
    await page.keyboard.press('Escape');
    assert.equal(await cardOpen(), false);
    // A click in the article (focusable, tabindex="-1") away from any hit.
    const box = await page.locator('#doc').boundingBox();
    await page.mouse.click(box.x + box.width - 4, box.y + 4);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'doc');
    assert.equal(await moveAndEnter(), true, 'after a click in the article');
    await page.keyboard.press('Escape');
    // Focus moved on (Tab) after the move: Enter is the focused element's, not ours.
    await page.keyboard.press('Alt+Shift+KeyN');
    await page.evaluate(() => {
      const b = document.createElement('button');
      b.id = 'elsewhere';
      document.querySelector('.controls').append(b);
      b.focus();
    });
    await page.keyboard.press('Enter');
    assert.equal(await cardOpen(), false, 'after the focus moved to a button');
    assertNoProblems(page);
    await page.close();
  });

  it('the legend keeps each swatch beside its label, however narrow the page', async () => {
    const page = await openDemo(browser.context);
    for (const width of [1200, 700, 420, 320, 260]) {
      await page.setViewportSize({ width, height: 800 });
      const apart = await page.evaluate(() => [...document.querySelectorAll('.legend .sw')].filter((sw) => {
        const label = sw.nextElementSibling.getBoundingClientRect();
        const box = sw.getBoundingClientRect();
        const sameLine = Math.abs((box.top + box.bottom) / 2 - (label.top + label.bottom) / 2) < label.height / 2;
        return !(sameLine && box.right <= label.left + 1 && label.left - box.right < 12);
      }).map((sw) => sw.className));
      assert.deepEqual(apart, [], `at ${width} px`);
    }
    assertNoProblems(page);
    await page.close();
  });

  it('on a 390 px phone: the text on the first screen, the summary one tap away and in the page\'s own scroll', async () => {
    const page = await openDemo(browser.context);
    await page.setViewportSize({ width: 390, height: 844 });
    const phone = () => page.evaluate(() => {
      const c = window.chiplightDemo.controller;
      const screen = { width: innerWidth, height: innerHeight };
      const onFirstScreen = (r) => r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth;
      const summary = document.getElementById('summary');
      const cs = getComputedStyle(summary);
      const link = document.querySelector('.jump a[href="#summary"]');
      return {
        screen,
        // The article's first paragraph and hits start on the first screen.
        firstParagraph: onFirstScreen(document.querySelector('#text p').getBoundingClientRect()),
        hitsOnScreen: c.hits.filter((h) => [...h.range.getClientRects()].some(onFirstScreen)).length,
        docTop: document.getElementById('doc').getBoundingClientRect().top,
        controlsBelowSummary: document.querySelector('.controls').getBoundingClientRect().top >= summary.getBoundingClientRect().bottom,
        summaryBelowText: summary.getBoundingClientRect().top >= document.getElementById('doc').getBoundingClientRect().bottom,
        // No scroll box of its own: the page scrolls it.
        summaryScrolls: summary.scrollHeight > summary.clientHeight + 1 || !['visible', 'clip'].includes(cs.overflowY),
        summaryPosition: cs.position,
        linkOnScreen: Boolean(link) && onFirstScreen(link.getBoundingClientRect()),
        sideways: document.scrollingElement.scrollWidth > innerWidth,
      };
    });
    const r = await phone();
    assert.deepEqual(r.screen, { width: 390, height: 844 });
    assert.ok(r.firstParagraph, `the text's first paragraph on the first screen (document at ${r.docTop} px)`);
    assert.ok(r.hitsOnScreen >= 3, `highlights on the first screen: ${r.hitsOnScreen}`);
    assert.ok(r.summaryBelowText && r.controlsBelowSummary, 'text, then summary, then controls');
    assert.equal(r.summaryScrolls, false, 'the summary is not a scroll box of its own');
    assert.equal(r.summaryPosition, 'static');
    assert.ok(r.linkOnScreen, 'a link to the summary on the first screen');
    assert.equal(r.sideways, false, 'nothing wider than the screen');
    // The link reaches the summary: its verdict on screen.
    await page.click('.jump a[href="#summary"]');
    const verdictOnScreen = await page.evaluate(() => {
      const root = window.__closedRoots.find((x) => x.host.parentElement?.id === 'summary');
      const box = root.querySelector('.verdict').getBoundingClientRect();
      return box.top >= 0 && box.top < innerHeight;
    });
    assert.ok(verdictOnScreen, 'the verdict on screen after the link');
    assertNoProblems(page);
    await page.close();
  });

  it('has a Chinese UI for Chinese readers', async () => {
    const zh = await launch({ locale: 'zh-CN' });
    try {
      const page = await openDemo(zh.context);
      const ui = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        run: document.getElementById('run').textContent,
        panel: window.__closedRoots.find((r) => r.host.parentElement?.id === 'summary')?.querySelector('h2').textContent,
      }));
      assert.deepEqual(ui, { lang: 'zh-Hans', run: '高亮此文本', panel: 'Chiplight：本页术语' });
      assertNoProblems(page);
    } finally {
      await zh.close();
    }
  });
});
