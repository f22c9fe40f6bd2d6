// Chiplight's PDF reader (pages/reader.html?src=<url of a PDF>). The browsers' own PDF viewers
// cannot be scripted by an extension, so the popup offers this page instead: it fetches the PDF
// (the one request it makes), renders it with pdf.js (shipped in the package: the worker, CMaps
// and standard fonts are the extension's own files) and runs the same page highlighter over
// pdf.js's text layer, with its cards and summary panel. docs/extension.md, "PDFs".
/* global Chiplight */
import * as pdfjs from 'pdfjs-dist/build/pdf.min.mjs';
import { highlight, createSummaryPanel } from '../../highlighter/index.js';
import { ext } from '../src/ext.js';
import { localizePage } from '../src/i18n-page.js';
import { loadListedParties } from '../src/listed-list.js';
import { createListedMatcher } from '../src/listed-matcher.js';
import { CATEGORY_IDS, extraTermsOf, loadSettings, onSettingsChanged, t } from '../src/settings.js';

const $ = (id) => document.getElementById(id);
const PDFJS = ext.runtime.getURL('pdfjs/');
// Largest CSS scale a page is drawn at; narrower windows fit the page to the viewer's width.
const MAX_SCALE = 1.5;
// Canvases are drawn when a page comes within this distance of the viewport, and dropped when it
// is far away again, so a long document holds a few canvases, not one per page.
const DRAW_MARGIN = '150% 0px';

pdfjs.GlobalWorkerOptions.workerSrc = `${PDFJS}pdf.worker.min.mjs`;

// What the tests and the benchmark read: when each step happened (performance.now()).
const timing = { start: performance.now() };
const reader = { timing, pages: 0, textLayers: 0, canvases: 0, controller: null, openCard: null, error: null };
globalThis.chiplightReader = reader;

function status(text, state) {
  $('status').textContent = text;
  if (state) document.body.dataset.state = state;
}

/** The PDF's bytes. Only http(s) and file URLs; an error names the address and the reason. */
async function fetchPdf(src) {
  const url = new URL(src);
  if (!['http:', 'https:', 'file:'].includes(url.protocol)) throw new Error(t('readerBadAddress', src));
  let response;
  try {
    response = await fetch(url, { credentials: 'include' });
  } catch (error) {
    throw new Error(t('readerFetchFailed', src, String(error && error.message)), { cause: error });
  }
  if (!response.ok && response.status !== 0) throw new Error(t('readerFetchFailed', src, `HTTP ${response.status}`));
  return new Uint8Array(await response.arrayBuffer());
}

async function createMatcher(settings) {
  const imported = await loadListedParties().catch(() => null);
  const { matcher } = await createListedMatcher(Chiplight, { settings, imported, extraTerms: extraTermsOf(settings) });
  return matcher;
}

/** One page's box, sized before anything is drawn so the scroll height is right from the start. */
function pageBox(number, viewport) {
  const box = document.createElement('section');
  box.className = 'page';
  box.dataset.pageNumber = String(number);
  box.setAttribute('aria-label', t('readerPage', number));
  box.style.width = `${Math.floor(viewport.width)}px`;
  box.style.height = `${Math.floor(viewport.height)}px`;
  // The text layer sizes and places its spans from this (pdf.js's viewer sets it per page).
  box.style.setProperty('--scale-factor', String(viewport.scale));
  const label = document.createElement('span');
  label.className = 'page-label';
  label.setAttribute('data-chiplight-exclude', '');
  label.setAttribute('aria-hidden', 'true');
  label.textContent = String(number);
  box.append(label);
  return box;
}

async function drawCanvas(entry) {
  if (entry.canvas || entry.drawing) return;
  entry.drawing = true;
  const ratio = globalThis.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.width = Math.floor(entry.viewport.width * ratio);
  canvas.height = Math.floor(entry.viewport.height * ratio);
  canvas.setAttribute('aria-hidden', 'true');
  entry.task = entry.page.render({
    canvas,
    viewport: entry.viewport,
    transform: ratio === 1 ? null : [ratio, 0, 0, ratio, 0, 0],
  });
  try {
    await entry.task.promise;
    entry.box.prepend(canvas); // under the text layer
    entry.canvas = canvas;
    reader.canvases += 1;
  } catch (error) {
    if (!(error instanceof pdfjs.RenderingCancelledException)) console.warn('Chiplight reader:', error);
  } finally {
    entry.drawing = false;
    entry.task = null;
  }
}

function dropCanvas(entry) {
  if (entry.task) entry.task.cancel();
  if (entry.canvas) {
    entry.canvas.width = 0; // frees the bitmap now rather than at the next collection
    entry.canvas.remove();
    entry.canvas = null;
    reader.canvases -= 1;
  }
}

async function addTextLayer(entry) {
  const container = document.createElement('div');
  container.className = 'textLayer';
  const layer = new pdfjs.TextLayer({
    textContentSource: entry.page.streamTextContent({ includeMarkedContent: true, disableNormalization: true }),
    container,
    viewport: entry.viewport,
  });
  await layer.render();
  // Attached whole once laid out: the highlighter's observer sees one addition per page.
  entry.box.append(container);
  reader.textLayers += 1;
}

/** The number of the page a hit is on (its text layer's page box). */
function pageOfHit(hit) {
  const node = hit.range && hit.range.startContainer;
  const element = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
  const box = element && element.closest('.page');
  return box ? Number(box.dataset.pageNumber) : null;
}

function renderEvidence(controller) {
  const verdict = controller.verdict;
  const list = $('evidence');
  const evidence = verdict && !verdict.pending ? verdict.evidence || [] : [];
  $('pages-of-evidence').hidden = evidence.length === 0;
  list.replaceChildren(...evidence.map((hit) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    const page = pageOfHit(hit);
    button.textContent = page ? t('readerEvidenceOnPage', hit.label, hit.text, page) : `${hit.label}: “${hit.text}”`;
    button.addEventListener('click', () => controller.focusHit(hit));
    item.append(button);
    return item;
  }));
}

function showHits(controller, total) {
  const hits = CATEGORY_IDS.reduce((n, c) => n + (controller.counts[c] || 0), 0);
  status(t('readerHits', hits, total), 'ready');
}

/**
 * The PDF to show: the address in ?src= (fetched), or, with none, a file the reader picks on
 * this computer (extension pages can't fetch file:// addresses; docs/extension.md).
 */
async function choosePdf() {
  const src = new URLSearchParams(location.search).get('src');
  if (src) {
    const name = decodeURIComponent(src.split(/[?#]/)[0].split('/').pop() || src);
    showName(name, src);
    return fetchPdf(src);
  }
  $('choose').hidden = false;
  status(t('readerChooseFile'), 'choosing');
  const file = await new Promise((resolve) => {
    $('file').addEventListener('change', () => resolve($('file').files[0]), { once: true });
  });
  $('choose').hidden = true;
  showName(file.name, file.name);
  return new Uint8Array(await file.arrayBuffer());
}

function showName(name, title) {
  document.title = `${name} – ${t('readerTitle')}`;
  $('doc-title').textContent = name;
  $('doc-title').title = title;
  status(t('readerLoading', name), 'loading');
}

async function main() {
  localizePage();
  const [settings, bytes] = await Promise.all([loadSettings(), choosePdf()]);
  timing.fetched = performance.now();
  const matcherPromise = createMatcher(settings);
  const pdf = await pdfjs.getDocument({
    data: bytes,
    // Chinese, Japanese and Korean PDFs often use the Adobe CMaps, and PDFs without embedded
    // fonts the standard ones: both are the extension's own copies, never fetched from elsewhere.
    cMapUrl: `${PDFJS}cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${PDFJS}standard_fonts/`,
    wasmUrl: `${PDFJS}wasm/`,
    // The extension's CSP allows no eval: pdf.js draws glyphs without compiling font programs.
    isEvalSupported: false,
    enableScripting: false,
  }).promise;
  timing.opened = performance.now();
  reader.pages = pdf.numPages;

  const viewer = $('viewer');
  const width = Math.max(320, viewer.clientWidth - 48);
  const entries = [];
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const page = await pdf.getPage(number);
    const unscaled = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: Math.min(MAX_SCALE, width / unscaled.width) });
    const entry = { number, page, viewport, box: pageBox(number, viewport), canvas: null, task: null, drawing: false };
    entries.push(entry);
    viewer.append(entry.box);
  }

  const observer = new IntersectionObserver((changes) => {
    for (const change of changes) {
      const entry = entries[Number(change.target.dataset.pageNumber) - 1];
      if (change.isIntersecting) drawCanvas(entry);
      else dropCanvas(entry);
    }
  }, { rootMargin: DRAW_MARGIN });
  for (const entry of entries) observer.observe(entry.box);

  // Every page's text first, in order, then one pass of the highlighter over all of it: the
  // verdict and the summary are about the whole document, and a text layer is cheap next to a
  // canvas (no drawing, a few hundred spans per page). Highlighting page by page as the layers
  // arrive would rescan each one after the live observer's quiet time instead.
  for (const entry of entries) {
    await addTextLayer(entry);
    status(t('readerReadingPages', reader.textLayers, pdf.numPages));
  }
  timing.textDone = performance.now();

  const matcher = await matcherPromise;
  timing.matcherReady = performance.now();
  const controller = highlight(viewer, {
    matcher,
    mode: settings.mode,
    categories: CATEGORY_IDS.filter((c) => settings.categories[c]),
    lang: ext.i18n.getUILanguage(),
  });
  reader.controller = controller;
  controller.addEventListener('change', () => {
    if (timing.firstHighlight === undefined && controller.hits.length) timing.firstHighlight = performance.now();
    renderEvidence(controller);
    if (!controller.scanning) showHits(controller, pdf.numPages);
  });
  controller.addEventListener('cardopen', (e) => { reader.openCard = e.detail.hit.id; });
  controller.addEventListener('cardclose', () => { reader.openCard = null; });
  controller.addEventListener('error', (e) => console.warn('Chiplight:', e.detail.error));
  createSummaryPanel(controller, $('panel'), { lang: ext.i18n.getUILanguage() });
  $('previous').addEventListener('click', () => controller.hits.length && controller.previous());
  $('next').addEventListener('click', () => controller.hits.length && controller.next());
  $('panel-toggle').addEventListener('click', () => {
    $('side').hidden = !$('side').hidden;
    $('panel-toggle').setAttribute('aria-expanded', String(!$('side').hidden));
  });
  // The category switches of the popup and options apply here too (drawing only).
  onSettingsChanged((next) => controller.setCategories(CATEGORY_IDS.filter((c) => next.categories[c])));
  await controller.ready;
  timing.ready = performance.now();
  showHits(controller, pdf.numPages);
}

main().catch((error) => {
  reader.error = String(error && error.message);
  status(t('readerFailed', reader.error), 'failed');
  console.warn('Chiplight reader:', error);
});
