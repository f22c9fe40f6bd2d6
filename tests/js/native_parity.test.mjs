// One engine, two builds: the WebAssembly module finds exactly what the native scanner finds, on the
// whole accuracy suite (tests/accuracy/cases/*.txt), on a generated stress text, and on a long text
// the module scans in pieces while the scanner reads it whole. The native
// scanner's byte offsets are converted to UTF-16 offsets here, independently of the module.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { NATIVE_BIN, REPO, byteToUtf16, loadEsm } from './helpers.mjs';

const CASES = path.join(REPO, 'tests', 'accuracy', 'cases');

let m;
before(async () => {
  m = await (await loadEsm()).createMatcher();
});
after(() => m?.dispose());

/** Runs the native scanner on `files`; returns Map(file -> [[start, end, id]]) in byte offsets. */
function nativeScan(files) {
  assert.ok(fs.existsSync(NATIVE_BIN), `the native scanner ${NATIVE_BIN} is missing: build it (cmake --build --preset native)`);
  const out = execFileSync(NATIVE_BIN, ['scan', '--format', 'jsonl', ...files],
    { encoding: 'utf8', maxBuffer: 1 << 30 });
  const byFile = new Map(files.map((f) => [path.resolve(f), []]));
  for (const line of out.split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    const key = path.resolve(r.file);
    assert.ok(byFile.has(key), `unexpected file in the scanner's output: ${r.file}`);
    byFile.get(key).push([r.start, r.end, r.id]);
  }
  return byFile;
}

/** Compares the module's matches (of `matcher`) on each file with the native scanner's. */
function compare(files, matcher = m) {
  const native = nativeScan(files);
  let total = 0;
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    // Fatal: the suite is UTF-8; ignoreBOM keeps a BOM in the string so offsets stay aligned.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    const map = byteToUtf16(bytes);
    const expected = native.get(path.resolve(file)).map(([s, e, id]) => [map[s], map[e], id]);
    const actual = matcher.scan(text).map((x) => [x.start, x.end, x.id]);
    assert.deepEqual(actual, expected, `different matches in ${path.relative(REPO, file)}`);
    total += actual.length;
  }
  return total;
}

test('the accuracy suite: the same matches as the native scanner, file by file', () => {
  assert.ok(fs.existsSync(CASES), `${CASES} is missing`);
  const files = fs.readdirSync(CASES).filter((f) => f.endsWith('.txt')).sort().map((f) => path.join(CASES, f));
  assert.ok(files.length > 0, `no cases in ${CASES}`);
  const total = compare(files);
  assert.ok(total > 0, 'the suite has matches');
});

function stressText() {
  const labels = m.entries().map((e) => e.label);
  const fullWidth = (s) => s.replace(/[A-Za-z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  const fillers = [' ', '，', ' 🙂 ', '\u3000', '-', '𠀀', ' the ', '的', '\n', 'x'];
  const parts = [];
  for (let round = 0; round < 4; round++) {
    labels.forEach((label, i) => {
      const form = round === 1 ? fullWidth(label) : round === 2 ? label.replace(/ /g, '-') : round === 3 ? label.toUpperCase() : label;
      parts.push(form, fillers[(i + round) % fillers.length]);
    });
  }
  return parts.join('');
}

test('a generated stress text (every label, full-width forms, separators, emoji, CJK)', () => {
  const labels = m.entries().map((e) => e.label);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-parity-'));
  try {
    const file = path.join(dir, 'stress.txt');
    fs.writeFileSync(file, stressText());
    assert.ok(compare([file]) > labels.length);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a long text scanned in pieces: the same matches as the native scanner reading it whole', async () => {
  // The suite and the stress text, three times over: about 200,000 units in pieces of 4,099
  // (the module scans texts longer than a piece plus 16,384 units in pieces; docs/api.md).
  const suite = fs.readdirSync(CASES).filter((f) => f.endsWith('.txt')).sort()
    .map((f) => fs.readFileSync(path.join(CASES, f), 'utf8'));
  const text = Array(3).fill([...suite, stressText()].join('\n')).join('\n');
  assert.ok(text.length > 4099 + 16_384, `${text.length} units`);
  const pieces = await (await loadEsm()).createMatcher({ pieceLength: 4099 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chiplight-parity-'));
  try {
    const file = path.join(dir, 'long.txt');
    fs.writeFileSync(file, text);
    assert.ok(compare([file], pieces) > 1000);
  } finally {
    pieces.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
