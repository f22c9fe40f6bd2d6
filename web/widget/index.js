// The embeddable widget for news sites (docs/widget.md): a thin shell over the page highlighter
// and the WebAssembly matcher. One ES module, built into dist/widget/widget-<hash>.mjs by
// web/widget/build.mjs; the tag's loader (loader.js, dist/widget/widget.js) imports it when the
// page is done with its own work.
//
//   const controller = await mount(document.querySelector('article'), { summary: '#summary' });
import { highlight, resolveUiLang } from '../highlighter/index.js';
import { withGlossaryOnDemand } from './glossary.js';
import { mountSummary } from './summary.js';
import { startWorkerMatcher } from './worker-matcher.js';

// Written in by web/widget/build.mjs: the content-hashed names of the files beside this one.
/* global __CHIPLIGHT_WIDGET_FILES__ */
const FILES = __CHIPLIGHT_WIDGET_FILES__;
const THEMES = ['light', 'dark', 'auto'];
const CSP_HELP = 'Chiplight widget: this page\'s Content Security Policy blocks WebAssembly, so nothing was highlighted '
  + 'and the page is untouched. Add \'wasm-unsafe-eval\' to script-src to use it (docs/widget.md, "Content Security Policy").';

/** One matcher per base URL, shared by every root and every mount() of the page. */
const matchers = new Map();

/** Whether `error` is the browser refusing to compile WebAssembly under the page's CSP. */
function isCspBlock(error) {
  return /wasm-unsafe-eval|unsafe-eval|Content Security Policy/i.test(String(error?.message || error));
}

/**
 * The matcher in a worker (worker.js), off the page's main thread; on the main thread where no
 * worker can start (a CSP whose worker-src forbids it, an old browser).
 */
// createMatcher compiles the .wasm while it downloads (compileStreaming, wasm/api.js).
async function startMatcher(base) {
  const wasmUrl = new URL(FILES.wasm, base);
  if (typeof Worker === 'function') {
    try {
      return await startWorkerMatcher(new URL(FILES.worker, base), wasmUrl);
    } catch (error) {
      if (error.inWorker) throw error; // the worker ran and could not start the matcher: nor could the page
    }
  }
  // The matcher's JavaScript API as a file of its own (it is in the worker's file too): loaded
  // only here, so the first load does not carry it twice.
  const { createMatcher } = await import(/* webpackIgnore: true */ /* @vite-ignore */ String(new URL(FILES.matcher, base)));
  return createMatcher({ wasm: wasmUrl });
}

function widgetMatcher(base) {
  const key = String(base);
  if (!matchers.has(key)) {
    const promise = (async () => withGlossaryOnDemand(await startMatcher(base), new URL(FILES.glossary, base)))();
    promise.catch(() => matchers.delete(key));
    matchers.set(key, promise);
  }
  return matchers.get(key);
}

/** `categories` as an array of category ids (a list, or a string of ids separated by spaces or commas). */
function categoryList(categories) {
  if (categories == null || categories === '') return undefined;
  return Array.isArray(categories) ? categories : String(categories).split(/[\s,]+/).filter(Boolean);
}

/** What the `chiplight:highlighted` event carries. */
function resultOf(controller) {
  return {
    counts: controller.counts,
    verdict: controller.verdict.verdict,
    explanation: controller.verdict.explanation,
    entries: controller.entries.map(({ id, label, category, kind, count }) => ({ id, label, category, kind, count })),
  };
}

/**
 * After a card opened before the glossary was in: the glossary is fetched, and the card shown
 * again with it (the highlighter shows the label and category meanwhile).
 */
function showGlossaryOnFirstCard(controller, matcher) {
  let openHit = null;
  controller.addEventListener('cardclose', () => { openHit = null; });
  controller.addEventListener('cardopen', (event) => {
    openHit = event.detail.hit;
    if (matcher.glossaryLoaded) return;
    const { hit, pinned } = event.detail;
    matcher.loadGlossary().then(() => {
      // After the highlighter's own handlers of the entry's promise (microtasks) have run.
      setTimeout(() => {
        if (openHit === hit && !controller.cleared) controller.openCard(hit, { pinned, focus: false });
      }, 0);
    }, (error) => controller.dispatchEvent(new CustomEvent('error', { detail: { error } })));
  });
}

/**
 * Highlights `root` (an Element) and resolves to the highlighter's controller (docs/highlighter.md)
 * once its first pass is done; `root` then receives `chiplight:highlighted`. Options:
 *   categories  ids drawn (all by default; the others still count in the summary and the verdict)
 *   lang        the cards' language (BCP 47; the reader's by default)
 *   theme       'light', 'dark' or 'auto' (prefers-color-scheme; the default): cards and summary
 *   summary     an Element (a placeholder), 'floating', or null/false (none; the default here)
 *   base        where the widget's files are (default: beside this module)
 * Rejects if WebAssembly can't run (a CSP without 'wasm-unsafe-eval'); the page is left as it was.
 */
export async function mount(root, options = {}) {
  if (!root || root.nodeType !== 1) throw new TypeError('Chiplight widget: mount(root) needs an Element');
  const base = new URL(options.base || '.', import.meta.url);
  const matcher = await widgetMatcher(base);
  const theme = THEMES.includes(options.theme) ? options.theme : 'auto';
  const controller = highlight(root, {
    matcher,
    categories: categoryList(options.categories),
    lang: options.lang || undefined,
    theme,
    panel: false,
  });
  showGlossaryOnFirstCard(controller, matcher);
  await controller.ready;
  // The worker's verdict arrives just after the pass (a 'change' event with reason 'verdict').
  if (controller.verdict.pending) {
    await new Promise((resolve) => {
      const settled = () => {
        if (controller.verdict.pending && !controller.cleared) return;
        controller.removeEventListener('change', settled);
        controller.removeEventListener('clear', settled);
        resolve();
      };
      controller.addEventListener('change', settled);
      controller.addEventListener('clear', settled);
    });
  }
  if (controller.cleared) return controller;
  if (options.summary) {
    const placeholder = options.summary === 'floating' ? null : options.summary;
    if (placeholder === null || placeholder.nodeType === 1) {
      mountSummary(controller, { placeholder, theme, lang: controller.uiLang });
    }
  }
  const announce = (reason) => {
    root.dispatchEvent(new CustomEvent('chiplight:highlighted', { bubbles: true, detail: { ...resultOf(controller), reason } }));
  };
  announce('ready');
  // The page changed the article (or re-rendered it): the result again, when it changed.
  let last = JSON.stringify(resultOf(controller));
  controller.addEventListener('change', () => {
    const now = JSON.stringify(resultOf(controller));
    if (now === last || controller.scanning || controller.verdict.pending) return;
    last = now;
    announce('change');
  });
  return controller;
}

/** The attributes of the widget's <script> tag as mount() options (docs/widget.md). */
export function tagOptions(script) {
  const attr = (name) => script.getAttribute(`data-chiplight-${name}`);
  return {
    root: attr('root') || 'article',
    categories: categoryList(attr('categories')),
    lang: attr('lang') || undefined,
    theme: attr('theme') || 'auto',
    summary: attr('summary') || 'floating',
  };
}

/**
 * What the tag does (loader.js calls it): every element that the root selector matches is a root;
 * the summary goes into the placeholder (the i-th match for the i-th root) or floats (the first
 * root's). Resolves to the controllers; never rejects: a CSP block is one console message.
 */
export async function startFromTag(script, base) {
  const options = tagOptions(script);
  const doc = script.ownerDocument;
  let roots;
  let placeholders = [];
  try {
    roots = [...doc.querySelectorAll(options.root)];
    if (options.summary !== 'floating' && options.summary !== 'none') placeholders = [...doc.querySelectorAll(options.summary)];
  } catch (error) {
    console.warn(`Chiplight widget: ${error.message}`);
    return [];
  }
  if (!roots.length) {
    console.info(`Chiplight widget: no element matches data-chiplight-root="${options.root}"; nothing to do.`);
    return [];
  }
  const controllers = [];
  try {
    for (const [i, root] of roots.entries()) {
      let summary = null;
      if (options.summary === 'floating') summary = i === 0 ? 'floating' : null;
      else summary = placeholders[i] || null;
      controllers.push(await mount(root, { ...options, summary, base }));
    }
  } catch (error) {
    for (const c of controllers) c.clear();
    if (isCspBlock(error)) console.warn(CSP_HELP);
    else console.warn(`Chiplight widget: ${error.message}`);
    return [];
  }
  return controllers;
}

export { resolveUiLang };
