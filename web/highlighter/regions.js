// The page's regions: its main content (the article a reader came for) and its furniture
// (navigation, banners, ads, sidebars, comments). Context rules confirm a name only with words of
// its own region, and the verdict is computed from the main content alone: a sponsored box about
// a cloud must not turn a sidebar headline about a grocery chain into "Amazon (as cloud
// provider)", nor a banner ad become the first piece of evidence.

// Elements that are furniture wherever they are (HTML's sectioning elements for navigation and
// asides) and, outside the main content, the page's header and footer (inside an article they
// are its title and byline).
const FURNITURE_TAGS = new Set(['nav', 'aside']);
const FURNITURE_OUTSIDE_MAIN_TAGS = new Set(['header', 'footer', 'form', 'menu']);
const FURNITURE_ROLES = new Set(['navigation', 'complementary', 'banner', 'contentinfo', 'search', 'menu', 'menubar', 'dialog', 'alert']);

// Class and id words of furniture (whole words of a class or id, split at spaces, `-` and `_`):
// ads, sponsored boxes, sidebars and comments are furniture even inside an article; navigation
// words only outside it (an article's `header` class is its headline).
const FURNITURE_WORDS = /(?:^|[\s_-])(?:ads?|advert\w*|sponsor\w*|promo\w*|sidebar|comments?|related|share|sharing|social|newsletter|cookies?|outbrain|taboola|widget)(?:$|[\s_-])/i;
const FURNITURE_OUTSIDE_MAIN_WORDS = /(?:^|[\s_-])(?:nav\w*|menu|header|footer|masthead|breadcrumbs?|banner|topbar|toolbar|skip)(?:$|[\s_-])/i;
// Words that make a block more likely the article (the readability heuristic's).
const CONTENT_WORDS = /(?:^|[\s_-])(?:article|content|story|post|entry|body|main|text|prose)(?:$|[\s_-])/i;

// The heuristic reads at most this many text blocks: the article of a page without semantic
// markup is among its first blocks, and the reading stays one short task on any page (12-18 ms
// for a 1 MB and a 6 MB page, 32-34 ms when it read 3,000; Chromium, busy 2-core machine).
const MAX_CANDIDATES = 1500;
// A page whose best block holds less text than this has no article to tell apart.
const MIN_MAIN_CHARS = 200;

// What a class or id says (cached: a page repeats its class names on thousands of elements, and
// the walk asks for every element it enters).
const ANYWHERE = 2;
const OUTSIDE_MAIN = 1;
const wordsOf = new Map();

function furnitureWords(text) {
  if (!text) return 0;
  let words = wordsOf.get(text);
  if (words === undefined) {
    if (FURNITURE_WORDS.test(text)) words = ANYWHERE;
    else words = FURNITURE_OUTSIDE_MAIN_WORDS.test(text) ? OUTSIDE_MAIN : 0;
    if (wordsOf.size < 10000) wordsOf.set(text, words);
  }
  return words;
}

function classAndId(el) {
  return `${el.getAttribute('class') || ''} ${el.id || ''}`;
}

/** A block's text outside links (`own`) and all of its text (`chars`), trimmed. */
function textDensity(el) {
  const text = el.textContent || '';
  let linkChars = 0;
  for (const a of el.getElementsByTagName('a')) linkChars += (a.textContent || '').length;
  return { chars: text.trim().length, own: Math.max(0, text.trim().length - linkChars) };
}

/**
 * The element holding the main content of `scope` (an Element), or null when the page has none
 * to tell apart (then all of it is main content). Semantic markup first: `main` or
 * `[role=main]`, then the article (the one holding most of the articles' text, or the element
 * holding all of them on a page that lists several); else a readability-style heuristic: each
 * block of text gives its text outside links to its parent, half to its grandparent, and the
 * element with the most, weighed by class and id words and by its own link density, wins.
 */
export function findMainContent(scope) {
  const mains = [...scope.querySelectorAll('main, [role="main"]')].filter((m) => !m.hidden);
  if (mains.length) return mains[0];
  const articles = [...scope.querySelectorAll('article, [role="article"]')].filter((a) => !a.hidden);
  if (articles.length === 1) return articles[0];
  if (articles.length > 1) {
    const sizes = articles.map((a) => (a.textContent || '').length);
    const total = sizes.reduce((s, n) => s + n, 0);
    const biggest = sizes.indexOf(Math.max(...sizes));
    if (sizes[biggest] * 2 >= total) return articles[biggest];
    return commonAncestor(articles);
  }
  return mainByTextDensity(scope);
}

function commonAncestor(elements) {
  let ancestor = elements[0];
  while (ancestor && !elements.every((e) => ancestor.contains(e))) ancestor = ancestor.parentElement;
  return ancestor;
}

function mainByTextDensity(scope) {
  // element -> { score, own, chars }: the credit it got, and the text outside links and in all
  // of the blocks that gave it (its link density, without reading a big container's text).
  const scores = new Map();
  const credit = (el, points, own, chars) => {
    if (!el || el === scope.parentElement) return;
    let s = scores.get(el);
    if (!s) scores.set(el, (s = { score: 0, own: 0, chars: 0 }));
    s.score += points;
    s.own += own;
    s.chars += chars;
  };
  let read = 0;
  for (const block of scope.querySelectorAll('p, pre, td, blockquote, dd, div, section')) {
    if (read >= MAX_CANDIDATES) break;
    if (block.localName === 'div' || block.localName === 'section') {
      // A div counts as a block of text only for text of its own (lines between <br>s), not
      // for what its child blocks hold (they count themselves).
      let own = 0;
      for (let n = block.firstChild; n; n = n.nextSibling) if (n.nodeType === 3) own += n.data.trim().length;
      if (own < 25) continue;
    }
    const { own, chars } = textDensity(block);
    if (own < 25) continue;
    read += 1;
    credit(block.parentElement, own, own, chars);
    credit(block.parentElement?.parentElement, own / 2, own, chars);
  }
  let best = null;
  let bestScore = 0;
  for (const [el, { score, own, chars }] of scores) {
    let weighted = score;
    const names = classAndId(el);
    if (FURNITURE_WORDS.test(names) || FURNITURE_OUTSIDE_MAIN_WORDS.test(names)) weighted *= 0.2;
    else if (CONTENT_WORDS.test(names)) weighted *= 1.25;
    if (FURNITURE_TAGS.has(el.localName) || FURNITURE_OUTSIDE_MAIN_TAGS.has(el.localName)) weighted *= 0.2;
    weighted *= chars ? own / chars : 0; // a block of links is a menu, however long
    if (weighted > bestScore) {
      best = el;
      bestScore = weighted;
    }
  }
  if (!best || bestScore < MIN_MAIN_CHARS) return null;
  if (best === scope || best === scope.ownerDocument?.body) return null;
  return best;
}

/**
 * The regions of one highlighted root. A region is `{ element, main }`: the element it starts at
 * and whether it is main content. `startsAt(element, hasAttributes, current)` is asked by the
 * walk for each element it enters (cheap: tag names, and class and id only for elements with
 * attributes); `at(node)` finds the region of any node from its ancestors.
 */
export class Regions {
  constructor(root, main) {
    this.root = root;
    /** The main content's element, or null: all of the page is main content. */
    this.main = main;
    this.starts = new WeakMap(); // element → its region (one object per region element)
  }

  /** Regions for `root` (an Element or ShadowRoot): `main` an element, a selector, 'auto' or false. */
  static of(root, main = 'auto') {
    if (main === false || main === null) return null;
    const scope = root.nodeType === 9 ? (root.body || root.documentElement) : root;
    let mainElement = null;
    if (main && main.nodeType === 1) mainElement = main;
    else if (typeof main === 'string' && main !== 'auto') mainElement = scope.querySelector?.(main) || null;
    else if (scope.nodeType === 1) {
      // The highlighted element may itself lie inside the main content (a widget on one article).
      // (then all of it is main content).
      mainElement = scope.closest('main, [role="main"], article') ? null : findMainContent(scope);
    }
    // A main content around the highlighted root holds all of it.
    if (mainElement && mainElement !== scope && mainElement.contains(scope)) mainElement = null;
    return new Regions(scope, mainElement);
  }

  #region(element, main) {
    let region = this.starts.get(element);
    if (!region) {
      region = { element, main };
      this.starts.set(element, region);
    }
    return region;
  }

  /** The region of the text outside every region element: furniture when a main content exists. */
  get top() {
    return this.#region(this.root, !this.main);
  }

  /** The region `el` starts, or null when its text belongs to `current`. */
  startsAt(el, hasAttributes, current) {
    if (el === this.main) return this.#region(el, true);
    const name = el.localName;
    const inMain = current.main;
    let furniture = FURNITURE_TAGS.has(name) || (!inMain && FURNITURE_OUTSIDE_MAIN_TAGS.has(name));
    if (!furniture && hasAttributes) {
      const role = el.getAttribute('role');
      if (role && FURNITURE_ROLES.has(role)) furniture = true;
      else {
        const words = Math.max(furnitureWords(el.getAttribute('class')), furnitureWords(el.id));
        furniture = words === ANYWHERE || (!inMain && words === OUTSIDE_MAIN);
      }
    }
    return furniture ? this.#region(el, false) : null;
  }

  /** The region of `node`: the regions its ancestors start, read from the root down. */
  at(node) {
    const chain = [];
    for (let n = node; n && n !== this.root; ) {
      if (n.nodeType === 1) chain.push(n);
      if (n.parentNode) n = n.parentNode;
      else if (n.host) n = n.host; // a shadow root: its host's region
      else {
        try {
          n = n.defaultView?.frameElement || null; // a frame's document: its frame's region
        } catch {
          n = null;
        }
      }
    }
    let region = this.root === this.main ? this.#region(this.root, true) : this.top;
    for (let i = chain.length - 1; i >= 0; i -= 1) {
      region = this.startsAt(chain[i], chain[i].hasAttributes(), region) || region;
    }
    return region;
  }
}
