#!/usr/bin/env node
// What the listed parties cost in the WebAssembly module (docs/listed-parties.md, "Costs"; a
// benchmark, not a test). In one Node process, on chiplight_bench's generated corpus: the scan
// with and without the listed parties (interleaved, best of --runs); in fresh processes (median
// of --cold-runs): cold start without them, and with them (import, read and parse the file,
// compile the matcher); the data file's size raw and gzipped; the memory it adds. The last line
// is one JSON object.
//
//   node bench/listed_bench.mjs [--mb 4] [--runs 3] [--cold-runs 3] [--dist DIR] [--native-bench PATH]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import {
  args, DIST, NATIVE_BENCH, option, REPO,
} from './options.mjs';

const LISTED = path.join(REPO, 'core/data/entity-list/listed-lexicon.json');
const MB = Number(option('--mb', 4));
const RUNS = Number(option('--runs', 3));
const COLD_RUNS = Number(option('--cold-runs', 3));

if (args.includes('--cold')) {
  const withListed = args.includes('--with-listed');
  const t0 = performance.now();
  const { createMatcher } = await import(pathToFileURL(path.join(DIST, 'chiplight.mjs')).href);
  const t1 = performance.now();
  const extraTerms = withListed ? JSON.parse(fs.readFileSync(LISTED, 'utf8')).entries : undefined;
  const t2 = performance.now();
  const m = await createMatcher(withListed ? { extraTerms } : {});
  const t3 = performance.now();
  process.stdout.write(JSON.stringify({ import: t1 - t0, readParse: t2 - t1, create: t3 - t2, total: t3 - t0 }));
  m.dispose();
  process.exit(0);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cold = (withListed) => {
  const runs = [];
  for (let i = 0; i < COLD_RUNS; i += 1) {
    const flags = ['--cold', '--dist', DIST, ...(withListed ? ['--with-listed'] : [])];
    runs.push(JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), ...flags], { encoding: 'utf8' })));
  }
  return Object.fromEntries(Object.keys(runs[0]).map((k) => [k, median(runs.map((r) => r[k]))]));
};

const corpusPath = path.join(os.tmpdir(), `chiplight-listed-bench-${MB}.txt`);
if (!fs.existsSync(corpusPath)) execFileSync(NATIVE_BENCH, ['--mb', String(MB), '--write-corpus', corpusPath]);
const text = fs.readFileSync(corpusPath, 'utf8');

const { createMatcher } = await import(pathToFileURL(path.join(DIST, 'chiplight.mjs')).href);
const listedDoc = JSON.parse(fs.readFileSync(LISTED, 'utf8'));
const before = process.memoryUsage();
const plain = await createMatcher();
const afterPlain = process.memoryUsage();
const listed = await createMatcher({ extraTerms: listedDoc.entries });
const afterListed = process.memoryUsage();
const time = (m) => { const t = performance.now(); const n = m.scan(text).length; return [performance.now() - t, n]; };
time(plain); time(listed);
let plainMs = Infinity; let listedMs = Infinity; let counts;
for (let i = 0; i < RUNS; i += 1) {
  const [a, na] = time(plain); const [b, nb] = time(listed);
  plainMs = Math.min(plainMs, a); listedMs = Math.min(listedMs, b); counts = [na, nb];
}
const mb = Buffer.byteLength(text) / (1 << 20);
const raw = fs.readFileSync(LISTED);
const result = {
  corpusMiB: mb,
  wasmScanMBs: { without: mb / (plainMs / 1000), with: mb / (listedMs / 1000), ratio: plainMs / listedMs, matches: counts },
  memoryMiB: {
    plainMatcher: (afterPlain.rss - before.rss) / 2 ** 20,
    listedMatcher: (afterListed.rss - afterPlain.rss) / 2 ** 20,
  },
  coldStartMs: { without: cold(false), with: cold(true) },
  listedFile: { rawKB: raw.length / 1000, gzipKB: zlib.gzipSync(raw, { level: 9 }).length / 1000, entries: listedDoc.entries.length },
};
console.log(`wasm scan: ${result.wasmScanMBs.with.toFixed(1)} MB/s with the listed parties, ${result.wasmScanMBs.without.toFixed(1)} without (ratio ${result.wasmScanMBs.ratio.toFixed(2)})`);
console.log(`cold start: ${result.coldStartMs.without.total.toFixed(1)} ms without, ${result.coldStartMs.with.total.toFixed(1)} ms with (read+parse ${result.coldStartMs.with.readParse.toFixed(1)}, compile ${result.coldStartMs.with.create.toFixed(1)})`);
console.log(`listed file: ${result.listedFile.rawKB.toFixed(0)} KB, ${result.listedFile.gzipKB.toFixed(0)} KB gzipped; memory: +${result.memoryMiB.listedMatcher.toFixed(0)} MiB RSS for the listed matcher`);
console.log(JSON.stringify(result));
