// The widget's tag (dist/widget/widget.js; docs/widget.md):
//
//   <script src="/js/chiplight/widget.js" data-chiplight-root="article" defer></script>
//
// A classic script of a few hundred bytes. It finds the widget's other files beside itself
// (document.currentScript; never another origin) and, once the page has done its own work (after
// `load`, then idle time), imports the widget's module (content-hashed: cached for good), which
// highlights the roots. It defines no global but window.Chiplight, and only if the page has none.
/* global __CHIPLIGHT_WIDGET_MODULE__ */
(() => {
  const script = document.currentScript;
  if (!script || !script.src) return; // not a <script src> tag: see mount() for bundlers
  const base = new URL('.', script.src);
  const moduleUrl = new URL(__CHIPLIGHT_WIDGET_MODULE__, base).href;
  let resolveControllers;
  const controllers = new Promise((resolve) => { resolveControllers = resolve; });
  if (!('Chiplight' in window)) {
    Object.defineProperty(window, 'Chiplight', {
      value: Object.freeze({
        /** Resolves to the highlighters' controllers, one per root (none if nothing ran). */
        controllers,
        /** The widget's module (mount(), for roots the page adds later). */
        module: () => import(moduleUrl),
      }),
      configurable: true,
    });
  }
  const start = () => {
    import(moduleUrl)
      .then((widget) => widget.startFromTag(script, base))
      .then(resolveControllers, (error) => {
        console.warn(`Chiplight widget: could not start: ${error.message}`);
        resolveControllers([]);
      });
  };
  // After the page's own work: the load event, then the first idle period (at most 2 s later).
  const whenIdle = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(start, { timeout: 2000 }) : setTimeout(start, 1));
  if (document.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });
})();
