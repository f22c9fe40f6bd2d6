// The report `chiplight report` writes, opened from file:// in headless Chromium: no console
// error and not one request, the triage table sorts and filters, a document opens highlighted
// (pages numbered for a PDF), a glossary card opens, and a report of 1,000 documents opens whole.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, REPO } from '../../scripts/lib/browser.mjs';

const CLI = process.env.CHIPLIGHT_CLI || path.join(REPO, 'build', 'native', 'chiplight');
const DOCUMENTS = process.env.CHIPLIGHT_DOCUMENTS;

let browser;
let dir;

function report(name, inputs) {
  const out = path.join(dir, name);
  execFileSync(CLI, ['report', ...inputs, '-o', out], { stdio: 'pipe' });
  return out;
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-report-'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The report opened from file://, with every request and problem recorded. */
async function open(file, hash = '') {
  const page = await browser.context.newPage();
  page.problems = [];
  page.requests = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith('file://') && !r.url().startsWith('data:')) page.requests.push(r.url()); });
  await page.goto(`file://${file}${hash}`);
  await page.waitForFunction(() => window.chiplightReport);
  await page.evaluate(() => window.chiplightReport.ready);
  return page;
}

const tableRows = (page) => page.$$eval('#rows tr', (rows) => rows.map((r) => ({
  verdict: r.dataset.verdict,
  file: r.querySelector('td.file a').textContent,
  chip: Number(r.children[1].textContent),
})));

describe('the report from file://', () => {
  it('opens with no console error and not one request; the table lists every document by verdict', async () => {
    const file = report('samples.html', [path.join(REPO, 'samples')]);
    const page = await open(file);
    const rows = await tableRows(page);
    assert.equal(rows.length, 5);
    const rank = { strong: 3, moderate: 2, weak: 1, none: 0 };
    for (let i = 1; i < rows.length; i += 1) assert.ok(rank[rows[i - 1].verdict] >= rank[rows[i].verdict], 'strongest first');
    assert.equal(rows.at(-1).verdict, 'none');
    assert.match(await page.textContent('#counts'), /5 of 5 documents/);
    await page.evaluate(() => window.chiplightReport.matcher());
    assert.deepEqual(page.problems, []);
    assert.deepEqual(page.requests, []);
    await page.close();
  });

  it('sorts by a column and filters by verdict, category and name', async () => {
    const file = report('samples.html', [path.join(REPO, 'samples')]);
    const page = await open(file);
    await page.click('th[data-key="chip"] button');
    let rows = await tableRows(page);
    for (let i = 1; i < rows.length; i += 1) assert.ok(rows[i - 1].chip >= rows[i].chip, 'most chips first');
    assert.equal(await page.getAttribute('th[data-key="chip"]', 'aria-sort'), 'descending');
    await page.click('th[data-key="chip"] button');
    rows = await tableRows(page);
    for (let i = 1; i < rows.length; i += 1) assert.ok(rows[i - 1].chip <= rows[i].chip, 'fewest chips first');
    await page.click('th[data-key="file"] button');
    rows = await tableRows(page);
    assert.deepEqual(rows.map((r) => r.file), [...rows.map((r) => r.file)].sort((a, b) => a.localeCompare(b)));

    await page.selectOption('#filter-verdict', 'none');
    rows = await tableRows(page);
    assert.ok(rows.length >= 1 && rows.every((r) => r.verdict === 'none'));
    assert.match(await page.textContent('#counts'), new RegExp(`${rows.length} of 5 documents`));
    await page.selectOption('#filter-verdict', '');
    await page.selectOption('#filter-category', 'cloud');
    const withCloud = await page.$$eval('#rows tr', (trs) => trs.map((tr) => Number(tr.children[2].textContent)));
    assert.ok(withCloud.length >= 1 && withCloud.length < 5 && withCloud.every((n) => n > 0));
    await page.selectOption('#filter-category', '');
    await page.fill('#filter-name', 'shenzhen');
    rows = await tableRows(page);
    assert.deepEqual(rows.map((r) => path.basename(r.file)), ['shenzhen-cloud-tender.txt']);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  it('opens a document highlighted with its summary panel, and a glossary card', async () => {
    const file = report('samples.html', [path.join(REPO, 'samples')]);
    const page = await open(file);
    await page.click('#rows tr:first-child td.file a');
    await page.waitForFunction(() => window.chiplightReport.controller);
    const state = await page.evaluate(async () => {
      const c = window.chiplightReport.controller;
      await c.ready;
      return { total: c.counts.total, verdict: c.verdict.verdict, name: document.getElementById('doc-name').textContent };
    });
    assert.ok(state.total >= 3, `mentions highlighted (${state.total})`);
    assert.equal(state.verdict, 'strong');
    const row = (await tableRows(await open(file)))[0];
    assert.equal(state.name, row.file);
    // The card: opened on the first hit, as a reader's Enter or hover would.
    const card = await page.evaluate(() => {
      const c = window.chiplightReport.controller;
      let opened = null;
      c.addEventListener('cardopen', (e) => { opened = e.detail?.hit?.id || 'open'; });
      c.focusHit(0, { openCard: true });
      return opened;
    });
    assert.ok(card, 'a glossary card opened');
    const panel = await page.$eval('#doc-summary', (box) => box.children.length);
    assert.equal(panel, 1, 'the summary panel is there');
    // Back to the table.
    await page.click('#back');
    await page.waitForFunction(() => !document.getElementById('triage').hidden);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  it('shows a document\'s markup and a file name\'s as text: nothing in them runs or loads', async () => {
    const hostile = path.join(dir, 'hostile');
    fs.mkdirSync(hostile, { recursive: true });
    const payload = 'A100 GPU servers from Alibaba Cloud </script><script>window.pwned = 1</script>'
      + '<!-- <img src="https://example.com/x.png" onerror="window.pwned = 2"> 中介';
    fs.writeFileSync(path.join(hostile, '<img src=x onerror=window.pwned=3>.txt'), payload);
    const file = report('hostile.html', [hostile]);
    const page = await open(file, '#doc-0');
    await page.waitForFunction(() => window.chiplightReport.controller);
    await page.evaluate(() => window.chiplightReport.controller.ready);
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    assert.equal(await page.textContent('#doc-text'), payload);
    assert.match(await page.textContent('#doc-name'), /<img src=x onerror=window\.pwned=3>\.txt$/);
    assert.deepEqual(page.requests, []);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  it('numbers the pages of a PDF', { skip: !DOCUMENTS && 'CHIPLIGHT_DOCUMENTS (the readers\' fixtures) not given' }, async () => {
    const file = report('pdf.html', [path.join(DOCUMENTS, 'pdf', 'multipage.pdf')]);
    const page = await open(file, '#doc-0');
    await page.waitForFunction(() => window.chiplightReport.controller);
    await page.evaluate(() => window.chiplightReport.controller.ready);
    const pages = await page.$$eval('#doc-text h3.page', (hs) => hs.map((h) => h.textContent));
    assert.deepEqual(pages, ['Page 1', 'Page 2', 'Page 3']);
    const hits = await page.evaluate(() => window.chiplightReport.controller.hits.map((h) => h.text));
    assert.ok(hits.includes('A100') && hits.includes('Alibaba Cloud'), hits.join(', '));
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  it('a report of 1,000 documents opens with its whole table (the time it takes is printed)', async () => {
    const folder = path.join(dir, 'thousand');
    const samples = fs.readdirSync(path.join(REPO, 'samples')).filter((f) => /\.(txt|md|html)$/.test(f));
    for (let i = 0; i < 1000; i += 1) {
      const sample = samples[i % samples.length];
      const sub = path.join(folder, `lot${Math.floor(i / 100)}`);
      fs.mkdirSync(sub, { recursive: true });
      fs.copyFileSync(path.join(REPO, 'samples', sample), path.join(sub, `${i}-${sample}`));
    }
    const file = report('thousand.html', [folder]);
    const page = await open(file);
    const times = await page.evaluate(() => ({
      table: performance.getEntriesByName('chiplight-table')[0].startTime,
      loaded: performance.getEntriesByType('navigation')[0].loadEventEnd,
    }));
    // A figure for docs/performance.md, not an assertion: timings swing with the machine's load.
    console.log(`# 1,000-document report (${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MB): `
      + `table up ${Math.round(times.table)} ms after navigation, load event ${Math.round(times.loaded)} ms`);
    assert.equal(await page.$$eval('#rows tr', (r) => r.length), 1000);
    await page.click('#rows tr:nth-child(500) td.file a');
    await page.waitForFunction(() => window.chiplightReport.controller);
    await page.evaluate(() => window.chiplightReport.controller.ready);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
