// The summary panel: every entry found, grouped by category with counts, each jumping to its
// hits, and the cloud-access verdict with its evidence. In the floating panel (ui.js) or in an
// element of the caller's (createSummaryPanel). It reads and drives the controller through its
// public API and follows its events.

import {
  VERDICTS, categoryNames, el, localEntry, resolveUiLang, uiStrings, uniqueId,
} from './util.js';
import {
  adoptCss, headedSection, listOf, ownShadowRoots, themeClass,
} from './ui-shadow.js';

// What the summary panel and the panel button follow.
export const PANEL_EVENTS = ['change', 'progress'];

/**
 * The verdict to show: while a pass is running (progress events) it is pending, not assessed
 * again over the hits found so far at each event; the pass's closing 'change' brings the real one.
 */
export function shownVerdict(controller) {
  return controller.scanning ? { verdict: 'none', explanation: '', evidence: [], pending: true } : controller.verdict;
}

/** Renders the summary panel of a controller into `container` (inside a shadow root we own). */
export class PanelView {
  constructor(controller, container, { doc, uiLang, shadow }) {
    this.controller = controller;
    this.container = container;
    this.doc = doc;
    this.uiLang = uiLang;
    this.shadow = shadow;
    this.s = uiStrings(uiLang);
    this.nextIndex = new Map();
    this.titleId = uniqueId('cl-panel-title');
    // Every pass ends with a 'change' (before its 'ready'): rendering on 'ready' too would build
    // the panel twice.
    this.onChange = () => this.render();
    for (const t of PANEL_EVENTS) controller.addEventListener(t, this.onChange);
    this.render();
  }

  destroy() {
    for (const t of PANEL_EVENTS) this.controller.removeEventListener(t, this.onChange);
    this.container.replaceChildren();
  }

  focusFirst() {
    this.container.querySelector('button, input')?.focus();
  }

  focusKey(key) {
    const target = this.container.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (target) target.focus();
  }

  render() {
    const c = this.controller;
    if (c.cleared) return;
    const doc = this.doc;
    const s = this.s;
    const activeKey = this.shadow.activeElement?.getAttribute?.('data-key');

    const section = el(doc, 'section', { class: 'panel', 'aria-labelledby': this.titleId, lang: this.uiLang });
    section.appendChild(el(doc, 'h2', { id: this.titleId }, s.summaryTitle));
    const counts = c.counts;
    const entries = c.entries;
    const statusText = c.scanning && !counts.total ? s.scanning
      : counts.total ? s.totals(counts.total, entries.length) : s.nothingFound;
    section.appendChild(el(doc, 'p', { class: 'status', role: 'status', 'aria-live': 'polite' }, statusText));

    // The verdict with its evidence.
    const categories = c.matcher.categories;
    const names = categoryNames(categories, this.uiLang);
    const plural = categoryNames(categories, this.uiLang, 'plural');
    const v = shownVerdict(c);
    const vname = VERDICTS.includes(v.verdict) ? v.verdict : 'none';
    const vbox = el(doc, 'div', { class: `verdict v-${vname}`, 'data-verdict': vname });
    const vh = uniqueId('cl-h');
    vbox.setAttribute('role', 'group');
    vbox.setAttribute('aria-labelledby', vh);
    vbox.appendChild(el(doc, 'h3', { id: vh }, s.verdictHeading));
    vbox.appendChild(el(doc, 'p', { class: 'vlabel' }, v.pending ? s.verdictPending : s.verdict[vname]));
    const expl = this.#explanation(v);
    if (expl) vbox.appendChild(el(doc, 'p', { class: 'expl' }, expl));
    if (v.evidence.length) {
      vbox.appendChild(el(doc, 'h4', null, s.evidence));
      vbox.appendChild(listOf(doc, 'ul', v.evidence, (hit, i) => {
        const key = `ev:${i}:${hit.id}`;
        const name = this.#nameOf(hit);
        const b = el(doc, 'button', { type: 'button', class: 'chip-btn', 'data-key': key }, name);
        b.setAttribute('aria-label', `${name}, ${names[hit.category]}, ${s.firstMention}`);
        b.addEventListener('click', () => this.#jump(hit, key));
        return b;
      }));
    }
    section.appendChild(vbox);

    // Entries by category.
    const visible = new Set(c.categories);
    for (const { id: cat } of categories) {
      // Chip makers named alone ("Nvidia") are not controlled chips: listed apart, not counted.
      const all = entries.filter((e) => e.category === cat);
      const list = all.filter((e) => e.kind !== 'vendor');
      const makers = all.filter((e) => e.kind === 'vendor');
      const n = list.reduce((a, e) => a + e.count, 0);
      const sec = headedSection(doc, { class: `cat c-${cat}`, 'data-category': cat }, [
        el(doc, 'span', { class: `swatch cat-${cat}`, 'aria-hidden': 'true' }),
        el(doc, 'span', null, plural[cat]), el(doc, 'span', { class: 'count' }, `(${n})`)]);
      const label = el(doc, 'label', { class: 'toggle' });
      const box = el(doc, 'input', { type: 'checkbox', 'data-key': `cat:${cat}` });
      box.checked = visible.has(cat);
      box.addEventListener('change', () => {
        const now = new Set(c.categories);
        if (box.checked) now.add(cat);
        else now.delete(cat);
        c.setCategories([...now]);
      });
      label.append(box, el(doc, 'span', null, s.showCategory(plural[cat])));
      sec.appendChild(label);
      const entryList = (items) => listOf(doc, 'ul', items, (e) => {
        const key = `e:${e.id}`;
        const name = this.#nameOf(e.hits[0], e);
        const b = el(doc, 'button', { type: 'button', class: 'entry-btn', 'data-key': key, 'data-entry': e.id,
          'aria-label': s.goToEntry(name, e.count) });
        b.append(el(doc, 'span', { class: 'label' }, name), el(doc, 'span', { class: 'n', 'aria-hidden': 'true' }, String(e.count)));
        b.addEventListener('click', () => this.#cycle(e, key));
        return b;
      });
      if (list.length) sec.appendChild(entryList(list));
      else sec.appendChild(el(doc, 'p', { class: 'empty' }, s.noneFound));
      if (makers.length) {
        sec.appendChild(el(doc, 'h4', { class: 'makers' }, s.chipMakers));
        sec.appendChild(entryList(makers));
      }
      section.appendChild(sec);
    }
    this.container.replaceChildren(section);
    if (activeKey) this.focusKey(activeKey);
  }

  /** The kind of an entry found on the page ('vendor', 'wording', ...). */
  #kindOf(id) {
    return this.controller.entries.find((e) => e.id === id)?.kind || '';
  }

  /**
   * How the panel names a hit (or `entry`, by its first hit): a wording entry by the page's own
   * words, quoted ("intermediaries", not "intermediary (wording)"); another by its label
   * without the glossary's note in brackets ("Amazon", not "Amazon (as cloud provider)").
   */
  #nameOf(hit, entry = null) {
    const kind = entry ? entry.kind : this.#kindOf(hit.id);
    if (kind === 'wording' && hit?.text) return this.s.quote(hit.text.replace(/\s+/g, ' ').trim());
    const id = entry ? entry.id : hit.id;
    const own = entry ? entry.label : hit.label;
    // In Chinese, the lexicon's translation of the label (the glossary entry is cached).
    const label = this.uiLang === 'en' ? own : localEntry(this.controller.entry(id), this.uiLang).label || own;
    return String(label).replace(/\s*[(（][^()（）]*[)）]$/, '') || label;
  }

  /**
   * The verdict's explanation, written here in the reader's language from the evidence (the
   * matcher's own is English and lists only three names): every name, no "and 1 more".
   */
  #explanation(v) {
    if (v.pending) return '';
    const c = this.controller;
    const unique = (xs) => [...new Set(xs)];
    const evidenceOf = (cat) => unique(v.evidence.filter((h) => h.category === cat).map((h) => this.#nameOf(h)));
    const mainEntries = c.entries.filter((e) => e.hits.some((h) => !h.furniture));
    // With no verdict the matcher gives no evidence: the controlled chips of the main content.
    const chips = v.evidence.length ? evidenceOf('chip')
      : mainEntries.filter((e) => e.category === 'chip' && e.kind !== 'vendor').map((e) => this.#nameOf(e.hits[0], e));
    const vendors = mainEntries.filter((e) => e.category === 'chip' && e.kind === 'vendor').map((e) => this.#nameOf(e.hits[0], e));
    return this.s.explain({
      verdict: v.verdict,
      chips,
      clouds: evidenceOf('cloud'),
      middle: evidenceOf('intermediary'),
      vendors: unique(vendors),
      article: c.hits.some((h) => h.furniture),
    });
  }

  #cycle(entry, key) {
    const hits = entry.hits.filter((h) => this.controller.categories.includes(h.category));
    const list = hits.length ? hits : entry.hits;
    if (!list.length) return;
    const i = (this.nextIndex.get(entry.id) || 0) % list.length;
    this.nextIndex.set(entry.id, i + 1);
    this.#jump(list[i], key);
  }

  #jump(hit, key) {
    this.controller.focusHit(hit, { openCard: true, returnFocus: () => this.focusKey(key) });
  }
}

/**
 * Renders the summary panel of `controller` into `container`: a keyboard- and
 * screen-reader-friendly list of every entry found, grouped by category with counts, each
 * jumping to its hits, and the cloud-access verdict with its evidence. Returns
 * `{ element, destroy() }`; it also goes away when the controller is cleared.
 */
export function createSummaryPanel(controller, container, { lang, theme } = {}) {
  const doc = container.ownerDocument;
  const uiLang = lang ? resolveUiLang(lang) : controller.uiLang || resolveUiLang();
  const host = doc.createElement('div');
  host.setAttribute('data-chiplight-ui', '');
  host.style.cssText = 'all: initial !important; display: block !important;';
  const shadow = host.attachShadow({ mode: 'closed' });
  ownShadowRoots.set(host, shadow);
  adoptCss(shadow, doc);
  const root = el(doc, 'div', { class: themeClass(theme), lang: uiLang });
  shadow.appendChild(root);
  container.appendChild(host);
  const view = new PanelView(controller, root, { doc, uiLang, shadow });
  const destroy = () => {
    view.destroy();
    host.remove();
    controller.removeEventListener('clear', destroy);
  };
  controller.addEventListener('clear', destroy);
  return { element: host, destroy, render: () => view.render() };
}
