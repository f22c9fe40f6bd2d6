// Type declarations for dist/chiplight.mjs (ES module) and dist/chiplight.js (classic script,
// global `Chiplight`). The full guide is docs/api.md.

/** The four categories of the lexicon. */
export type Category = 'chip' | 'cloud' | 'intermediary' | 'regulation';

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
    citations?: { text: string; url?: string }[];
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
   * Where the WebAssembly binary comes from, for the ES module build when `chiplight.wasm` is not
   * next to `chiplight.mjs` (a URL, the bytes or a compiled module). Only the call that loads the
   * module uses it (the first one, or the next one after a failed load). The classic build carries
   * its own binary and needs none.
   */
  wasm?: string | URL | BufferSource | WebAssembly.Module;
}

export interface Assessment {
  verdict: Verdict;
  /** The matches (the very objects passed in) that support the verdict; empty for `"none"`. */
  evidence: Match[];
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
   * Every mention in `text`, in document order, never overlapping. Offsets are UTF-16 indices
   * into `text` (right for CJK, emoji, astral characters and lone surrogates).
   */
  scan(text: string): Match[];
  /** The glossary entry with this id (a fresh object each call), or `undefined`. */
  entry(id: string): Entry | undefined;
  /** Every entry of the matcher's lexicon (built-in plus extra terms), frozen. */
  entries(): readonly Readonly<EntrySummary>[];
  /** Alias of {@link Matcher.entries}. */
  listEntries(): readonly Readonly<EntrySummary>[];
  /** The cloud-access verdict for one document's matches (as returned by {@link Matcher.scan}). */
  assess(matches: readonly Match[]): Assessment;
  /** Diagnostics: the module's memory size and the bytes in use by its allocator. */
  memoryUsage(): { wasmMemory: number; heapInUse: number };
  /** Frees the matcher. Later calls throw an Error; calling dispose() again does nothing. */
  dispose(): void;
}

/**
 * Compiles a matcher over the built-in lexicon. Rejects with an Error that names the bad term
 * (and gives RE2's message) if an extra term does not compile or has an unknown category.
 */
export function createMatcher(options?: MatcherOptions): Promise<Matcher>;

/** `['chip', 'cloud', 'intermediary', 'regulation']`. */
export const CATEGORIES: readonly Category[];

declare const chiplight: { createMatcher: typeof createMatcher; CATEGORIES: typeof CATEGORIES };
export default chiplight;

declare global {
  /** Defined by the classic build, dist/chiplight.js. */
  // eslint-disable-next-line no-var
  var Chiplight: { createMatcher: typeof createMatcher; CATEGORIES: readonly Category[] } | undefined;
}
