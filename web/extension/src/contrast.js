// Whether a highlight colour keeps page text readable: the colour as the highlighter paints it
// (32% over the page), under black text on a white page and light text on a dark page, against
// WCAG's 4.5:1 for body text.
const ALPHA = 0.32;
const LIGHT_PAGE = { bg: [255, 255, 255], fg: [0, 0, 0] };
const DARK_PAGE = { bg: [18, 18, 18], fg: [232, 232, 232] };

function luminance([r, g, b]) {
  const lin = (v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function ratio(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function over(colour, bg) {
  return colour.map((c, i) => Math.round(c * ALPHA + bg[i] * (1 - ALPHA)));
}

export function contrastReport(hex) {
  const n = Number.parseInt(hex.slice(1), 16);
  const rgb = [n >> 16, (n >> 8) & 255, n & 255];
  const light = ratio(over(rgb, LIGHT_PAGE.bg), LIGHT_PAGE.fg);
  const dark = ratio(over(rgb, DARK_PAGE.bg), DARK_PAGE.fg);
  return { light, dark, ok: light >= 4.5 && dark >= 4.5 };
}
