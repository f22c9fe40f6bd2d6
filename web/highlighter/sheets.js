// A painter's style sheets, and how hits look besides their category's style (which is the
// matcher's: categories[i].style).

/** A CSS colour's numbers ('rgba(255, 196, 0, 0.45)' -> [255, 196, 0, 0.45]). */
export function colourNumbers(css) {
  return (String(css).match(/[\d.]+/g) || []).map(Number);
}

// ---- colours that stay readable on the page's own colours (WCAG 2 contrast) ---------------------

/** An [r, g, b] colour from '#rrggbb' or 'rgb(a)(...)'. */
function rgbOf(css) {
  const hex = /^#([0-9a-f]{6})$/i.exec(String(css).trim());
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16));
  return colourNumbers(css).slice(0, 3);
}

/** WCAG 2's relative luminance of [r, g, b]. */
export function luminance([r, g, b]) {
  const lin = (v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2's contrast ratio of two [r, g, b] colours (1 to 21). */
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** [r, g, b, alpha] painted over the opaque [r, g, b] `under`. */
function over([r, g, b, a = 1], under) {
  return [r, g, b].map((v, i) => Math.round(v * a + under[i] * (1 - a)));
}

const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t));
const css = ([r, g, b], a) => (a === undefined ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${a})`);
const WHITE = [255, 255, 255];
const BLACK = [0, 0, 0];
const DARK_PAGE = [18, 18, 18];

// WCAG AA with a little room for rounding: text 4.5:1, other marks (an underline) 3:1.
const TEXT_CONTRAST = 4.6;
const MARK_CONTRAST = 3.1;

/**
 * The page's own colours where we draw: the background of the body (or the root element, or
 * white: the canvas) and the body's text colour, each `[r, g, b]`.
 */
export function pageColours(doc) {
  const view = doc?.defaultView;
  let background = null;
  let text = BLACK;
  try {
    for (const el of [doc.body, doc.documentElement]) {
      if (!el) continue;
      const bg = colourNumbers(view.getComputedStyle(el).backgroundColor);
      if (bg.length >= 3 && (bg[3] ?? 1) > 0.5) {
        background = bg.slice(0, 3);
        break;
      }
    }
    if (doc.body) text = rgbOf(view.getComputedStyle(doc.body).color);
  } catch {
    // No view (a document that went away): the defaults.
  }
  // No background of the body's or the root's own (a dark page may paint it on a wrapper): light
  // text means a dark page.
  if (!background) background = luminance(text) > 0.4 ? DARK_PAGE : WHITE;
  return { background, text };
}

/** Moves `colour` towards black or white (away from `against`) until it stands out by `ratio`. */
function standOut(colour, against, ratio) {
  const towards = luminance(against) < 0.18 ? WHITE : BLACK;
  let c = colour;
  for (let t = 0.1; contrast(c, against) < ratio && t <= 1.001; t += 0.1) c = mix(colour, towards, t);
  return c;
}

/**
 * Each category's style (`{ background, line, color }`, the lexicon's), and the active hit's,
 * adapted to the page's colours: the page's text on a category's background at least 4.5:1
 * (on a dark page the background is made fainter), the underline, the cue that is not colour,
 * at least 3:1 against that background (lightened on a dark page, darkened on a light one).
 * The active hit draws its own text colour (black or white, whichever reads better) on a purple
 * background with a thicker underline: `outline` is ignored inside `::highlight()`.
 * Returns `{ categories, active: { background, color, line } }` (CSS colours).
 */
export function adaptLook(categories, page = { background: WHITE, text: BLACK }) {
  const adapted = categories.map((c) => {
    const [r, g, b, a0 = 1] = colourNumbers(c.style.background);
    let alpha = a0;
    let under = over([r, g, b, alpha], page.background);
    while (contrast(page.text, under) < TEXT_CONTRAST && alpha > 0.1) {
      alpha = Math.round((alpha - 0.04) * 100) / 100;
      under = over([r, g, b, alpha], page.background);
    }
    const line = standOut(rgbOf(c.style.color), under, MARK_CONTRAST);
    return { ...c, style: { ...c.style, background: css([r, g, b], alpha), color: css(line) } };
  });
  const dark = luminance(page.background) < 0.18;
  const activeFill = dark ? [179, 136, 255, 0.45] : [98, 0, 234, 0.35];
  const activeUnder = over(activeFill, page.background);
  const activeText = contrast(WHITE, activeUnder) >= contrast(BLACK, activeUnder) ? WHITE : BLACK;
  const activeLine = standOut(dark ? [224, 204, 255] : [98, 0, 234], activeUnder, MARK_CONTRAST);
  return {
    categories: adapted,
    active: { background: css(activeFill.slice(0, 3), activeFill[3]), color: css(activeText), line: css(activeLine) },
  };
}

/** The active hit's declarations (`outline` too: wrapped elements draw it, highlights ignore it). */
export function activeStyle(active) {
  return `background-color: ${active.background}; color: ${active.color}; `
    + `text-decoration: underline solid ${active.line}; text-decoration-thickness: 3px; outline: 2px solid ${active.line};`;
}

// Where a sheet of `::highlight()` rules stays adopted after clear(): roots of more elements than
// this. Adopting or removing such a sheet makes Chromium restyle every element of the document
// (highlight styles inherit from `:root`, or the rules are for every element), one task of the
// browser's that no slicing of ours splits (docs/highlighter.md, clear(), gives the measured cost
// at 20 MB; about 10 µs an element). Below this a removal stays under 50 ms.
const KEEP_ABOVE_ELEMENTS = 4000;

// Per document, the sheets our cleared painters left adopted there (`keep`), unused, each with the
// prefix of the highlight names its rules style: Document -> [{ prefix, template, sheets }]
// (`template`: the rules with the prefix as PREFIX_MARK; `sheets`: [[root, sheet]], the document
// and shadow roots that kept one). A later painter there takes one entry, sheets and all, so
// each cleared painter's sheets are taken over once rather than adopted again beside them.
const freePrefixes = new WeakMap();
const PREFIX_MARK = '\u0000prefix\u0000';

/** `css` with every `prefix` replaced by a mark: rules to compare whatever their names' prefix. */
export function rulesTemplate(css, prefix) {
  return css.split(prefix).join(PREFIX_MARK);
}

/**
 * Sheets left adopted in `doc` by a cleared painter, for the caller to hand to its SheetSet
 * (`keep.sheets`): `{ prefix, sheets }`. `prefix` is the cleared painter's when its rules, with
 * that prefix, are `template` (rulesTemplate): drawing under it finds its rules already adopted;
 * otherwise null (the sheets' rules are replaced when attached: one restyle, as adopting a new
 * sheet would be, and no sheet more). The caller takes the entry (no other will). Null if
 * there is none.
 */
export function takeKeptSheets(doc, template) {
  const list = doc && freePrefixes.get(doc);
  if (!list || !list.length) return null;
  const i = list.findIndex((f) => f.template === template);
  const entry = list.splice(i < 0 ? 0 : i, 1)[0];
  return { prefix: i < 0 ? null : entry.prefix, sheets: entry.sheets };
}
// The rules each of our sheets holds now: CSSStyleSheet -> css text.
const sheetCss = new WeakMap();

function replace(sheet, css) {
  sheet.replaceSync(css);
  sheetCss.set(sheet, css);
}

/** The number of elements under `root` (a document or a shadow root). */
function elementCount(root) {
  try {
    return root.nodeType === 9 ? root.getElementsByTagName('*').length : root.querySelectorAll('*').length;
  } catch {
    return 0;
  }
}

/**
 * Our constructed style sheets, adopted by each document and shadow root we draw in: one per
 * document, shared by the document and its shadow roots; where the browser's highlight styles
 * inherit (below), the document itself gets a second one with the same rules on `:root` only.
 * With `keep` (rules whose adoption restyles the whole document: `::highlight()`), detachAll()
 * leaves a large root's sheet adopted, styling nothing once our highlights are unregistered, and
 * the next SheetSet there reuses it.
 */
export class SheetSet {
  /**
   * `rootedCss`: the same rules for the document's root element alone, used where they inherit;
   * `probe`: `{ name, color }`, a highlight name those rules style and its background [r, g, b, a];
   * `keep`: `{ prefix, sheets }`: `prefix`, that of the highlight names these rules style (freed
   * for a later painter when the sheets stay); `sheets`, those a cleared painter left adopted
   * (takeKeptSheets: [[root, sheet]]), taken over as roots are attached. Or false.
   */
  constructor(cssText, rootedCss = null, probe = null, { keep = false } = {}) {
    this.cssText = cssText;
    this.rootedCss = rootedCss;
    this.probe = probe;
    this.keep = keep;
    this.byDoc = new Map(); // Document -> { all: CSSStyleSheet, rooted: CSSStyleSheet }
    this.roots = new Map(); // Document | ShadowRoot -> the sheet it adopted
    this.inherited = keep && keep.sheets ? [...keep.sheets] : []; // [[root, sheet]] not yet taken over
  }

  attach(root) {
    if (this.roots.has(root)) return;
    const doc = root.nodeType === 9 ? root : root.ownerDocument;
    const view = doc.defaultView;
    if (!view || !('adoptedStyleSheets' in root)) return;
    let sheets = this.byDoc.get(doc);
    if (!sheets) this.byDoc.set(doc, (sheets = { all: null, rooted: null }));
    const rooted = root === doc && this.rootedCss !== null && highlightInheritance.get(doc) !== false;
    const css = rooted ? this.rootedCss : this.cssText;
    let sheet = rooted ? sheets.rooted : sheets.all;
    const i = sheet ? -1 : this.inherited.findIndex(([r, s]) => r === root && root.adoptedStyleSheets.includes(s));
    if (i >= 0) {
      // An earlier painter's, still adopted: taken over (its rules replaced only if they differ,
      // which restyles the page once, as adopting a new one would).
      sheet = this.inherited.splice(i, 1)[0][1];
      if (sheetCss.get(sheet) !== css) replace(sheet, css);
    } else if (!sheet) {
      sheet = new view.CSSStyleSheet();
      replace(sheet, css);
    }
    if (rooted) sheets.rooted = sheet;
    else sheets.all = sheet;
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    this.roots.set(root, sheet);
    if (rooted && !highlightInheritance.has(doc)) this.#checkInheritance(doc, sheet);
  }

  /**
   * Rules on `:root` are a bet on highlight inheritance, checked once the browser has computed
   * the styles anyway (after the next frame; a document that does not render is checked after
   * 200 ms): where they do not reach the body, the sheet gets the rules for every element.
   * Nothing is drawn before that frame (blocks near the screen are found in it), so a browser
   * without inheritance does not show unstyled highlights.
   */
  #checkInheritance(doc, sheet) {
    const view = doc.defaultView;
    let done = false;
    const check = () => {
      if (done || this.roots.get(doc) !== sheet) return;
      done = true;
      const inherits = highlightStylesInherit(doc, this.probe);
      highlightInheritance.set(doc, inherits);
      if (inherits) return;
      try {
        replace(sheet, this.cssText);
      } catch {
        // A document that went away.
      }
    };
    view.requestAnimationFrame(() => view.setTimeout(check, 0));
    view.setTimeout(check, 200);
  }

  update(cssText) {
    this.cssText = cssText;
    for (const sheets of this.byDoc.values()) {
      try {
        if (sheets.all) replace(sheets.all, cssText);
      } catch {
        // A document that went away.
      }
    }
  }

  /** Drops a document that went away, and its shadow roots. */
  forget(doc) {
    this.byDoc.delete(doc);
    for (const root of [...this.roots.keys()]) {
      if (root === doc || root.ownerDocument === doc) this.roots.delete(root);
    }
  }

  /**
   * Decides at once which of our sheets stay: with `keep`, a root of more than
   * KEEP_ABOVE_ELEMENTS elements keeps its sheet (its removal would be one long restyle of the
   * whole document), and they are free for the next painter in that document (takeKeptSheets)
   * from now on, so a highlight() right after clear() takes them over. Returns what removes the
   * others' sheets, which the caller may run later (it is idempotent).
   */
  release() {
    const remove = [];
    const keptBy = new Map(); // Document -> [[root, sheet]]
    const pairs = [...this.roots, ...this.inherited];
    for (const [root, sheet] of pairs) {
      try {
        if (!root.adoptedStyleSheets.includes(sheet)) continue;
        if (this.keep && elementCount(root) > KEEP_ABOVE_ELEMENTS) {
          const doc = root.nodeType === 9 ? root : root.ownerDocument;
          if (!keptBy.has(doc)) keptBy.set(doc, []);
          keptBy.get(doc).push([root, sheet]);
        } else {
          remove.push([root, sheet]);
        }
      } catch {
        // Detached root or navigated frame: nothing left to clean.
      }
    }
    for (const [doc, sheets] of keptBy) {
      if (!freePrefixes.has(doc)) freePrefixes.set(doc, []);
      freePrefixes.get(doc).push({ prefix: this.keep.prefix, template: rulesTemplate(this.cssText, this.keep.prefix), sheets });
    }
    this.roots.clear();
    this.byDoc.clear();
    this.inherited = [];
    return () => {
      for (const [root, sheet] of remove) {
        try {
          root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
        } catch {
          // Detached root or navigated frame: nothing left to clean.
        }
      }
    };
  }

  /** Removes our sheets from every root now, but those release() keeps. */
  detachAll() {
    this.release()();
  }
}

const highlightInheritance = new WeakMap(); // Document -> boolean, once checked

/**
 * Whether `doc`'s browser gives an element the `::highlight()` styles of its parent (CSS
 * highlight inheritance: Chromium does; Firefox 153 does not), seen in the computed style of
 * the body's `::highlight(probe.name)` when only `:root` has a rule for it. Where it does, our
 * rules are written for `:root` alone: adopting a sheet of `::highlight()` rules for every
 * element makes the browser restyle the whole page at once (40-70 ms for the 5,000 paragraphs
 * of the page benchmark, in one task of the browser's); rules on `:root` take about half of that
 * and paint the same.
 */
function highlightStylesInherit(doc, probe) {
  const view = doc.defaultView;
  const child = doc.body || doc.documentElement?.firstElementChild;
  if (!view || !child || !probe) return false;
  try {
    const numbers = (view.getComputedStyle(child, `::highlight(${probe.name})`).backgroundColor.match(/[\d.]+/g) || []).map(Number);
    return numbers.length >= 3 && probe.color.every((v, i) => Math.abs((numbers[i] ?? 1) - v) < 0.02);
  } catch {
    return false;
  }
}
