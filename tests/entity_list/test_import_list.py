"""`chiplight lexicon import-list FILE` (docs/listed-parties.md, "Refreshing the data"): the
trade.gov Consolidated Screening List samples in JSON and CSV convert to the same listed parties,
which `scan --listed-file` then finds; a broken file gives one error line naming its place, exit
status 1, and leaves an existing output as it was. Run as
`python3 -m unittest test_import_list` with CHIPLIGHT set to the chiplight binary."""
import json
import os
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
CHIPLIGHT = os.environ.get("CHIPLIGHT", "chiplight")

BROKEN = {
    "broken-extra-field.csv": "broken-extra-field.csv:5: row has 30 fields where the header has 29",
    "broken-latin1.csv": "broken-latin1.csv:4: not UTF-8",
    "broken-no-name-column.csv": "broken-no-name-column.csv:1: not a Consolidated Screening List CSV: missing column(s) name",
    "broken-record.json": "broken-record.json: record 4: not an object",
    "broken-truncated.json": "broken-truncated.json:18:40: not valid JSON",
    "broken-unclosed-quote.csv": "broken-unclosed-quote.csv:5:",
}


def run(*args, stdin=None):
    return subprocess.run([CHIPLIGHT, *args], input=stdin, capture_output=True, text=True, timeout=120)


class ImportList(unittest.TestCase):
    def convert(self, name, directory):
        out = os.path.join(directory, name + ".listed.json")
        result = run("lexicon", "import-list", os.path.join(DATA, name), "--out", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(out, encoding="utf-8") as f:
            return out, json.load(f)

    def test_json_and_csv_samples_give_the_same_parties(self):
        with tempfile.TemporaryDirectory() as tmp:
            json_out, from_json = self.convert("csl-sample.json", tmp)
            _, from_csv = self.convert("csl-sample.csv", tmp)
            self.assertEqual(from_json["kind"], "chiplight-listed-parties")
            self.assertEqual(from_json["list_date"], from_csv["list_date"])
            names = lambda doc: [(e["id"], e["names"]) for e in doc["entries"]]
            self.assertEqual(names(from_json), names(from_csv))
            ids = {e["id"] for e in from_json["entries"]}
            # Entity List and MEU records kept, the SDN and Denied Persons records not.
            self.assertIn("listed-entity-huawei-technologies-co-ltd", ids)
            self.assertIn("listed-meu-aecc-aviation-power-co-ltd", ids)
            self.assertFalse(any("sdn" in i or "denied" in i for i in ids))
            huawei = next(e for e in from_json["entries"] if e["id"] == "listed-entity-huawei-technologies-co-ltd")
            card = huawei["glossary"]["listed"]
            self.assertEqual(card["since"], "2019-05-21")
            self.assertEqual(card["policy"][0]["class"], "presumption-of-denial")
            self.assertEqual(card["requirement"][0]["class"], "all-items")
            self.assertEqual(huawei["glossary"]["citations"][0],
                             {"text": "84 FR 22963", "kind": "official",
                              "url": "https://www.federalregister.gov/citation/84-FR-22963"})
            # Short names only in context: CAS alone is the whole Academy, not this institute.
            text = "Huawei Technologies was added to the Entity List with NTSC.\n"
            scan = run("scan", "--listed-file", json_out, "-f", "jsonl", "-", stdin=text)
            self.assertEqual(scan.returncode, 0, scan.stderr)
            found = [json.loads(line) for line in scan.stdout.splitlines()]
            listed = [(m["text"], m["list_date"]) for m in found if m["category"] == "listed"]
            self.assertIn(("Huawei Technologies", from_json["list_date"]), listed)
            self.assertIn(("NTSC", from_json["list_date"]), listed)
            alone = run("scan", "--listed-file", json_out, "-f", "jsonl", "-",
                        stdin="The CAS annual meeting opened in Beijing.\n")
            self.assertEqual(alone.stdout, "")

    def test_a_broken_file_gives_one_error_and_changes_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "listed.json")
            with open(out, "w", encoding="utf-8") as f:
                f.write("the previous import\n")
            for name, expected in BROKEN.items():
                with self.subTest(name=name):
                    result = run("lexicon", "import-list", os.path.join(DATA, name), "--out", out)
                    self.assertEqual(result.returncode, 1)
                    lines = result.stderr.splitlines()
                    self.assertEqual(len(lines), 1, result.stderr)
                    self.assertIn(expected, lines[0])
                    self.assertEqual(result.stdout, "")
                    with open(out, encoding="utf-8") as f:
                        self.assertEqual(f.read(), "the previous import\n")
                    self.assertEqual(os.listdir(tmp), ["listed.json"])


if __name__ == "__main__":
    unittest.main()
