// Drawing hits. Two painters with one interface, so nothing else asks which one it has:
//
//   painter.mode             'highlight' or 'wrap' (what the controller's `mode` reports)
//   painter.sliceMs          the work per slice that suits this way of drawing
//   painter.add(hits)        draw new hits (each hit: { category, pieces: [{node,start,end}] })
//   painter.remove(hits)     undraw some hits (before a block is rescanned)
//   painter.setActive(hit)   the hit focused by next()/previous(), or null
//   painter.setCategories(set)
//   painter.attachRoot(root) style a document or shadow root
//   painter.forgetDocument(doc) a frame's document that went away
//   painter.probe(doc, event, where)  () => the hit under the pointer (where: { accept(hit),
//                            shadowRoots(doc), hitsOfNode(node) })
//   painter.contains(hit, event)  whether the pointer is on the hit
//   painter.owns(node)       whether a node is one of our additions to the page
//   painter.changingDom(fn, guard)  runs fn, which draws; guard.before()/after() around it
//                            when drawing changes the page's DOM
//   painter.currentText(node) the text a scanned text node shows now
//   painter.restoreWithin(containers)  before those are rescanned
//   painter.restart()        before a full rescan, once every hit was removed
//   painter.clear()          remove everything, restoring the DOM exactly
//
// HighlightPainter (highlight-painter.js) uses the CSS Custom Highlight API: no change to the
// page's DOM. WrapPainter (wrap-painter.js) wraps hits in <chiplight-mark> elements and can
// restore the original nodes.

import { HighlightPainter } from './highlight-painter.js';
import { WrapPainter } from './wrap-painter.js';
import { adaptLook, pageColours } from './sheets.js';

export function supportsHighlightApi(view = globalThis) {
  return Boolean(view.CSS && view.CSS.highlights && typeof view.Highlight === 'function');
}

/**
 * The painter for `mode` ('auto', 'highlight' or 'wrap') in `view`'s browser; `categories` are
 * the matcher's (their ids and `style`: { background, line, color }), adapted to the page's colours.
 */
export function createPainter(view, mode, prefix, categories) {
  // Without the Highlight API, asking for highlights still gets wrapped elements.
  const wrap = mode === 'wrap' || !supportsHighlightApi(view);
  // Colours that read on this page's own (a dark page gets lighter underlines, fainter fills).
  const look = adaptLook(categories, pageColours(view?.document));
  return wrap ? new WrapPainter(prefix, look.categories, look.active) : new HighlightPainter(prefix, look.categories, look.active, view?.document);
}
