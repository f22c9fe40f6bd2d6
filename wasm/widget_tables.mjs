#!/usr/bin/env node
// The widget's copy of the built-in lexicon's tables (called by wasm/CMakeLists.txt): the native
// build's builtin_tables.cc (core/tools/builtin_tables.cc) with BuiltinAutomata() keeping the
// terms' automaton only. The context words' automaton is then built by the matcher when first
// needed (in the widget, in its worker, before the page's first scan): about 52 KB gzipped less
// to download before a news article is highlighted (docs/widget.md, "Weight").
//
//   node wasm/widget_tables.mjs BUILTIN_TABLES.cc WIDGET_TABLES.cc
import { readFile, writeFile } from 'node:fs/promises';

const [input, output] = process.argv.slice(2);
if (!output) {
  console.error('usage: node wasm/widget_tables.mjs BUILTIN_TABLES.cc WIDGET_TABLES.cc');
  process.exit(2);
}
const source = await readFile(input, 'latin1');
// As core/tools/builtin_tables.cc writes it (EmitBytes): literals of letters, digits, spaces and
// three-digit octal escapes, 64 bytes a line.
const FUNCTION = /std::string_view BuiltinAutomata\(\) \{\n {2}static constexpr char kBytes\[\] =((?:\n {6}"[^"\n]*")+);\n {2}return \{kBytes, sizeof kBytes - 1\};\n\}\n/;
const found = FUNCTION.exec(source);
if (!found) throw new Error(`${input}: no BuiltinAutomata() as core/tools/builtin_tables.cc writes it`);

const decode = (literals) => {
  const bytes = [];
  for (const [, body] of literals.matchAll(/"([^"\n]*)"/g)) {
    for (let i = 0; i < body.length;) {
      if (body[i] === '\\') {
        bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
        i += 4;
      } else bytes.push(body.charCodeAt(i++));
    }
  }
  return Buffer.from(bytes);
};
const literal = (bytes) => `"${[...bytes].map((c) => (/[A-Za-z0-9 ]/.test(String.fromCharCode(c)) ? String.fromCharCode(c) : `\\${c.toString(8).padStart(3, '0')}`)).join('')}"`;

// MatcherTables::SerializedAutomata: a tag, then the terms' and the context words' automata, each
// as a text (core/src/byte_io.h: a varint length, then the bytes).
const TAG = 'chiplight-automata-2';
const bytes = decode(found[1]);
if (bytes.subarray(0, TAG.length).toString('latin1') !== TAG) throw new Error(`${input}: BuiltinAutomata() is not of layout ${TAG}`);
let at = TAG.length;
const varint = () => {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return value;
  }
};
const termsText = at; // the terms' text: its length, then its bytes
const termsLength = varint();
at += termsLength;
const terms = bytes.subarray(termsText, at);
const contextLength = varint();
if (at + contextLength !== bytes.length) throw new Error(`${input}: BuiltinAutomata() has more than two automata`);
const kept = Buffer.concat([Buffer.from(TAG, 'latin1'), terms, Buffer.from([0])]); // an empty context text

const lines = [];
for (let i = 0; i < kept.length; i += 64) lines.push(`\n      ${literal(kept.subarray(i, i + 64))}`);
const replaced = `std::string_view BuiltinAutomata() {\n  static constexpr char kBytes[] =${lines.join('')};\n  return {kBytes, sizeof kBytes - 1};\n}\n`;
const header = `// The widget's tables: ${input} with the terms' automaton alone (wasm/widget_tables.mjs). Do not edit.\n`;
const result = header + source.replace(FUNCTION, () => replaced);
let previous = null;
try {
  previous = await readFile(output, 'latin1');
} catch {
  // not written yet
}
if (previous !== result) await writeFile(output, result, 'latin1');
