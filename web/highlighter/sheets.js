// A painter's style sheets, and how hits look besides their category's style (which is the
// matcher's: categories[i].style).

export const ACTIVE_STYLE = 'outline: 2px solid #6200ea; background-color: rgba(98, 0, 234, 0.35); color: #000;';

/** A CSS colour's numbers ('rgba(255, 196, 0, 0.45)' -> [255, 196, 0, 0.45]). */
export function colourNumbers(css) {
  return (String(css).match(/[\d.]+/g) || []).map(Number);
}

/**
 * Our constructed style sheets, adopted by each document and shadow root we draw in: one per
 * document, shared by the document and its shadow roots; where the browser's highlight styles
 * inherit (below), the document itself gets a second one with the same rules on `:root` only.
 */
export class SheetSet {
  /**
   * `rootedCss`: the same rules for the document's root element alone, used where they inherit;
   * `probe`: `{ name, color }`, a highlight name those rules style and its background [r, g, b, a].
   */
  constructor(cssText, rootedCss = null, probe = null) {
    this.cssText = cssText;
    this.rootedCss = rootedCss;
    this.probe = probe;
    this.byDoc = new Map(); // Document -> { all: CSSStyleSheet, rooted: CSSStyleSheet }
    this.roots = new Map(); // Document | ShadowRoot -> the sheet it adopted
  }

  attach(root) {
    if (this.roots.has(root)) return;
    const doc = root.nodeType === 9 ? root : root.ownerDocument;
    const view = doc.defaultView;
    if (!view || !('adoptedStyleSheets' in root)) return;
    let sheets = this.byDoc.get(doc);
    if (!sheets) this.byDoc.set(doc, (sheets = { all: null, rooted: null }));
    const rooted = root === doc && this.rootedCss !== null && highlightInheritance.get(doc) !== false;
    let sheet = rooted ? sheets.rooted : sheets.all;
    if (!sheet) {
      sheet = new view.CSSStyleSheet();
      sheet.replaceSync(rooted ? this.rootedCss : this.cssText);
      if (rooted) sheets.rooted = sheet;
      else sheets.all = sheet;
    }
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    this.roots.set(root, sheet);
    if (rooted && !highlightInheritance.has(doc)) this.#checkInheritance(doc, sheet);
  }

  /**
   * Rules on `:root` are a bet on highlight inheritance, checked once the browser has computed
   * the styles anyway (after the next frame; a document that does not render is checked after
   * 200 ms): where they do not reach the body, the sheet gets the rules for every element.
   * Nothing is drawn before that frame (IntersectionObserver reports after it), so a browser
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
        sheet.replaceSync(this.cssText);
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
        sheets.all?.replaceSync(cssText);
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

  detachAll() {
    for (const [root, sheet] of this.roots) {
      try {
        root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
      } catch {
        // Detached root or navigated frame: nothing left to clean.
      }
    }
    this.roots.clear();
    this.byDoc.clear();
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
