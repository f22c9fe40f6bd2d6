// Shared helpers for the browser tests: a static server on 127.0.0.1 and headless Chromium.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Serves `mounts` ({ urlPrefix: directory }, longest prefix wins; default: the repository root)
 * on 127.0.0.1 and an ephemeral port. Returns { origin, close() }.
 */
export async function startServer(mounts = { '/': REPO }) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const prefix = prefixes.find((p) => url.pathname.startsWith(p));
    const base = path.resolve(mounts[prefix]);
    const file = path.resolve(base, `.${decodeURIComponent(url.pathname.slice(prefix.length - 1))}`);
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(data);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  // The browser keeps idle keep-alive connections open, and close() would wait for them.
  const close = () => new Promise((r) => {
    server.close(r);
    server.closeAllConnections();
  });
  return { origin: `http://127.0.0.1:${port}`, close };
}

/**
 * For a test file: before its tests, a server over the repository, Chromium and a page, handed
 * to `receive({ server, browser, page })`; after them, all closed.
 */
export function useBrowserPage(receive) {
  const env = {};
  before(async () => {
    env.server = await startServer(repoMounts());
    env.browser = await launch();
    env.page = await newPage(env.browser.context);
    receive(env);
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Headless Chromium ($CHROMIUM or /usr/bin/chromium) with a fresh profile, for the tests, the
 * page benchmark and the demo's screenshot. Returns { context, close() }.
 */
export async function launch({
  locale = 'en-US', args = [], hasTouch = false, viewport = { width: 1200, height: 800 }, deviceScaleFactor,
} = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-browser-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    locale,
    args: [...CHROMIUM_ARGS, ...args],
    viewport,
    hasTouch,
    ...(deviceScaleFactor ? { deviceScaleFactor } : {}),
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Fails the test if its page logged a console error, threw, or had a request fail (see newPage). */
export function assertNoProblems(page) {
  assert.deepEqual(page.problems, [], 'no console errors, page errors or failed requests');
}

export const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/**
 * A new page that records console errors, page errors and failed requests into `page.problems`,
 * and keeps a handle on every closed shadow root (for checking our UI from the test).
 */
export async function newPage(context) {
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => page.problems.push(`requestfailed: ${r.url()}`));
  await page.addInitScript(() => {
    const original = Element.prototype.attachShadow;
    window.__closedRoots = [];
    Element.prototype.attachShadow = function attachShadow(init) {
      const root = original.call(this, init);
      if (init && init.mode === 'closed') window.__closedRoots.push(root);
      return root;
    };
  });
  return page;
}

/**
 * Mounts for the server: the repository, with `/dist/` taken from $CHIPLIGHT_DIST when set (to
 * test another build of the matcher). Fails clearly when the matcher has not been built.
 */
export function repoMounts() {
  const dist = process.env.CHIPLIGHT_DIST ? path.resolve(process.env.CHIPLIGHT_DIST) : path.join(REPO, 'dist');
  for (const f of ['chiplight.mjs', 'chiplight.js']) {
    if (!fs.existsSync(path.join(dist, f))) {
      throw new Error(`${path.join(dist, f)} is missing: build the wasm target first (cmake --build --preset native --target wasm)`);
    }
  }
  return { '/': REPO, '/dist/': dist };
}

/** Opens a fixture page and waits for the real matcher to be ready. */
export async function openFixture(page, origin, name) {
  if (page.problems) page.problems.length = 0; // each test answers for its own page only
  await page.goto(`${origin}/tests/browser/fixtures/${name}.html`);
  await page.waitForFunction(() => window.clReady !== undefined);
  await page.evaluate(() => window.clReady);
  await page.waitForLoadState('load');
}

/** The closed shadow root of our UI host (<chiplight-ui>), for reading the card. */
export const UI_ROOT = `(() => window.__closedRoots.find((r) => r.host.localName === 'chiplight-ui' && r.host.isConnected))()`;
