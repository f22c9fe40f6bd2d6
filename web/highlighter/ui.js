// Our UI on the page: the glossary card, the live region and the floating summary panel, in a
// closed shadow root of their own (ui-shadow.js); every string is set as text, never as HTML.
// The summary panel itself is summary-panel.js.

import { computePosition, autoUpdate, offset, flip, shift, inline, size } from '@floating-ui/dom';
import {
  categoryNames, el, localEntry, safeUrl, uiStrings, uniqueId,
} from './util.js';
import { frameOffset } from './scopes.js';
import { UI_TAG } from './collect.js';
import {
  HOST_STYLE, adoptCss, deepActive, headedSection, listOf, ownShadowRoots, themeClass,
} from './ui-shadow.js';
import {
  PANEL_EVENTS, PanelView, shownVerdict,
} from './summary-panel.js';
import { listedSection } from './listed-card.js';

export { UI_TAG };

/**
 * The card, the live region and the floating panel of one controller. It reads and drives the
 * controller through its public API only, and tells it what happens through its own events:
 * 'cardopen' and 'cardclose' ({ hit }), 'cardpointer' ({ inside }: the pointer entered or left
 * the card).
 */
export class ChiplightUI extends EventTarget {
  constructor(controller, { doc, uiLang, floatingPanel, theme }) {
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
    this.root = el(doc, 'div', { class: themeClass(theme), lang: uiLang });
    this.live = el(doc, 'div', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.card = el(doc, 'div', { class: 'card', role: 'dialog', 'aria-modal': 'false', tabindex: '-1' });
    this.cardTitleId = uniqueId('cl-card-title');
    this.card.setAttribute('aria-labelledby', this.cardTitleId);
    this.usePopover = typeof this.card.showPopover === 'function';
    if (this.usePopover) this.card.popover = 'manual';
    this.root.append(this.live, this.card);
    this.shadow.appendChild(this.root);
    // The host joins the page only when there is something to show (a card, an announcement,
    // the floating panel's button): until then no page script sees a node of ours.

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

    if (floatingPanel) {
      this.#buildFloatingPanel();
      this.#attach();
    }
  }

  /** Puts our host in the page (again, if a page script removed it from <html>). */
  #attach() {
    if (!this.host.isConnected) this.doc.documentElement.appendChild(this.host);
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
    this.#attach();
    this.live.textContent = '';
    setTimeout(() => { this.live.textContent = text; }, 30);
  }

  showCard(hit, { pinned = true, focus = false, returnFocus = null } = {}) {
    if (!hit?.pieces?.length) return;
    this.#attach();
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
    const names = categoryNames(c.matcher.categories, this.uiLang);
    const category = entry.category in names ? entry.category : hit.category;
    const g = entry.glossary || {};
    this.cardEntryId = entryId;
    const card = this.card;
    card.replaceChildren();
    card.className = `card open cat-${category}`;
    card.setAttribute('lang', this.uiLang);
    const words = localEntry(entry, this.uiLang);
    const label = words.label || (entryId === hit.id ? hit.label : entryId);
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
    titles.appendChild(el(doc, 'span', { class: `badge cat-${category}` }, `${names[category] || category}${kind}`));
    titles.appendChild(el(doc, 'h2', { id: this.cardTitleId }, label));
    const close = el(doc, 'button', { type: 'button', class: 'icon-btn', 'aria-label': s.close }, '×');
    close.addEventListener('click', () => this.hideCard({ restoreFocus: true }));
    header.append(titles, close);
    card.appendChild(header);

    // Summary in the reader's language, the other one a click away.
    // The reader's script first: a traditional-Chinese reader gets the zh-Hant summary.
    const summary = { ...(g.summary || {}), ...(this.uiLang === 'zh-Hant' && words.summary ? { zh: words.summary } : {}) };
    const mine = this.uiLang === 'en' ? 'en' : 'zh';
    const other = mine === 'en' ? 'zh' : 'en';
    const shown = this.showOther ? other : mine;
    const text = summary[shown] || summary[mine] || summary[other] || '';
    const sumP = el(doc, 'p', { class: 'summary', lang: shown === 'zh' ? 'zh' : 'en' }, text || s.noSummary);
    // A listed party's facts (listed-card.js); a name that needs context points at its party.
    const listedData = g.listed || (category === 'listed' && Array.isArray(g.related) ? c.entry(g.related[0])?.glossary?.listed : null);
    const listedBox = listedSection(doc, listedData, this.uiLang);
    if (text || !listedBox) card.appendChild(sumP);
    if (listedBox) card.appendChild(listedBox);
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
      if (control.note) box.appendChild(el(doc, 'p', { class: 'note' }, String(words.note || control.note)));
      const rules = Array.isArray(control.rules) ? control.rules.filter((r) => typeof r === 'string') : [];
      if (rules.length) {
        const line = el(doc, 'div', { class: 'rules' });
        line.append(el(doc, 'span', null, `${s.controlledBy}:`), listOf(doc, 'ul', rules, (rid) => this.#entryLink(rid, 'chip-btn')));
        box.appendChild(line);
      }
      card.appendChild(box);
    }

    const dates = (Array.isArray(g.dates) ? g.dates : []).map((d, i) => ({ date: d?.date, event: words.events[i] || d?.event || '' }))
      .filter((d) => d.date);
    if (dates.length) {
      const sec = headedSection(doc, { class: 'dates' }, s.dates);
      sec.appendChild(listOf(doc, 'ol', dates, (d) => [
        el(doc, 'time', { datetime: String(d.date) }, String(d.date)), el(doc, 'span', null, d.event)]));
      card.appendChild(sec);
    }

    const cites = Array.isArray(g.citations) ? g.citations.filter((x) => x && (x.text || x.url)) : [];
    if (cites.length) {
      const sec = headedSection(doc, { class: 'cites' }, s.sources);
      sec.appendChild(listOf(doc, 'ul', cites, (cite) => {
        const kind = s.citationKind[cite.kind];
        const label = kind ? [el(doc, 'span', { class: 'cite-kind' }, kind), doc.createTextNode(' ')] : [];
        const href = cite.url ? safeUrl(cite.url) : null;
        if (!href) return cite.text ? [...label, doc.createTextNode(cite.text)] : label;
        const a = el(doc, 'a', { target: '_blank', rel: 'noopener noreferrer' }, cite.text || href);
        a.href = href;
        return [...label, a];
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
    const btn = el(this.doc, 'button', { type: 'button', class: cls }, (info && localEntry(info, this.uiLang).label) || id);
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
