#!/usr/bin/env node
// Builds the template of the report `chiplight report` writes: web/report/report.html with its
// styles, the matcher's single-file build (the WebAssembly inside, base64) and web/report/report.js
// (bundled with the page highlighter by esbuild into a classic script: reports open from file://,
// where Chromium blocks ES modules) inlined, leaving one marker, <!--CHIPLIGHT-DATA-->, where the
// scanner writes the documents. CMake embeds the result into the chiplight binary
// (cmake/report.cmake), so the report needs nothing beside the binary.
//
//   node web/build-report.mjs [--matcher dist/chiplight.js] [--out dist/report/report-template.html]
//   node web/build-report.mjs --screenshot REPORT.html TABLE.png DOCUMENT.png
//       pictures of a report written by `chiplight report` for the README (headless Chromium)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import esbuild from 'esbuild';

const WEB = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(WEB, '..');

function parseArgs(argv) {
  const args = { matcher: path.join(REPO, 'dist', 'chiplight.js'), out: path.join(REPO, 'dist', 'report', 'report-template.html') };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--matcher') args.matcher = path.resolve(argv[++i]);
    else if (argv[i] === '--out') args.out = path.resolve(argv[++i]);
    else if (argv[i] === '--screenshot') args.screenshot = argv.slice(i + 1, i + 4).map((p) => path.resolve(p)), i += 3;
    else throw new Error(`unknown argument: ${argv[i]}`);
  }
  return args;
}

/** The block rules (JSON) as one line of code, as web/build-highlighter.mjs bundles them. */
const compactJson = {
  name: 'compact-json',
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, (args) => ({
      contents: `export default ${JSON.stringify(JSON.parse(fs.readFileSync(args.path, 'utf8')))};`,
      loader: 'js',
    }));
  },
};

/** Script text that can sit inside <script>: nothing in it may end the element or open a comment. */
export function inlineScript(code) {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

export async function buildReportTemplate({ matcher }) {
  const bundle = await esbuild.build({
    plugins: [compactJson],
    entryPoints: [path.join(WEB, 'report', 'report.js')],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    charset: 'utf8',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const licenses = ['node_modules/@floating-ui/core/LICENSE', 'node_modules/@floating-ui/dom/LICENSE']
    .map((f) => `/*! ${path.dirname(path.relative('node_modules', f))}:\n${fs.readFileSync(path.join(REPO, f), 'utf8').trim()}\n*/`)
    .join('\n');
  const script = `/*! Chiplight report (web/report/report.js with the page highlighter, web/highlighter/). Apache-2.0.\n * Bundles @floating-ui/core and @floating-ui/dom (MIT, below). */\n${licenses}\n${bundle.outputFiles[0].text}`;
  const template = fs.readFileSync(path.join(WEB, 'report', 'report.html'), 'utf8');
  const css = fs.readFileSync(path.join(WEB, 'report', 'report.css'), 'utf8');
  const scripts = `<script>${inlineScript(fs.readFileSync(matcher, 'utf8'))}</script>\n<script>${inlineScript(script)}</script>`;
  for (const marker of ['/*CHIPLIGHT-STYLE*/', '<!--CHIPLIGHT-SCRIPTS-->', '<!--CHIPLIGHT-DATA-->']) {
    if (template.split(marker).length !== 2) throw new Error(`web/report/report.html must hold ${marker} once`);
  }
  // Functions as replacements: the inlined code holds `$&`-like sequences.
  return template.replace('/*CHIPLIGHT-STYLE*/', () => css).replace('<!--CHIPLIGHT-SCRIPTS-->', () => scripts);
}

/* global window -- in the functions run inside the report */
/** The triage table, then the first document opened with a glossary card, from file://. */
async function screenshot([report, tableOut, documentOut]) {
  const { launch } = await import('../scripts/lib/browser.mjs');
  const browser = await launch({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
  try {
    const page = browser.context.pages()[0] || await browser.context.newPage();
    await page.goto(`file://${report}`);
    await page.waitForFunction(() => window.chiplightReport);
    await page.evaluate(() => window.chiplightReport.matcher());
    await page.screenshot({ path: tableOut });
    await page.click('#rows tr:first-child td.file a');
    await page.waitForFunction(() => window.chiplightReport.controller);
    await page.evaluate(async () => {
      const c = window.chiplightReport.controller;
      await c.ready;
      const model = c.hits.findIndex((h) => h.category === 'chip' && c.entry(h.id)?.glossary?.summary);
      c.focusHit(Math.max(0, model), { openCard: true });
    });
    await page.waitForTimeout(300);
    await page.screenshot({ path: documentOut });
  } finally {
    await browser.close();
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.screenshot) {
    await screenshot(args.screenshot);
    return;
  }
  if (!fs.existsSync(args.matcher)) {
    console.error(`build-report: ${args.matcher} is missing: build the wasm target first`);
    process.exit(1);
  }
  const html = await buildReportTemplate(args);
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, html);
  console.log(`report template: ${args.out} (${html.length} bytes)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`build-report: ${error.message}`);
    process.exit(1);
  });
}
