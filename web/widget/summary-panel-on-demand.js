// In the widget's bundle, in place of web/highlighter/summary-panel.js for the controller and the
// highlighter's index (web/widget/build.mjs): the widget never asks the controller for a panel
// (panel: false); its summary line imports the panel itself when first opened (summary.js), so
// the panel is in the card UI's chunk, not in the first load (docs/widget.md, "Weight").
export function createSummaryPanel() {
  throw new Error('Chiplight widget: the summary panel is opened by the summary line (web/widget/summary.js)');
}
