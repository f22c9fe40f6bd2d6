// How each category looks on the page, in both drawing modes: a background and an underline
// style of its own, so categories differ by more than colour.
export const CHIP_BG = [255, 196, 0, 0.45];
export const CATEGORY_STYLE = {
  chip: { bg: `rgba(${CHIP_BG.join(', ')})`, line: 'solid', color: '#b26a00' },
  cloud: { bg: 'rgba(3, 169, 244, 0.32)', line: 'dotted', color: '#01579b' },
  intermediary: { bg: 'rgba(233, 30, 99, 0.28)', line: 'wavy', color: '#ad1457' },
  regulation: { bg: 'rgba(76, 175, 80, 0.32)', line: 'dashed', color: '#1b5e20' },
};
export const ACTIVE_STYLE = 'outline: 2px solid #6200ea; background-color: rgba(98, 0, 234, 0.35); color: #000;';
