// The extension in headless Chromium (the unpacked build in dist/extension/chrome/), on
// fixture pages served from 127.0.0.1. Each test starts its own browser with a fresh profile, so
// settings never leak between cases; CTest runs each case as its own entry (--test-name-pattern).
/* global chrome */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  REPO, askContent, badgeOf, currentWorker, extensionDir, fetchesOf, getSettings, highlightedTexts, launchExtension, matcherInfo, newPage,
  openExtensionPage, recordWarnings, serveFixtures, setSettings, sleep, tabIdOf, waitForHighlights, waitForState, warningsOf, withHeaders,
} from './lib.mjs';

const NEWS_HITS = ['H100', 'A100', 'Amazon Web Services', 'Bureau of Industry and Security', 'Export Administration Regulations'];

/** Runs `body({ context, worker, extensionId, server, open })` in a fresh browser; always cleans up. */
async function withExtension(body, options) {
  const server = await serveFixtures();
  const env = await launchExtension(options);
  try {
    const open = async (name, page = null) => {
      const p = page ?? await newPage(env.context);
      await p.goto(`${server.origin}/${name}`);
      return p;
    };
    await body({ ...env, server, open });
  } finally {
    await env.close();
    await server.close();
  }
}

const pageProblems = (page) => page.problems.filter((p) => !p.includes('favicon'));

test('a news page gets highlights by category, none in editable fields, and page scripts see no DOM change', () => withExtension(async ({ context, open }) => {
  const page = await open('news.html');
  await waitForHighlights(page, NEWS_HITS);
  const state = await waitForState(context, page);
  const highlights = await highlightedTexts(page);
  const categoryOf = (text) => highlights.find((h) => h.text === text)?.category;
  assert.equal(categoryOf('H100'), 'chip');
  assert.equal(categoryOf('Amazon Web Services'), 'cloud');
  assert.equal(categoryOf('Export Administration Regulations'), 'regulation');
  assert.ok(state.counts.total >= NEWS_HITS.length);
  assert.equal(state.where, 'service worker', 'in Chromium the matcher runs in the service worker');
  // The reader's own text is never touched: no hit inside the textarea or the editable area.
  const inEditable = await page.evaluate(() => {
    const editable = [document.getElementById('editable'), document.getElementById('ce')];
    let n = 0;
    for (const [name, h] of CSS.highlights) {
      if (!name.startsWith('chiplight-')) continue;
      for (const r of h) if (editable.some((e) => e.contains(r.startContainer))) n += 1;
    }
    return n;
  });
  assert.equal(inEditable, 0);
  // The default drawing mode leaves the page's DOM alone: the highlighter's host for cards and
  // announcements (<chiplight-ui>, a closed shadow root) joins the page only when a card opens.
  assert.deepEqual(await page.evaluate(() => window.pageSawMutations), [],
    'nothing in the page changes');
  assert.deepEqual(pageProblems(page), []);
}));

/** A news page served with this CSP header: Chromium's content scripts cannot compile wasm there. */
const cspCase = (csp) => withExtension(async ({ context, open }) => {
  await withHeaders(context, '/news.html', { 'content-security-policy': csp });
  const page = await open('news.html');
  await waitForHighlights(page, NEWS_HITS);
  // The page's own inline script was blocked by its CSP, so the policy really applied.
  assert.equal(await page.evaluate(() => window.pageSawMutations), undefined);
  const { where } = await waitForState(context, page);
  assert.equal(where, 'service worker');
});

test('a page served with CSP script-src self gets highlights', () => cspCase("script-src 'self'"));

test('a page served with CSP default-src none gets highlights', () => cspCase("default-src 'none'"));

test('a same-origin iframe gets highlights', () => withExtension(async ({ open }) => {
  const page = await open('frame-host.html');
  const frame = page.frames().find((f) => f.url().endsWith('frame-inner.html'));
  await waitForHighlights(frame, ['H100', 'Amazon Web Services']);
}));

test('an open shadow root gets highlights', () => withExtension(async ({ open }) => {
  const page = await open('shadow.html');
  await waitForHighlights(page, ['H100', 'Amazon Web Services']);
  const inside = await page.evaluate(() => {
    const root = document.getElementById('card').shadowRoot;
    return [...CSS.highlights].filter(([n]) => n.startsWith('chiplight-')).flatMap(([, h]) => [...h])
      .filter((r) => root.contains(r.startContainer)).length;
  });
  assert.ok(inside >= 2);
}));

test('a single-page app that swaps its article gets the new article highlighted', () => withExtension(async ({ context, open }) => {
  const page = await open('spa.html');
  await waitForState(context, page);
  assert.deepEqual(await highlightedTexts(page), []);
  await page.click('#go');
  await waitForHighlights(page, ['H100', 'Alibaba Cloud']);
}));

test('content added after load is highlighted', () => withExtension(async ({ context, open }) => {
  const page = await open('dynamic.html');
  await waitForState(context, page);
  await page.evaluate(() => window.addStory());
  await waitForHighlights(page, ['H100']);
}));

test('the badge and the popup show the counts and the verdict', () => withExtension(async ({ context, extensionId, open }) => {
  const page = await open('news.html');
  const state = await waitForState(context, page);
  assert.equal(state.verdict.verdict, 'strong', 'Chinese entities reaching Nvidia chips through AWS via intermediaries');
  let badge = await badgeOf(context, page);
  for (let i = 0; i < 50 && badge.text !== String(state.total); i += 1) {
    await sleep(100);
    badge = await badgeOf(context, page);
  }
  assert.equal(badge.text, String(state.total));
  assert.deepEqual(badge.color, [183, 28, 28, 255], 'red for a strong verdict');
  const tabId = await tabIdOf(context, page);
  const popup = await openExtensionPage(context, extensionId, `pages/popup.html?tab=${tabId}`);
  await popup.waitForFunction(() => document.querySelectorAll('#counts tr').length === 5);
  const shown = await popup.evaluate(() => Object.fromEntries([...document.querySelectorAll('#counts tr')]
    .map((tr) => [tr.dataset.category, Number(tr.querySelector('.count').textContent)])));
  assert.deepEqual(shown, { chip: state.counts.chip, cloud: state.counts.cloud, intermediary: state.counts.intermediary, regulation: state.counts.regulation, listed: state.counts.listed });
  assert.equal(await popup.textContent('#verdict-text'), 'strong');
  assert.equal(await popup.locator('#evidence button').count(), state.verdict.evidence.length);
  assert.ok(state.verdict.evidence.length > 0);
}));

test('an evidence link in the popup scrolls the page to its hit', () => withExtension(async ({ context, extensionId, open }) => {
  const page = await open('news.html');
  const state = await waitForState(context, page);
  const last = state.verdict.evidence.length - 1;
  const tabId = await tabIdOf(context, page);
  const popup = await openExtensionPage(context, extensionId, `pages/popup.html?tab=${tabId}`);
  await popup.waitForFunction(() => document.querySelectorAll('#evidence button').length > 0);
  // The page's own scroll position, read in its tab after the click (the hit below the fold).
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  await popup.locator('#evidence button').nth(last).click();
  await page.waitForFunction(() => window.scrollY > 0 || document.getSelection().toString().length > 0);
  const selected = await page.evaluate(() => document.getSelection().toString());
  assert.equal(selected, state.verdict.evidence[last].text);
  const visible = await page.evaluate(() => {
    const r = document.getSelection().getRangeAt(0).getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  });
  assert.ok(visible, 'the hit is in view');
}));

test('turning a category off removes its highlights at once, in open tabs', () => withExtension(async ({ context, extensionId, open }) => {
  const page = await open('news.html');
  await waitForHighlights(page, NEWS_HITS);
  const tabId = await tabIdOf(context, page);
  const popup = await openExtensionPage(context, extensionId, `pages/popup.html?tab=${tabId}`);
  await popup.waitForFunction(() => document.querySelectorAll('#counts tr').length === 5);
  await popup.uncheck('#cat-chip');
  await page.waitForFunction(() => ![...CSS.highlights.keys()].some((n) => n.startsWith('chiplight-') && n.endsWith('-chip') && CSS.highlights.get(n).size > 0));
  const left = await highlightedTexts(page);
  assert.ok(!left.some((h) => h.category === 'chip'));
  assert.ok(left.some((h) => h.category === 'cloud'), 'other categories stay');
  assert.equal((await getSettings(context)).categories.chip, false);
}));

test('a colour changed in the options repaints its category in open tabs', () => withExtension(async ({ context, extensionId, open }) => {
  const page = await open('news.html');
  await waitForHighlights(page, NEWS_HITS);
  const chipBackground = () => page.evaluate(() => {
    const name = [...CSS.highlights.keys()].find((n) => n.startsWith('chiplight-') && n.endsWith('-chip'));
    return getComputedStyle(document.getElementById('p1'), `::highlight(${name})`).backgroundColor;
  });
  const before = await chipBackground();
  const options = await openExtensionPage(context, extensionId, 'pages/options.html');
  await options.locator('#colour-chip').evaluate((input) => {
    input.value = '#0000ff';
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('change'));
  });
  // Pure blue at 32 % hardly stands out from a dark page.
  assert.match(await options.textContent('#contrast-chip'), /Barely visible: .* 1\.10:1 against a dark one/);
  await options.locator('#colour-cloud').evaluate((input) => {
    input.value = '#ffff00';
    input.dispatchEvent(new Event('input'));
  });
  assert.match(await options.textContent('#contrast-cloud'), /Barely visible: 1\.04:1 against a light page/);
  await page.waitForFunction((old) => {
    const name = [...CSS.highlights.keys()].find((n) => n.startsWith('chiplight-') && n.endsWith('-chip'));
    return getComputedStyle(document.getElementById('p1'), `::highlight(${name})`).backgroundColor !== old;
  }, before);
  assert.equal(await chipBackground(), 'rgba(0, 0, 255, 0.32)');
  assert.equal((await getSettings(context)).colours.chip, '#0000ff');
}));

test('pausing a site removes its highlights and survives a reload', () => withExtension(async ({ context, extensionId, open }) => {
  const page = await open('news.html');
  await waitForHighlights(page, NEWS_HITS);
  const tabId = await tabIdOf(context, page);
  const popup = await openExtensionPage(context, extensionId, `pages/popup.html?tab=${tabId}`);
  await popup.waitForFunction(() => document.getElementById('pause').textContent.length > 0);
  await popup.click('#pause');
  await page.waitForFunction(() => ![...CSS.highlights.keys()].some((n) => n.startsWith('chiplight-')));
  assert.deepEqual((await getSettings(context)).sitesOff, ['127.0.0.1']);
  await page.reload();
  await waitForState(context, page, (s) => !s.enabled);
  await sleep(500);
  assert.deepEqual(await highlightedTexts(page), []);
  assert.equal((await badgeOf(context, page)).text, '');
  await popup.reload();
  await popup.waitForFunction(() => document.getElementById('pause').dataset.paused === 'true');
  await popup.click('#pause');
  await waitForHighlights(page, NEWS_HITS);
}));

test('a custom literal and a custom RE2 pattern are found on pages', () => withExtension(async ({ context, extensionId, open }) => {
  const options = await openExtensionPage(context, extensionId, 'pages/options.html');
  await options.fill('#term-label', 'Zorblax');
  await options.selectOption('#term-category', 'chip');
  await options.selectOption('#term-type', 'literal');
  await options.fill('#term-value', 'Zorblax-9');
  await options.fill('#sample', 'We bought a Zorblax-9 last year.');
  await options.waitForFunction(() => document.querySelector('#preview mark')?.textContent === 'Zorblax-9');
  await options.click('#term-add');
  await options.waitForFunction(() => document.querySelectorAll('#terms li').length === 1);
  await options.fill('#term-label', 'ZQ boards');
  await options.selectOption('#term-type', 'pattern');
  await options.fill('#term-value', 'ZQ-\\d{4}');
  await options.fill('#sample', 'the ZQ-7741 board');
  await options.waitForFunction(() => document.querySelector('#preview mark')?.textContent === 'ZQ-7741');
  await options.click('#term-add');
  await options.waitForFunction(() => document.querySelectorAll('#terms li').length === 2);
  const page = await open('plain.html');
  await waitForHighlights(page, ['Zorblax-9', 'ZQ-7741', 'H100']);
}));

test('a bad custom pattern is refused with the message of RE2', () => withExtension(async ({ context, extensionId }) => {
  const options = await openExtensionPage(context, extensionId, 'pages/options.html');
  await options.fill('#term-label', 'Broken');
  await options.selectOption('#term-type', 'pattern');
  await options.fill('#term-value', 'A100(?:SXM');
  await options.waitForFunction(() => document.getElementById('term-error').textContent.length > 0);
  const message = await options.textContent('#term-error');
  assert.match(message, /missing \): A100\(\?:SXM/, 'RE2 says what is wrong');
  await options.click('#term-add');
  await sleep(300);
  assert.equal(await options.locator('#terms li').count(), 0);
  assert.equal(await getSettings(context), null, 'nothing saved');
}));

test('a bad settings file is refused with the reason and changes nothing', () => withExtension(async ({ context, extensionId }) => {
  await setSettings(context, { sitesOff: ['example.org'] });
  const before = await getSettings(context);
  const options = await openExtensionPage(context, extensionId, 'pages/options.html');
  const tryImport = async (name, text) => {
    await options.setInputFiles('#import', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await options.waitForFunction(() => document.getElementById('import-result').textContent.length > 0);
    const shown = await options.textContent('#import-result');
    await options.evaluate(() => { document.getElementById('import-result').textContent = ''; });
    return shown;
  };
  assert.match(await tryImport('broken.json', '{"categories": '), /Not imported, nothing changed: .*JSON/);
  assert.match(await tryImport('other.json', '{"theme": "dark"}'), /unknown setting "theme"/);
  assert.match(await tryImport('pattern.json', JSON.stringify({ customTerms: [{ label: 'X', category: 'chip', type: 'pattern', value: '(' }] })), /missing \)/);
  assert.deepEqual(await getSettings(context), before);
  // A good file is taken whole.
  assert.match(await tryImport('good.json', JSON.stringify({ ...before, sitesOff: ['example.com'] })), /Imported/);
  assert.deepEqual((await getSettings(context)).sitesOff, ['example.com']);
}));

test('a broken listed-parties file is one error naming the place and changes nothing stored; a good file after it is taken', () => withExtension(async ({ context, extensionId }) => {
  const data = path.join(REPO, 'tests', 'entity_list', 'data');
  const sample = (name) => fs.readFileSync(path.join(data, name));
  await setSettings(context, {
    categories: { chip: true, cloud: false, intermediary: true, regulation: true, listed: true },
    colours: { chip: '#aa5500', cloud: '#03a9f4', intermediary: '#e91e63', regulation: '#4caf50', listed: '#7e57c2' },
    customTerms: [{ label: 'Zorblax', category: 'chip', type: 'literal', value: 'Zorblax-9' }],
    sitesOff: ['example.org'],
  });
  const options = await openExtensionPage(context, extensionId, 'pages/options.html');
  await options.waitForFunction(() => document.body.dataset.ready === 'yes', null, { timeout: 60000 });
  const importList = async (name, buffer) => {
    await options.evaluate(() => { document.getElementById('import-list-result').textContent = ''; });
    await options.setInputFiles('#import-list', { name, mimeType: name.endsWith('.csv') ? 'text/csv' : 'application/json', buffer });
    await options.waitForFunction(() => document.getElementById('import-list-result').textContent.length > 0, null, { timeout: 60000 });
    return options.evaluate(() => ({
      text: document.getElementById('import-list-result').textContent,
      ok: document.getElementById('import-list-result').dataset.ok,
      status: document.getElementById('listed-status').textContent,
      // Every message the page shows (role=alert): only the list's own.
      alerts: [...document.querySelectorAll('[role=alert]')].filter((e) => e.textContent.trim()).map((e) => e.id),
    }));
  };
  /** Everything the extension keeps: both storage areas and the permissions it holds (sites). */
  const stored = async () => (await currentWorker(context)).evaluate(async () => ({
    sync: await chrome.storage.sync.get(null),
    local: await chrome.storage.local.get(null),
    permissions: await chrome.permissions.getAll(),
  }));
  // The list the reader imported before.
  const first = await importList('csl-sample.json', sample('csl-sample.json'));
  assert.match(first.text, /^Imported: listed parties as of \d{4}-\d{2}-\d{2}\.$/);
  const before = await stored();
  assert.equal(before.local.listedParties.fileName, 'csl-sample.json');
  assert.ok(before.local.listedParties.entries.length > 0);
  assert.equal(before.sync.settings.categories.cloud, false);
  assert.ok(before.permissions.origins.length > 0, JSON.stringify(before.permissions));

  const goodEntry = { id: 'listed-entity-alpha-zorg', category: 'listed', kind: 'entity', label: 'Alpha Zorg Corp', names: ['Alpha Zorg Corp'] };
  const converted = (entries) => Buffer.from(JSON.stringify({ format: 1, kind: 'chiplight-listed-parties', list_date: '2025-10-09', entries }));
  const broken = [
    ['broken-truncated.json', sample('broken-truncated.json'), /^broken-truncated\.json: not valid JSON: /],
    ['broken-no-name-column.csv', sample('broken-no-name-column.csv'), /^broken-no-name-column\.csv:1: not a Consolidated Screening List CSV: missing column\(s\) name$/],
    ['broken-extra-field.csv', sample('broken-extra-field.csv'), /^broken-extra-field\.csv:5: row has 30 fields where the header has 29$/],
    ['broken-record.json', sample('broken-record.json'), /^broken-record\.json: record 4: not an object$/],
    ['broken-latin1.csv', sample('broken-latin1.csv'), /^broken-latin1\.csv:4: not UTF-8 \(byte \d+\)$/],
    // A file import-list wrote, one entry of which the matcher refuses: named by its place in the
    // file, not by its place after the reader's own terms.
    ['one-bad-entry.json', converted([goodEntry, { ...goodEntry, id: 'listed-entity-empty', label: 'Empty', names: [''] }]), /^one-bad-entry\.json: entries\[1\] \(Empty\): names\[0\]: must not be empty$/],
    ['other-category.json', converted([goodEntry, { ...goodEntry, id: 'sneaky', category: 'chip', names: ['Zorg'] }]), /^other-category\.json: entries\[1\] \(sneaky\): category must be "listed"/],
  ];
  for (const [name, buffer, place] of broken) {
    const result = await importList(name, buffer);
    const prefix = 'Not imported, nothing changed: ';
    assert.ok(result.text.startsWith(prefix), `${name}: ${result.text}`);
    assert.match(result.text.slice(prefix.length), place, name);
    assert.ok(!result.text.includes('\n'), `${name}: one line`);
    assert.equal(result.ok, 'false', name);
    assert.deepEqual(result.alerts, ['import-list-result'], `${name}: one message on the page`);
    assert.equal(result.status, first.status, `${name}: the page still shows the list imported before`);
    assert.deepEqual(await stored(), before, `${name}: storage and permissions exactly as before`);
  }

  // A good file after the broken ones is taken; nothing else changes.
  const good = await importList('csl-sample.csv', sample('csl-sample.csv'));
  assert.match(good.text, /^Imported: listed parties as of /);
  assert.equal(good.ok, 'true');
  assert.match(good.status, /\(from csl-sample\.csv\)\.$/);
  const after = await stored();
  assert.equal(after.local.listedParties.fileName, 'csl-sample.csv');
  assert.deepEqual(after.sync, before.sync);
  assert.deepEqual(after.permissions, before.permissions);
  assert.deepEqual({ ...after.local, listedParties: null }, { ...before.local, listedParties: null });
}));

const LISTED_HITS = ['Inspur Group', 'IFLYTEK'];

test('the packaged list turned on in the options highlights listed parties in an open tab, read from the stored tables', () => withExtension(async ({ context, extensionId, open }) => {
  const page = await open('listed.html');
  await waitForHighlights(page, ['H100']);
  const before = (await highlightedTexts(page)).map((h) => h.text);
  assert.ok(!LISTED_HITS.some((t) => before.includes(t)), 'off by default: no listed party highlighted');
  assert.equal((await matcherInfo(context, extensionId)).listed, 'none');
  const options = await openExtensionPage(context, extensionId, 'pages/options.html');
  await options.waitForFunction(() => document.getElementById('packaged-list-label').textContent !== '');
  assert.match(await options.textContent('#packaged-list-label'), /as of \d{4}-\d{2}-\d{2}\b/, 'the package states its date');
  await recordWarnings(context);
  const started = Date.now();
  await options.click('#packaged-list');
  await waitForHighlights(page, LISTED_HITS, { timeout: 120000 });
  console.log(`from enabling the packaged list to its highlights: ${Date.now() - started} ms`);
  assert.equal((await getSettings(context)).packagedList, true);
  const categoryOf = new Map((await highlightedTexts(page)).map((h) => [h.text, h.category]));
  assert.equal(categoryOf.get('Inspur Group'), 'listed');
  assert.equal(categoryOf.get('IFLYTEK'), 'listed');
  const info = await matcherInfo(context, extensionId);
  assert.equal(info.listed, 'tables', 'the background read the stored tables');
  assert.ok(info.entries > 3000, `the list's entries are in the matcher (${info.entries})`);
  const fetched = await fetchesOf(context);
  assert.ok(fetched.includes('/chiplight-listed-tables.bin'), `the tables file was fetched: ${fetched.join(', ')}`);
  assert.deepEqual(await warningsOf(context), [], 'no warning on the stored path');
}));

test('corrupt stored tables: one console warning, the list compiled at run time, the page still highlighted', async () => {
  // A copy of the unpacked build with one byte of the tables changed (the checksum catches it).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-ext-'));
  try {
    fs.cpSync(extensionDir('chrome'), dir, { recursive: true });
    const tables = path.join(dir, 'chiplight-listed-tables.bin');
    const bytes = fs.readFileSync(tables);
    bytes[bytes.length >> 1] ^= 0x5a;
    fs.writeFileSync(tables, bytes);
    await withExtension(async ({ context, extensionId, open }) => {
      await setSettings(context, { categories: { chip: true, cloud: true, intermediary: true, regulation: true, listed: true }, packagedList: true });
      await recordWarnings(context);
      const page = await open('listed.html');
      await waitForHighlights(page, [...LISTED_HITS, 'H100'], { timeout: 120000 });
      const warnings = await warningsOf(context);
      assert.equal(warnings.length, 1, `one warning: ${JSON.stringify(warnings)}`);
      assert.match(warnings[0], /^Chiplight: the packaged listed parties' stored tables were not read \(.*listed tables.*\); compiling the list instead$/);
      assert.equal((await matcherInfo(context, extensionId)).listed, 'compiled');
      assert.deepEqual(pageProblems(page), []);
    }, { dir });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an imported list replaces the packaged one: its names, compiled at run time', () => withExtension(async ({ context, extensionId, open }) => {
  await setSettings(context, { categories: { chip: true, cloud: true, intermediary: true, regulation: true, listed: true }, packagedList: true });
  const worker = await currentWorker(context);
  await worker.evaluate(() => chrome.storage.local.set({ listedParties: { listDate: '2025-11-01', fileName: 'mine.json', entries: [{ id: 'listed-entity-zorg', category: 'listed', kind: 'entity', label: 'Zorg Dynamics', names: ['Zorg Dynamics'] }] } }));
  const page = await open('listed.html');
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<p>Zorg Dynamics bought them.</p>'));
  await waitForHighlights(page, ['Zorg Dynamics', 'H100'], { timeout: 60000 });
  const seen = (await highlightedTexts(page)).map((h) => h.text);
  assert.ok(!LISTED_HITS.some((t) => seen.includes(t)), 'the packaged list is not used beside the import');
  assert.equal((await matcherInfo(context, extensionId)).listed, 'import');
}));

test('settings past the sync quota are kept in local storage and still apply', () => withExtension(async ({ context, extensionId, open }) => {
  // 150 custom terms are more than sync's 8 KB per item.
  const customTerms = Array.from({ length: 150 }, (_, i) => ({ label: `Board ${i}`, category: 'chip', type: 'literal', value: `Zorblax-${1000 + i} accelerator board` }));
  customTerms.push({ label: 'Zorblax', category: 'chip', type: 'literal', value: 'Zorblax-9' });
  const options = await openExtensionPage(context, extensionId, 'pages/options.html');
  await options.setInputFiles('#import', { name: 'many.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ customTerms })) });
  await options.waitForFunction(() => document.getElementById('import-result').textContent.length > 0);
  assert.equal(await options.textContent('#import-result'), 'Imported.');
  const worker = await currentWorker(context);
  const stored = await worker.evaluate(async () => ({
    sync: (await chrome.storage.sync.get('settings')).settings ?? null,
    local: await chrome.storage.local.get(['settings', 'settingsArea']),
  }));
  assert.equal(stored.sync, null, 'not in sync');
  assert.equal(stored.local.settingsArea, 'local');
  assert.equal(stored.local.settings.customTerms.length, 151);
  const page = await open('plain.html');
  await waitForHighlights(page, ['Zorblax-9', 'H100']);
  // Back under the quota: the settings move back to sync.
  await options.evaluate(() => { document.getElementById('import-result').textContent = ''; });
  await options.setInputFiles('#import', { name: 'few.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ customTerms: customTerms.slice(-1) })) });
  await options.waitForFunction(() => document.getElementById('import-result').textContent === 'Imported.');
  assert.equal((await getSettings(context)).customTerms.length, 1);
}));

test('a service worker stopped mid-session loses no highlight on the next page', () => withExtension(async ({ context, extensionId, open }) => {
  const first = await open('news.html');
  await waitForHighlights(first, NEWS_HITS);
  const before = (await highlightedTexts(first)).length;
  // Stop the worker as the browser does when it idles: CDP's ServiceWorker domain, from a page
  // of the extension (the worker lives in the extension's storage partition).
  const options = await openExtensionPage(context, extensionId, 'pages/options.html');
  const cdp = await context.newCDPSession(options);
  const statuses = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) if (v.scriptURL.endsWith('/background.js')) statuses.push(v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  for (let i = 0; i < 100 && statuses.at(-1) !== 'stopped'; i += 1) await sleep(50);
  assert.equal(statuses.at(-1), 'stopped', 'the worker was stopped');
  const second = await open('news.html');
  await waitForHighlights(second, NEWS_HITS);
  assert.equal((await highlightedTexts(second)).length, before, 'every highlight of the first visit is there again');
  assert.ok(statuses.lastIndexOf('running') > statuses.indexOf('stopped'), 'a new worker answered the page');
}));

test('no request leaves the extension', () => withExtension(async ({ context, extensionId, open, server }) => {
  // Every request of every page and frame goes through the router; the service worker's own
  // fetches (it has no page) are in its resource timing.
  const requests = [];
  await context.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.continue();
  });
  context.on('request', (r) => requests.push(r.url()));
  const page = await open('news.html');
  await waitForHighlights(page, NEWS_HITS);
  const tabId = await tabIdOf(context, page);
  const popup = await openExtensionPage(context, extensionId, `pages/popup.html?tab=${tabId}`);
  await popup.fill('#search', 'H100');
  await popup.waitForFunction(() => document.querySelectorAll('#results li').length > 0);
  const options = await openExtensionPage(context, extensionId, 'pages/options.html');
  await options.waitForFunction(() => document.body.dataset.ready === 'yes');
  await options.fill('#term-value', 'Zorblax');
  await options.waitForFunction(() => document.getElementById('preview').textContent.length > 0);
  await askContent(context, page, { type: 'panel' });
  await askContent(context, page, { type: 'next' });
  await askContent(context, page, { type: 'explain', text: 'Nvidia H100' });
  const worker = await currentWorker(context);
  requests.push(...await worker.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)));
  for (const p of [page, popup, options]) requests.push(...await p.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)));
  const outside = requests.filter((u) => !u.startsWith(`${server.origin}/`) && !u.startsWith(`chrome-extension://${extensionId}/`) && !u.startsWith('data:'));
  assert.deepEqual(outside, []);
  const pageRequests = requests.filter((u) => u.startsWith(`${server.origin}/`)).map((u) => new URL(u).pathname);
  assert.deepEqual([...new Set(pageRequests)], ['/news.html'], 'the page loads only itself; the extension fetches nothing');
}));

test('Explain with Chiplight opens the card for a selected term, or says none was found', () => withExtension(async ({ context, open }) => {
  const page = await open('news.html');
  await waitForState(context, page);
  // What the menu sends for a selection of a highlighted term on the page: "H100" alone is too
  // short for its context rule, so only the hit under the selection can explain it.
  await page.evaluate(() => {
    const text = document.getElementById('p1').querySelector('b').nextSibling;
    const at = text.data.indexOf('H100');
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + 4);
    document.getSelection().removeAllRanges();
    document.getSelection().addRange(range);
  });
  const found = await askContent(context, page, { type: 'explain', text: 'H100' });
  assert.deepEqual(found, { shown: true, id: 'nvidia-h100' });
  const state = await askContent(context, page, { type: 'state' });
  assert.equal(state.openCard, 'nvidia-h100', 'the card of that entry is open');
  // A name selected with no hit under it: the entry, by its label, and its hit on the page.
  await page.evaluate(() => document.getSelection().removeAllRanges());
  const named = await askContent(context, page, { type: 'explain', text: 'Bureau of Industry and Security' });
  assert.equal(named.shown, true, JSON.stringify(named));
  const none = await askContent(context, page, { type: 'explain', text: 'a sentence about the weather' });
  assert.equal(none.shown, false);
  assert.match(none.note, /no known term in “a sentence about the weather”/);
}));
