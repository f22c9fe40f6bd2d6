// Whether a highlight colour works on light and dark pages, as the highlighter paints it (32 %
// over the page): page text on it stays readable (black on a white page, light on a dark one,
// WCAG's 4.5:1 for body text), and it stands out from the page itself (at least 1.2:1 against
// the bare page; the default colours are 1.21:1 or more).
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

export const MIN_TEXT = 4.5;
export const MIN_VISIBLE = 1.2;

export function contrastReport(hex) {
  const n = Number.parseInt(hex.slice(1), 16);
  const rgb = [n >> 16, (n >> 8) & 255, n & 255];
  const onLight = over(rgb, LIGHT_PAGE.bg);
  const onDark = over(rgb, DARK_PAGE.bg);
  const light = ratio(onLight, LIGHT_PAGE.fg);
  const dark = ratio(onDark, DARK_PAGE.fg);
  const visibleLight = ratio(onLight, LIGHT_PAGE.bg);
  const visibleDark = ratio(onDark, DARK_PAGE.bg);
  const readable = light >= MIN_TEXT && dark >= MIN_TEXT;
  const visible = visibleLight >= MIN_VISIBLE && visibleDark >= MIN_VISIBLE;
  return { light, dark, visibleLight, visibleDark, readable, visible, ok: readable && visible };
}
