#!/usr/bin/env node
// Builds the embeddable widget (docs/widget.md) into dist/widget/, what a site copies to its
// server, and checks its first-load weight:
//
//   widget.js                  the tag's loader (a stable name: the one the site's tag names)
//   widget-<hash>.mjs          the widget: the page highlighter and this folder, a minified ES
//                              module (also what bundlers import), with the chunks it imports
//   widget-*-<hash>.mjs        its chunks: those it imports at once (first load), and the card UI
//                              and summary panel, imported on the first card or summary click
//   widget-worker-<hash>.mjs   the matcher's worker: the matcher's JavaScript API and worker.js
//   chiplight-<hash>.mjs       the matcher's JavaScript API alone, for pages where no worker can
//                              start (loaded only there)
//   chiplight-<hash>.wasm      the matcher without the lexicon's text (dist/chiplight-widget.wasm)
//   glossary-<hash>.json       the cards' glossary, fetched when the first card opens
//   sizes.json                 the weights below
//
// Hashed names can be cached for good: a new build has new names, and only widget.js (a few
// hundred bytes) needs revalidating. Everything loaded before a card opens (widget.js, the module,
// the worker, the .wasm) must stay within BUDGET gzipped, or the build fails.
//
//   node web/widget/build.mjs [--dist dist] [--out dist/widget] [--no-size-check]
//
// --no-size-check writes the files and reports the weights without failing (the widget's tests use
// it, so that they test behaviour while the weight is over budget; the CMake target never does).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Buffer } from 'node:buffer';
import console from 'node:console';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import esbuild from 'esbuild';
import { compactJson, licenseComments } from '../build-highlighter.mjs';

const WIDGET = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(WIDGET, '..', '..');
/** The budget for everything loaded before the first card opens, gzipped (1 KB = 1,000 bytes). */
export const FIRST_LOAD_BUDGET = 250_000;

const hashOf = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 12);
/** Gzipped size at level 9 (precompressed files, as a site serving hashed files for good would keep them). */
const gzipSize = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;

/** The glossary file: the lexicon's version and its entries as written (what entry() returns). */
function glossaryJson(lexiconPath) {
  const { version, entries } = JSON.parse(fs.readFileSync(lexiconPath, 'utf8'));
  return JSON.stringify({ version, entries });
}

async function bundle({ entry, format, define, alias = {} }) {
  const result = await esbuild.build({
    plugins: [compactJson],
    entryPoints: [entry],
    bundle: true,
    format,
    minify: true,
    target: 'es2020',
    define,
    alias,
    external: ['node:*'],
    legalComments: 'none', // the licences go in the header, once
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

// The card UI and the summary panel on demand (card-ui.js, summary-panel-on-demand.js): the
// highlighter's own imports of them are pointed at the widget's stand-ins, whose dynamic imports
// make ui.js, summary-panel.js and what only they need chunks fetched on the first card or
// summary click.
const HIGHLIGHTER = path.join(REPO, 'web', 'highlighter');
const onDemandUi = {
  name: 'card-ui-on-demand',
  setup(build) {
    build.onResolve({ filter: /^\.\/(ui|summary-panel)\.js$/ }, (args) => {
      if (path.dirname(args.importer) !== HIGHLIGHTER) return undefined;
      const importer = path.basename(args.importer);
      if (args.path === './ui.js' && (importer === 'controller.js' || importer === 'session.js')) {
        return { path: path.join(WIDGET, 'card-ui.js') };
      }
      if (args.path === './summary-panel.js' && (importer === 'controller.js' || importer === 'index.js')) {
        return { path: path.join(WIDGET, 'summary-panel-on-demand.js') };
      }
      return undefined;
    });
  },
};

/**
 * The widget's module, split: { main: its text, chunks: { name: text } (content-hashed names, as
 * esbuild gives them), firstLoadChunks: the chunks the main file imports statically }.
 */
async function bundleSplit({ entry, define, alias }) {
  const outdir = path.join(REPO, 'dist', 'widget-split'); // never written (write: false)
  const result = await esbuild.build({
    plugins: [onDemandUi, compactJson],
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    format: 'esm',
    outdir,
    entryNames: 'widget',
    chunkNames: 'widget-[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    minify: true,
    target: 'es2020',
    define,
    alias,
    external: ['node:*'],
    legalComments: 'none',
    charset: 'utf8',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const text = Object.fromEntries(result.outputFiles.map((f) => [path.basename(f.path), f.text]));
  const imports = Object.fromEntries(Object.entries(result.metafile.outputs).map(([file, output]) => [
    path.basename(file), output.imports.filter((i) => i.kind === 'import-statement').map((i) => path.basename(i.path))]));
  const firstLoadChunks = new Set();
  const visit = (name) => {
    for (const dep of imports[name] || []) if (!firstLoadChunks.has(dep)) { firstLoadChunks.add(dep); visit(dep); }
  };
  visit('widget.mjs');
  // esbuild's chunk names as ours (a hex content hash, as every other file: sites and tests
  // recognise the files to cache for good by it), in the files that import them too.
  const rename = new Map(Object.keys(text).filter((n) => n !== 'widget.mjs')
    .map((n) => [n, `${n.replace(/-[A-Z0-9]+\.mjs$/, '')}-${hashOf(Buffer.from(text[n]))}.mjs`]));
  const renamed = (code) => {
    let out = code;
    for (const [from, to] of rename) out = out.split(from).join(to);
    return out;
  };
  const { 'widget.mjs': main, ...chunks } = text;
  return {
    main: renamed(main),
    chunks: Object.fromEntries(Object.entries(chunks).map(([n, code]) => [rename.get(n), renamed(code)])),
    firstLoadChunks: [...firstLoadChunks].map((n) => rename.get(n)).sort(),
  };
}

export async function buildWidget({ dist, out, lexicon = path.join(REPO, 'core', 'data', 'lexicon.json') }) {
  const wasm = fs.readFileSync(path.join(dist, 'chiplight-widget.wasm'));
  const glossary = Buffer.from(glossaryJson(lexicon));
  const files = {
    wasm: `chiplight-${hashOf(wasm)}.wasm`,
    glossary: `glossary-${hashOf(glossary)}.json`,
  };
  const workerCode = Buffer.from(`/*! Chiplight widget's matcher worker (docs/widget.md). Apache-2.0. Generated by web/widget/build.mjs: do not edit.
 * Includes the Chiplight matcher's JavaScript (RE2: BSD-3-Clause, nlohmann/json: MIT, in the .wasm). */
${await bundle({
    entry: path.join(WIDGET, 'worker.js'),
    format: 'esm',
    alias: { 'chiplight-module': path.join(dist, 'chiplight.mjs') },
  })}`);
  files.worker = `widget-worker-${hashOf(workerCode)}.mjs`;
  // The matcher's API alone, for the main thread where no worker can start (not a first-load file).
  const matcherCode = Buffer.from(`/*! Chiplight matcher's JavaScript API (dist/chiplight.mjs, minified). Apache-2.0. */
${await bundle({ entry: path.join(dist, 'chiplight.mjs'), format: 'esm' })}`);
  files.matcher = `chiplight-${hashOf(matcherCode)}.mjs`;
  const split = await bundleSplit({
    entry: path.join(WIDGET, 'index.js'),
    define: { __CHIPLIGHT_WIDGET_FILES__: JSON.stringify(files) },
    alias: { 'chiplight-module': path.join(dist, 'chiplight.mjs') },
  });
  const moduleCode = Buffer.from(`/*! Chiplight widget (docs/widget.md). Apache-2.0. Generated by web/widget/build.mjs: do not edit.
 * Includes the Chiplight matcher's JavaScript (RE2: BSD-3-Clause, nlohmann/json: MIT, in the .wasm) and,
 * in its card chunk, @floating-ui/core and @floating-ui/dom (MIT, below). */
${licenseComments()}
${split.main}`);
  const chunks = Object.fromEntries(Object.entries(split.chunks).map(([name, code]) => [name, Buffer.from(code)]));
  files.firstLoadChunks = split.firstLoadChunks;
  files.onDemandChunks = Object.keys(chunks).filter((name) => !split.firstLoadChunks.includes(name)).sort();
  files.module = `widget-${hashOf(moduleCode)}.mjs`;
  const loader = Buffer.from(`/*! Chiplight widget loader (docs/widget.md). Apache-2.0. */\n${await bundle({
    entry: path.join(WIDGET, 'loader.js'),
    format: 'iife',
    define: { __CHIPLIGHT_WIDGET_MODULE__: JSON.stringify(files.module) },
  })}`);

  const firstLoad = { 'widget.js': loader, [files.module]: moduleCode, [files.worker]: workerCode, [files.wasm]: wasm };
  for (const name of files.firstLoadChunks) firstLoad[name] = chunks[name];
  const sizes = { budget: FIRST_LOAD_BUDGET, firstLoad: {}, firstLoadGzip: 0, onFirstCard: {} };
  for (const [name, bytes] of Object.entries(firstLoad)) {
    sizes.firstLoad[name] = { bytes: bytes.length, gzip: gzipSize(bytes) };
    sizes.firstLoadGzip += sizes.firstLoad[name].gzip;
  }
  sizes.onFirstCard[files.glossary] = { bytes: glossary.length, gzip: gzipSize(glossary) };
  for (const name of files.onDemandChunks) sizes.onFirstCard[name] = { bytes: chunks[name].length, gzip: gzipSize(chunks[name]) };

  // Write the new files, then drop the previous build's hashed ones.
  fs.mkdirSync(out, { recursive: true });
  const written = { ...chunks, ...firstLoad, [files.glossary]: glossary, [files.matcher]: matcherCode, 'sizes.json': Buffer.from(`${JSON.stringify({ files, ...sizes }, null, 2)}\n`) };
  for (const [name, bytes] of Object.entries(written)) fs.writeFileSync(path.join(out, name), bytes);
  for (const name of fs.readdirSync(out)) {
    if (!(name in written)) fs.rmSync(path.join(out, name), { recursive: true, force: true });
  }
  return { files, sizes };
}

function parseArgs(argv) {
  const args = { dist: path.join(REPO, 'dist'), sizeCheck: true };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--dist') args.dist = path.resolve(argv[++i]);
    else if (argv[i] === '--out') args.out = path.resolve(argv[++i]);
    else if (argv[i] === '--no-size-check') args.sizeCheck = false;
    else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log('usage: node web/widget/build.mjs [--dist dist] [--out dist/widget] [--no-size-check]');
      process.exit(0);
    } else throw new Error(`unknown argument: ${argv[i]}`);
  }
  args.out ??= path.join(args.dist, 'widget');
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { sizes, files } = await buildWidget(args);
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
  for (const [name, s] of Object.entries(sizes.firstLoad)) console.log(`widget: ${name}: ${kb(s.bytes)}, ${kb(s.gzip)} gzipped`);
  console.log(`widget: first load ${kb(sizes.firstLoadGzip)} gzipped (budget ${kb(sizes.budget)}); ${files.glossary} on the first card: ${kb(sizes.onFirstCard[files.glossary].gzip)} gzipped`);
  if (sizes.firstLoadGzip > sizes.budget && args.sizeCheck) {
    throw new Error(`the widget's first load is ${kb(sizes.firstLoadGzip)} gzipped, over the ${kb(sizes.budget)} budget (docs/widget.md, "Weight")`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`widget build: ${error.message}`);
    process.exit(1);
  });
}
