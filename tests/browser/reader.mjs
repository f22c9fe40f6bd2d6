// What the reader-facing tests share: one page per test file, the highlighter started on the
// news fixture, the card as the reader sees it and where a hit is on screen.
import { openFixture, useBrowserPage, UI_ROOT } from './lib.mjs';

let env = {};

/** useBrowserPage, keeping the page for start(), readCard() and hitCenter(). */
export function useReaderPage(receive) {
  useBrowserPage((e) => {
    env = e;
    receive(e);
  });
}

/** The news fixture highlighted (window.ctl; its error events in window.ctlErrors). */
export async function start(options = {}) {
  const { page, server } = env;
  await openFixture(page, server.origin, 'news');
  await page.evaluate(async (opts) => {
    window.ctl = cl.highlight(document.body, { matcher: cl.matcher, exclude: '.no-scan', ...opts });
    window.ctlErrors = [];
    window.ctl.addEventListener('error', (e) => window.ctlErrors.push(String(e.detail.error)));
    await window.ctl.ready;
  }, options);
}

/** The card as the reader sees it (from our closed shadow root). */
export function readCard() {
  const { page } = env;
  return page.evaluate(`(() => {
    const root = ${UI_ROOT};
    // No card opened yet: our host is not in the page at all.
    if (!root) return { open: false };
    const card = root.querySelector('.card');
    const cs = getComputedStyle(card);
    const title = card.querySelector('h2');
    return {
      open: card.classList.contains('open'),
      display: cs.display,
      color: cs.color,
      font: cs.fontFamily,
      role: card.getAttribute('role'),
      labelledBy: card.getAttribute('aria-labelledby') === title?.id,
      title: title?.textContent,
      badge: card.querySelector('.badge')?.textContent,
      summary: card.querySelector('.summary')?.textContent,
      summaryLang: card.querySelector('.summary')?.getAttribute('lang'),
      links: [...card.querySelectorAll('.cites a')].map((a) => ({ text: a.textContent, href: a.getAttribute('href'), rel: a.rel, target: a.target })),
      citeTexts: [...card.querySelectorAll('.cites li')].map((li) => li.textContent),
      dates: [...card.querySelectorAll('.dates li')].map((li) => li.textContent),
      related: [...card.querySelectorAll('.related button')].map((b) => b.textContent),
      position: card.querySelector('footer .pos')?.textContent,
      focusInCard: Boolean(root.activeElement && card.contains(root.activeElement)) || root.activeElement === card,
      imgs: card.querySelectorAll('img').length,
      live: root.querySelector('[role=status]')?.textContent,
    };
  })()`);
}

/** The centre of hit `index`, scrolled into view, with its id and label. */
export async function hitCenter(index) {
  const { page } = env;
  return page.evaluate((i) => {
    const h = window.ctl.hits[i];
    h.range.startContainer.parentElement.scrollIntoView({ block: 'center' });
    const r = h.range.getClientRects()[0];
    return { x: r.left + r.width / 2, y: r.top + r.height / 2, id: h.id, label: h.label };
  }, index);
}
