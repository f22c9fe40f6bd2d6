// Both builds in headless Firefox (the extension's other browser): the classic build from file:// and
// the ES module build over http (127.0.0.1). Firefox is driven over WebDriver BiDi directly (Node 20
// needs --experimental-websocket, see tests/js/CMakeLists.txt); skipped when Firefox is not installed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { DIST, loadEsm } from './helpers.mjs';

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
const SAMPLE = 'Nvidia A100 80GB rented on AWS and 阿里云 via an intermediary (中介) 🙂 𠀀 \uD800 H100 NVL.';
const skip = !fs.existsSync(FIREFOX) ? `${FIREFOX} is not installed` : typeof WebSocket !== 'function' ? 'needs node --experimental-websocket' : false;
// Said so that CTest reports a skip, not a pass (SKIP_REGULAR_EXPRESSION in tests/js/CMakeLists.txt).
if (skip) console.log(`CHIPLIGHT-SKIP: Firefox tests not run: ${skip}`);

// Runs in the page: a JSON string, so that BiDi hands back a plain string.
const PAGE_SCRIPT = `async function run(api, sample) {
  const m = await api.createMatcher();
  const matches = m.scan(sample);
  let error = null;
  await api.createMatcher({ extraTerms: [{ label: 'Broken', category: 'chip', pattern: 'A(' }] }).catch((e) => { error = e.message; });
  const result = JSON.stringify({ version: m.lexiconVersion, matches, verdict: m.assess(matches).verdict, error });
  m.dispose();
  return result;
}`;

let expected;
let firefox;
let profile;
let server;
let ws;
let nextId = 0;
const pending = new Map();

function send(method, params) {
  return new Promise((resolve, reject) => {
    const id = ++nextId;
    pending.set(id, (msg) => (msg.type === 'error' ? reject(new Error(`${method}: ${msg.error}: ${msg.message}`)) : resolve(msg.result)));
    ws.send(JSON.stringify({ id, method, params }));
  });
}

async function evaluateInPage(url, expression) {
  const { context } = await send('browsingContext.create', { type: 'tab' });
  await send('browsingContext.navigate', { context, url, wait: 'complete' });
  const r = await send('script.evaluate', { expression, target: { context }, awaitPromise: true });
  await send('browsingContext.close', { context });
  if (r.type === 'exception') throw new Error(`in the page: ${r.exceptionDetails.text}`);
  return JSON.parse(r.result.value);
}

before(async () => {
  if (skip) return;
  const { createMatcher } = await loadEsm();
  const m = await createMatcher();
  const matches = m.scan(SAMPLE);
  let error = null;
  await createMatcher({ extraTerms: [{ label: 'Broken', category: 'chip', pattern: 'A(' }] }).catch((e) => { error = e.message; });
  expected = JSON.parse(JSON.stringify({ version: m.lexiconVersion, matches, verdict: m.assess(matches).verdict, error }));
  m.dispose();

  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-firefox-'));
  firefox = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port', '0'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`Firefox did not start: ${text.slice(-500)}`)), 30_000);
    firefox.stderr.on('data', (d) => {
      text += d;
      const found = text.match(/WebDriver BiDi listening on (ws:\/\/\S+)/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
  });
  ws = new WebSocket(`${url}/session`);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error('could not connect to Firefox'));
  });
  ws.onmessage = (event) => {
    const msg = JSON.parse(event.data);
    pending.get(msg.id)?.(msg);
    pending.delete(msg.id);
  };
  await send('session.new', { capabilities: {} });

  server = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url, 'http://127.0.0.1').pathname) || 'index.html';
    if (name === 'index.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><meta charset="utf-8"><title>t</title>');
      return;
    }
    const file = path.join(DIST, name);
    if (!fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type = { '.mjs': 'text/javascript', '.wasm': 'application/wasm' }[path.extname(file)] || 'application/octet-stream';
    res.writeHead(200, { 'content-type': type }).end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
});

after(async () => {
  if (ws) {
    await send('session.end', {}).catch(() => {});
    ws.close();
  }
  firefox?.kill();
  if (firefox) await new Promise((resolve) => (firefox.exitCode !== null ? resolve() : firefox.once('exit', resolve)));
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

test('classic build in a page opened from file://, in Firefox', { skip, timeout: 60_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-fx-page-'));
  try {
    fs.copyFileSync(path.join(DIST, 'chiplight.js'), path.join(dir, 'chiplight.js'));
    fs.writeFileSync(path.join(dir, 'index.html'),
      '<!doctype html><meta charset="utf-8"><title>t</title><script src="chiplight.js"></script>');
    const result = await evaluateInPage(pathToFileURL(path.join(dir, 'index.html')).href,
      `(${PAGE_SCRIPT})(window.Chiplight, ${JSON.stringify(SAMPLE)})`);
    assert.deepEqual(result, expected);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('ES module build in a page over http, in Firefox', { skip, timeout: 60_000 }, async () => {
  const origin = `http://127.0.0.1:${server.address().port}`;
  const result = await evaluateInPage(`${origin}/index.html`,
    `import('${origin}/chiplight.mjs').then((api) => (${PAGE_SCRIPT})(api, ${JSON.stringify(SAMPLE)}))`);
  assert.deepEqual(result, expected);
});
