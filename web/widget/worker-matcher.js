// The page's side of the widget's matcher worker (worker.js): a matcher with the highlighter's
// interface (docs/highlighter.md, "The matcher it needs") whose scan() and assess() answer with
// promises. What the highlighter reads synchronously (the categories, the context margin, the
// block separator, the entries' labels) is handed over once, when the worker has started.

/**
 * Starts the worker at `workerUrl` with the .wasm at `wasmUrl`; resolves to the matcher, or
 * rejects: with `error.inWorker` when the worker ran but its matcher did not start (a CSP that
 * blocks WebAssembly, say), without it when no worker could start.
 */
export function startWorkerMatcher(workerUrl, wasmUrl) {
  return new Promise((resolve, reject) => {
    let worker;
    try {
      worker = new Worker(workerUrl, { type: 'module', name: 'chiplight' });
    } catch (error) {
      reject(error);
      return;
    }
    const pending = new Map();
    let nextId = 1;
    const ask = (message) => new Promise((answer, fail) => {
      const id = nextId++;
      pending.set(id, { answer, fail });
      worker.postMessage({ ...message, id });
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      const error = new Error(`Chiplight widget: the matcher's worker failed: ${event.message || 'it could not be loaded'}`);
      for (const { fail } of pending.values()) fail(error);
      pending.clear();
      reject(error);
    });
    worker.addEventListener('message', ({ data }) => {
      if (data.type === 'failed') {
        worker.terminate();
        // The worker ran but its matcher did not start (a CSP that blocks WebAssembly in it).
        reject(Object.assign(new Error(data.message), { inWorker: true }));
        return;
      }
      if (data.type === 'started') {
        const list = Object.freeze(data.entries.map((e) => Object.freeze(e)));
        resolve({
          categories: data.categories,
          contextMargin: data.contextMargin,
          blockSeparator: data.blockSeparator,
          lexiconVersion: data.lexiconVersion,
          scan: (text) => ask({ type: 'scan', text }),
          // The highlighter's hits in; the evidence as those very hits out.
          assess: (matches) => ask({ type: 'assess', ids: matches.map((m) => m.id) }).then((a) => ({
            ...a, evidence: a.evidenceIndexes.map((i) => matches[i]),
          })),
          entries: () => list,
          dispose: () => worker.terminate(),
        });
        return;
      }
      const waiting = pending.get(data.id);
      if (!waiting) return;
      pending.delete(data.id);
      if ('error' in data) waiting.fail(new Error(data.error));
      else waiting.answer(data.result);
    });
    worker.postMessage({ type: 'start', wasm: String(wasmUrl) });
  });
}
