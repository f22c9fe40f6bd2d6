"""Writers of small documents from scratch: PDFs object by object (with a correct cross-reference
table), and zips such as Word files. Used by make_documents.py (the scanner's reader tests) and
bench/folder_bench.py (the folder benchmark), so that neither needs an office suite or binary
fixtures.
"""
import io
import zipfile


def pdf(objects, trailer=""):
    """A PDF of `objects` (bodies of objects 1..n; object 1 the catalog), xref and all."""
    body = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + (obj.encode("latin-1") if isinstance(obj, str) else obj)
        body += b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        body += b"%010d 00000 n \n" % offset
    body += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer.encode("latin-1"), xref)
    return bytes(body)


def stream(content, extra=""):
    data = content.encode("latin-1") if isinstance(content, str) else content
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra.encode("latin-1")) + data + \
        b"\nendstream"


def text_pdf(pages, trailer="", layout="/F1 12 Tf 72 720 Td 16 TL"):
    """One page per list of lines (Latin-1 text), in Helvetica; returns the PDF's bytes.
    `layout`: the font size, the first line's place and the line spacing, as PDF operators."""
    # 1 catalog, 2 pages, 3 font, then per page: page, contents.
    kids = " ".join("%d 0 R" % (4 + 2 * i) for i in range(len(pages)))
    objects = ["<< /Type /Catalog /Pages 2 0 R >>",
               "<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    for i, lines in enumerate(pages):
        ops = "BT %s\n" % layout + "".join(
            "(%s) Tj T*\n" % line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            for line in lines) + "ET"
        objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       "/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i))
        objects.append(stream(ops))
    return pdf(objects, trailer)


def zip_bytes(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z:
        for name, data in members:
            z.writestr(name, data)
    return buffer.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def w_p(*runs):
    """A Word paragraph of these runs (text that is already XML)."""
    return "<w:p>%s</w:p>" % "".join(
        '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % run for run in runs)
