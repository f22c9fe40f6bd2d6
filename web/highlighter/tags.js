// Our own elements in the page: never read as the page's text.

/** The host of our UI (card, live region, floating panel), in the top document. */
export const UI_TAG = 'chiplight-ui';

/** A hit wrapped by the wrap painter: inline, like the text it holds. */
export const MARK_TAG = 'chiplight-mark';
