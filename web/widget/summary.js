// The widget's summary: one line ("3 controlled chips · 2 cloud providers · cloud-access
// pattern") that opens the highlighter's summary panel. It goes into the site's placeholder
// element, or floats at the bottom right of the window (position: fixed): either way nothing on
// the page moves (no layout shift). Our own closed shadow root: the page's styles don't reach it
// and ours don't leak.
import { resolveUiLang } from '../highlighter/index.js';

const STRINGS = {
  en: {
    chip: (n) => `${n} controlled ${n === 1 ? 'chip' : 'chips'}`,
    cloud: (n) => `${n} cloud ${n === 1 ? 'provider' : 'providers'}`,
    intermediary: (n) => `${n} ${n === 1 ? 'intermediary' : 'intermediaries'}`,
    regulation: (n) => `${n} export-control ${n === 1 ? 'term' : 'terms'}`,
    verdict: { weak: 'possible cloud-access pattern', moderate: 'cloud-access pattern', strong: 'strong cloud-access pattern' },
    nothing: 'No controlled chips, clouds or export rules named',
    label: 'Chiplight summary of this article: show details',
    close: 'Close',
  },
  zh: {
    chip: (n) => `${n} 种受管制芯片`,
    cloud: (n) => `${n} 家云服务商`,
    intermediary: (n) => `${n} 个中介`,
    regulation: (n) => `${n} 个出口管制术语`,
    verdict: { weak: '可能的云端访问模式', moderate: '云端访问模式', strong: '明显的云端访问模式' },
    nothing: '未提及受管制芯片、云服务或出口规则',
    label: 'Chiplight 本文摘要：显示详情',
    close: '关闭',
  },
};

const CSS = `
:host { all: initial; display: block; }
.root { --bg: #ffffff; --fg: #1d1d1f; --line: #d7d7db; --focus: #1a73e8;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", sans-serif; color: var(--fg); }
.root.dark { --bg: #202124; --fg: #e8eaed; --line: #3c4043; --focus: #8ab4f8; }
@media (prefers-color-scheme: dark) { .root.auto { --bg: #202124; --fg: #e8eaed; --line: #3c4043; --focus: #8ab4f8; } }
button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 16px;
  padding: 4px 12px; cursor: pointer; text-align: start; }
/* One line whatever the text (the whole of it in the title and the label): its height is known,
   so a placeholder of 2.5em holds it and nothing moves. */
button.line { display: block; max-width: 100%; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
button:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.panel { margin-top: 8px; padding: 10px 12px; border: 1px solid var(--line); border-radius: 8px; background: var(--bg); }
.floating { position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; max-width: min(28rem, calc(100vw - 32px)); }
.floating button.line { box-shadow: 0 2px 10px rgba(0, 0, 0, 0.2); }
.floating .panel { position: absolute; right: 0; bottom: calc(100% + 8px); width: min(24rem, calc(100vw - 32px));
  max-height: 60vh; overflow: auto; box-shadow: 0 6px 24px rgba(0, 0, 0, 0.22); margin: 0; }
`;

/** The summary line of a controller's results, in the UI language. */
export function summaryText(controller, uiLang) {
  const s = STRINGS[uiLang === 'en' ? 'en' : 'zh'];
  const distinct = {};
  for (const e of controller.entries) {
    // A vendor's name alone is not a controlled chip (the core's Assess reads it the same way).
    if (e.category === 'chip' && e.kind === 'vendor') continue;
    distinct[e.category] = (distinct[e.category] || 0) + 1;
  }
  // Chips and clouds, then the verdict (the panel has the rest); intermediaries and rules only
  // when neither chips nor clouds are named.
  const shown = distinct.chip || distinct.cloud ? ['chip', 'cloud'] : ['intermediary', 'regulation'];
  const parts = shown.filter((c) => distinct[c]).map((c) => s[c](distinct[c]));
  const verdict = s.verdict[controller.verdict.verdict];
  if (verdict) parts.push(verdict);
  return parts.length ? parts.join(' · ') : s.nothing;
}

/**
 * Shows the summary of `controller`: in `placeholder` (an element) or, with null, floating.
 * `theme`: 'light', 'dark' or 'auto' (prefers-color-scheme). Returns { host, update(), destroy() }.
 */
export function mountSummary(controller, { placeholder = null, theme = 'auto', lang } = {}) {
  const doc = (placeholder || document.documentElement).ownerDocument;
  const uiLang = controller.uiLang || resolveUiLang(lang);
  const s = STRINGS[uiLang === 'en' ? 'en' : 'zh'];
  const host = doc.createElement('chiplight-summary');
  host.setAttribute('data-chiplight-exclude', '');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = CSS;
  const root = doc.createElement('div');
  root.className = `root ${theme === 'dark' || theme === 'light' ? theme : 'auto'}${placeholder ? '' : ' floating'}`;
  root.setAttribute('lang', uiLang);
  const line = doc.createElement('button');
  line.type = 'button';
  line.className = 'line';
  line.setAttribute('aria-expanded', 'false');
  line.setAttribute('aria-label', s.label);
  const panelBox = doc.createElement('div');
  panelBox.className = 'panel';
  panelBox.hidden = true;
  root.append(line, panelBox);
  shadow.append(style, root);
  let panel = null;

  const update = () => {
    if (controller.cleared) return;
    line.textContent = summaryText(controller, uiLang);
    line.setAttribute('aria-label', `${s.label}: ${line.textContent}`);
    line.title = line.textContent;
  };
  let panelModule = null;
  line.addEventListener('click', async () => {
    const open = panelBox.hidden;
    // The panel's code is loaded on the first click (a chunk of its own: docs/widget.md, "Weight").
    if (open && !panel) {
      panelModule ??= import('../highlighter/summary-panel.js');
      const { createSummaryPanel } = await panelModule;
      if (controller.cleared || !panelBox.hidden || panel) return;
      panel = createSummaryPanel(controller, panelBox, { lang: uiLang, theme });
    }
    panelBox.hidden = !open;
    line.setAttribute('aria-expanded', String(open));
  });
  panelBox.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || panelBox.hidden) return;
    panelBox.hidden = true;
    line.setAttribute('aria-expanded', 'false');
    line.focus();
  });
  update();
  controller.addEventListener('change', update);
  if (placeholder) placeholder.replaceChildren(host);
  else doc.documentElement.appendChild(host);
  const destroy = () => {
    controller.removeEventListener('change', update);
    panel?.destroy();
    host.remove();
  };
  controller.addEventListener('clear', destroy);
  return { host, update, destroy };
}
