// The reader's own copy of the listed parties (docs/listed-parties.md, "Fresh data"): the options
// page accepts the file a reader downloads from trade.gov (the Consolidated Screening List, JSON
// or CSV) or one written by `chiplight lexicon import-list`, converts it with the same rules as
// the scanner (cli/import_list.cc), and keeps it in storage.local apart from the settings, so a
// bad file changes nothing and the settings never carry megabytes.
import { ext } from './ext.js';

export const LISTED_KEY = 'listedParties';
const KIND = 'chiplight-listed-parties';
const SOURCES = {
  'Entity List (EL) - Bureau of Industry and Security': 'entity',
  'Military End User (MEU) List - Bureau of Industry and Security': 'meu',
};
const LEGAL_SUFFIXES = [
  'limited liability company', 'joint stock company', 'corporation limited', 'company limited',
  'private limited', 'co., limited', 'co. limited', 'company ltd.', 'company ltd', 'sdn. bhd.',
  'pte. ltd.', 'pvt. ltd.', 'co., ltd.', 'co., ltd', 'co. ltd.', 'co.,ltd.', 'co.,ltd', 'co. ltd',
  'corporation', 'sdn bhd', 'pte ltd', 'pvt ltd', 'co ltd', 'limited', 'company', 'l.l.c.', 'group',
  'corp.', 'gmbh', 'ltd.', 'inc.', 'corp', 's.a.', 'b.v.', 'pjsc', 'ojsc', 'cjsc', 'ltd', 'inc',
  'llc', 'llp', 'plc', 'jsc', 'ooo', 'co.'];
const GENERIC = new Set(('academy aerospace and automation bureau center centre china chinese co communication '
  + 'communications company component components computer computing concern corp corporation design development '
  + 'devices electric electronic electronics engineering enterprise enterprises equipment factory group holding '
  + 'holdings import industrial industries industry information institute institution instrument instruments '
  + 'international investment lab laboratories laboratory limited ltd machinery manufacturing microelectronics '
  + 'network networks of plant precision production research science sciences scientific semiconductor service '
  + 'services software solutions supply system systems tech technical technologies technology the trade trading '
  + 'university works').split(' '));
const SHORT_NAME = 4;
const CONTEXT_RULE = { anyOf: ['entity-confirm'], categories: ['listed', 'regulation'], window: 150 };

/** A broken file: the message names the place, as the scanner's does. */
export class ListedFileError extends Error {}

const ws = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
// The matcher's name key, near enough: case and separators don't count.
const keyOf = (name) => name.toLowerCase().replace(/[\s\-_\u00a0\u00ad\u200b\u2010-\u2015\u2212\u3000]+/g, '');
const slug = (s) => (s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'x').replace(/-+$/, '');

function coreOf(name) {
  let core = name;
  for (let changed = true; changed;) {
    changed = false;
    core = core.replace(/[ ,]+$/, '');
    const open = core.lastIndexOf('(');
    if (core.endsWith(')') && open > 0) {
      core = ws(core.slice(0, open));
      changed = true;
      continue;
    }
    const lower = core.toLowerCase();
    for (const suffix of LEGAL_SUFFIXES) {
      if (lower.length > suffix.length + 1 && lower.endsWith(suffix) && ' ,'.includes(core[core.length - suffix.length - 1])) {
        core = ws(core.slice(0, core.length - suffix.length));
        changed = true;
        break;
      }
    }
  }
  core = core.replace(/[ ,]+$/, '');
  return core === name ? '' : core;
}

const genericOnly = (name) => {
  const words = name.toLowerCase().split(/[^a-z0-9\u0080-\uffff]+/).filter(Boolean);
  return words.length > 0 && words.every((w) => GENERIC.has(w));
};

function parseCsv(text, name) {
  const rows = [];
  const lines = [];
  let row = [];
  let cell = '';
  let quoted = false;
  let started = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 1; } else if (c === '"') quoted = false;
      else { if (c === '\n') line += 1; cell += c; }
    } else if (c === '"' && !started) { quoted = true; started = true; } else if (c === ',') { row.push(cell); cell = ''; started = false; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell); cell = ''; started = false;
      if (!(row.length === 1 && row[0] === '')) { rows.push(row); lines.push(rowLine); }
      row = [];
      line += 1;
      rowLine = line;
    } else { cell += c; started = true; }
  }
  if (quoted) throw new ListedFileError(`${name}:${rowLine}: a quoted cell is never closed in the row starting here`);
  if (started || row.length) { row.push(cell); rows.push(row); lines.push(rowLine); }
  if (!rows.length) throw new ListedFileError(`${name}: empty file`);
  const header = rows[0].map((h, i) => (i === 0 ? h.replace(/^\ufeff/, '') : h));
  const missing = ['source', 'name'].filter((c) => !header.includes(c));
  if (missing.length) throw new ListedFileError(`${name}:1: not a Consolidated Screening List CSV: missing column(s) ${missing.join(', ')}`);
  return rows.slice(1).map((r, k) => {
    const where = `${name}:${lines[k + 1]}`;
    if (r.length !== header.length) throw new ListedFileError(`${where}: row has ${r.length} fields where the header has ${header.length}`);
    return { where, fields: Object.fromEntries(header.map((h, i) => [h, r[i]])) };
  });
}

function readRecords(text, name) {
  const first = text.replace(/^\ufeff/, '').trimStart()[0];
  if (first === undefined) throw new ListedFileError(`${name}: empty file`);
  if (first !== '[' && first !== '{') return { records: parseCsv(text, name) };
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new ListedFileError(`${name}: not valid JSON: ${error.message}`);
  }
  if (doc && doc.kind === KIND) return { converted: doc };
  const results = Array.isArray(doc) ? doc : doc && doc.results;
  if (!Array.isArray(results)) throw new ListedFileError(`${name}: expected a list of records or an object with "results"`);
  return {
    records: results.map((r, i) => {
      if (!r || typeof r !== 'object' || Array.isArray(r)) throw new ListedFileError(`${name}: record ${i + 1}: not an object`);
      return { where: `${name}: record ${i + 1}`, fields: r };
    }),
  };
}

const policyClass = (text) => {
  const t = ws(text).toLowerCase();
  if (t.includes('744.21(d)')) return 'meu-procedure';
  if (/^(presumption (of|for) denial|policy of denial)/.test(t) && t.includes('except')) return 'denial-with-exceptions';
  if (t.startsWith('policy of denial')) return 'policy-of-denial';
  if (/^presumption (of|for) denial/.test(t)) return 'presumption-of-denial';
  if (t.startsWith('case-by-case') && t.includes('denial')) return 'case-by-case-then-denial';
  if (t.includes('presumption of approval') || (t.startsWith('case-by-case') && t.includes('approval'))) return 'case-by-case-approval-ear99';
  if (t.startsWith('case-by-case') || t.startsWith('case by case')) return 'case-by-case';
  if (t.startsWith('see')) return 'see-regulation';
  return 'other';
};
const requirementClass = (text) => {
  const t = ws(text).toLowerCase();
  if (t.includes('supplement no. 2 to part 744')) return 'meu-items';
  if (t.includes('746.8(a)(4)')) return 'all-items-for-listed-projects';
  if (t.includes('supplement no. 7 to part 746')) return 'ccl-and-listed-ear99';
  if (t.includes('all items subject to the ear')) return 'all-items';
  return 'other';
};
const isoDate = (text) => {
  const t = ws(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) return t.slice(0, 10);
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2,4})$/.exec(t);
  if (!m) return '';
  let y = Number(m[3]);
  if (y < 50) y += 2000; else if (y < 100) y += 1900;
  return `${String(y).padStart(4, '0')}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}`;
};
const textOf = (v) => (Array.isArray(v) ? v.filter((x) => typeof x === 'string').join('; ') : ws(v));

function party(record, list) {
  const f = record.fields;
  const name = ws(f.name);
  if (!name) throw new ListedFileError(`${record.where}: empty name`);
  let aliases = [];
  if (Array.isArray(f.alt_names)) {
    for (const a of f.alt_names) {
      if (typeof a !== 'string') throw new ListedFileError(`${record.where}: alt_names must be a list of text`);
      aliases.push(...a.split(';').map(ws).filter(Boolean));
    }
  } else if (typeof f.alt_names === 'string') aliases = f.alt_names.split(';').map(ws).filter(Boolean);
  const countries = [];
  let city = '';
  if (Array.isArray(f.addresses)) {
    for (const a of f.addresses) {
      if (!a || typeof a !== 'object') throw new ListedFileError(`${record.where}: addresses: each address must be an object`);
      if (ws(a.country) && !countries.includes(ws(a.country))) countries.push(ws(a.country));
      if (!city) city = ws(a.city);
    }
  } else if (typeof f.addresses === 'string') {
    for (const address of f.addresses.split(';')) {
      const last = ws(address.split(',').pop());
      if (/^[A-Z]{2}$/.test(last) && !countries.includes(last)) countries.push(last);
    }
  }
  const citations = [];
  for (const [, volume, page] of textOf(f.federal_register_notice).matchAll(/(?<!\d)(\d+) FR (\d+)/g)) {
    const text = `${Number(volume)} FR ${Number(page)}`;
    if (citations.some((c) => c.text === text)) continue;
    const c = { text, kind: 'official' };
    if (Number(volume) >= 59) c.url = `https://www.federalregister.gov/citation/${Number(volume)}-FR-${Number(page)}`;
    citations.push(c);
  }
  return {
    list, name, aliases, countries, city, since: isoDate(textOf(f.start_date)), citations,
    requirement: textOf(f.license_requirement), policy: textOf(f.license_policy),
  };
}

/**
 * A downloaded file's bytes as text. Not UTF-8 is refused with its line and byte, as the scanner
 * does (cli/screening_list_file.cc, chiplight::FindInvalidUtf8): decoding it anyway would store
 * names with U+FFFD in them. The check is the fatal TextDecoder's (strict UTF-8: no overlong
 * form, surrogate or code point past U+10FFFF); the loop below only finds the place.
 */
export function decodeListFile(bytes, name) {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    // The first byte that starts no well-formed sequence (Table 3-7 of the Unicode standard).
    let line = 1;
    let i = 0;
    for (; i < b.length;) {
      const c = b[i];
      let length = 0;
      if (c < 0x80) length = 1;
      else if (c >= 0xC2 && c <= 0xDF) length = 2;
      else if (c >= 0xE0 && c <= 0xEF) length = 3;
      else if (c >= 0xF0 && c <= 0xF4) length = 4;
      let ok = length > 0 && i + length <= b.length;
      if (ok && length > 2) {
        const low = c === 0xE0 ? 0xA0 : c === 0xF0 ? 0x90 : 0x80;
        const high = c === 0xED ? 0x9F : c === 0xF4 ? 0x8F : 0xBF;
        ok = b[i + 1] >= low && b[i + 1] <= high;
      }
      for (let k = 1; ok && k < length; k += 1) ok = (b[i + k] & 0xC0) === 0x80;
      if (!ok) break;
      if (c === 0x0A) line += 1;
      i += length;
    }
    throw new ListedFileError(`${name}:${line}: not UTF-8 (byte ${i})`);
  }
}

/**
 * A Consolidated Screening List file's text (JSON or CSV) as a listed-parties document; a
 * document `chiplight lexicon import-list` wrote is returned as it is. `takenNames`: the names
 * the matcher already has (the built-in lexicon's), which listed parties leave to it.
 * Throws ListedFileError naming the place.
 */
export function convertScreeningList(text, name, takenNames = []) {
  const read = readRecords(text, name);
  if (read.converted) {
    const doc = read.converted;
    if (doc.format !== 1 || !/^\d{4}-\d{2}-\d{2}$/.test(doc.list_date || '') || !Array.isArray(doc.entries)) {
      throw new ListedFileError(`${name}: a listed-parties file needs format 1, list_date and entries`);
    }
    // Only listed parties: a file must not slip terms of other categories into the matcher.
    doc.entries.forEach((e, i) => {
      if (!e || typeof e !== 'object' || Array.isArray(e)) throw new ListedFileError(`${name}: entries[${i}]: not an object`);
      if (e.category !== 'listed') throw new ListedFileError(`${name}: entries[${i}]${typeof e.id === 'string' ? ` (${e.id})` : ''}: category must be "listed", found ${JSON.stringify(e.category)}`);
    });
    return doc;
  }
  const parties = [];
  for (const r of read.records) {
    const list = SOURCES[ws(r.fields.source)];
    if (list) parties.push(party(r, list));
  }
  if (!parties.length) throw new ListedFileError(`${name}: no Entity List or MEU records (source column values: ${Object.keys(SOURCES).join(', ')})`);
  const listDate = parties.reduce((d, p) => (p.since > d ? p.since : d), '');
  if (!listDate) throw new ListedFileError(`${name}: no record has a start_date: the list's date is unknown`);
  const taken = new Map(takenNames.map((n) => [keyOf(n), 'built-in']));
  const claim = (names, n, id) => {
    const k = keyOf(n);
    if (k && !taken.has(k)) { taken.set(k, id); names.push(n); }
  };
  const ids = new Set();
  const entries = [];
  for (const p of parties) {
    let id = `listed-${p.list}-${slug(p.name)}`;
    for (let n = 2; ids.has(id); n += 1) id = `listed-${p.list}-${slug(p.name)}-${n}`;
    ids.add(id);
    const contextId = `${id}-in-context`;
    const plain = [];
    const inContext = [];
    const all = [p.name, ...p.aliases];
    for (const n of [...all]) {
      const m = /\(([A-Z0-9&-]{2,10})\)$/.exec(n);
      if (m && m[1] !== 'HK') all.push(m[1]);
    }
    for (const n of all) {
      if (genericOnly(n)) continue;
      const short = [...n].length <= SHORT_NAME;
      claim(short ? inContext : plain, n, short ? contextId : id);
      const core = coreOf(n);
      if (core && [...core].length > SHORT_NAME && !genericOnly(core)) claim(plain, core, id);
    }
    const card = {
      list: p.list, aliases: p.aliases, countries: p.countries, city: p.city || null, since: p.since || null,
      requirement: p.requirement ? [{ class: requirementClass(p.requirement), text: p.requirement }] : [],
      policy: p.policy ? [{ class: policyClass(p.policy), text: p.policy }] : [],
      list_date: listDate,
    };
    if (inContext.length) card.needs_context = inContext;
    const glossary = { listed: card };
    if (p.since) glossary.dates = [{ date: p.since, event: p.list === 'meu' ? 'Added to the Military End-User List' : 'Added to the Entity List' }];
    if (p.citations.length) glossary.citations = p.citations;
    if (plain.length) entries.push({ id, category: 'listed', kind: p.list, label: p.name, names: plain, glossary });
    if (inContext.length) {
      entries.push({
        id: contextId, category: 'listed', kind: p.list, label: p.name, names: inContext, context: CONTEXT_RULE,
        glossary: plain.length ? { related: [id] } : glossary,
      });
    }
  }
  return {
    format: 1, kind: KIND, list_date: listDate,
    about: `Entity List and MEU records of ${name} (Consolidated Screening List), converted by the extension's options page; list date = the newest start_date`,
    entries,
  };
}

/** The stored list ({ listDate, fileName, entries }) or null. */
export async function loadListedParties() {
  const { [LISTED_KEY]: stored } = await ext.storage.local.get(LISTED_KEY);
  return stored && Array.isArray(stored.entries) ? stored : null;
}

export async function saveListedParties(doc, fileName) {
  await ext.storage.local.set({ [LISTED_KEY]: { listDate: doc.list_date, fileName, entries: doc.entries } });
}

export async function removeListedParties() {
  await ext.storage.local.remove(LISTED_KEY);
}
