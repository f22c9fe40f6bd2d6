// The command line of the WebAssembly benchmarks (wasm_bench.mjs, listed_bench.mjs): `--name
// value` options, the build they measure and the native benchmark they take the corpus from.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const args = process.argv.slice(2);

/** The value given after `name` (`--mb 4`), or `fallback`. */
export const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};

/** --dist DIR: the build of the module measured (default dist/). */
export const DIST = path.resolve(option('--dist', path.join(REPO, 'dist')));
/** --native-bench PATH: chiplight_bench, which writes the corpus and times the native scan. */
export const NATIVE_BENCH = path.resolve(option('--native-bench', path.join(REPO, 'build', 'native', 'chiplight_bench')));
