// The packaged extension: what stores review. The Firefox build passes `web-ext lint`, two builds
// from the same sources are byte-identical, and the two builds differ only where platform/ says.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { EXTENSION_OUT, REPO, extensionDir } from './lib.mjs';

const DIST = process.env.CHIPLIGHT_DIST || path.join(REPO, 'dist');
const BUILD = path.join(REPO, 'web', 'extension', 'build.mjs');
const { version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const readManifest = (browser) => JSON.parse(fs.readFileSync(path.join(extensionDir(browser), 'manifest.json'), 'utf8'));

// pdf.js (the PDF reader) has two dynamic import()s of a URL, each a fallback the extension never
// takes: a "fake worker" in the page when Workers are unavailable, and JavaScript image decoders
// when WebAssembly can't compile (the package ships neither file; its CSP allows wasm). web-ext
// warns about any import() of a non-literal; those two, and only those, are expected.
const PDFJS_IMPORT_FALLBACKS = [
  { code: 'UNSAFE_VAR_ASSIGNMENT', file: 'pages/reader.js', message: 'Unsafe call to import for argument 0' },
  { code: 'UNSAFE_VAR_ASSIGNMENT', file: 'pdfjs/pdf.worker.min.mjs', message: 'Unsafe call to import for argument 0' },
];

test('the Firefox build passes web-ext lint with no error or notice, no warning but pdf.js fallbacks', () => {
  const out = execFileSync(path.join(REPO, 'node_modules', '.bin', 'web-ext'),
    ['lint', '--source-dir', extensionDir('firefox'), '--output', 'json', '--no-input'], { encoding: 'utf8' });
  const report = JSON.parse(out.slice(out.indexOf('{')));
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.warnings.map(({ code, file, message }) => ({ code, file, message })), PDFJS_IMPORT_FALLBACKS);
  assert.deepEqual(report.notices, []);
});

test('two builds from the same sources give byte-identical zips', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-ext-build-'));
  try {
    for (const run of ['a', 'b']) {
      execFileSync(process.execPath, [BUILD, '--dist', DIST, '--out', path.join(tmp, run)], { stdio: 'ignore' });
    }
    for (const browser of ['chrome', 'firefox']) {
      const name = `chiplight-${version}-${browser}.zip`;
      const a = fs.readFileSync(path.join(tmp, 'a', name));
      const b = fs.readFileSync(path.join(tmp, 'b', name));
      assert.ok(a.length > 100_000, `${name} has the extension in it`);
      assert.ok(a.equals(b), `${name}: identical bytes`);
      // And the zip in dist/ (built by CMake) is the same as a fresh one.
      assert.ok(fs.readFileSync(path.join(EXTENSION_OUT, name)).equals(a), `dist/extension/${name} is reproducible`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('both builds have the same version, permissions and CSP; only platform/ differs', () => {
  const chrome = readManifest('chrome');
  const firefox = readManifest('firefox');
  for (const m of [chrome, firefox]) {
    assert.equal(m.manifest_version, 3);
    assert.equal(m.version, version, 'versioned from package.json');
    assert.deepEqual(m.permissions, ['storage', 'contextMenus']);
    // The PDF reader fetches the tab's PDF and reads the tab's address: exactly the sites the
    // content script already runs on, so no new install prompt (docs/extension.md, Permissions).
    assert.deepEqual(m.host_permissions, m.content_scripts[0].matches);
    assert.match(m.content_security_policy.extension_pages, /'wasm-unsafe-eval'/);
    assert.doesNotMatch(m.content_security_policy.extension_pages, /https?:|'unsafe-eval'/, 'no remote code');
  }
  assert.deepEqual(chrome.background, { service_worker: 'background.js' });
  assert.deepEqual(firefox.background, { scripts: ['chiplight.js', 'background.js'] });
  assert.deepEqual(chrome.content_scripts[0].js, ['content.js'], 'Chromium: the matcher stays in the worker');
  assert.deepEqual(firefox.content_scripts[0].js, ['chiplight.js', 'content.js'], 'Firefox: the matcher runs in the content script');
  assert.ok(firefox.browser_specific_settings.gecko.id);
  assert.equal(chrome.browser_specific_settings, undefined);
  const strip = (m) => {
    const c = structuredClone(m);
    delete c.background;
    delete c.browser_specific_settings;
    delete c.minimum_chrome_version;
    c.content_scripts[0].js = c.content_scripts[0].js.filter((f) => f !== 'chiplight.js');
    return c;
  };
  assert.deepEqual(strip(chrome), strip(firefox));
});

test('every UI string exists in English, simplified and traditional Chinese', () => {
  const locales = path.join(extensionDir('chrome'), '_locales');
  const keys = (loc) => Object.keys(JSON.parse(fs.readFileSync(path.join(locales, loc, 'messages.json'), 'utf8'))).sort();
  const en = keys('en');
  assert.deepEqual(keys('zh_CN'), en);
  assert.deepEqual(keys('zh_TW'), en);
  // Every string the code and pages ask for is defined.
  const src = path.join(REPO, 'web', 'extension');
  const files = ['src/content.js', 'src/background.js', 'pages/popup.js', 'pages/options.js', 'pages/popup.html', 'pages/options.html']
    .map((f) => fs.readFileSync(path.join(src, f), 'utf8')).join('\n');
  const used = new Set([...files.matchAll(/\bt\('([A-Za-z_]+)'/g), ...files.matchAll(/data-i18n(?:-[a-z-]+)?="([A-Za-z_]+)"/g)].map((m) => m[1]));
  for (const key of used) assert.ok(en.includes(key), `_locales/en has ${key}`);
  for (const prefix of ['category_', 'verdict_']) assert.ok(en.some((k) => k.startsWith(prefix)));
});

test('both builds carry the packaged listed parties and their stored tables, as the wasm build made them', () => {
  for (const browser of ['chrome', 'firefox']) {
    for (const f of ['chiplight-listed.json', 'chiplight-listed-tables.bin']) {
      const packaged = path.join(extensionDir(browser), f);
      assert.ok(fs.existsSync(packaged), `${browser}: ${f} packaged`);
      assert.ok(fs.readFileSync(packaged).equals(fs.readFileSync(path.join(DIST, f))), `${browser}: ${f} equals dist/${f}`);
    }
  }
});
