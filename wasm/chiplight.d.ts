// Type declarations for dist/chiplight.mjs (ES module) and dist/chiplight.js (classic script,
// global `Chiplight`). The full guide is docs/api.md.

/** The four categories of the lexicon. */
export type Category = 'chip' | 'cloud' | 'intermediary' | 'regulation' | 'listed';

/** A text in each language of the user interface. */
export interface LocalizedText {
  en: string;
  'zh-Hans': string;
  'zh-Hant': string;
}

/** A category as people see it, from the built-in lexicon's `"categories"` (docs/lexicon.md). */
export interface CategoryInfo {
  id: Category;
  /** One mention's kind: `"Cloud provider"`. */
  label: Readonly<LocalizedText>;
  /** A heading over several: `"Cloud providers"`. */
  plural: Readonly<LocalizedText>;
  /** How highlights of the category are drawn: a CSS background colour, a CSS `text-decoration-style` and a colour for the underline. */
  style: Readonly<{ background: string; line: 'solid' | 'dotted' | 'wavy' | 'dashed'; color: string }>;
}

/** The cloud-access verdict, weakest to strongest. */
export type Verdict = 'none' | 'weak' | 'moderate' | 'strong';

/** One mention found by {@link Matcher.scan}. */
export interface Match {
  /** UTF-16 index of the first code unit, as for `String.prototype.slice`. */
  start: number;
  /** UTF-16 index just past the last code unit. */
  end: number;
  /** The entry's id (e.g. `"nvidia-a100"`); see {@link Matcher.entry}. */
  id: string;
  category: Category;
}

/** A row of {@link Matcher.entries}. */
export interface EntrySummary {
  id: string;
  label: string;
  category: Category;
  /** Finer type inside the category (`"vendor"`, `"model"`, `"hyperscaler"`, `"wording"`, `"rule"`...); may be `""`. */
  kind: string;
}

/** A glossary entry exactly as written in the lexicon (format: docs/lexicon.md). */
export interface Entry {
  id: string;
  label: string;
  category: Category;
  kind?: string;
  names?: string[];
  patterns?: string[];
  flags?: string[];
  context?: {
    anyOf?: string[];
    categories?: Category[];
    window?: number;
    noneOf?: string[];
    noneWindow?: number;
  };
  glossary?: {
    summary?: { en?: string; zh?: string };
    dates?: { date: string; event: string }[];
    citations?: { text: string; url?: string; kind?: 'official' | 'primary' | 'news' }[];
    control?: { rules?: string[]; since?: string; note?: string };
    related?: string[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** A term added with {@link MatcherOptions.extraTerms}: an entry in the lexicon format. */
export interface ExtraTerm {
  /** Optional; defaults to `"extraterms-<index>"`. Lowercase `a-z0-9-`. */
  id?: string;
  label: string;
  category: Category;
  kind?: string;
  /** Literal names, matched with the lexicon's rules (case, full-width forms, separators, word edges). */
  names?: string[];
  /** One RE2 pattern (shorthand for `patterns: [pattern]`). No capture groups: use `(?:...)`. */
  pattern?: string;
  /** RE2 patterns. */
  patterns?: string[];
  /** `["case-sensitive"]` to match Latin letters only in the case written. */
  flags?: string[];
  /** Shorthand for `flags: ["case-sensitive"]`. */
  caseSensitive?: boolean;
  /** A context rule, as in the lexicon; `anyOf`/`noneOf` name the built-in lexicon's context sets. */
  context?: Entry['context'];
  glossary?: Entry['glossary'];
  [key: string]: unknown;
}

export interface MatcherOptions {
  /** Report only these categories (default, or `[]`: all). */
  categories?: Category[];
  /** Terms added to the built-in lexicon for this matcher. */
  extraTerms?: ExtraTerm[];
  /**
   * The packaged listed parties (Entity List, MEU list) read from the tables the build stored for
   * them, instead of compiled from their JSON: `json` is `dist/chiplight-listed.json`, `tables`
   * `dist/chiplight-listed-tables.bin` (the same build's). Tables of another build or another
   * text reject with an Error. `extraTerms` may be given too (compiled at run time on top).
   */
  listed?: { json: string | BufferSource; tables: BufferSource };
  /**
   * Where the WebAssembly binary comes from, for the ES module build when `chiplight.wasm` is not
   * next to `chiplight.mjs` (a URL, the bytes or a compiled module). Only the call that loads the
   * module uses it (the first one, or the next one after a failed load). The classic build carries
   * its own binary and needs none.
   */
  wasm?: string | URL | BufferSource | WebAssembly.Module;
  /**
   * How many UTF-16 code units {@link Matcher.scan} hands the module at a time (default 524,288):
   * longer texts are scanned in pieces, each with its neighbours' text as context, with the same
   * results, so that the module's memory stays within its budget whatever the text's length.
   * `Infinity` scans every text in one call (memory grows with the longest text, for the page's life).
   */
  pieceLength?: number;
}

export interface Assessment<M extends Pick<Match, 'id'> = Match> {
  verdict: Verdict;
  /**
   * The matches that support the verdict, the very objects passed in (`evidence[i] ===
   * matches[evidenceIndexes[i]]`), in the input's order; empty for `"none"`.
   */
  evidence: M[];
  /** Where each of `evidence` is in the array passed in, ascending. */
  evidenceIndexes: number[];
  /** One sentence for people. */
  explanation: string;
}

export interface Matcher {
  /** The built-in lexicon's version (semver). */
  readonly lexiconVersion: string;
  /**
   * The widest context window of the lexicon in use, in code points: scanning a document in
   * pieces, give each piece this much text on either side so results don't depend on the cuts.
   */
  readonly maxContextWindow: number;
  /**
   * UTF-16 code units of neighbouring text to give a piece of a document on each side, so that
   * context rules judge its matches as in the whole document: `2 * maxContextWindow` plus the
   * longest context word (256).
   */
  readonly contextMargin: number;
  /** The character to join blocks (paragraphs, cells) with before scanning them together: `"\uFFFF"`. */
  readonly blockSeparator: string;
  /** Every category in canonical order, with labels and style (all of them, whatever `categories` was asked). */
  readonly categories: readonly CategoryInfo[];
  /**
   * Every mention in `text`, in document order, never overlapping. Offsets are UTF-16 indices
   * into `text` (right for CJK, emoji, astral characters and lone surrogates). A text longer than
   * {@link MatcherOptions.pieceLength} is scanned in pieces, with the results of one whole scan.
   */
  scan(text: string, options?: ScanOptions): Match[];
  /**
   * What a document is about, for the context rules that look at the whole page (docs/lexicon.md,
   * "Page topic"): pass it to {@link Matcher.scan} for each part of that document (a page scanned
   * in batches) so that every part is judged as the whole would be. `null` when no rule looks at
   * the page.
   */
  topicOf(text: string): DocumentTopic | null;
  /** The glossary entry with this id (a fresh object each call), or `undefined`. */
  entry(id: string): Entry | undefined;
  /** Every entry of the matcher's lexicon (built-in plus extra terms), frozen. */
  entries(): readonly Readonly<EntrySummary>[];
  /** Alias of {@link Matcher.entries}. */
  listEntries(): readonly Readonly<EntrySummary>[];
  /**
   * The cloud-access verdict for one document's matches, in document order (as returned by
   * {@link Matcher.scan}, or any objects with the `id` of a match: only `id` is read).
   */
  assess<M extends Pick<Match, 'id'>>(matches: readonly M[]): Assessment<M>;
  /** Diagnostics: the module's memory size and the bytes in use by its allocator. */
  memoryUsage(): { wasmMemory: number; heapInUse: number };
  /** Frees the matcher. Later calls throw an Error; calling dispose() again does nothing. */
  dispose(): void;
}

/** What a document is about: words per context set, from {@link Matcher.topicOf}. */
export interface DocumentTopic {
  readonly words: Uint32Array;
}

/** Options of one {@link Matcher.scan}. */
export interface ScanOptions {
  /** The topic of the document `text` is a part of (otherwise `text`'s own). */
  topic?: DocumentTopic | null;
}

/**
 * Compiles a matcher over the built-in lexicon. Rejects with an Error that names the bad term
 * (and gives RE2's message) if an extra term does not compile or has an unknown category.
 */
export function createMatcher(options?: MatcherOptions): Promise<Matcher>;

/** `['chip', 'cloud', 'intermediary', 'regulation', 'listed']`: the ids of {@link categories}. */
export const CATEGORIES: readonly Category[];

/** Every category in canonical order, with labels and style; the same array as {@link Matcher.categories}. */
export const categories: readonly CategoryInfo[];

/** What front ends join blocks with: `"\uFFFF"`; the same as {@link Matcher.blockSeparator}. */
export const blockSeparator: string;

/** The API object (the default export, and the classic build's global `Chiplight`). */
export interface ChiplightApi {
  createMatcher: typeof createMatcher;
  CATEGORIES: typeof CATEGORIES;
  categories: typeof categories;
  blockSeparator: typeof blockSeparator;
}

declare const chiplight: ChiplightApi;
export default chiplight;

declare global {
  /** Defined by the classic build, dist/chiplight.js. */
  // eslint-disable-next-line no-var
  var Chiplight: ChiplightApi | undefined;
}
