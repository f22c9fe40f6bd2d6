#!/usr/bin/env node
// Builds the browser extension from this one source tree: dist/extension/chrome/ and
// dist/extension/firefox/ (unpacked, loadable as they are) and a store zip beside each,
// chiplight-<version>-<browser>.zip. What differs per browser is in platform/<browser>/ only:
// a manifest overlay and the content script's matcher (page-matcher.js). The version is
// package.json's. Two builds from the same sources give byte-identical zips (fixed entry order,
// times and compression): docs/extension.md, "Reproducible builds".
//
//   node web/extension/build.mjs [--dist DIR] [--out DIR] [--browser chrome|firefox]
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import zlib from 'node:zlib';
import { Buffer } from 'node:buffer';
import { fileURLToPath } from 'node:url';
import esbuild from 'esbuild';

const SRC = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(SRC, '..', '..');
export const BROWSERS = ['chrome', 'firefox'];

function parseArgs(argv) {
  const args = { dist: process.env.CHIPLIGHT_DIST || path.join(REPO, 'dist'), out: null, browsers: BROWSERS };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--dist') args.dist = path.resolve(argv[++i]);
    else if (argv[i] === '--out') args.out = path.resolve(argv[++i]);
    else if (argv[i] === '--browser') args.browsers = [argv[++i]];
    else throw new Error(`unknown argument: ${argv[i]} (usage: build.mjs [--dist DIR] [--out DIR] [--browser chrome|firefox])`);
  }
  args.out ??= path.join(args.dist, 'extension');
  return args;
}

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** Objects merged key by key, arrays of objects element by element; anything else replaced. */
function merge(base, overlay) {
  if (Array.isArray(base) && Array.isArray(overlay) && overlay.every((x) => x && typeof x === 'object')) {
    return base.map((item, i) => (i < overlay.length ? merge(item, overlay[i]) : item));
  }
  if (base && overlay && typeof base === 'object' && typeof overlay === 'object' && !Array.isArray(base) && !Array.isArray(overlay)) {
    const out = { ...base };
    for (const [k, v] of Object.entries(overlay)) out[k] = k in base ? merge(base[k], v) : v;
    return out;
  }
  return overlay;
}

export function manifestFor(browser) {
  const { version } = readJson(path.join(REPO, 'package.json'));
  const manifest = merge(readJson(path.join(SRC, 'manifest.json')), readJson(path.join(SRC, 'platform', browser, 'manifest.json')));
  manifest.version = version;
  return manifest;
}

async function bundle(entry, outfile, browser, { format = 'iife', banner = '' } = {}) {
  await esbuild.build({
    entryPoints: [path.join(SRC, entry)],
    outfile,
    bundle: true,
    format,
    target: ['chrome111', 'firefox142'],
    alias: { 'chiplight-platform': path.join(SRC, 'platform', browser) },
    legalComments: 'eof',
    charset: 'ascii', // Chromium refuses a content script that is not valid UTF-8 (the highlighter has lone surrogates in strings)
    banner: banner ? { js: banner } : undefined,
    logLevel: 'warning',
  });
}

// Icons: a highlighter stroke over a chip, drawn here so the build needs no image files.
function crc32(buf) {
  return zlib.crc32(buf);
}

function png(size) {
  const rows = [];
  const c = size / 2;
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x += 1) {
      const inChip = Math.abs(x + 0.5 - c) < size * 0.3 && Math.abs(y + 0.5 - c) < size * 0.3;
      const pin = !inChip && (Math.abs(x + 0.5 - c) < size * 0.42 && Math.abs(y + 0.5 - c) < size * 0.42)
        && ((Math.floor((x / size) * 10) % 2 === 0 && Math.abs(y + 0.5 - c) >= size * 0.3)
          || (Math.floor((y / size) * 10) % 2 === 0 && Math.abs(x + 0.5 - c) >= size * 0.3));
      const stroke = Math.abs(y + 0.5 - c) < size * 0.12 && Math.abs(x + 0.5 - c) < size * 0.47;
      let rgba = [0, 0, 0, 0];
      if (pin) rgba = [55, 71, 79, 255];
      if (inChip) rgba = [38, 50, 56, 255];
      if (stroke) rgba = [255, 179, 0, 255];
      row.set(rgba, 1 + x * 4);
    }
    rows.push(row);
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function listFiles(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  }).sort();
}

/** A zip of `dir` that depends on the files' names and bytes only (sorted, 1980-01-01 times). */
export function zipDirectory(dir) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const name of listFiles(dir)) {
    const data = fs.readFileSync(path.join(dir, name));
    const packed = zlib.deflateRawSync(data, { level: 9 });
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const common = (b, at) => {
      b.writeUInt16LE(20, at); // version needed
      b.writeUInt16LE(0x0800, at + 2); // UTF-8 names
      b.writeUInt16LE(8, at + 4); // deflate
      b.writeUInt16LE(0, at + 6); // time 00:00
      b.writeUInt16LE(0x21, at + 8); // date 1980-01-01
      b.writeUInt32LE(crc, at + 10);
      b.writeUInt32LE(packed.length, at + 14);
      b.writeUInt32LE(data.length, at + 18);
      b.writeUInt16LE(nameBytes.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    common(local, 4);
    locals.push(local, nameBytes, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    common(central, 6);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const centralBytes = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralBytes, end]);
}

// pdf.js for the PDF reader (pages/reader.js bundles its main module): the worker, the Adobe CMaps
// (Chinese, Japanese and Korean PDFs without embedded encodings), the standard fonts (PDFs that
// don't embed theirs) and the image decoders' wasm (JPEG 2000, JBIG2 scans; colour profiles).
// Not the scripting engine (quickjs: the reader runs no PDF JavaScript) nor the wasm decoders' JS
// fallbacks (extension pages may compile wasm). Licences travel with the files.
const PDFJS_DIST = path.join(REPO, 'node_modules', 'pdfjs-dist');
const PDFJS_WASM = ['openjpeg.wasm', 'jbig2.wasm', 'qcms_bg.wasm', 'LICENSE_OPENJPEG', 'LICENSE_PDFJS_OPENJPEG',
  'LICENSE_JBIG2', 'LICENSE_PDFJS_JBIG2', 'LICENSE_QCMS', 'LICENSE_PDFJS_QCMS'];

function copyPdfjs(to) {
  fs.mkdirSync(path.join(to, 'wasm'), { recursive: true });
  fs.copyFileSync(path.join(PDFJS_DIST, 'build', 'pdf.worker.min.mjs'), path.join(to, 'pdf.worker.min.mjs'));
  fs.copyFileSync(path.join(PDFJS_DIST, 'LICENSE'), path.join(to, 'LICENSE'));
  fs.cpSync(path.join(PDFJS_DIST, 'cmaps'), path.join(to, 'cmaps'), { recursive: true });
  fs.cpSync(path.join(PDFJS_DIST, 'standard_fonts'), path.join(to, 'standard_fonts'), { recursive: true });
  for (const f of PDFJS_WASM) fs.copyFileSync(path.join(PDFJS_DIST, 'wasm', f), path.join(to, 'wasm', f));
}

export async function buildBrowser(browser, { dist, out }) {
  const dir = path.join(out, browser);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'pages'), { recursive: true });
  const manifest = manifestFor(browser);
  fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const matcher = path.join(dist, 'chiplight.js');
  if (!fs.existsSync(matcher)) throw new Error(`${matcher} is missing: build the wasm target first`);
  fs.copyFileSync(matcher, path.join(dir, 'chiplight.js'));
  // The packaged listed parties and the tables the build stored for them (cmake/wasm.cmake),
  // read by the background's matcher when the reader turns the packaged list on (src/listed-matcher.js).
  for (const f of ['chiplight-listed.json', 'chiplight-listed-tables.bin']) {
    if (!fs.existsSync(path.join(dist, f))) throw new Error(`${path.join(dist, f)} is missing: build the wasm target first`);
    fs.copyFileSync(path.join(dist, f), path.join(dir, f));
  }
  const serviceWorker = Boolean(manifest.background.service_worker);
  await bundle('src/content.js', path.join(dir, 'content.js'), browser);
  // A service worker loads the classic matcher build itself; Firefox's background lists it.
  await bundle('src/background.js', path.join(dir, 'background.js'), browser,
    { banner: serviceWorker ? "importScripts('chiplight.js');" : '' });
  await bundle('pages/popup.js', path.join(dir, 'pages', 'popup.js'), browser, { format: 'esm' });
  await bundle('pages/options.js', path.join(dir, 'pages', 'options.js'), browser, { format: 'esm' });
  await bundle('pages/reader.js', path.join(dir, 'pages', 'reader.js'), browser, { format: 'esm' });
  for (const f of ['popup.html', 'options.html', 'reader.html', 'pages.css', 'reader.css']) fs.copyFileSync(path.join(SRC, 'pages', f), path.join(dir, 'pages', f));
  copyPdfjs(path.join(dir, 'pdfjs'));
  fs.cpSync(path.join(SRC, '_locales'), path.join(dir, '_locales'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'icons'));
  for (const size of [16, 32, 48, 128]) fs.writeFileSync(path.join(dir, 'icons', `${size}.png`), png(size));
  const zip = path.join(out, `chiplight-${manifest.version}-${browser}.zip`);
  fs.writeFileSync(zip, zipDirectory(dir));
  return { dir, zip };
}

export async function build(argv = []) {
  const args = parseArgs(argv);
  const results = [];
  for (const browser of args.browsers) results.push(await buildBrowser(browser, args));
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const { dir, zip } of await build(process.argv.slice(2))) process.stdout.write(`${dir}\n${zip}\n`);
}
