// The widget's matcher in a module worker (dist/widget/widget-worker-<hash>.mjs): starting the
// matcher (one call into WebAssembly of tens of milliseconds, several times that on a phone) and
// every scan run here, off the page's main thread, so the widget adds next to no blocking time
// (docs/widget.md, "Page impact"). The page side is worker-matcher.js.
//
// Messages in: { type: 'start', wasm } (the .wasm's URL), then { id, type: 'scan', text } and
// { id, type: 'assess', ids }. Out: { type: 'started', ... } or { type: 'failed', message }, then
// { id, result } or { id, error }.
import { createMatcher } from 'chiplight-module';

let matcher = null;

async function start(wasmUrl) {
  try {
    matcher = await createMatcher({ wasm: wasmUrl });
    // A first scan with ambiguous names (H20, Amazon: context rules) builds the context words'
    // automaton (the widget's module does not store it) and warms RE2: here, before the page's
    // first scan, and never on the page's main thread.
    matcher.scan('Nvidia H20 GPUs rented on Amazon through an intermediary under the EAR');
    self.postMessage({
      type: 'started',
      categories: matcher.categories,
      contextMargin: matcher.contextMargin,
      blockSeparator: matcher.blockSeparator,
      lexiconVersion: matcher.lexiconVersion,
      entries: matcher.entries(),
    });
  } catch (error) {
    self.postMessage({ type: 'failed', message: String(error?.message || error) });
  }
}

self.addEventListener('message', ({ data }) => {
  if (data.type === 'start') {
    start(data.wasm);
    return;
  }
  try {
    if (data.type === 'scan') {
      self.postMessage({ id: data.id, result: matcher.scan(data.text) });
    } else if (data.type === 'assess') {
      const { verdict, explanation, evidenceIndexes } = matcher.assess(data.ids.map((id) => ({ id })));
      self.postMessage({ id: data.id, result: { verdict, explanation, evidenceIndexes } });
    }
  } catch (error) {
    self.postMessage({ id: data.id, error: String(error?.message || error) });
  }
});
