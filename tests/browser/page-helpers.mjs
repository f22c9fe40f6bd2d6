// In a fixture page (page.evaluate(PAGE_HELPERS)): a snapshot of the DOM (serialization and node
// identity), what the matcher alone finds, and a clock that moves only while the matcher scans.
export const PAGE_HELPERS = () => {
  window.snapshot = (root = document.documentElement) => {
    const nodes = [];
    const w = document.createTreeWalker(root);
    for (let n = w.currentNode; n; n = w.nextNode()) nodes.push(n);
    return { html: root.outerHTML ?? root.innerHTML, nodes };
  };
  window.sameSnapshot = (a, b) => a.html === b.html && a.nodes.length === b.nodes.length
    && a.nodes.every((n, i) => n === b.nodes[i]);
  // What the matcher finds in an element's text alone (a shadow root's or frame's only block).
  window.oracle = (el) => cl.matcher.scan(el.textContent)
    .map((m) => `${m.category}:${m.id}:${el.textContent.slice(m.start, m.end)}`);
  // What the matcher finds in `el` when the page's blocks are one text (blocks joined by the matcher's blockSeparator,
  // as the highlighter joins them): context rules see the neighbouring blocks.
  window.docOracle = (blocks, el) => {
    const texts = blocks.map((b) => b.textContent);
    const joined = texts.join(cl.matcher.blockSeparator);
    let start = 0;
    for (let k = 0; k < blocks.indexOf(el); k += 1) start += texts[k].length + 1;
    const end = start + el.textContent.length;
    return cl.matcher.scan(joined).filter((m) => m.start >= start && m.end <= end)
      .map((m) => `${m.category}:${m.id}:${joined.slice(m.start, m.end)}`);
  };
  window.hitsIn = (c, el) => c.hits.filter((h) => el.contains(h.range.startContainer))
    .map((h) => `${h.category}:${h.id}:${h.text}`);
  window.changed = (c) => new Promise((resolve) => c.addEventListener('change', resolve, { once: true }));
  // The page's clock made to move only while the matcher scans, by `msPerThousand` for every
  // thousand characters, and a matcher that does so: how the highlighter slices its work is then
  // the same on a loaded machine as on an idle one, and can be checked exactly. `longestCall`:
  // the most one scan cost.
  window.virtualClock = (msPerThousand) => {
    let now = performance.now();
    const clock = { longestCall: 0 };
    const real = performance.now;
    performance.now = () => now;
    const scan = (text) => {
      const cost = (text.length * msPerThousand) / 1000;
      now += cost;
      clock.longestCall = Math.max(clock.longestCall, cost);
      return cl.matcher.scan(text);
    };
    // The real matcher in every other respect (its methods read private fields: bound to it).
    clock.matcher = new Proxy(cl.matcher, {
      get: (m, key) => (key === 'scan' ? scan : typeof m[key] === 'function' ? m[key].bind(m) : m[key]),
    });
    clock.restore = () => { performance.now = real; };
    return clock;
  };
  // How many hits' text nodes don't hold their text. Read from each hit's pieces, and from its
  // live Range for one hit in 50 only: every live Range is updated by every DOM change until it is
  // collected, and thousands of them made clear() take minutes (and gigabytes) in wrap mode.
  window.mislaidHits = (hits) => hits.filter((h, i) => h.pieces.map((p) => p.node.data.slice(p.start, p.end)).join('') !== h.text
    || (i % 50 === 0 && String(h.range) !== h.text)).length;
};
