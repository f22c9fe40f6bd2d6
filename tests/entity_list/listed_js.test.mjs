// The listed parties in JavaScript: the extension's converter of a trade.gov download
// (web/extension/src/listed-list.js) gives what `chiplight lexicon import-list` gives, refuses the
// same broken files naming the same place, and the card's plain words are the data's. Node's
// test runner; CHIPLIGHT_BIN is the scanner.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

globalThis.browser = {}; // web/extension/src/ext.js picks the WebExtension object at import
const { convertScreeningList, decodeListFile, ListedFileError } = await import('../../web/extension/src/listed-list.js');
const { PLAIN_WORDS, listedSince, plainTerms } = await import('../../web/highlighter/listed-card.js');

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const data = join(here, 'data');
const CLI = process.env.CHIPLIGHT_BIN;

describe('the extension converts a CSL download as the scanner does', () => {
  const builtInNames = JSON.parse(readFileSync(join(root, 'core/data/lexicon.json'), 'utf8'))
    .entries.flatMap((e) => e.names || []);
  for (const sample of ['csl-sample.json', 'csl-sample.csv']) {
    it(`${sample}: the same entries as chiplight lexicon import-list`, { skip: !CLI && 'CHIPLIGHT_BIN not set' }, () => {
      const path = join(data, sample);
      const fromCli = JSON.parse(execFileSync(CLI, ['lexicon', 'import-list', path], { encoding: 'utf8' }));
      const fromJs = convertScreeningList(readFileSync(path, 'utf8'), sample, builtInNames);
      assert.equal(fromJs.list_date, fromCli.list_date);
      assert.deepEqual(fromJs.entries, fromCli.entries);
    });
  }
  it('refuses each broken file with its place, as the scanner does', () => {
    const cases = {
      'broken-extra-field.csv': 'broken-extra-field.csv:5: row has 30 fields where the header has 29',
      'broken-no-name-column.csv': 'broken-no-name-column.csv:1: not a Consolidated Screening List CSV: missing column(s) name',
      'broken-record.json': 'broken-record.json: record 4: not an object',
      'broken-truncated.json': 'broken-truncated.json: not valid JSON',
    };
    for (const [file, message] of Object.entries(cases)) {
      assert.throws(() => convertScreeningList(readFileSync(join(data, file), 'utf8'), file, builtInNames),
        (error) => error instanceof ListedFileError && error.message.startsWith(message), file);
    }
  });
  it('reads the file\'s bytes as the scanner does: not UTF-8 is refused with its line, not imported with U+FFFD', () => {
    const cases = {
      'broken-latin1.csv': 'broken-latin1.csv:4: not UTF-8 (byte ',
      'broken-unclosed-quote.csv': 'broken-unclosed-quote.csv:5: ',
    };
    for (const [file, message] of Object.entries(cases)) {
      assert.throws(() => convertScreeningList(decodeListFile(readFileSync(join(data, file)), file), file, builtInNames),
        (error) => error instanceof ListedFileError && error.message.startsWith(message), `${file}: ${message}`);
    }
    const good = readFileSync(join(data, 'csl-sample.csv'));
    assert.equal(decodeListFile(good, 'csl-sample.csv'), good.toString('utf8'));
  });
  it('refuses what is not strict UTF-8 (overlong forms, surrogates, past U+10FFFF), as the scanner does, at its byte', () => {
    const head = Buffer.from('name,source\nAcme,Entity List\n');
    const bad = {
      'overlong E0 80 80': [0xE0, 0x80, 0x80],
      'overlong F0 8F BF BF': [0xF0, 0x8F, 0xBF, 0xBF],
      'surrogate ED A0 80': [0xED, 0xA0, 0x80],
      'lead F5': [0xF5, 0x80, 0x80, 0x80],
      'past U+10FFFF F4 90 80 80': [0xF4, 0x90, 0x80, 0x80],
      'cut off E8 8A': [0xE8, 0x8A],
    };
    for (const [what, seq] of Object.entries(bad)) {
      const bytes = Buffer.concat([head, Buffer.from('Caf\u00e9 '), Buffer.from(seq), Buffer.from(',x\n')]);
      const at = head.length + 'Caf\u00e9 '.length + 1;
      assert.throws(() => decodeListFile(bytes, 'f.csv'), (error) => error instanceof ListedFileError
        && error.message === `f.csv:3: not UTF-8 (byte ${at})`, what);
    }
    // The edges that are allowed: U+0800, U+D7FF, U+E000, U+10000, U+10FFFF.
    const edges = Buffer.from([0xE0, 0xA0, 0x80, 0xED, 0x9F, 0xBF, 0xEE, 0x80, 0x80, 0xF0, 0x90, 0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF]);
    assert.equal(decodeListFile(edges, 'f.csv'), '\u0800\ud7ff\ue000\u{10000}\u{10ffff}');
  });
  it('names the same line and byte as chiplight lexicon import-list', { skip: !CLI && 'CHIPLIGHT_BIN not set' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'listed-utf8-'));
    const files = { 'broken-latin1.csv': readFileSync(join(data, 'broken-latin1.csv')) };
    const head = readFileSync(join(data, 'csl-sample.csv')).subarray(0, 200);
    for (const [what, seq] of Object.entries({ overlong: [0xE0, 0x80, 0x80], surrogate: [0xED, 0xA0, 0x80], beyond: [0xF4, 0x90, 0x80, 0x80] })) {
      files[`${what}.csv`] = Buffer.concat([head, Buffer.from(seq), Buffer.from('\n')]);
    }
    for (const [file, bytes] of Object.entries(files)) {
      const path = join(dir, file);
      writeFileSync(path, bytes);
      let cli = '';
      try {
        execFileSync(CLI, ['lexicon', 'import-list', path], { encoding: 'utf8', stdio: 'pipe' });
      } catch (error) {
        cli = String(error.stderr);
      }
      const place = /:(\d+): not UTF-8 \(byte (\d+)\)/.exec(cli);
      assert.ok(place, `${file}: ${cli}`);
      assert.throws(() => decodeListFile(bytes, file), { message: `${file}:${place[1]}: not UTF-8 (byte ${place[2]})` }, file);
    }
    rmSync(dir, { recursive: true, force: true });
  });
  it('passes a file import-list wrote through unchanged', () => {
    const doc = { format: 1, kind: 'chiplight-listed-parties', list_date: '2025-10-09', entries: [] };
    assert.deepEqual(convertScreeningList(JSON.stringify(doc), 'x.json'), doc);
  });
  it('refuses a listed-parties file with an entry of another category, naming it', () => {
    const doc = {
      format: 1, kind: 'chiplight-listed-parties', list_date: '2025-10-09',
      entries: [{ id: 'listed-a', category: 'listed', label: 'A', names: ['Alpha Zorg Corp'] }, { id: 'sneaky', category: 'chip', label: 'B', names: ['Beta'] }],
    };
    assert.throws(() => convertScreeningList(JSON.stringify(doc), 'x.json'), { message: 'x.json: entries[1] (sneaky): category must be "listed", found "chip"' });
  });
});

describe('the card says the licence terms in plain words, the data\'s own', () => {
  const packaged = JSON.parse(readFileSync(join(root, 'core/data/entity-list/listed-lexicon.json'), 'utf8'));
  it('the card\'s table is the data\'s', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(PLAIN_WORDS)), packaged.plain_words);
  });
  it('every licence class in the data has plain words, or its published text', () => {
    for (const e of packaged.entries) {
      const listed = e.glossary && e.glossary.listed;
      if (!listed) continue;
      for (const kind of ['requirement', 'policy']) {
        for (const line of plainTerms(listed[kind], kind, 'en')) assert.ok(line.words || line.text, `${e.id} ${kind}`);
      }
    }
  });
  it('states since when, in English and Chinese', () => {
    const huawei = packaged.entries.find((e) => e.id === 'listed-entity-huawei-technologies-co-ltd').glossary.listed;
    assert.equal(listedSince(huawei, 'en'), 'On the Entity List since 2019-05-21');
    assert.equal(listedSince(huawei, 'zh-Hans'), '自 2019-05-21 起列入实体清单');
    assert.equal(plainTerms(huawei.policy, 'policy', 'zh-Hans')[0].words, '许可证申请按“推定拒绝”原则审查:原则上不予批准。');
  });
});
