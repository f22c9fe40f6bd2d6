#!/usr/bin/env python3
"""The scanner on a folder of thousands of documents (a benchmark, not a test).

Writes a folder of mixed tender-like documents (.txt, .md, .html, .docx, .pdf; English and
Chinese, lexicon names sprinkled in), then times in the same run:

  chiplight scan --summary FOLDER            on every core, and with -j1
  rg -c -F -f names.txt PLAIN_FOLDER         ripgrep (Debian `ripgrep`), the fastest multi-literal
                                             search a user could reach for instead, over the same
                                             documents' plain text, with the lexicon's names

and prints files/s, MB/s and the ratios. rg finds literal strings only: no word edges, case
folding, context rules, formats or verdicts; it is the floor the scanner is measured against.

  bench/folder_bench.py [--chiplight build/native/chiplight] [--count 5000] [--keep DIR]
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

# The document writers the scanner's reader tests use.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "cli"))
from document_writers import W, text_pdf, w_p, zip_bytes  # noqa: E402

EN_WORDS = ("the procurement notice invites bids for computing services including servers storage "
            "and network equipment for the provincial data centre budget year delivery within "
            "ninety days of contract signature suppliers must provide maintenance and training "
            "according to the technical specification attached").split()
ZH_WORDS = ["本项目", "采购", "计算", "服务", "服务器", "存储", "网络设备", "数据中心", "预算",
            "金额", "万元", "合同", "签订", "交付", "供应商", "运维", "培训", "技术规格", "附件",
            "招标", "公告"]


def sentence(rng, names, chinese):
    words = [rng.choice(ZH_WORDS if chinese else EN_WORDS) for _ in range(rng.randint(8, 20))]
    if rng.random() < 0.35:
        words.insert(rng.randrange(len(words)), rng.choice(names))
    return ("".join(words) + "。") if chinese else (" ".join(words).capitalize() + ". ")


def paragraphs(rng, names, latin_only=False):
    count = rng.randint(3, 40)
    out = []
    for _ in range(count):
        chinese = not latin_only and rng.random() < 0.4
        out.append("".join(sentence(rng, names, chinese) for _ in range(rng.randint(2, 6))))
    return out


def pdf_bytes(lines):
    """A one-page-per-30-lines PDF in Helvetica (Latin text)."""
    pages = [lines[i:i + 30] for i in range(0, len(lines), 30)] or [[""]]
    return text_pdf(pages, layout="/F1 10 Tf 40 760 Td 12 TL")


def docx_bytes(paras):
    esc = lambda t: t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return zip_bytes([
        ("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
         'openxmlformats.org/package/2006/content-types"/>'),
        ("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?><w:document %s>'
         '<w:body>%s</w:body></w:document>' % (W, "".join(w_p(esc(p)) for p in paras))),
    ])


def html_text(paras):
    esc = lambda t: t.replace("&", "&amp;").replace("<", "&lt;")
    return ("<!doctype html><html><head><meta charset=utf-8><title>Notice</title>"
            "<style>p{margin:0}</style></head><body><h1>Tender notice</h1>" +
            "".join("<p>%s</p>" % esc(p) for p in paras) + "</body></html>")


def write_folder(root, count, names, seed=20261207):
    rng = random.Random(seed)
    latin_names = [n for n in names if all(ord(c) < 256 for c in n)]
    docs, plain = os.path.join(root, "docs"), os.path.join(root, "plain")
    kinds = ["txt"] * 8 + ["md"] * 4 + ["html"] * 4 + ["docx"] * 2 + ["pdf"] * 2
    for i in range(count):
        kind = kinds[i % len(kinds)]
        folder = "lot%03d" % (i // 100)
        os.makedirs(os.path.join(docs, folder), exist_ok=True)
        os.makedirs(os.path.join(plain, folder), exist_ok=True)
        paras = paragraphs(rng, latin_names if kind == "pdf" else names, latin_only=kind == "pdf")
        text = "\n\n".join(paras) + "\n"
        path = os.path.join(docs, folder, "doc%05d.%s" % (i, kind))
        if kind in ("txt", "md"):
            data = text.encode("utf-8")
        elif kind == "html":
            data = html_text(paras).encode("utf-8")
        elif kind == "docx":
            data = docx_bytes(paras)
        else:
            data = pdf_bytes([p[j:j + 90] for p in paras for j in range(0, len(p), 90)])
        with open(path, "wb") as f:
            f.write(data)
        with open(os.path.join(plain, folder, "doc%05d.txt" % i), "w", encoding="utf-8") as f:
            f.write(text)
    return docs, plain


def folder_bytes(folder):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(folder) for f in fs)


def timed(command, runs):
    best = None
    for _ in range(runs):
        start = time.monotonic()
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.monotonic() - start
        if result.returncode not in (0, 1):
            sys.exit("failed (%d): %s" % (result.returncode, " ".join(command)))
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chiplight", default=os.path.join(here, "..", "build", "native",
                                                            "chiplight"))
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", help="write the folder here and keep it")
    args = parser.parse_args()
    rg = shutil.which("rg")
    if not rg:
        sys.exit("rg not found: install Debian's ripgrep (scripts/setup.sh)")

    glossary = subprocess.run([args.chiplight, "glossary", "--format", "json"], check=True,
                              capture_output=True, text=True).stdout
    names = sorted({n for line in glossary.splitlines() for n in json.loads(line).get("names", [])})
    root = args.keep or tempfile.mkdtemp(prefix="chiplight-folder-bench-")
    os.makedirs(root, exist_ok=True)
    try:
        docs, plain = write_folder(root, args.count, names)
        names_file = os.path.join(root, "names.txt")
        with open(names_file, "w", encoding="utf-8") as f:
            f.write("\n".join(names) + "\n")
        docs_mb, plain_mb = folder_bytes(docs) / 2**20, folder_bytes(plain) / 2**20
        jobs = os.cpu_count() or 1
        scan_all = timed([args.chiplight, "scan", "--summary", docs], args.runs)
        scan_one = timed([args.chiplight, "scan", "--summary", "-j1", docs], args.runs)
        scan_plain = timed([args.chiplight, "scan", "--summary", plain], args.runs)
        rg_all = timed([rg, "-c", "-F", "-f", names_file, plain], args.runs)
        print("folder: %d documents (txt, md, html, docx, pdf), %.1f MB; their plain text %.1f MB; "
              "%d names; best of %d runs" % (args.count, docs_mb, plain_mb, len(names), args.runs))
        rows = [("chiplight scan --summary, %d threads" % jobs, scan_all, docs_mb),
                ("chiplight scan --summary, -j1", scan_one, docs_mb),
                ("chiplight scan --summary, plain text", scan_plain, plain_mb),
                ("rg -c -F -f names.txt, plain text", rg_all, plain_mb)]
        for label, seconds, mb in rows:
            print("%-40s %6.2f s  %7.0f files/s  %6.1f MB/s" % (label, seconds,
                                                                   args.count / seconds,
                                                                   mb / seconds))
        print("rg's time / chiplight's: %.2f on the documents, %.2f on the same plain text" %
              (rg_all / scan_all, rg_all / scan_plain))
        print(json.dumps({"documents": args.count, "docs_mb": docs_mb, "plain_mb": plain_mb,
                          "threads": jobs, "scan_s": scan_all, "scan_j1_s": scan_one,
                          "scan_plain_s": scan_plain, "rg_s": rg_all,
                          "ratio_docs": rg_all / scan_all, "ratio_plain": rg_all / scan_plain}))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
