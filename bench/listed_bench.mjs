#!/usr/bin/env node
// What the listed parties cost in the WebAssembly module (docs/listed-parties.md, "Costs"; a
// benchmark, not a test). In one Node process, on chiplight_bench's generated corpus: the scan
// without the listed parties, with them from their stored tables (the sparse automaton) and
// compiled at run time (the dense table), interleaved, best of --runs; in fresh processes (median
// of --cold-runs): cold start without them, with them from their stored tables
// (createMatcher({ listed: { json, tables } }): import, read the two files, create the matcher,
// first scan of a short text; and the RSS the process gained) and, for comparison, compiled at
// run time from the JSON (extraTerms: the path of a user's imported list); the native CLI's
// `scan --listed` of a short text against `scan`; the data files' sizes raw and gzipped. The
// last line is one JSON object.
//
//   node bench/listed_bench.mjs [--mb 4] [--runs 3] [--cold-runs 3] [--dist DIR] [--native-bench PATH]
//                               [--cli PATH] [--skip-runtime-cold]
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
const LISTED_DIST = path.join(DIST, 'chiplight-listed.json');
const TABLES = path.join(DIST, 'chiplight-listed-tables.bin');
const MB = Number(option('--mb', 4));
const RUNS = Number(option('--runs', 3));
const COLD_RUNS = Number(option('--cold-runs', 3));
const CLI = path.resolve(option('--cli', path.join(REPO, 'build', 'native', 'chiplight')));
const SHORT_TEXT = 'Inspur and Sugon rent H100 servers from AWS in Singapore; 中科曙光 and 浪潮 too.';

if (args.includes('--cold')) {
  // One fresh process: `--with-listed` reads the stored tables, `--with-listed-json` compiles the
  // list from its JSON at run time.
  const stored = args.includes('--with-listed');
  const runtime = args.includes('--with-listed-json');
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const { createMatcher } = await import(pathToFileURL(path.join(DIST, 'chiplight.mjs')).href);
  const t1 = performance.now();
  let options = {};
  if (stored) options = { listed: { json: fs.readFileSync(LISTED_DIST), tables: fs.readFileSync(TABLES) } };
  if (runtime) options = { extraTerms: JSON.parse(fs.readFileSync(LISTED, 'utf8')).entries };
  const t2 = performance.now();
  const m = await createMatcher(options);
  const t3 = performance.now();
  const found = m.scan(SHORT_TEXT).length;
  const t4 = performance.now();
  const rss = (process.memoryUsage().rss - rss0) / 2 ** 20;
  process.stdout.write(JSON.stringify({
    import: t1 - t0, read: t2 - t1, create: t3 - t2, firstScan: t4 - t3, total: t4 - t0, rssMiB: rss, found,
  }));
  m.dispose();
  process.exit(0);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cold = (flag, runsWanted = COLD_RUNS) => {
  const runs = [];
  for (let i = 0; i < runsWanted; i += 1) {
    const flags = ['--cold', '--dist', DIST, ...(flag ? [flag] : [])];
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
const listed = await createMatcher({ listed: { json: fs.readFileSync(LISTED_DIST), tables: fs.readFileSync(TABLES) } });
const afterListed = process.memoryUsage();
// The same list compiled at run time: its automaton has the dense table (the stored one is the
// sparse layout, docs/listed-parties.md), so the two layouts' scan speeds come from one run.
const compiled = await createMatcher({ extraTerms: listedDoc.entries });
const time = (m) => { const t = performance.now(); const n = m.scan(text).length; return [performance.now() - t, n]; };
time(plain); time(listed); time(compiled);
let plainMs = Infinity; let listedMs = Infinity; let compiledMs = Infinity; let counts;
for (let i = 0; i < RUNS; i += 1) {
  const [a, na] = time(plain); const [b, nb] = time(listed); const [c, nc] = time(compiled);
  plainMs = Math.min(plainMs, a); listedMs = Math.min(listedMs, b); compiledMs = Math.min(compiledMs, c);
  counts = [na, nb, nc];
}
const mb = Buffer.byteLength(text) / (1 << 20);
const raw = fs.readFileSync(LISTED);
const tables = fs.readFileSync(TABLES);
// The native CLI in fresh processes (median of --cold-runs): `scan --listed` of a short text
// (the packaged list from its embedded tables) against `scan`.
function nativeCli() {
  if (!fs.existsSync(CLI)) return null;
  const file = path.join(os.tmpdir(), 'chiplight-listed-bench-short.txt');
  fs.writeFileSync(file, SHORT_TEXT);
  const timeRun = (extra) => {
    const xs = [];
    for (let i = 0; i < COLD_RUNS; i += 1) {
      const t = performance.now();
      execFileSync(CLI, ['scan', ...extra, file], { encoding: 'utf8' });
      xs.push(performance.now() - t);
    }
    return median(xs);
  };
  return { without: timeRun([]), withListed: timeRun(['--listed']) };
}
const result = {
  corpusMiB: mb,
  wasmScanMBs: {
    without: mb / (plainMs / 1000),
    with: mb / (listedMs / 1000),
    ratio: plainMs / listedMs,
    withRuntimeCompiled: mb / (compiledMs / 1000),
    ratioRuntimeCompiled: plainMs / compiledMs,
    matches: counts,
  },
  memoryMiB: {
    plainMatcher: (afterPlain.rss - before.rss) / 2 ** 20,
    listedMatcher: (afterListed.rss - afterPlain.rss) / 2 ** 20,
  },
  coldStartMs: {
    without: cold(null),
    withStoredTables: cold('--with-listed'),
    withRuntimeCompile: args.includes('--skip-runtime-cold') ? null : cold('--with-listed-json', 1),
  },
  nativeCliMs: nativeCli(),
  listedFile: { rawKB: raw.length / 1000, gzipKB: zlib.gzipSync(raw, { level: 9 }).length / 1000, entries: listedDoc.entries.length },
  tablesFile: { rawKB: tables.length / 1000, gzipKB: zlib.gzipSync(tables, { level: 9 }).length / 1000 },
};
const w = result.wasmScanMBs;
console.log(`wasm scan: ${w.with.toFixed(1)} MB/s with the listed parties from stored tables (sparse automaton), ${w.withRuntimeCompiled.toFixed(1)} compiled at run time (dense), ${w.without.toFixed(1)} without (ratios ${w.ratio.toFixed(2)} and ${w.ratioRuntimeCompiled.toFixed(2)}); matches ${w.matches.join(', ')}`);
const c = result.coldStartMs;
const split = (r) => `import ${r.import.toFixed(1)}, read ${r.read.toFixed(1)}, create ${r.create.toFixed(1)}, first scan ${r.firstScan.toFixed(1)}; +${r.rssMiB.toFixed(0)} MiB RSS`;
console.log(`cold start (fresh Node process, median of ${COLD_RUNS}): ${c.without.total.toFixed(1)} ms without the list (${split(c.without)})`);
console.log(`  with the list from its stored tables: ${c.withStoredTables.total.toFixed(1)} ms (${split(c.withStoredTables)})`);
if (c.withRuntimeCompile) console.log(`  with the list compiled at run time (extraTerms): ${c.withRuntimeCompile.total.toFixed(1)} ms (${split(c.withRuntimeCompile)})`);
if (result.nativeCliMs) console.log(`native CLI, fresh process, short text: ${result.nativeCliMs.withListed.toFixed(1)} ms with --listed, ${result.nativeCliMs.without.toFixed(1)} ms without`);
console.log(`listed file: ${result.listedFile.rawKB.toFixed(0)} KB, ${result.listedFile.gzipKB.toFixed(0)} KB gzipped; tables: ${result.tablesFile.rawKB.toFixed(0)} KB, ${result.tablesFile.gzipKB.toFixed(0)} KB gzipped; memory: +${result.memoryMiB.listedMatcher.toFixed(0)} MiB RSS for the listed matcher`);
console.log(JSON.stringify(result));
