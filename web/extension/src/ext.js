// The WebExtension API object: Firefox's `browser` (promises everywhere), else Chromium's `chrome`
// (promises in MV3). The one place that knows there are two names for it.
/* global chrome */
export const ext = globalThis.browser ?? chrome;
