// Headless Chromium and a static server on 127.0.0.1, for whatever drives a browser: the
// highlighter's and the demo's builds (the demo's screenshot), the page benchmark and the
// browser tests (tests/browser/lib.mjs adds the test-only helpers on top).
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
 * on 127.0.0.1 and an ephemeral port. `headers(pathname)` may add response headers (a CSP on
 * every response, as a site's server configuration would). Returns { origin, close() }.
 */
export async function startServer(mounts = { '/': REPO }, { headers = () => ({}) } = {}) {
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
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store', ...headers(url.pathname),
      });
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

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Headless Chromium ($CHROMIUM or /usr/bin/chromium, never a downloaded one) with a fresh
 * profile. Returns { context, close() }.
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
