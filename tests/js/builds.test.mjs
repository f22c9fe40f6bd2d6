// Both builds (dist/chiplight.mjs and the classic dist/chiplight.js) load in Node and behave the same.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { test } from 'node:test';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

import { DIST, TEST_TERMS, loadClassic, loadEsm } from './helpers.mjs';

const SAMPLE = 'Nvidia A100 80GB servers rented on AWS and 阿里云 through an intermediary (中介); '
  + 'the H100 NVL ban, 英伟达H20 芯片, 出口管制 and the Entity List. Zorblax 9000 🙂 测试云平台 \uD800.';

async function exercise(api) {
  assert.equal(typeof api.createMatcher, 'function');
  const m = await api.createMatcher({ extraTerms: TEST_TERMS });
  try {
    const methods = ['scan', 'entry', 'entries', 'listEntries', 'assess', 'dispose', 'memoryUsage'];
    for (const name of methods) assert.equal(typeof m[name], 'function', name);
    const matches = m.scan(SAMPLE);
    const entries = m.entries().map((e) => ({ ...e }));
    return {
      version: m.lexiconVersion,
      matches: matches.map((x) => ({ ...x })),
      entries,
      glossary: entries.slice(0, 50).map((e) => m.entry(e.id)),
      assessment: JSON.parse(JSON.stringify(m.assess(matches))),
    };
  } finally {
    m.dispose();
  }
}

test('the ES module build loads in Node and works', async () => {
  const esm = await loadEsm();
  assert.deepEqual(Object.keys(esm).sort(), ['CATEGORIES', 'blockSeparator', 'categories', 'createMatcher', 'default']);
  assert.equal(esm.default.createMatcher, esm.createMatcher);
  const r = await exercise(esm);
  assert.ok(r.matches.length >= 4);
});

test('the classic build defines the global Chiplight with the same API and the same results', async () => {
  const classic = loadClassic();
  assert.deepEqual(Object.keys(classic).sort(), ['CATEGORIES', 'blockSeparator', 'categories', 'createMatcher']);
  const esm = await loadEsm();
  const plain = (x) => JSON.parse(JSON.stringify(x));  // the classic build runs in another realm
  assert.deepEqual(plain(await exercise(classic)), plain(await exercise(esm)));
});

test('the classic build leaves AMD loaders (RequireJS on a host page) alone', async () => {
  const calls = [];
  const define = (...args) => calls.push(args);
  define.amd = {};
  const api = loadClassic({ define });
  assert.equal(typeof api.createMatcher, 'function');
  assert.deepEqual(calls, []);
});

test('the classic build is also a CommonJS module', async () => {
  // dist/ sits inside a "type": "module" package, so load it through a .cjs copy (outside the
  // tree, where other tests and ESLint run at the same time).
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-cjs-'));
  try {
    const copy = path.join(tmp, 'chiplight.cjs');
    fs.copyFileSync(path.join(DIST, 'chiplight.js'), copy);
    const api = createRequire(import.meta.url)(copy);
    assert.equal(typeof api.createMatcher, 'function');
    const m = await api.createMatcher();
    assert.ok(m.scan(SAMPLE).length > 0);
    m.dispose();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('dist/ has the wasm next to the ES module, the classic build has it inlined, and types', () => {
  for (const f of ['chiplight.mjs', 'chiplight.wasm', 'chiplight.js', 'chiplight.d.ts']) {
    assert.ok(fs.existsSync(path.join(DIST, f)), f);
  }
  const wasm = fs.readFileSync(path.join(DIST, 'chiplight.wasm'));
  assert.deepEqual([...wasm.subarray(0, 4)], [0, 0x61, 0x73, 0x6d]);
  const classic = fs.readFileSync(path.join(DIST, 'chiplight.js'), 'utf8');
  const inlined = zlib.gunzipSync(Buffer.from(classic.match(/WASM_GZIP_BASE64 = '([^']+)'/)[1], 'base64'));
  assert.ok(inlined.equals(wasm), 'the classic build carries the same module');
  assert.doesNotMatch(classic, /\bnew Function\b|\beval\(/, 'no eval: MV3 extension pages forbid it');
  const dts = fs.readFileSync(path.join(DIST, 'chiplight.d.ts'), 'utf8');
  for (const name of ['createMatcher', 'scan', 'entry', 'entries', 'assess', 'lexiconVersion', 'dispose']) {
    assert.match(dts, new RegExp(`\\b${name}\\b`), name);
  }
});

test('the ES module build takes the wasm from options.wasm (bytes or a compiled module)', async () => {
  const file = path.join(DIST, 'chiplight.mjs');
  const bytes = fs.readFileSync(path.join(DIST, 'chiplight.wasm'));
  const sources = [bytes, await WebAssembly.compile(bytes)];
  for (const [i, wasm] of sources.entries()) {
    // A query string gives a fresh copy of the module, hence a fresh WebAssembly instance.
    const fresh = await import(`${pathToFileURL(file).href}?instance=${i}`);
    const m = await fresh.createMatcher({ wasm });
    assert.ok(m.scan(SAMPLE).length >= 4);
    m.dispose();
  }
  const broken = await import(`${pathToFileURL(file).href}?instance=broken`);
  await assert.rejects(broken.createMatcher({ wasm: new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]) }), WebAssembly.CompileError);
  // A failed load can be retried.
  const m = await broken.createMatcher({ wasm: bytes });
  assert.ok(m.scan(SAMPLE).length >= 4);
  m.dispose();
});

test('the ES module build takes the wasm from options.wasm as a URL (a string or a URL object)', async () => {
  const file = path.join(DIST, 'chiplight.mjs');
  const bytes = fs.readFileSync(path.join(DIST, 'chiplight.wasm'));
  const server = http.createServer((req, res) => {
    if (req.url === '/chiplight.wasm') {
      res.writeHead(200, { 'content-type': 'application/wasm' });
      res.end(bytes);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    for (const [i, wasm] of [`${origin}/chiplight.wasm`, new URL('/chiplight.wasm', origin)].entries()) {
      const fresh = await import(`${pathToFileURL(file).href}?url=${i}`);
      const m = await fresh.createMatcher({ wasm });
      assert.ok(m.scan(SAMPLE).length >= 4);
      m.dispose();
    }
    // A missing file: a clear error with the address and the status; then a retry works.
    const fresh = await import(`${pathToFileURL(file).href}?url=missing`);
    await assert.rejects(fresh.createMatcher({ wasm: `${origin}/nowhere.wasm` }),
      (e) => e instanceof Error && e.message.includes('/nowhere.wasm') && e.message.includes('404'));
    const m = await fresh.createMatcher({ wasm: `${origin}/chiplight.wasm` });
    assert.ok(m.scan(SAMPLE).length >= 4);
    m.dispose();
  } finally {
    server.close();
  }
});
