// The listed parties in the extension's matchers (docs/listed-parties.md, "Front ends"):
//  - a list the reader imported (options page) is the reader's fresher copy of the same lists:
//    it replaces the packaged one and is compiled at run time (extraTerms);
//  - otherwise, with "the packaged list" turned on, the package's list and the tables the build
//    stored for it (chiplight-listed.json, chiplight-listed-tables.bin beside the manifest) are
//    read by createMatcher({ listed: { json, tables } }) instead of compiling the list;
//  - tables that don't read (corrupt, another build) must not break the page: one console
//    warning, then the packaged list compiled at run time.
// The reader's custom terms join in every case.
import { ext } from './ext.js';

export const PACKAGED_JSON = 'chiplight-listed.json';
export const PACKAGED_TABLES = 'chiplight-listed-tables.bin';

async function packagedFile(name) {
  const response = await fetch(ext.runtime.getURL(name));
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

/**
 * A matcher with the listed parties the reader chose. `settings`: the reader's settings;
 * `imported`: the stored import (listed-list.js) or null; `extraTerms`: the custom terms.
 * Returns { matcher, listed } where `listed` says where the listed parties came from:
 * 'import', 'tables', 'compiled' (the packaged list after tables that didn't read) or 'none'.
 */
export async function createListedMatcher(Chiplight, { settings, imported, extraTerms }) {
  const own = extraTerms.length ? { extraTerms } : {};
  if (imported) {
    try {
      return { matcher: await Chiplight.createMatcher({ extraTerms: [...extraTerms, ...imported.entries] }), listed: 'import' };
    } catch { /* a stored import this build refuses: the reader's terms alone, below */ }
  } else if (settings.packagedList) {
    let json = null;
    try {
      const [jsonBytes, tables] = await Promise.all([packagedFile(PACKAGED_JSON), packagedFile(PACKAGED_TABLES)]);
      json = jsonBytes;
      return { matcher: await Chiplight.createMatcher({ ...own, listed: { json, tables } }), listed: 'tables' };
    } catch (error) {
      console.warn(`Chiplight: the packaged listed parties' stored tables were not read (${error.message}); compiling the list instead`);
    }
    try {
      json ??= await packagedFile(PACKAGED_JSON);
      const entries = JSON.parse(new TextDecoder().decode(json)).entries;
      return { matcher: await Chiplight.createMatcher({ extraTerms: [...extraTerms, ...entries] }), listed: 'compiled' };
    } catch { /* no list at all: the reader's terms alone */ }
  }
  try {
    return { matcher: await Chiplight.createMatcher(own), listed: 'none' };
  } catch {
    return { matcher: await Chiplight.createMatcher(), listed: 'none' }; // a stored term this build refuses
  }
}

/**
 * What a matcher is built from in the settings: a page that saw the settings change asks for a
 * matcher of this key, so it never gets one the background built before the change reached it.
 */
export const matcherKeyOf = (settings) => JSON.stringify([settings.customTerms, settings.packagedList]);
