// Firefox: a content script's WebAssembly compiles whatever the page's CSP says, so the matcher
// runs here, in the page's content process, with no message per batch. chiplight.js (the
// classic build, wasm inlined) is listed before this bundle in the manifest and defines
// `Chiplight`. docs/extension.md.
/* global Chiplight */
import { explainText } from '../../src/explain.js';
import { extraTermsOf } from '../../src/settings.js';

export async function createPageMatcher(settings) {
  let matcher;
  try {
    matcher = await Chiplight.createMatcher({ extraTerms: extraTermsOf(settings) });
  } catch {
    matcher = await Chiplight.createMatcher(); // a stored term the options page let through but this build refuses
  }
  matcher.where = 'content script';
  matcher.explain = async (text) => explainText(matcher, text);
  return matcher;
}
