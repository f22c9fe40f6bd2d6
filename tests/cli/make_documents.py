#!/usr/bin/env python3
"""Writes the documents the scanner's reader tests read: PDFs written object by object (with a
correct cross-reference table), Word, Excel, PowerPoint and OpenDocument files as the zips of XML
they are, archives (nested, a bomb, too deep, too many entries) and legacy-encoded HTML.

Usage: make_documents.py OUTPUT_FOLDER. Everything is small and made from this file alone, so
the tests need no office suite and no binary fixtures in the repository.
"""
import io
import os
import sys
import tarfile
import zipfile

from document_writers import R, W, pdf, stream, text_pdf, w_p, zip_bytes

out = sys.argv[1]


def write(path, data):
    full = os.path.join(out, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)


# --- PDF ---------------------------------------------------------------------------------------

def chinese_pdf(lines):
    """A CID-keyed font (Identity-H) whose ToUnicode CMap gives each glyph's character, as PDFs
    made from Chinese Word files are: the text is only readable through ToUnicode."""
    chars = sorted(set("".join(lines)))
    cid = {c: i + 1 for i, c in enumerate(chars)}
    cmap = ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            "%d beginbfchar\n" % len(chars) +
            "".join("<%04X> <%04X>\n" % (cid[c], ord(c)) for c in chars) +
            "endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
    ops = "BT /F1 12 Tf 72 720 Td 16 TL\n" + "".join(
        "<%s> Tj T*\n" % "".join("%04X" % cid[c] for c in line) for line in lines) + "ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 8 0 R >>",
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        "/DescendantFonts [5 0 R] /ToUnicode 7 0 R >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        "/FontDescriptor 6 0 R /DW 1000 /CIDToGIDMap /Identity >>",
        "<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] "
        "/ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>",
        stream(cmap),
        stream(ops),
    ]
    return pdf(objects)


def image_pdf():
    """A scanned page: an 8x8 grey image, no text at all."""
    pixels = bytes(range(0, 256, 4))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
        stream(pixels, "/Type /XObject /Subtype /Image /Width 8 /Height 8 "
               "/ColorSpace /DeviceGray /BitsPerComponent 8 "),
        stream("q 612 0 0 792 0 0 cm /Im1 Do Q"),
    ]
    return pdf(objects)


english = ["Tender 2026-117: GPU server rental",
           "The bidder supplies 8 Nvidia H100 accelerators",
           "hosted on Amazon Web Services through an agent."]
write("pdf/english.pdf", text_pdf([english]))
write("pdf/chinese.pdf", chinese_pdf(["深圳市算力服务采购公告", "租用阿里云服务器，配置英伟达H100，经中介代理。"]))
write("pdf/multipage.pdf", text_pdf([["Section 1: scope of the tender"],
                                     ["Section 2: 16 Nvidia A100 cards"],
                                     ["Section 3: hosting on Alibaba Cloud through a broker"]]))
write("pdf/image-only.pdf", image_pdf())
# A page header far above the body: poppler finds two blocks, which names never span.
write("pdf/blocks.pdf", pdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
    "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    stream("BT /F1 10 Tf 72 760 Td (Procurement office: Amazon Web) Tj ET\n"
           "BT /F1 12 Tf 72 500 Td (Services for the lab: 8 Nvidia H100 cards) Tj ET"),
]))
# Downloads that broke off: after the pages (poppler recovers them) and before the
# cross-reference table and trailer (it can't).
full = text_pdf([english, ["Page two: A100"]])
write("pdf/truncated.pdf", full[:full.index(b"startxref")])
write("pdf/truncated-early.pdf", full[:full.index(b"xref")])
# Encrypted with a user password: the /U check value matches no empty password, so no reader
# opens it without the password (the content itself need not be decrypted to prove that).
write("pdf/encrypted.pdf", text_pdf([english], "/Encrypt << /Filter /Standard /V 1 /R 2 "
                                    "/O <%s> /U <%s> /P -44 >> /ID [<%s> <%s>] " % (
                                        "5a" * 32, "a7" * 32, "01" * 16, "01" * 16)))
write("pdf/not-a-pdf.pdf", "This was an HTML error page saved as .pdf. A100.")


# --- Office files -------------------------------------------------------------------------------

def w_table(rows):
    return "<w:tbl>%s</w:tbl>" % "".join(
        "<w:tr>%s</w:tr>" % "".join("<w:tc>%s</w:tc>" % w_p(cell) for cell in row)
        for row in rows)


content_types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                 'openxmlformats.org/package/2006/content-types"><Default Extension="xml" '
                 'ContentType="application/xml"/><Default Extension="rels" ContentType='
                 '"application/vnd.openxmlformats-package.relationships+xml"/></Types>')
docx = zip_bytes([
    ("[Content_Types].xml", content_types),
    ("word/header1.xml", '<w:hdr %s>%s</w:hdr>' % (W, w_p("Shenzhen computing tender 2026"))),
    ("word/document.xml",
     '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document %s %s><w:body>' % (W, R) +
     w_p("Procurement of GPU servers") +
     # Word splits runs anywhere (spell checking, edits): one word in two runs.
     w_p("Accelerators: Nvidia A1", "00", " cards") +
     w_table([["Nvidia H100", "NVL racks"], ["Amazon Web", "Services"]]) +
     '<w:p><w:del><w:r><w:delText>H20 deleted in review</w:delText></w:r></w:del>'
     '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "AWS"'
     '</w:instrText></w:r><w:r><w:t>see annex</w:t></w:r></w:p>' +
     w_p("Leased via 中介 ", "agents.") +
     '<w:sectPr/></w:body></w:document>'),
    ("word/footer1.xml", '<w:ftr %s>%s</w:ftr>' % (W, w_p("Page footer: 阿里云 contact"))),
])
write("office/tender.docx", docx)

S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
xlsx = zip_bytes([
    ("[Content_Types].xml", content_types),
    # Prefixes are the writer's choice: the Open XML SDK writes x:, Excel none.
    ("xl/workbook.xml", '<x:workbook %s %s><x:sheets><x:sheet name="采购清单" sheetId="1" '
     'r:id="rId1"/></x:sheets></x:workbook>' % (S.replace("xmlns=", "xmlns:x="), R)),
    ("xl/_rels/workbook.xml.rels",
     '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
     '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
     'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    ("xl/sharedStrings.xml", '<sst %s><si><t>Nvidia A100</t></si><si><r><t>阿里</t></r>'
     '<r><t>云</t></r></si><si><t>Amazon Web</t></si><si><t>Services</t></si></sst>' % S),
    ("xl/worksheets/sheet1.xml",
     '<x:worksheet %s><x:sheetData>'
     '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1"><x:v>8</x:v></x:c></x:row>'
     '<x:row r="2"><x:c r="A2" t="s"><x:v>1</x:v></x:c><x:c r="B2" t="inlineStr"><x:is><x:t>'
     'rented via 中介</x:t></x:is></x:c></x:row>'
     '<x:row r="3"><x:c r="A3" t="s"><x:v>2</x:v></x:c><x:c r="B3" t="s"><x:v>3</x:v></x:c>'
     '</x:row></x:sheetData></x:worksheet>' % S.replace("xmlns=", "xmlns:x=")),
])
write("office/prices.xlsx", xlsx)

P = ('xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
     'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')


def slide(*paragraphs):
    return ('<p:sld %s><p:cSld><p:spTree><p:sp><p:txBody>%s</p:txBody></p:sp></p:spTree>'
            '</p:cSld></p:sld>' % (P, "".join("<a:p><a:r><a:t>%s</a:t></a:r></a:p>" % p
                                              for p in paragraphs)))


pptx = zip_bytes([
    ("[Content_Types].xml", content_types),
    # The slides' order is the presentation's list, not their file names.
    ("ppt/presentation.xml", '<p:presentation %s %s><p:sldIdLst><p:sldId id="256" r:id="rId7"/>'
     '<p:sldId id="257" r:id="rId2"/></p:sldIdLst></p:presentation>' % (P, R)),
    ("ppt/_rels/presentation.xml.rels",
     '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
     '<Relationship Id="rId2" Type="slide" Target="slides/slide1.xml"/>'
     '<Relationship Id="rId7" Type="slide" Target="/ppt/slides/slide2.xml"/></Relationships>'),
    ("ppt/slides/slide2.xml", slide("Project overview", "Budget approved")),
    ("ppt/slides/slide1.xml", slide("Compute: Nvidia H100 on AWS")),
])
write("office/briefing.pptx", pptx)

ODF = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"')
odt = zip_bytes([
    ("mimetype", "application/vnd.oasis.opendocument.text"),
    ("content.xml",
     '<office:document-content %s><office:body><office:text>'
     '<text:h text:outline-level="1">招标公告</text:h>'
     '<text:p>Servers with Nvidia<text:s/>H100\n   accelerators</text:p>'
     '<table:table><table:table-row><table:table-cell><text:p>A100</text:p></table:table-cell>'
     '<table:table-cell><text:p>NVL racks</text:p></table:table-cell></table:table-row>'
     '<table:table-row><table:table-cell><text:p>Amazon Web</text:p></table:table-cell>'
     '<table:table-cell><text:p>Services</text:p></table:table-cell></table:table-row>'
     '</table:table>'
     '<text:tracked-changes><text:changed-region><text:deletion><text:p>H20 removed</text:p>'
     '</text:deletion></text:changed-region></text:tracked-changes>'
     '<text:p>rented through 中介</text:p>'
     '</office:text></office:body></office:document-content>' % ODF),
    ("styles.xml",
     '<office:document-styles %s><office:master-styles><style:master-page style:name="Standard">'
     '<style:header><text:p>Tender header: 腾讯云</text:p></style:header>'
     '<style:footer><text:p>Tender footer</text:p></style:footer>'
     '</style:master-page></office:master-styles></office:document-styles>' % ODF),
], zipfile.ZIP_STORED)
write("office/notice.odt", odt)
# Content controls nested 100,000 deep: a reader that recursed would overflow its stack.
depth = 100000
write("office/deep.docx", zip_bytes([
    ("[Content_Types].xml", content_types),
    ("word/document.xml", '<w:document %s><w:body>' % W + "<w:sdt>" * depth +
     w_p("Nvidia H100 at the bottom") + "</w:sdt>" * depth + "</w:body></w:document>"),
]))
write("office/damaged.docx", "PK\x03\x04 this download broke off")
write("office/legacy.doc", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(504))
# Word saves a password-protected .docx as an OLE compound file holding the encrypted package.
write("office/protected.docx", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(504))

# --- Legacy Chinese encodings, no charset declared ----------------------------------------------

gb_page = ("<html><head><title>招标公告</title></head><body><p>采购项目：租用阿里云服务器，"
           "配置英伟达H100芯片，经中介代理。</p></body></html>")
big5_page = ("<html><head><title>採購公告</title></head><body><p>業者透過中介租用阿里雲伺服器，"
             "配備輝達H100晶片。</p></body></html>")
write("encodings/gb18030.html", gb_page.encode("gb18030"))
write("encodings/big5.html", big5_page.encode("big5"))
write("encodings/big5.txt", "輝達H200晶片經灰色渠道流入中國，業者轉向雲端租用。".encode("big5"))
write("encodings/declared-big5.html",
      ('<html><head><meta charset="big5"></head><body><p>輝達</p></body></html>').encode("big5"))

# --- Archives ------------------------------------------------------------------------------------

inner = zip_bytes([("nested/multipage.pdf", open(os.path.join(out, "pdf/multipage.pdf"), "rb")
                    .read())])
write("archives/tender-pack.zip", zip_bytes([
    ("公告/notice.html", gb_page.encode("gb18030")),
    ("attachments/spec.docx", docx),
    ("attachments/deep/prices.xlsx", xlsx),
    ("attachments/photo.jpg", b"\xff\xd8\xff not scanned"),
    ("inner.zip", inner),
]))

# 32 MiB of zeros compress to 32 KiB: over a thousand times the archive's size.
write("archives/bomb.zip", zip_bytes([("notice.txt", "Nvidia A100 on AWS."),
                                      ("zeros.txt", bytes(32 << 20)),
                                      ("after.txt", "H100 after the bomb")]))
deep = zip_bytes([("notice.txt", "Nvidia H100 at the bottom")])
for level in range(6, 0, -1):
    deep = zip_bytes([("level%d.zip" % level, deep)])
write("archives/deep.zip", deep)
write("archives/many.zip", zip_bytes([("f%05d.txt" % i, "") for i in range(10001)],
                                     zipfile.ZIP_STORED))
# Chinese Windows writes member names in GBK, without zip's UTF-8 flag.
gbk_named = zip_bytes([("ABCD.txt", "Nvidia A100 in a GBK-named member")])
write("archives/gbk-names.zip", gbk_named.replace(b"ABCD", "公告".encode("gbk")))
# A download cut off inside the first member's compressed data.
write("archives/damaged.zip", zip_bytes([("notice.txt", "".join(
    "line %d: Nvidia A100 on AWS, lot %d\n" % (i, i * 7919 % 1000) for i in range(300)))])[:400])
write("archives/empty.zip", zip_bytes([("photo.jpg", b"\xff\xd8\xff")]))


def tar_gz(members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


write("archives/notices.tar.gz", tar_gz([("2026/notice.html", gb_page.encode("gb18030")),
                                         ("2026/spec.docx", docx)]))
