// Our UI on the page: the glossary card, the live region and the summary panel. Everything
// lives in closed shadow roots with its own styles (page CSS can't reach in, ours can't leak
// out) and every string is set as text, never as HTML.

import { computePosition, autoUpdate, offset, flip, shift, inline, size } from '@floating-ui/dom';
import {
  CATEGORIES, VERDICTS, el, resolveUiLang, safeUrl, uiStrings, uniqueId,
} from './util.js';
import { frameOffset } from './scopes.js';
import { UI_TAG } from './tags.js';

export { UI_TAG };

// What the summary panel and the panel button follow.
const PANEL_EVENTS = ['change', 'progress'];

/**
 * The verdict to show: while a pass is running (progress events) it is pending, not assessed
 * again over the hits found so far at each event; the pass's closing 'change' brings the real one.
 */
function shownVerdict(controller) {
  return controller.scanning ? { verdict: 'none', explanation: '', evidence: [], pending: true } : controller.verdict;
}

const HOST_STYLE = 'all: initial !important; display: block !important; position: fixed !important; '
  + 'top: 0 !important; left: 0 !important; width: 0 !important; height: 0 !important; '
  + 'overflow: visible !important; z-index: 2147483647 !important; contain: none !important; '
  + 'transform: none !important; filter: none !important; visibility: visible !important;';

const UI_CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.root {
  --bg: #ffffff; --fg: #1d1d1f; --muted: #5f6368; --line: #d7d7db; --accent: #6200ea; --focus: #1a73e8;
  --chip: #b26a00; --cloud: #01579b; --intermediary: #ad1457; --regulation: #1b5e20;
  --chip-bg: #fff3c4; --cloud-bg: #d8f0fd; --intermediary-bg: #fde0ea; --regulation-bg: #e0f2e1;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  color: var(--fg);
}
@media (prefers-color-scheme: dark) {
  .root {
    --bg: #202124; --fg: #e8eaed; --muted: #b0b3b8; --line: #3c4043; --accent: #b388ff; --focus: #8ab4f8;
    --chip: #ffca28; --cloud: #4fc3f7; --intermediary: #f48fb1; --regulation: #a5d6a7;
    --chip-bg: #4a3b00; --cloud-bg: #06344f; --intermediary-bg: #4a1329; --regulation-bg: #1d3b1f;
  }
}
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
button { font: inherit; color: inherit; cursor: pointer; }
button:focus-visible, a:focus-visible, input:focus-visible, .card:focus-visible {
  outline: 2px solid var(--focus); outline-offset: 2px; }
a { color: var(--focus); }
h2, h3, h4, p, ul, ol { margin: 0; padding: 0; }
ul, ol { list-style: none; }

.card {
  position: fixed; left: 0; top: 0; margin: 0; inset: auto; display: none;
  width: max-content; max-width: min(26rem, calc(100vw - 16px)); max-height: 70vh; overflow: auto;
  background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-top: 4px solid var(--accent);
  border-radius: 8px; padding: 12px 14px; box-shadow: 0 6px 24px rgba(0, 0, 0, 0.22);
  text-align: start; direction: ltr;
}
.card.open { display: block; }
.card.cat-chip { border-top-color: var(--chip); }
.card.cat-cloud { border-top-color: var(--cloud); }
.card.cat-intermediary { border-top-color: var(--intermediary); }
.card.cat-regulation { border-top-color: var(--regulation); }
.card header { display: flex; align-items: flex-start; gap: 8px; }
.card header .titles { flex: 1; min-width: 0; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 6px; border-radius: 10px; }
.badge.cat-chip { background: var(--chip-bg); color: var(--chip); }
.badge.cat-cloud { background: var(--cloud-bg); color: var(--cloud); }
.badge.cat-intermediary { background: var(--intermediary-bg); color: var(--intermediary); }
.badge.cat-regulation { background: var(--regulation-bg); color: var(--regulation); }
.card h2 { font-size: 17px; font-weight: 700; margin-top: 2px; overflow-wrap: anywhere; }
.icon-btn { border: 1px solid transparent; background: transparent; border-radius: 4px; padding: 0 6px;
  font-size: 18px; line-height: 1.4; color: var(--muted); }
.icon-btn:hover { border-color: var(--line); }
.summary { margin-top: 8px; }
.link-btn { border: 0; background: none; padding: 0; color: var(--focus); text-decoration: underline; font-size: 13px; }
.control { margin-top: 8px; padding: 6px 8px; border-radius: 6px; background: var(--chip-bg); font-size: 13px; }
.control .note { margin-top: 2px; }
.control .rules { display: flex; gap: 6px; align-items: baseline; margin-top: 4px; }
.control .rules ul { display: flex; flex-wrap: wrap; gap: 4px; }
.control .chip-btn { background: var(--bg); }
.card h3 { font-size: 12px; letter-spacing: 0.02em; font-weight: 600; color: var(--muted); margin-top: 10px; }
.dates li { display: flex; gap: 8px; font-size: 13px; }
.dates time { flex: none; font-variant-numeric: tabular-nums; color: var(--muted); min-width: 6.5em; }
.cites li, .related li { font-size: 13px; margin-top: 2px; }
.related ul { display: flex; flex-wrap: wrap; gap: 4px; }
.chip-btn { border: 1px solid var(--line); background: transparent; border-radius: 12px; padding: 1px 8px; font-size: 13px; text-align: start; }
.card footer { display: flex; align-items: center; gap: 6px; margin-top: 10px; padding-top: 8px;
  border-top: 1px solid var(--line); font-size: 12px; color: var(--muted); }
.card footer .pos { flex: 1; }
.nav-btn { border: 1px solid var(--line); background: transparent; border-radius: 4px; padding: 0 8px; }

.panel { color: var(--fg); background: var(--bg); }
.panel h2 { font-size: 16px; font-weight: 700; }
.panel .status { color: var(--muted); font-size: 13px; margin-top: 2px; }
.verdict { margin-top: 10px; padding: 8px 10px; border-radius: 8px; border: 1px solid var(--line); }
.verdict h3 { font-size: 12px; letter-spacing: 0.02em; font-weight: 600; color: var(--muted); }
.verdict .vlabel { font-weight: 700; margin-top: 2px; }
.verdict.v-strong { border-color: #c62828; background: rgba(198, 40, 40, 0.08); }
.verdict.v-moderate { border-color: #ef6c00; background: rgba(239, 108, 0, 0.08); }
.verdict.v-weak { border-color: #f9a825; background: rgba(249, 168, 37, 0.08); }
.verdict .expl { font-size: 13px; margin-top: 4px; }
.verdict h4 { font-size: 12px; color: var(--muted); margin-top: 6px; font-weight: 600; }
.verdict ul { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 2px; }
.cat { margin-top: 12px; }
.cat h3 { font-size: 14px; font-weight: 700; display: flex; align-items: center; gap: 6px; }
.swatch { width: 12px; height: 12px; border-radius: 3px; flex: none; border-bottom: 2px solid; }
.swatch.cat-chip { background: rgba(255, 196, 0, 0.6); border-color: var(--chip); }
.swatch.cat-cloud { background: rgba(3, 169, 244, 0.45); border-color: var(--cloud); }
.swatch.cat-intermediary { background: rgba(233, 30, 99, 0.4); border-color: var(--intermediary); }
.swatch.cat-regulation { background: rgba(76, 175, 80, 0.45); border-color: var(--regulation); }
.cat .count { color: var(--muted); font-weight: 400; }
.toggle { display: inline-flex; gap: 4px; align-items: center; font-size: 12px; color: var(--muted); margin-top: 2px; }
.cat ul { margin-top: 4px; }
.cat li + li { margin-top: 2px; }
.entry-btn { display: flex; width: 100%; justify-content: space-between; gap: 8px; text-align: start;
  border: 1px solid transparent; background: transparent; border-radius: 6px; padding: 3px 6px; }
.entry-btn:hover { border-color: var(--line); }
.entry-btn .n { color: var(--muted); font-variant-numeric: tabular-nums; }
.empty { color: var(--muted); font-size: 13px; }

.fab { position: fixed; right: 16px; bottom: 16px; border: 1px solid var(--line); background: var(--bg);
  color: var(--fg); border-radius: 20px; padding: 6px 12px; box-shadow: 0 2px 10px rgba(0, 0, 0, 0.2); }
.floating-panel { position: fixed; right: 16px; bottom: 60px; width: min(22rem, calc(100vw - 32px));
  max-height: min(70vh, 36rem); overflow: auto; border: 1px solid var(--line); border-radius: 10px;
  padding: 12px 14px; box-shadow: 0 6px 24px rgba(0, 0, 0, 0.22); background: var(--bg); }
.floating-panel[hidden] { display: none; }
`;

/** A list element (`tag`: 'ul' or 'ol') with an item for each of `items`: what `content(x, i)` returns (a node or an array of nodes). */
function listOf(doc, tag, items, content) {
  const list = el(doc, tag);
  items.forEach((x, i) => {
    const li = el(doc, 'li');
    li.append(...[content(x, i)].flat());
    list.appendChild(li);
  });
  return list;
}

/** A section named by its own h3 heading (`heading`: text or an array of nodes). */
function headedSection(doc, attrs, heading) {
  const sec = el(doc, 'section', attrs);
  const id = uniqueId('cl-h');
  sec.setAttribute('aria-labelledby', id);
  const h3 = el(doc, 'h3', { id });
  h3.append(...[heading].flat());
  sec.appendChild(h3);
  return sec;
}

function adoptCss(shadow, doc) {
  const view = doc.defaultView;
  try {
    if ('adoptedStyleSheets' in shadow && view.CSSStyleSheet) {
      const sheet = new view.CSSStyleSheet();
      sheet.replaceSync(UI_CSS);
      shadow.adoptedStyleSheets = [sheet];
      return;
    }
  } catch {
    // fall through to a <style> element
  }
  shadow.appendChild(el(doc, 'style', null, UI_CSS));
}

/** The active element, looking into shadow roots we own (closed ones included). */
function deepActive(doc, ownShadows) {
  let a = doc.activeElement;
  for (;;) {
    const inner = a?.shadowRoot?.activeElement || ownShadows.get(a)?.activeElement;
    if (!inner) return a;
    a = inner;
  }
}

const ownShadowRoots = new WeakMap(); // host -> closed shadow root (for focus management)

/**
 * The card, the live region and the floating panel of one controller. It reads and drives the
 * controller through its public API only, and tells it what happens through its own events:
 * 'cardopen' and 'cardclose' ({ hit }), 'cardpointer' ({ inside }: the pointer entered or left
 * the card).
 */
export class ChiplightUI extends EventTarget {
  constructor(controller, { doc, uiLang, floatingPanel }) {
    super();
    this.controller = controller;
    this.doc = doc;
    this.uiLang = uiLang;
    this.s = uiStrings(uiLang);
    this.host = doc.createElement(UI_TAG);
    this.host.setAttribute('data-chiplight-ui', '');
    this.host.style.cssText = HOST_STYLE;
    this.shadow = this.host.attachShadow({ mode: 'closed' });
    ownShadowRoots.set(this.host, this.shadow);
    adoptCss(this.shadow, doc);
    this.root = el(doc, 'div', { class: 'root', lang: uiLang });
    this.live = el(doc, 'div', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.card = el(doc, 'div', { class: 'card', role: 'dialog', 'aria-modal': 'false', tabindex: '-1' });
    this.cardTitleId = uniqueId('cl-card-title');
    this.card.setAttribute('aria-labelledby', this.cardTitleId);
    this.usePopover = typeof this.card.showPopover === 'function';
    if (this.usePopover) this.card.popover = 'manual';
    this.root.append(this.live, this.card);
    this.shadow.appendChild(this.root);
    doc.documentElement.appendChild(this.host);

    this.cardOpen = false;
    this.cardPinned = false;
    this.cardHit = null;
    this.cardEntryId = null;
    this.history = [];
    this.returnFocus = null;
    this.cleanupPosition = null;
    this.showOther = false;

    this.card.addEventListener('keydown', (e) => this.#onCardKey(e));
    this.card.addEventListener('pointerenter', () => this.#emit('cardpointer', { inside: true }));
    this.card.addEventListener('pointerleave', () => this.#emit('cardpointer', { inside: false }));
    this.card.addEventListener('focusin', () => { this.cardPinned = true; });

    if (floatingPanel) this.#buildFloatingPanel();
  }

  #buildFloatingPanel() {
    const doc = this.doc;
    const panelId = uniqueId('cl-panel');
    this.fab = el(doc, 'button', { class: 'fab', type: 'button', 'aria-expanded': 'false', 'aria-controls': panelId },
      this.s.panelToggle);
    this.floating = el(doc, 'div', { class: 'floating-panel', id: panelId, hidden: true });
    this.root.append(this.fab, this.floating);
    this.panelView = new PanelView(this.controller, this.floating, { doc, uiLang: this.uiLang, shadow: this.shadow });
    this.fab.addEventListener('click', () => {
      const open = this.floating.hidden;
      this.floating.hidden = !open;
      this.fab.setAttribute('aria-expanded', String(open));
      if (open) this.panelView.focusFirst();
    });
    this.floating.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.cardOpen) {
        this.floating.hidden = true;
        this.fab.setAttribute('aria-expanded', 'false');
        this.fab.focus();
      }
    });
    const updateFab = () => {
      const c = this.controller;
      if (c.cleared) return;
      const v = shownVerdict(c);
      this.fab.textContent = this.s.panelToggleCount(c.counts.total, v.pending ? this.s.verdictPending : this.s.verdictShort[v.verdict] || '');
    };
    for (const t of PANEL_EVENTS) this.controller.addEventListener(t, updateFab);
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  announce(text) {
    this.live.textContent = '';
    setTimeout(() => { this.live.textContent = text; }, 30);
  }

  showCard(hit, { pinned = true, focus = false, returnFocus = null } = {}) {
    if (!hit?.pieces?.length) return;
    // A page script may have removed our host from <html>: put it back.
    if (!this.host.isConnected) this.doc.documentElement.appendChild(this.host);
    const wasOpen = this.cardOpen;
    if (!wasOpen || focus) {
      this.returnFocus = returnFocus || (focus ? deepActive(this.doc, ownShadowRoots) : null);
    }
    this.cardHit = hit;
    this.cardPinned = pinned || (wasOpen && this.cardPinned);
    this.history = [];
    this.showOther = false;
    this.#render(hit.id);
    if (!wasOpen) {
      this.card.classList.add('open');
      if (this.usePopover) {
        try {
          this.card.showPopover();
        } catch {
          // already showing
        }
      }
      this.cardOpen = true;
    }
    this.#position(hit);
    if (focus) this.card.focus({ preventScroll: true });
    if (!wasOpen) this.#emit('cardopen', { hit, pinned: this.cardPinned });
  }

  hideCard({ restoreFocus = true } = {}) {
    if (!this.cardOpen) return;
    const hadFocus = this.shadow.activeElement && this.card.contains(this.shadow.activeElement);
    this.cardOpen = false;
    this.cardPinned = false;
    this.cleanupPosition?.();
    this.cleanupPosition = null;
    if (this.usePopover) {
      try {
        this.card.hidePopover();
      } catch {
        // not showing
      }
    }
    this.card.classList.remove('open');
    const hit = this.cardHit;
    this.cardHit = null;
    const back = this.returnFocus;
    this.returnFocus = null;
    if (restoreFocus && hadFocus) {
      try {
        if (typeof back === 'function') back();
        else if (back && back.isConnected && typeof back.focus === 'function') back.focus();
        else if (hit) this.controller.focusHit(hit);
      } catch {
        // the element went away
      }
    }
    this.#emit('cardclose', { hit });
  }

  #onCardKey(event) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.hideCard({ restoreFocus: true });
    }
  }

  #position(hit) {
    this.cleanupPosition?.();
    const view = this.doc.defaultView;
    const shiftRect = (r) => {
      const o = frameOffset(hit);
      return new view.DOMRect(r.x + o.x, r.y + o.y, r.width, r.height);
    };
    const reference = {
      getBoundingClientRect: () => shiftRect(hit.range.getBoundingClientRect()),
      getClientRects: () => Array.from(hit.range.getClientRects(), shiftRect),
    };
    const ctxEl = hit.pieces[0]?.node?.parentElement;
    if (ctxEl && ctxEl.ownerDocument === this.doc) reference.contextElement = ctxEl;
    const card = this.card;
    const update = () => {
      if (!this.cardOpen || this.cardHit !== hit) return;
      if (!hit.pieces[0].node.isConnected) {
        this.hideCard({ restoreFocus: false });
        return;
      }
      computePosition(reference, card, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [
          offset(6),
          inline(),
          flip({ padding: 8 }),
          shift({ padding: 8 }),
          size({
            padding: 8,
            apply({ availableHeight }) {
              card.style.setProperty('max-height', `${Math.max(140, Math.floor(availableHeight))}px`);
            },
          }),
        ],
      }).then(({ x, y }) => {
        card.style.setProperty('left', `${Math.round(x)}px`);
        card.style.setProperty('top', `${Math.round(y)}px`);
      }).catch(() => {});
    };
    try {
      this.cleanupPosition = autoUpdate(reference, card, update, { animationFrame: false });
    } catch {
      update();
    }
  }

  #render(entryId) {
    const doc = this.doc;
    const s = this.s;
    const c = this.controller;
    const hit = this.cardHit;
    const entry = c.entry(entryId) || {};
    const category = CATEGORIES.includes(entry.category) ? entry.category : hit.category;
    const g = entry.glossary || {};
    this.cardEntryId = entryId;
    const card = this.card;
    card.replaceChildren();
    card.className = `card open cat-${category}`;
    card.setAttribute('lang', this.uiLang);
    const label = entry.label || (entryId === hit.id ? hit.label : entryId);
    card.setAttribute('aria-roledescription', s.cardRole);

    const header = el(doc, 'header');
    const titles = el(doc, 'div', { class: 'titles' });
    if (this.history.length) {
      const back = el(doc, 'button', { type: 'button', class: 'link-btn' }, `← ${s.back}`);
      back.addEventListener('click', () => {
        const prev = this.history.pop();
        this.#render(prev);
        this.card.focus({ preventScroll: true });
      });
      titles.appendChild(back);
    }
    const kind = entry.kind && s.kind[entry.kind] ? ` · ${s.kind[entry.kind]}` : '';
    titles.appendChild(el(doc, 'span', { class: `badge cat-${category}` }, `${s.category[category] || category}${kind}`));
    titles.appendChild(el(doc, 'h2', { id: this.cardTitleId }, label));
    const close = el(doc, 'button', { type: 'button', class: 'icon-btn', 'aria-label': s.close }, '×');
    close.addEventListener('click', () => this.hideCard({ restoreFocus: true }));
    header.append(titles, close);
    card.appendChild(header);

    // Summary in the reader's language, the other one a click away.
    const summary = g.summary || {};
    const mine = this.uiLang === 'en' ? 'en' : 'zh';
    const other = mine === 'en' ? 'zh' : 'en';
    const shown = this.showOther ? other : mine;
    const text = summary[shown] || summary[mine] || summary[other] || '';
    const sumP = el(doc, 'p', { class: 'summary', lang: shown === 'zh' ? 'zh' : 'en' }, text || s.noSummary);
    card.appendChild(sumP);
    if (summary[mine] && summary[other]) {
      const toggle = el(doc, 'button', {
        type: 'button', class: 'link-btn',
        'aria-label': this.showOther ? s.summaryMineLabel : s.summaryOtherLabel,
        lang: this.showOther ? this.uiLang : (other === 'zh' ? 'zh' : 'en'),
      }, this.showOther ? s.summaryMine : s.summaryOther);
      toggle.addEventListener('click', () => {
        this.showOther = !this.showOther;
        this.#render(entryId);
        this.#focusByClass('summary-toggle');
      });
      toggle.classList.add('summary-toggle');
      card.appendChild(toggle);
    }

    // Control status (chips): since when and under which rules.
    const control = g.control;
    if (control && (control.since || (control.rules && control.rules.length) || control.note)) {
      const box = el(doc, 'div', { class: 'control' });
      const head = el(doc, 'p');
      head.appendChild(el(doc, 'strong', null, s.controlled));
      if (control.since) head.appendChild(doc.createTextNode(` ${s.controlledSince(control.since)}`));
      box.appendChild(head);
      if (control.note) box.appendChild(el(doc, 'p', { class: 'note' }, String(control.note)));
      const rules = Array.isArray(control.rules) ? control.rules.filter((r) => typeof r === 'string') : [];
      if (rules.length) {
        const line = el(doc, 'div', { class: 'rules' });
        line.append(el(doc, 'span', null, `${s.controlledBy}:`), listOf(doc, 'ul', rules, (rid) => this.#entryLink(rid, 'chip-btn')));
        box.appendChild(line);
      }
      card.appendChild(box);
    }

    const dates = Array.isArray(g.dates) ? g.dates.filter((d) => d && d.date) : [];
    if (dates.length) {
      const sec = headedSection(doc, { class: 'dates' }, s.dates);
      sec.appendChild(listOf(doc, 'ol', dates, (d) => [
        el(doc, 'time', { datetime: String(d.date) }, String(d.date)), el(doc, 'span', null, d.event || '')]));
      card.appendChild(sec);
    }

    const cites = Array.isArray(g.citations) ? g.citations.filter((x) => x && (x.text || x.url)) : [];
    if (cites.length) {
      const sec = headedSection(doc, { class: 'cites' }, s.sources);
      sec.appendChild(listOf(doc, 'ul', cites, (cite) => {
        const href = cite.url ? safeUrl(cite.url) : null;
        if (!href) return cite.text ? doc.createTextNode(cite.text) : [];
        const a = el(doc, 'a', { target: '_blank', rel: 'noopener noreferrer' }, cite.text || href);
        a.href = href;
        return a;
      }));
      card.appendChild(sec);
    }

    const related = Array.isArray(g.related) ? g.related.filter((id) => typeof id === 'string') : [];
    if (related.length) {
      const sec = headedSection(doc, { class: 'related' }, s.related);
      sec.appendChild(listOf(doc, 'ul', related, (rid) => this.#entryLink(rid, 'chip-btn')));
      card.appendChild(sec);
    }

    // Position among the hits of the page, with previous / next.
    if (entryId === hit.id) {
      const hits = c.hits;
      const i = hits[hit.index] === hit ? hit.index : -1;
      if (i >= 0) {
        const footer = el(doc, 'footer');
        footer.appendChild(el(doc, 'span', { class: 'pos' }, s.position(i + 1, hits.length)));
        const prev = el(doc, 'button', { type: 'button', class: 'nav-btn', 'aria-label': s.previousMention }, '‹');
        const next = el(doc, 'button', { type: 'button', class: 'nav-btn', 'aria-label': s.nextMention }, '›');
        prev.classList.add('prev-btn');
        next.classList.add('next-btn');
        prev.addEventListener('click', () => this.#goAdjacent(-1));
        next.addEventListener('click', () => this.#goAdjacent(1));
        footer.append(prev, next);
        card.appendChild(footer);
      }
    }
  }

  #goAdjacent(delta) {
    const hits = this.controller.hits;
    if (!hits.length) return;
    const hit = this.cardHit;
    const i = hit && hits[hit.index] === hit ? hit.index : -1;
    const target = hits[((i < 0 ? 0 : i) + delta + hits.length) % hits.length];
    const back = this.returnFocus;
    this.controller.focusHit(target, { openCard: true, focusCard: false, returnFocus: back });
    this.#focusByClass(delta > 0 ? 'next-btn' : 'prev-btn');
  }

  #focusByClass(cls) {
    const b = this.card.querySelector(`.${cls}`);
    if (b) b.focus({ preventScroll: true });
  }

  #entryLink(id, cls) {
    const info = this.controller.entry(id);
    const btn = el(this.doc, 'button', { type: 'button', class: cls }, info?.label || id);
    if (!info) {
      btn.disabled = true;
      return btn;
    }
    btn.addEventListener('click', () => {
      this.history.push(this.cardEntryId);
      this.cardPinned = true;
      this.#render(id);
      this.card.focus({ preventScroll: true });
    });
    return btn;
  }

  destroy() {
    try {
      this.hideCard({ restoreFocus: false });
    } catch {
      // ignore
    }
    this.panelView?.destroy();
    this.host.remove();
  }
}

/** Renders the summary panel of a controller into `container` (inside a shadow root we own). */
class PanelView {
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
        const b = el(doc, 'button', { type: 'button', class: 'chip-btn', 'data-key': key },
          `${hit.label} · ${s.category[hit.category]}`);
        b.setAttribute('aria-label', `${hit.label}, ${s.category[hit.category]}, ${s.firstMention}`);
        b.addEventListener('click', () => this.#jump(hit, key));
        return b;
      }));
    }
    section.appendChild(vbox);

    // Entries by category.
    const visible = new Set(c.categories);
    for (const cat of CATEGORIES) {
      const list = entries.filter((e) => e.category === cat);
      const n = list.reduce((a, e) => a + e.count, 0);
      const sec = headedSection(doc, { class: `cat c-${cat}`, 'data-category': cat }, [
        el(doc, 'span', { class: `swatch cat-${cat}`, 'aria-hidden': 'true' }),
        el(doc, 'span', null, s.categoryPlural[cat]), el(doc, 'span', { class: 'count' }, `(${n})`)]);
      const label = el(doc, 'label', { class: 'toggle' });
      const box = el(doc, 'input', { type: 'checkbox', 'data-key': `cat:${cat}` });
      box.checked = visible.has(cat);
      box.addEventListener('change', () => {
        const now = new Set(c.categories);
        if (box.checked) now.add(cat);
        else now.delete(cat);
        c.setCategories([...now]);
      });
      label.append(box, el(doc, 'span', null, s.showCategory(s.categoryPlural[cat])));
      sec.appendChild(label);
      if (list.length) {
        sec.appendChild(listOf(doc, 'ul', list, (e) => {
          const key = `e:${e.id}`;
          const b = el(doc, 'button', { type: 'button', class: 'entry-btn', 'data-key': key, 'data-entry': e.id,
            'aria-label': s.goToEntry(e.label, e.count) });
          b.append(el(doc, 'span', { class: 'label' }, e.label), el(doc, 'span', { class: 'n', 'aria-hidden': 'true' }, String(e.count)));
          b.addEventListener('click', () => this.#cycle(e, key));
          return b;
        }));
      } else sec.appendChild(el(doc, 'p', { class: 'empty' }, s.noneFound));
      section.appendChild(sec);
    }
    this.container.replaceChildren(section);
    if (activeKey) this.focusKey(activeKey);
  }

  #explanation(v) {
    if (v.verdict === 'none' || !v.evidence.length) return this.uiLang === 'en' ? v.explanation : '';
    if (this.uiLang === 'en' && v.explanation) return v.explanation;
    const s = this.s;
    const parts = CATEGORIES.map((cat) => {
      const labels = v.evidence.filter((h) => h.category === cat).map((h) => h.label);
      return labels.length ? `${s.category[cat]}：${labels.join('、')}` : '';
    }).filter(Boolean);
    return this.uiLang === 'en' ? parts.join('; ') : `${parts.join('；')}。`;
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
export function createSummaryPanel(controller, container, { lang } = {}) {
  const doc = container.ownerDocument;
  const uiLang = lang ? resolveUiLang(lang) : controller.uiLang || resolveUiLang();
  const host = doc.createElement('div');
  host.setAttribute('data-chiplight-ui', '');
  host.style.cssText = 'all: initial !important; display: block !important;';
  const shadow = host.attachShadow({ mode: 'closed' });
  ownShadowRoots.set(host, shadow);
  adoptCss(shadow, doc);
  const root = el(doc, 'div', { class: 'root', lang: uiLang });
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
