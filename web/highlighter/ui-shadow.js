// What our UI's closed shadow roots share (the card's host and each summary panel's): the
// host's style, our CSS (page CSS can't reach in, ours can't leak out), focus inside them, and
// building their content from text, never from HTML.

import { el, uniqueId } from './util.js';

export const HOST_STYLE = 'all: initial !important; display: block !important; position: fixed !important; '
  + 'top: 0 !important; left: 0 !important; width: 0 !important; height: 0 !important; '
  + 'overflow: visible !important; z-index: 2147483647 !important; contain: none !important; '
  + 'transform: none !important; filter: none !important; visibility: visible !important;';

// The dark colours: with the reader's dark scheme (theme 'auto', the default) or always ('dark').
const DARK = `
    --bg: #202124; --fg: #e8eaed; --muted: #b0b3b8; --line: #3c4043; --accent: #b388ff; --focus: #8ab4f8;
    --chip: #ffca28; --cloud: #4fc3f7; --intermediary: #f48fb1; --regulation: #a5d6a7; --listed: #b39ddb;
    --chip-bg: #4a3b00; --cloud-bg: #06344f; --intermediary-bg: #4a1329; --regulation-bg: #1d3b1f; --listed-bg: #2a1f45;
  `;

/** The class of our UI's root for a `theme` option: 'light', 'dark' or 'auto' (the default). */
export function themeClass(theme) {
  return `root theme-${theme === 'light' || theme === 'dark' ? theme : 'auto'}`;
}

const UI_CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
.root {
  --bg: #ffffff; --fg: #1d1d1f; --muted: #5f6368; --line: #d7d7db; --accent: #6200ea; --focus: #1558c0;
  --chip: #935700; --cloud: #01579b; --intermediary: #ad1457; --regulation: #1b5e20; --listed: #4527a0;
  --chip-bg: #fff3c4; --cloud-bg: #d8f0fd; --intermediary-bg: #fde0ea; --regulation-bg: #e0f2e1; --listed-bg: #ede7f6;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  color: var(--fg);
}
@media (prefers-color-scheme: dark) {
  .root:not(.theme-light) {${DARK}}
}
.root.theme-dark {${DARK}}
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
.card.cat-listed { border-top-color: var(--listed); }
.listed-since { font-weight: 600; margin: 0.4em 0; }
.listed-facts dt { font-weight: 600; margin-top: 0.4em; }
.listed-facts dd { margin: 0 0 0 0.8em; }
.listed-facts p, .listed-facts ul { margin: 0.1em 0; }
.listed-date { font-size: 0.85em; opacity: 0.8; }
.card header { display: flex; align-items: flex-start; gap: 8px; }
.card header .titles { flex: 1; min-width: 0; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 6px; border-radius: 10px; }
.badge.cat-chip { background: var(--chip-bg); color: var(--chip); }
.badge.cat-cloud { background: var(--cloud-bg); color: var(--cloud); }
.badge.cat-intermediary { background: var(--intermediary-bg); color: var(--intermediary); }
.badge.cat-regulation { background: var(--regulation-bg); color: var(--regulation); }
.badge.cat-listed { background: var(--listed-bg); color: var(--listed); }
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
.cite-kind { font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.02em; opacity: 0.8; }
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
.cat h4.makers { font-size: 12px; font-weight: 600; color: var(--muted); margin-top: 6px; }
.swatch { width: 12px; height: 12px; border-radius: 3px; flex: none; border-bottom: 2px solid; }
.swatch.cat-chip { background: rgba(255, 196, 0, 0.6); border-color: var(--chip); }
.swatch.cat-cloud { background: rgba(3, 169, 244, 0.45); border-color: var(--cloud); }
.swatch.cat-intermediary { background: rgba(233, 30, 99, 0.4); border-color: var(--intermediary); }
.swatch.cat-regulation { background: rgba(76, 175, 80, 0.45); border-color: var(--regulation); }
.swatch.cat-listed { background: rgba(126, 87, 194, 0.40); border-color: var(--listed); }
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
export function listOf(doc, tag, items, content) {
  const list = el(doc, tag);
  items.forEach((x, i) => {
    const li = el(doc, 'li');
    li.append(...[content(x, i)].flat());
    list.appendChild(li);
  });
  return list;
}

/** A section named by its own h3 heading (`heading`: text or an array of nodes). */
export function headedSection(doc, attrs, heading) {
  const sec = el(doc, 'section', attrs);
  const id = uniqueId('cl-h');
  sec.setAttribute('aria-labelledby', id);
  const h3 = el(doc, 'h3', { id });
  h3.append(...[heading].flat());
  sec.appendChild(h3);
  return sec;
}

export function adoptCss(shadow, doc) {
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
export function deepActive(doc, ownShadows) {
  let a = doc.activeElement;
  for (;;) {
    const inner = a?.shadowRoot?.activeElement || ownShadows.get(a)?.activeElement;
    if (!inner) return a;
    a = inner;
  }
}

export const ownShadowRoots = new WeakMap(); // host -> closed shadow root (for focus management)
