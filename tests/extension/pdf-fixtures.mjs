// PDFs for the reader's tests and benchmark, written object by object (as
// tests/cli/make_documents.py does for the scanner), so no binary fixture lives in the repository.
//
// - englishPdf(pages): one page per list of lines, Helvetica (a standard font pdf.js draws from
//   the extension's standard_fonts copy, since the PDF embeds none).
// - chinesePdf(pages): STSong-Light with the predefined CMap UniGB-UCS2-H and no embedded font,
//   the way many Chinese tender PDFs are made: the text can only be read through Adobe's CMaps
//   (UniGB-UCS2-H to the glyph ids, Adobe-GB1-UCS2 back to Unicode), which the reader must load
//   from the extension's own copy.
import fs from 'node:fs';
import path from 'node:path';

function pdf(objects) {
  const parts = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0].length;
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'), Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(chunk);
    length += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

const stream = (content) => `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;

/** Objects 1 catalog, 2 pages, 3 font, then a page and its contents per page. */
function pagesPdf(font, pageOps) {
  const kids = pageOps.map((_, i) => `${4 + 2 * i} 0 R`).join(' ');
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids}] /Count ${pageOps.length} >>`, ...font];
  pageOps.forEach((ops, i) => {
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + 2 * i} 0 R >>`);
    objects.push(stream(ops));
  });
  // The Chinese font's descendant and descriptor come after the pages.
  return objects;
}

const escape = (line) => line.replace(/[\\()]/g, (c) => `\\${c}`);

export function englishPdf(pages) {
  const ops = pages.map((lines) => `BT /F1 12 Tf 72 720 Td 16 TL\n${lines.map((l) => `(${escape(l)}) Tj T*`).join('\n')}\nET`);
  return pdf(pagesPdf(['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'], ops));
}

export function chinesePdf(pages) {
  const hex = (line) => [...line].map((c) => c.codePointAt(0).toString(16).padStart(4, '0').toUpperCase()).join('');
  const ops = pages.map((lines) => `BT /F1 14 Tf 72 720 Td 20 TL\n${lines.map((l) => `<${hex(l)}> Tj T*`).join('\n')}\nET`);
  const objects = pagesPdf(['<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [DESCENDANT] >>'], ops);
  const descendant = objects.length + 1;
  objects[2] = objects[2].replace('DESCENDANT', `${descendant} 0 R`);
  objects.push(`<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor ${descendant + 1} 0 R /DW 1000 >>`);
  objects.push('<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>');
  return pdf(objects);
}

export const ENGLISH_LINES = [
  'Tender notice: cloud computing services for a research institute',
  'The supplier shall provide 64 NVIDIA H100 GPUs hosted on Amazon Web Services,',
  'subject to the Export Administration Regulations.',
];
export const ENGLISH_HITS = ['H100', 'Amazon Web Services', 'Export Administration Regulations'];
export const CHINESE_LINES = ['深圳市算力服务采购公告', '租用阿里云服务器，配置英伟达H100。'];
export const CHINESE_HITS = ['阿里云', '英伟达', 'H100'];

/**
 * Writes the fixtures into `dir`: english.pdf (one page), chinese.pdf (one page), ten-pages.pdf
 * (the benchmark's: a hit on every page, the first on page 1) and served-as.bin (english.pdf's
 * bytes at an address without .pdf, served as application/pdf by the tests).
 */
export function writePdfFixtures(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const english = englishPdf([ENGLISH_LINES]);
  fs.writeFileSync(path.join(dir, 'english.pdf'), english);
  fs.writeFileSync(path.join(dir, 'chinese.pdf'), chinesePdf([CHINESE_LINES]));
  const filler = 'Section text describing the procurement schedule, delivery terms and acceptance tests.';
  const tenPages = Array.from({ length: 10 }, (_, i) => [
    `Page ${i + 1} of the tender`, ...Array.from({ length: 30 }, () => filler),
    i % 2 ? 'Hosting on Microsoft Azure in the region named by the buyer.' : 'Accelerators: NVIDIA A100 or H100 only.',
  ]);
  fs.writeFileSync(path.join(dir, 'ten-pages.pdf'), englishPdf(tenPages));
  return dir;
}
