#!/usr/bin/env python3
"""Builds the accuracy corpus from its annotated sources.

Each file in tests/accuracy/annotated/ is a text in which every expected mention is written
[[surface|entry-id]]. This script writes, for each one:

  cases/<name>.txt            the plain text (markup removed), UTF-8, what every scanner reads
  cases/<name>.expected.json  {"name", "kind", "mentions": [{"text", "id", "start", "end"}]}

start/end are UTF-8 byte offsets into the .txt file. The kind is the file-name prefix
(en-news, zh-news, tw-news, hk-news, tender, neg, mixed). Run it after editing a source:

  python3 tests/accuracy/tools/build_cases.py
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "annotated"
OUT = ROOT / "cases"
MARK = re.compile(r"\[\[([^\]|]+)\|([a-z0-9-]+)\]\]")
KINDS = ["en-news", "zh-news", "tw-news", "hk-news", "tender", "neg", "mixed"]


def build(path):
    source = path.read_text(encoding="utf-8")
    text = bytearray()
    mentions = []
    last = 0
    for m in MARK.finditer(source):
        text += source[last:m.start()].encode("utf-8")
        start = len(text)
        text += m.group(1).encode("utf-8")
        mentions.append({"text": m.group(1), "id": m.group(2), "start": start, "end": len(text)})
        last = m.end()
    text += source[last:].encode("utf-8")
    if b"[[" in text or b"]]" in text:
        sys.exit(f"{path.name}: unbalanced [[...]] markup")
    kind = next((k for k in KINDS if path.stem.startswith(k + "-")), None)
    if kind is None:
        sys.exit(f"{path.name}: name must start with one of {KINDS}")
    return bytes(text), {"name": path.stem, "kind": kind, "mentions": mentions}


def main():
    OUT.mkdir(exist_ok=True)
    names = set()
    for path in sorted(SRC.glob("*.txt")):
        text, expected = build(path)
        (OUT / f"{path.stem}.txt").write_bytes(text)
        lines = [json.dumps(m, ensure_ascii=False) for m in expected["mentions"]]
        body = ("[\n    " + ",\n    ".join(lines) + "\n  ]") if lines else "[]"
        with open(OUT / f"{path.stem}.expected.json", "w", encoding="utf-8") as f:
            f.write('{\n  "name": %s,\n  "kind": %s,\n  "mentions": %s\n}\n'
                    % (json.dumps(expected["name"]), json.dumps(expected["kind"]), body))
        names.add(path.stem)
    for stale in OUT.glob("*.txt"):
        if stale.stem not in names:
            stale.unlink()
            (OUT / f"{stale.stem}.expected.json").unlink(missing_ok=True)
    print(f"{len(names)} cases written to {OUT}")


if __name__ == "__main__":
    main()
