// Shared helpers for the JavaScript API tests (node --test tests/js/).
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.CHIPLIGHT_DIST ? path.resolve(process.env.CHIPLIGHT_DIST) : path.join(REPO, 'dist');
export const NATIVE_BIN = process.env.CHIPLIGHT_BIN
  ? path.resolve(process.env.CHIPLIGHT_BIN)
  : path.join(REPO, 'build', 'native', 'chiplight');

/** The ES module build (dist/chiplight.mjs). */
export async function loadEsm() {
  const file = path.join(DIST, 'chiplight.mjs');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: build it first (cmake --build --preset native, or the wasm preset)`);
  return import(pathToFileURL(file).href);
}

/** The classic build (dist/chiplight.js), run the way a <script> runs it, in a fresh global scope. */
export function loadClassic(extraGlobals = {}) {
  const file = path.join(DIST, 'chiplight.js');
  const code = fs.readFileSync(file, 'utf8');
  const context = vm.createContext({
    ...extraGlobals,
    TextEncoder, TextDecoder, WebAssembly, atob, console, FinalizationRegistry, URL, fetch,
    Blob, Response, DecompressionStream,
  });
  vm.runInContext(code, context, { filename: file });
  return context.Chiplight;
}

/** Terms of our own (not in the built-in lexicon), so tests don't depend on its content. */
export const TEST_TERMS = [
  { id: 'test-zorblax', label: 'Zorblax 9000', category: 'chip', kind: 'model', names: ['Zorblax 9000'] },
  { id: 'test-cjk', label: '测试云', category: 'cloud', names: ['测试云平台'] },
  { id: 'test-astral', label: '𠀀 term', category: 'regulation', names: ['𠀀𠀁规则'] },
  { id: 'test-emoji', label: 'Quuxcloud', category: 'cloud', names: ['Quuxcloud'] },
  { id: 'test-pattern', label: 'Frobnic', category: 'intermediary', names: ['Frobnicator'], pattern: 'Frobnic-[0-9]{3}' },
];

/** UTF-16 offset of every UTF-8 byte offset of `bytes` (valid UTF-8), as an Int32Array. */
export function byteToUtf16(bytes) {
  const map = new Int32Array(bytes.length + 1);
  let units = 0;
  for (let i = 0; i < bytes.length; i++) {
    map[i] = units;
    const b = bytes[i];
    if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
  }
  map[bytes.length] = units;
  return map;
}
