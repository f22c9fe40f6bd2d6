// highlight(root, options): finds Chiplight terms on a page and draws them. See docs/highlighter.md
// (its module map says which file holds which part).

import { resolveUiLang } from './util.js';
import { supportsHighlightApi } from './paint.js';
import { createSummaryPanel } from './summary-panel.js';
import { HighlightController } from './controller.js';

/**
 * Highlights every Chiplight term under `root` (an Element, a Document or a ShadowRoot) and
 * returns a controller. `options.matcher` is a matcher from `createMatcher()` (required).
 */
export function highlight(root, options = {}) {
  return new HighlightController(root, options);
}

/**
 * The category ids, for callers that need them before a matcher exists (kept for compatibility:
 * the highlighter itself reads `matcher.categories`, where they come from the lexicon; the demo
 * test checks the two agree).
 */
export const CATEGORIES = Object.freeze(['chip', 'cloud', 'intermediary', 'regulation', 'listed']);

export {
  createSummaryPanel, supportsHighlightApi, resolveUiLang, HighlightController,
};
