// The JavaScript API over the WebAssembly module (docs/api.md). wasm/assemble.mjs places this
// file, unchanged, between the Emscripten glue (which defines `ChiplightModule`) and a few lines
// that are specific to each build (how the .wasm bytes are found; how the API is exported).
//
// One module instance per JavaScript realm serves every matcher. The text of each scan crosses
// once: TextEncoder.encodeInto into one reusable buffer in the module's memory; the module maps
// UTF-8 offsets to UTF-16 offsets and leaves (start, end, entry) triples that are read through a
// typed-array view.

// The file is one function expression; assemble.mjs binds it to `createChiplightApi`.
//   moduleFactory       the Emscripten glue's factory (ChiplightModule)
//   compileDefaultWasm  async () => WebAssembly.Module, the build's own binary
//   categories          the built-in lexicon's "categories" array (core/data/lexicon.json),
//                       which assemble.mjs writes into each build: labels and styles in the
//                       canonical order, defined once, for every front end
//   exportNames         the C functions the module exports (wasm/exports.txt)
(function createChiplightApi(moduleFactory, compileDefaultWasm, categories, exportNames) {
  'use strict';

  function deepFreeze(value) {
    if (value !== null && typeof value === 'object') {
      for (const v of Object.values(value)) deepFreeze(v);
      Object.freeze(value);
    }
    return value;
  }

  // [{ id, label: { en, 'zh-Hans', 'zh-Hant' }, plural: {...}, style: { background, line, color } }]
  const CATEGORY_LIST = deepFreeze(categories.map(({ id, label, plural, style }) => ({ id, label, plural, style })));
  const CATEGORIES = Object.freeze(CATEGORY_LIST.map((c) => c.id));
  // What front ends join a document's blocks with (chiplight/text.h): U+FFFF, which no name,
  // separator run or built-in pattern matches across.
  const BLOCK_SEPARATOR = '\uFFFF';
  // The longest text (UTF-16 code units) that scan() hands the module in one call, by default;
  // longer texts are scanned in pieces of this length, each with its neighbours' text (see
  // #scanInPieces). The module's memory then stays within a fixed budget (docs/api.md) whatever
  // the text's length, since it never holds more than a window's UTF-8 (at most 3 bytes a unit)
  // and what the core needs to scan it (up to about 40 bytes a unit on text dense with candidates,
  // hence 2^19 rather than more); the memory a WebAssembly module has grown to is never given back
  // to the page.
  const DEFAULT_PIECE_LENGTH = 1 << 19;
  // The least text a piece takes of what goes before it, even when the lexicon has no context
  // rules (contextMargin 0): a match at a piece's start must see whether a letter goes before it.
  const MIN_PIECE_MARGIN = 2048;
  // How far past a piece's end its window reaches: a match that starts in the piece is found
  // whole if it is at most this long (a 16K-unit match is a name with 16,000 spaces inside, or a
  // user pattern's repetition run as long). With the default pieces, 3% more text is scanned.
  const LONG_MATCH = 1 << 14;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let runtimePromise = null;

  // A piece's edges never fall between the two halves of a surrogate pair (which would make each a
  // lone surrogate in the piece): cutAfter moves an edge after the pair, cutBefore before it.
  const splitsPair = (text, i) => i > 0 && i < text.length
    && (text.charCodeAt(i - 1) & 0xfc00) === 0xd800 && (text.charCodeAt(i) & 0xfc00) === 0xdc00;
  const cutAfter = (text, i) => (splitsPair(text, i) ? i + 1 : i);
  const cutBefore = (text, i) => (splitsPair(text, i) ? i - 1 : i);

  async function compileWasm(source) {
    if (source === undefined || source === null) return compileDefaultWasm();
    if (source instanceof WebAssembly.Module) return source;
    if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
    // Compiled while it downloads, and (when the response may be cached) from the browser's code
    // cache on later visits; the bytes then compiled whole where the response is not served as
    // application/wasm (compileStreaming's TypeError).
    if (typeof WebAssembly.compileStreaming === 'function') {
      try {
        return await WebAssembly.compileStreaming(fetch(source));
      } catch (e) {
        if (!(e instanceof TypeError)) throw e;
      }
    }
    const response = await fetch(source);
    if (!response.ok) throw new Error(`Chiplight: could not load ${source}: HTTP ${response.status}`);
    return WebAssembly.compile(await response.arrayBuffer());
  }

  // The module's exports, memory views and the shared input buffer.
  class Runtime {
    constructor(module) {
      this.module = module;
      // Results are pointers and sizes: unsigned (memory may grow past 2 GB, where a wasm i32
      // reaches JavaScript as a negative number).
      this.x = {};
      // Exactly the exported C functions (wasm/exports.txt), by their C names.
      for (const name of exportNames) {
        const f = module[`_${name}`];
        if (typeof f !== 'function') throw new Error(`Chiplight: the WebAssembly module lacks ${name}`);
        this.x[name] = (...args) => f(...args) >>> 0;
      }
      this.u8 = module.HEAPU8;
      this.u32 = module.HEAPU32;
      this.bufPtr = 0;
      this.bufCap = 0;
    }

    views() {
      if (this.u8 !== this.module.HEAPU8) {  // the memory grew: the glue made new views
        this.u8 = this.module.HEAPU8;
        this.u32 = this.module.HEAPU32;
      }
      return this;
    }

    // Makes the input buffer at least `need` bytes, keeping its first `keep` bytes. It grows
    // geometrically, and gives memory back to the allocator after a very large text.
    reserve(need, keep) {
      if (need <= this.bufCap) {
        if (keep > 0 || this.bufCap <= (16 << 20) || need * 8 > this.bufCap) return;
        this.x.free(this.bufPtr);  // shrink: fall through with an empty buffer
        this.bufPtr = 0;
        this.bufCap = 0;
      }
      const cap = Math.ceil(Math.max(need, this.bufCap * 2, 1 << 16) / 65536) * 65536;
      const ptr = keep > 0 ? this.x.realloc(this.bufPtr, cap) : (this.x.free(this.bufPtr), this.x.malloc(cap));
      if (ptr === 0) {
        this.bufPtr = 0;
        this.bufCap = 0;
        throw new RangeError(`Chiplight: out of memory for a text of ${need} bytes`);
      }
      this.bufPtr = ptr;
      this.bufCap = cap;
    }

    // UTF-8 encodes `text` into the input buffer; returns its length in bytes.
    encode(text) {
      const n = text.length;
      this.reserve(n + 16, 0);  // enough for ASCII; grown below for anything else
      let { read, written } = encoder.encodeInto(text, this.views().u8.subarray(this.bufPtr, this.bufPtr + this.bufCap));
      while (read < n) {
        this.reserve(written + (n - read) * 3 + 16, written);
        const rest = text.substring(read);
        const r = encoder.encodeInto(rest, this.views().u8.subarray(this.bufPtr + written, this.bufPtr + this.bufCap));
        read += r.read;
        written += r.written;
      }
      return written;
    }

    // Copies a string into the module's memory (for short strings: options); caller frees.
    copyIn(text) {
      const bytes = encoder.encode(text);
      const ptr = this.x.malloc(bytes.length + 1);
      if (ptr === 0) throw new RangeError('Chiplight: out of memory');
      this.views().u8.set(bytes, ptr);
      this.u8[ptr + bytes.length] = 0;
      return { ptr, len: bytes.length };
    }

    cString(ptr) {
      if (ptr === 0) return null;
      const u8 = this.views().u8;
      const end = u8.indexOf(0, ptr);
      return decoder.decode(u8.subarray(ptr, end));
    }
  }

  function runtime(wasmSource) {
    if (runtimePromise === null) {
      runtimePromise = (async () => {
        const wasmModule = await compileWasm(wasmSource);
        const module = await new Promise((resolve, reject) => {
          moduleFactory({
            instantiateWasm(imports, receiveInstance) {
              WebAssembly.instantiate(wasmModule, imports).then(
                (instance) => receiveInstance(instance, wasmModule), reject);
              return {};
            },
            onAbort: (what) => reject(new Error(`Chiplight: the WebAssembly module aborted: ${what}`)),
            print: () => {},
            printErr: () => {},
          }).then((m) => resolve(m), reject);
        });
        return new Runtime(module);
      })();
      runtimePromise.catch(() => { runtimePromise = null; });  // a failed load can be retried
    }
    return runtimePromise;
  }

  function normalizeTerm(term, i) {
    if (term === null || typeof term !== 'object' || Array.isArray(term)) {
      throw new TypeError(`Chiplight: extraTerms[${i}] must be an object`);
    }
    const out = { ...term };
    if ('pattern' in out) {  // `pattern: '...'` is accepted for `patterns: ['...']`
      out.patterns = [...(Array.isArray(out.patterns) ? out.patterns : []), out.pattern];
      delete out.pattern;
    }
    if (out.caseSensitive === true) out.flags = [...(Array.isArray(out.flags) ? out.flags : []), 'case-sensitive'];
    delete out.caseSensitive;
    return out;
  }

  // How deep a term's values may nest: a term needs 4 levels (a glossary's dated citations), and
  // a deeper value (or one that contains itself) would take JSON.stringify, and the module's JSON
  // code after it, past their stacks. The module checks again (wasm/options.cc, 64 levels from
  // the options object), so neither side relies on the other.
  const MAX_TERM_NESTING = 32;
  // How many values extraTerms may hold in all (the built-in lexicon's 138 entries hold about
  // 5,600): a bound on the work of the check below, which a value shared many times over (a DAG)
  // could make exponential.
  const MAX_TERM_VALUES = 1 << 22;

  function checkTermShapes(terms) {
    let values = 0;
    for (let i = 0; i < terms.length; i++) {
      const stack = [[terms[i], 1]];
      while (stack.length > 0) {
        const [value, depth] = stack.pop();
        if (value === null || typeof value !== 'object') continue;
        if (depth > MAX_TERM_NESTING) {
          throw new TypeError(`Chiplight: extraTerms[${i}] nests values more than ${MAX_TERM_NESTING} levels deep (or contains itself)`);
        }
        for (const child of Object.values(value)) {
          if (++values > MAX_TERM_VALUES) throw new TypeError(`Chiplight: extraTerms holds more than ${MAX_TERM_VALUES} values`);
          stack.push([child, depth + 1]);
        }
      }
    }
  }

  function normalizeOptions(options) {
    if (options === undefined || options === null) return { opts: {}, pieceLength: DEFAULT_PIECE_LENGTH };
    if (typeof options !== 'object') throw new TypeError('Chiplight: options must be an object');
    const out = {};
    if (options.categories !== undefined && options.categories !== null) {
      if (!Array.isArray(options.categories)) throw new TypeError('Chiplight: options.categories must be an array');
      out.categories = [...options.categories];
      out.categories.forEach((name, i) => {
        if (typeof name !== 'string') throw new TypeError(`Chiplight: options.categories[${i}] must be a category name (a string)`);
      });
    }
    if (options.extraTerms !== undefined && options.extraTerms !== null) {
      if (!Array.isArray(options.extraTerms)) throw new TypeError('Chiplight: options.extraTerms must be an array');
      checkTermShapes(options.extraTerms);
      out.extraTerms = options.extraTerms.map(normalizeTerm);
    }
    let pieceLength = DEFAULT_PIECE_LENGTH;
    if (options.pieceLength !== undefined && options.pieceLength !== null) {
      pieceLength = options.pieceLength;
      if (typeof pieceLength !== 'number' || !(pieceLength >= 1) || (pieceLength !== Infinity && !Number.isInteger(pieceLength))) {
        throw new TypeError('Chiplight: options.pieceLength must be a whole number of UTF-16 code units (at least 1), or Infinity');
      }
    }
    return { opts: out, pieceLength };
  }

  const registry = typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry(({ rt, handle }) => rt.x.cl_destroy(handle))
    : null;

  class Matcher {
    #rt;
    #handle;
    #ids;
    #categories;
    #index;
    #list;
    #json = new Map();
    #pieceLength;
    #pageRules;

    constructor(rt, handle, pieceLength) {
      this.#rt = rt;
      this.#handle = handle;
      this.#pieceLength = pieceLength;
      // Whether context rules look at the whole document's topic (docs/lexicon.md, "Page topic"):
      // a text scanned in pieces then has its topic added up first and passed to every piece.
      this.#pageRules = rt.x.cl_has_page_rules(handle) !== 0;
      const raw = rt.cString(rt.x.cl_entries(handle));
      const records = raw.length ? raw.slice(0, -1).split('\x1e') : [];
      this.#ids = new Array(records.length);
      this.#categories = new Array(records.length);
      this.#index = new Map();
      this.#list = records.map((record, i) => {
        const [id, category, kind, label] = record.split('\x1f');
        this.#ids[i] = id;
        this.#categories[i] = category;
        this.#index.set(id, i);
        return Object.freeze({ id, label, category, kind });
      });
      /** The built-in lexicon's version (semver). */
      this.lexiconVersion = rt.cString(rt.x.cl_version(handle));
      /**
       * The widest context window of the lexicon in use (code points). A caller scanning a
       * document in pieces gives each piece this much text on either side, so that results don't
       * depend on where pieces are cut.
       */
      this.maxContextWindow = rt.x.cl_max_context_window(handle);
      /**
       * UTF-16 code units of neighbouring text a piece of a document needs on each side for the
       * context rules to judge it as in the whole document (Matcher::context_margin): the widest
       * window at two units a code point, plus the longest context word.
       */
      this.contextMargin = rt.x.cl_context_margin(handle);
      /** What to join blocks (paragraphs, cells) with before scanning them together. */
      this.blockSeparator = String.fromCodePoint(rt.x.cl_block_separator());
      /** Every category, in canonical order, with its labels and style (all, whatever the options). */
      this.categories = CATEGORY_LIST;
      Object.freeze(this.#list);
    }

    #live() {
      if (this.#handle === 0) throw new Error('Chiplight: this matcher was disposed (dispose() was called)');
      return this.#rt;
    }

    /**
     * Every mention in `text`, in document order: [{ start, end, id, category }], UTF-16 offsets.
     * Context rules that look at what the whole page is about see `text`'s own topic, or, with
     * `options.topic` (from topicOf()), that of the document `text` is a part of.
     */
    scan(text, options) {
      const rt = this.#live();
      if (typeof text !== 'string') throw new TypeError('Chiplight: scan(text) needs a string');
      const topic = options?.topic;
      if (topic !== undefined && topic !== null) {
        if (!(topic.words instanceof Uint32Array)) throw new TypeError('Chiplight: options.topic must come from topicOf()');
        if (this.#pageRules) return this.#scanWithTopic(rt, text, topic);
      }
      if (text.length <= this.#pieceLength + Math.max(LONG_MATCH, this.#pieceMargin())) return this.#scanWindow(rt, text, 0, text.length);
      return this.#scanInPieces(rt, text);
    }

    /**
     * What a document is about, for scanning its parts with scan(part, { topic }) (say, a page's
     * batches) as the whole would be: { words } (per context set). null when no context rule
     * looks at the page's topic.
     */
    topicOf(text) {
      const rt = this.#live();
      if (typeof text !== 'string') throw new TypeError('Chiplight: topicOf(text) needs a string');
      if (!this.#pageRules) return null;
      this.#addUpTopic(rt, text, this.#pieceMargin());
      const size = rt.x.cl_topic_size(this.#handle);
      const at = rt.x.cl_topic_words(this.#handle) >>> 2;
      return Object.freeze({ words: rt.views().u32.slice(at, at + size) });
    }

    #scanWithTopic(rt, text, topic) {
      const size = topic.words.length;
      const ptr = size > 0 ? rt.x.malloc(size * 4) : 0;
      if (size > 0 && ptr === 0) throw new RangeError('Chiplight: out of memory');
      try {
        rt.views().u32.set(topic.words, ptr >>> 2);
        rt.x.cl_topic_set(this.#handle, ptr, size);
      } finally {
        if (ptr !== 0) rt.x.free(ptr);
      }
      return this.#scanInPieces(rt, text, true);
    }

    #pieceMargin() {
      return Math.max(this.contextMargin, MIN_PIECE_MARGIN);
    }

    // The matches of text.slice(from, to) as a scan of that text alone finds them, with offsets
    // into `text`.
    #scanWindow(rt, text, from, to, inDocument = false) {
      const n = this.#scanRaw(rt, text, from, to, inDocument);
      const out = new Array(n);
      if (n === 0) return out;
      const u32 = rt.views().u32;
      const ids = this.#ids;
      const categories = this.#categories;
      for (let i = 0, j = rt.x.cl_results(this.#handle) >>> 2; i < n; i++, j += 3) {
        const e = u32[j + 2];
        out[i] = { start: u32[j] + from, end: u32[j + 1] + from, id: ids[e], category: categories[e] };
      }
      this.#trimResults(rt, n);
      return out;
    }

    // Scans text.slice(from, to); returns the number of matches, whose (start, end, entry) triples
    // (offsets from `from`) are at cl_results until the next scan.
    // `inDocument`: a piece of a document whose topic #addUpTopic has worked out.
    #scanRaw(rt, text, from, to, inDocument = false) {
      const len = rt.encode(from === 0 && to === text.length ? text : text.slice(from, to));
      const n = inDocument ? rt.x.cl_scan_in_document(this.#handle, rt.bufPtr, len) : rt.x.cl_scan(this.#handle, rt.bufPtr, len);
      if (n === 0xffffffff) throw new RangeError(`Chiplight: ${rt.cString(rt.x.cl_last_error())}`);
      return n;
    }

    // The results buffer keeps its largest size; give a big one back (12 bytes a match).
    #trimResults(rt, n) {
      if (n > (1 << 16)) rt.x.cl_trim(this.#handle);
    }

    // A long text, a piece at a time, with the same results as one scan of the whole text.
    // Everything before `pos` is settled, and no settled match reaches past it. Each window is the
    // next piece, with contextMargin units (at least MIN_PIECE_MARGIN) before it, which is all
    // the text its matches' context rules and word edges look at, and LONG_MATCH units (or the
    // margin, if wider) after it.
    // Of the window's matches, those that start in the piece and end in it are settled; the first
    // that ends beyond it is left for the next window, which starts with it (so a match across
    // the piece's end is found whole, with its context on both sides; one longer than a piece gets
    // a longer piece). A match beyond the window's end is not seen at all, so one that starts in
    // the piece and is longer than LONG_MATCH could be missed: names may hold any run of
    // separators and patterns any repetition, so no margin rules that out (docs/api.md says so).
    // A window whose own matches run across `pos` disagrees with what is settled: it is widened to
    // the left and scanned again, and if that does not settle it, the whole text is scanned.
    // Only settled matches become objects (read from the module's triples directly).
    // The topic of the whole text, added up a piece at a time (each with `margin` units of its
    // neighbours on either side, so that words across a cut count once, as in the whole text).
    #addUpTopic(rt, text, margin) {
      const n = text.length;
      rt.x.cl_topic_clear(this.#handle);
      for (let pos = 0; pos < n;) {
        const end = cutAfter(text, Math.min(n, pos + this.#pieceLength));
        const from = cutBefore(text, Math.max(0, pos - margin));
        const to = cutAfter(text, Math.min(n, end + margin));
        const len = rt.encode(text.slice(from, to));
        if (rt.x.cl_topic_add(this.#handle, rt.bufPtr, len, pos - from, end - from) === 0xffffffff) {
          throw new RangeError(`Chiplight: ${rt.cString(rt.x.cl_last_error())}`);
        }
        pos = end;
      }
    }

    // `topicSet`: the handle holds the topic of the document `text` is a part of already.
    #scanInPieces(rt, text, topicSet = false) {
      const n = text.length;
      const margin = this.#pieceMargin();
      if (this.#pageRules && !topicSet) this.#addUpTopic(rt, text, margin);
      const ids = this.#ids;
      const categories = this.#categories;
      const out = [];
      let pos = 0;
      let piece = this.#pieceLength;
      let extraLeft = 0;
      while (pos < n) {
        const from = cutBefore(text, Math.max(0, pos - margin - extraLeft));
        const pieceEnd = cutAfter(text, Math.min(n, pos + piece));
        const to = cutAfter(text, Math.min(n, pieceEnd + Math.max(LONG_MATCH, margin)));
        const count = this.#scanRaw(rt, text, from, to, this.#pageRules);
        const u32 = rt.views().u32;
        const first = rt.x.cl_results(this.#handle) >>> 2;
        const last = first + 3 * count;
        const settledUpTo = to === n ? n : pieceEnd;
        let j = first;
        while (j < last && u32[j] + from < pos) j += 3;
        if (j > first && u32[j - 2] + from > pos) {
          if (from > 0 && extraLeft < 4 * this.#pieceLength) {
            extraLeft = Math.max(margin, 2 * extraLeft);
            continue;
          }
          return topicSet ? this.#scanWindow(rt, text, 0, n, true) : this.#scanWindow(rt, text, 0, n);
        }
        let next = settledUpTo;
        for (; j < last; j += 3) {
          const start = u32[j] + from;
          const end = u32[j + 1] + from;
          if (start >= settledUpTo) break;
          if (end > settledUpTo) {
            next = start;
            break;
          }
          const e = u32[j + 2];
          out.push({ start, end, id: ids[e], category: categories[e] });
        }
        this.#trimResults(rt, count);
        if (next === pos) {  // one match longer than a piece: a longer piece
          piece *= 2;
          continue;
        }
        pos = next;
        piece = this.#pieceLength;
        extraLeft = 0;
      }
      return out;
    }

    /** The glossary entry with this id (a fresh object), or undefined. */
    entry(id) {
      const rt = this.#live();
      let json = this.#json.get(id);
      if (json === undefined) {
        const i = this.#index.get(id);
        if (i === undefined) return undefined;
        json = rt.cString(rt.x.cl_entry_json(this.#handle, i));
        if (json === null) throw new Error(`Chiplight: ${rt.cString(rt.x.cl_last_error())}`);
        this.#json.set(id, json);
      }
      return JSON.parse(json);
    }

    /** Every entry of the lexicon (built-in and extra terms): [{ id, label, category, kind }]. */
    entries() {
      this.#live();
      return this.#list;
    }

    /** Alias of entries(). */
    listEntries() {
      return this.entries();
    }

    /**
     * The cloud-access verdict for one document's matches, in document order (as scan() returns
     * them; only each match's `id` is read): { verdict, evidence, evidenceIndexes, explanation }.
     * `evidence[i]` is the very object `matches[evidenceIndexes[i]]`.
     */
    assess(matches) {
      const rt = this.#live();
      if (!Array.isArray(matches)) throw new TypeError('Chiplight: assess(matches) needs the array that scan() returned');
      const n = matches.length;
      const ptr = n > 0 ? rt.x.malloc(n * 4) : 0;
      if (n > 0 && ptr === 0) throw new RangeError('Chiplight: out of memory');
      try {
        const u32 = rt.views().u32;
        for (let i = 0, j = ptr >>> 2; i < n; i++, j++) {
          const m = matches[i];
          const e = m ? this.#index.get(m.id) : undefined;
          if (e === undefined) throw new TypeError(`Chiplight: assess: matches[${i}] has no known entry id`);
          u32[j] = e;
        }
        const result = rt.cString(rt.x.cl_assess(this.#handle, ptr, n));
        if (result === null) throw new Error(`Chiplight: ${rt.cString(rt.x.cl_last_error())}`);
        const { verdict, evidence: evidenceIndexes, explanation } = JSON.parse(result);
        return { verdict, evidence: evidenceIndexes.map((i) => matches[i]), evidenceIndexes, explanation };
      } finally {
        if (ptr !== 0) rt.x.free(ptr);
      }
    }

    /** Diagnostics: the module's memory size and the bytes malloc has handed out. */
    memoryUsage() {
      const rt = this.#live();
      return { wasmMemory: rt.views().u8.buffer.byteLength, heapInUse: rt.x.cl_heap_in_use() >>> 0 };
    }

    /** Frees the compiled matcher. Any later call (except dispose) throws. */
    dispose() {
      if (this.#handle === 0) return;
      registry?.unregister(this);
      this.#rt.x.cl_destroy(this.#handle);
      this.#handle = 0;
      this.#json.clear();
    }
  }

  /**
   * Compiles a matcher: the built-in lexicon, optionally restricted to some categories and
   * extended with extra terms. Rejects with an Error naming the bad term or category.
   */
  // The bytes of `listed.json` or `listed.tables` (a string, an ArrayBuffer or a view of one).
  function listedBytes(value, name) {
    if (typeof value === 'string') return encoder.encode(value);
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    throw new TypeError(`Chiplight: options.listed.${name} must be a string, an ArrayBuffer or a typed array`);
  }

  // options.listed: { json, tables }, the packaged listed parties (dist/chiplight-listed.json)
  // and the tables the build stored for them (dist/chiplight-listed-tables.bin): the matcher
  // reads them instead of compiling the list (docs/listed-parties.md, "Cold start").
  function normalizeListed(listed) {
    if (listed === undefined || listed === null) return null;
    if (typeof listed !== 'object') throw new TypeError('Chiplight: options.listed must be { json, tables }');
    return { json: listedBytes(listed.json, 'json'), tables: listedBytes(listed.tables, 'tables') };
  }

  async function createMatcher(options) {
    const { opts, pieceLength } = normalizeOptions(options);
    const listed = normalizeListed(options?.listed);
    const rt = await runtime(options?.wasm);
    const { ptr, len } = rt.copyIn(JSON.stringify(opts));
    const copies = [];
    let handle;
    try {
      if (listed) {
        for (const bytes of [listed.json, listed.tables]) {
          const at = rt.x.malloc(bytes.length + 1);
          if (at === 0) throw new RangeError('Chiplight: out of memory for the listed parties');
          copies.push(at);
          rt.views().u8.set(bytes, at);
        }
        handle = rt.x.cl_create_listed(ptr, len, copies[0], listed.json.length, copies[1], listed.tables.length);
      } else {
        handle = rt.x.cl_create(ptr, len);
      }
    } finally {
      rt.x.free(ptr);
      for (const at of copies) rt.x.free(at);
    }
    if (handle === 0) throw new Error(`Chiplight: ${rt.cString(rt.x.cl_last_error())}`);
    const matcher = new Matcher(rt, handle, pieceLength);
    registry?.register(matcher, { rt, handle }, matcher);
    return matcher;
  }

  return Object.freeze({
    createMatcher, CATEGORIES, categories: CATEGORY_LIST, blockSeparator: BLOCK_SEPARATOR,
  });
});
