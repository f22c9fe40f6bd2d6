// Each build where it is meant to load, in headless Chromium: the ES module in a page over http
// (127.0.0.1), the classic build in a page opened from file://, and the classic build in an MV3
// extension's service worker (importScripts). Results must equal Node's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS } from '../browser/lib.mjs';
import { DIST, loadEsm } from './helpers.mjs';

const SAMPLE = 'Nvidia A100 80GB rented on AWS and 阿里云 via an intermediary (中介) 🙂 𠀀 \uD800 H100 NVL.';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TYPES = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm' };

let expected;
const cleanups = [];

function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function launch(extensionDir) {
  const args = [...CHROMIUM_ARGS];
  if (extensionDir) args.push(`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`);
  const context = await chromium.launchPersistentContext(tempDir('chiplight-profile-'), {
    executablePath: CHROMIUM, headless: true, args,
  });
  cleanups.push(() => context.close());
  return context;
}

// What runs in the browser: load nothing, just use the API that is already there.
async function useApi(api, sample) {
  const m = await api.createMatcher();
  const matches = m.scan(sample);
  const result = { version: m.lexiconVersion, matches, verdict: m.assess(matches).verdict, label: m.entry(matches[0].id).label };
  m.dispose();
  return result;
}

before(async () => {
  const { createMatcher } = await loadEsm();
  expected = await useApi({ createMatcher }, SAMPLE);
  assert.ok(expected.matches.length >= 4);
});

after(async () => {
  for (const f of cleanups.reverse()) await f();
});

test('ES module build in a page over http (127.0.0.1)', { timeout: 60_000 }, async () => {
  const server = http.createServer((req, res) => {
    const name = new URL(req.url, 'http://127.0.0.1').pathname.slice(1) || 'index.html';
    // Under /octet/ the .wasm comes as application/octet-stream (streaming compilation refuses it).
    const octet = name.startsWith('octet/');
    if (name === 'index.html' || name === 'octet/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><meta charset="utf-8"><title>t</title>');
      return;
    }
    const file = path.join(DIST, path.basename(name));
    if (!fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type = octet && file.endsWith('.wasm') ? 'application/octet-stream' : TYPES[path.extname(file)];
    res.writeHead(200, { 'content-type': type || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => {
    server.close(resolve);
    server.closeAllConnections();  // the browser's idle keep-alive connections would hold close()
  }));
  const context = await launch();
  for (const dir of ['/', '/octet/']) {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${server.address().port}${dir}`);
    const result = await page.evaluate(async ([sample, fn, moduleUrl]) => {
      const api = await import(moduleUrl);
      return new Function(`return (${fn})`)()(api, sample);
    }, [SAMPLE, useApi.toString(), `${dir}chiplight.mjs`]);
    assert.deepEqual(result, expected, dir);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('classic build in a page opened from file://', { timeout: 60_000 }, async () => {
  const dir = tempDir('chiplight-file-');
  fs.copyFileSync(path.join(DIST, 'chiplight.js'), path.join(dir, 'chiplight.js'));
  fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><title>t</title>
<script src="chiplight.js"></script>
<script>
  window.result = (${useApi.toString()})(window.Chiplight, ${JSON.stringify(SAMPLE)})
    .catch((e) => ({ error: String(e) }));
</script>`);
  const context = await launch();
  const page = await context.newPage();
  await page.goto(pathToFileURL(path.join(dir, 'index.html')).href);
  const result = await page.evaluate(() => window.result);
  assert.deepEqual(result, expected);
});

test('classic build in an MV3 extension service worker (importScripts)', { timeout: 60_000 }, async () => {
  const dir = tempDir('chiplight-extension-');
  fs.copyFileSync(path.join(DIST, 'chiplight.js'), path.join(dir, 'chiplight.js'));
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
    manifest_version: 3,
    name: 'Chiplight wasm test',
    version: '0.0.1',
    background: { service_worker: 'sw.js' },
    content_security_policy: { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" },
  }));
  fs.writeFileSync(path.join(dir, 'sw.js'), `importScripts('chiplight.js');
self.useApi = ${useApi.toString()};
self.addEventListener('install', () => self.skipWaiting());
`);
  const context = await launch(dir);
  const worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const result = await worker.evaluate((sample) => self.useApi(self.Chiplight, sample), SAMPLE);
  assert.deepEqual(result, expected);
});
