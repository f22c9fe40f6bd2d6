// Fills an extension page's strings from _locales/: every element with data-i18n gets the message
// as text (never HTML), data-i18n-placeholder / data-i18n-title / data-i18n-aria-label the attribute.
import { ext } from './ext.js';
import { t } from './settings.js';

export function localizePage(doc = document) {
  doc.documentElement.lang = ext.i18n.getUILanguage();
  for (const el of doc.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const attr of ['placeholder', 'title', 'aria-label']) {
    const key = `i18n${attr.replace(/(^|-)(\w)/g, (_, _d, c) => c.toUpperCase())}`;
    for (const el of doc.querySelectorAll(`[data-i18n-${attr}]`)) el.setAttribute(attr, t(el.dataset[key]));
  }
}
