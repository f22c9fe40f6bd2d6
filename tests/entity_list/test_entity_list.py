"""Tests of the Entity List data and its scripts (docs/listed-parties.md).

Run by CTest (tests/entity_list/CMakeLists.txt), one entry per class, or by hand:
  python3 -m unittest -v tests/entity_list/test_entity_list.py
"""

import json
import re
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SCRIPT = os.path.join(REPO, "scripts", "entity_list", "entity_list.py")
DATA = os.path.join(REPO, "core", "data", "entity-list")
SAMPLES = os.path.join(HERE, "data")
sys.path.insert(0, os.path.dirname(SCRIPT))
import entity_list  # noqa: E402


def run(*args):
    return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True)


def load_committed():
    with open(os.path.join(DATA, "listed-parties.json"), encoding="utf-8") as f:
        return json.load(f)


COMMITTED = load_committed()
BY_ID = {r["id"]: r for r in COMMITTED["records"]}


def record_named(published):
    found = [r for r in COMMITTED["records"] if published in r["published_names"]]
    assert len(found) == 1, (published, len(found))
    return found[0]


def name(record, text):
    found = [n for n in record["names"] if n["text"] == text]
    assert len(found) == 1, (record["id"], text, len(found))
    return found[0]


class CommittedData(unittest.TestCase):
    def test_fresh_run_is_byte_identical_to_the_committed_files(self):
        with tempfile.TemporaryDirectory() as out:
            first = run("clean", "--out", out)
            self.assertEqual(first.returncode, 0, first.stderr)
            for file in ("listed-parties.json", "cleaning-report.json"):
                with open(os.path.join(out, file), "rb") as a, \
                        open(os.path.join(DATA, file), "rb") as b:
                    self.assertTrue(a.read() == b.read(),
                                    f"{file} differs from a fresh run: rerun "
                                    "`python3 scripts/entity_list/entity_list.py clean`")

    def test_two_runs_give_the_same_bytes(self):
        first = entity_list.dumps(entity_list.clean(entity_list.SOURCE_DIR)[0])
        second = entity_list.dumps(entity_list.clean(entity_list.SOURCE_DIR)[0])
        self.assertEqual(first, second)

    def test_every_source_entry_is_in_exactly_one_record(self):
        source = entity_list.load_json(os.path.join(entity_list.SOURCE_DIR, "entities.json"))
        meu = entity_list.load_json(os.path.join(entity_list.SOURCE_DIR, "meu.json"))
        published = {}
        for r in COMMITTED["records"]:
            for p in r["published_names"]:
                published.setdefault((r["list"], p), set()).add(r["id"])
        for lst, entries in (("entity", source), ("meu", meu)):
            for e in entries:
                owners = published.get((lst, e["name"].strip().rstrip(",")), set())
                self.assertEqual(len(owners), 1, (lst, e["name"], owners))
        self.assertEqual(len({r["id"] for r in COMMITTED["records"]}), len(COMMITTED["records"]))

    def test_report_figures_describe_the_committed_records(self):
        with open(os.path.join(DATA, "cleaning-report.json"), encoding="utf-8") as f:
            figures = json.load(f)["figures"]
        self.assertEqual(figures["records"], len(COMMITTED["records"]))
        self.assertEqual(figures["names"], sum(len(r["names"]) for r in COMMITTED["records"]))
        self.assertEqual(figures["zh_names"], sum(len(r["zh"]) for r in COMMITTED["records"]))


    def test_the_docs_quote_the_figures_of_the_committed_run(self):
        with open(os.path.join(DATA, "cleaning-report.json"), encoding="utf-8") as f:
            report = json.load(f)
        figures, rules = report["figures"], report["rules"]
        quoted = {
            "records": figures["records"], "names": figures["names"],
            "usable names": figures["names_usable_for_matching"],
            "match strings": figures["distinct_match_strings_with_cores"],
            "Chinese names": figures["zh_names"],
            "legal-suffix cores": rules["names_with_legal_suffix_optional"],
        }
        for doc in (os.path.join(DATA, "README.md"), os.path.join(REPO, "docs", "listed-parties.md")):
            with open(doc, encoding="utf-8") as f:
                text = f.read()
            for what, value in quoted.items():
                self.assertIn(f"{value:,}", text, f"{doc} does not quote {what} = {value:,}")


class FlaggedCases(unittest.TestCase):
    def test_cas_is_dropped_from_the_time_service_center(self):
        ntsc = record_named("Chinese Academy of Sciences, National Time Service Center")
        cas = name(ntsc, "CAS")
        self.assertIn("dropped-over-matching", cas["flags"])
        self.assertIn("acronym-of-parent-organisation", cas["flags"])
        self.assertIn("Chinese Academy of Sciences", cas["drop_reason"])
        # The Center's own short names stay usable.
        self.assertNotIn("dropped-over-matching", name(ntsc, "NTSC")["flags"])
        self.assertNotIn("dropped-over-matching", name(ntsc, "CAS NTSC")["flags"])

    def test_bgi_is_dropped_from_the_graphene_institute_and_kept_for_the_genomics_group(self):
        graphene = record_named("Beijing Graphene Institute Co., Ltd")
        bgi = name(graphene, "BGI")
        self.assertIn("dropped-over-matching", bgi["flags"])
        self.assertIn("exception-table", bgi["flags"])
        self.assertIn("entity:bgi-research", bgi["inside_of"])
        research = record_named("BGI Research")
        self.assertNotIn("dropped-over-matching", name(research, "BGI Research")["flags"])

    def test_acronyms_of_a_bigger_body_or_of_another_party_are_dropped(self):
        kharkevich = [r for r in COMMITTED["records"]
                      if r["legal_name"].startswith("A.A. Kharkevich Institute")][0]
        self.assertIn("acronym-of-parent-organisation", name(kharkevich, "RAS")["flags"])
        flags = {(r["legal_name"], n["text"]): n["flags"]
                 for r in COMMITTED["records"] for n in r["names"]}
        self.assertIn("short-alias-used-by-other-parties",
                      flags[("Ministry of Defence", "MOD")])
        self.assertIn("alias-is-a-legal-form",
                      flags[("Engineering Center Moselectronproekt", "JSC")])
        # A party's own initials stay usable even where its units carry them ("SMIC Beijing").
        for legal, text in (("Semiconductor Manufacturing International Corporation (SMIC)", "SMIC"),
                            ("University of Science and Technology of China", "USTC"),
                            ("Yangtze Memory Technologies Co., Ltd.", "YMTC")):
            self.assertNotIn("dropped-over-matching", flags[(legal, text)], text)

    def test_short_and_everyday_names_need_context(self):
        for text in ("EC", "Al", "GRU", "DJI", "YMTC"):
            flagged = [n for r in COMMITTED["records"] for n in r["names"] if n["text"] == text]
            self.assertTrue(flagged, text)
            for n in flagged:
                self.assertIn("short-needs-context", n["flags"], text)
        for text in ("EC", "Al", "Cambrian", "Dawning"):
            flagged = [n for r in COMMITTED["records"] for n in r["names"] if n["text"] == text]
            self.assertTrue(flagged, text)
            for n in flagged:
                self.assertIn("everyday-word-needs-context", n["flags"], text)
        long_names = [n for r in COMMITTED["records"] for n in r["names"] if len(n["text"]) > 4]
        self.assertFalse([n["text"] for n in long_names if "short-needs-context" in n["flags"]])

    def test_generic_and_numbered_names_never_match_alone(self):
        flags = {n["text"]: n["flags"] for r in COMMITTED["records"] for n in r["names"]}
        self.assertIn("numbered-unit-needs-parent", flags["204th Research Institute"])
        self.assertIn("numbered-unit-needs-parent", flags["12th Institute"])
        self.assertIn("generic-never-alone", flags["Electronic Network"])
        self.assertNotIn("generic-never-alone", flags["Harbin Institute of Technology"])
        self.assertIn("research", COMMITTED["generic_words"])

    def test_the_duplicated_huawei_headquarters_is_one_record(self):
        hq = [r for r in COMMITTED["records"] if r["list"] == "entity" and
              r["published_names"][0].startswith("Huawei Technologies Co., Ltd.") and
              r["parent"] is None and r["countries"] == ["China"]]
        self.assertEqual(len(hq), 1)
        hq = hq[0]
        self.assertEqual(hq["published_names"], ["Huawei Technologies Co., Ltd.",
                                                 "Huawei Technologies Co., Ltd. (Huawei)"])
        self.assertIn("duplicate-merged", hq["flags"])
        texts = [n["text"] for n in hq["names"]]
        for expected in ("Huawei", "Shenzhen Huawei Technologies", "Huawei Technology"):
            self.assertIn(expected, texts)
        self.assertEqual(name(hq, "Huawei Technologies Co., Ltd.")["core"], "Huawei Technologies")
        # Both zh-names.json rows (one per duplicate) reach the one record.
        self.assertIn("华为技术有限公司", [z["text"] for z in hq["zh"]])
        # Its affiliates point at it and are not "other parties" holding its name.
        longshine = record_named("Huawei Technologies Co., Ltd. (Huawei). Affiliated Entity: "
                                 "Beijing Huawei Longshine Information Technology Co., Ltd.")
        self.assertEqual(longshine["legal_name"],
                         "Beijing Huawei Longshine Information Technology Co., Ltd.")
        self.assertEqual(longshine["parent"]["relation"], "affiliated entity")
        self.assertNotIn(longshine["id"], name(hq, "Huawei").get("inside_of", []))

    def test_glued_aliases_are_split(self):
        dongfang = record_named("Dongfang Jingyuan Electron Co., Ltd.")
        self.assertEqual(name(dongfang, "DJEL")["from"], "alias-split")
        name(dongfang, "Dongfang Jingyuan Electron Limited")
        cssc = [r for r in COMMITTED["records"]
                if any(n["text"] == "Hot Working Technology Research Institute" for n in r["names"])]
        self.assertEqual(len(cssc), 1)
        name(cssc[0], "Thermal Processing Technology Research Institute")
        chitron = record_named("Chitron Electronics Company Ltd., a.k.a. Chi-Chung Electronics "
                               "Company Ltd. (Chitron-Shenzhen)")
        self.assertEqual(chitron["legal_name"], "Chitron Electronics Company Ltd.")
        name(chitron, "Chi-Chung Electronics Company Ltd. (Chitron-Shenzhen)")
        self.assertFalse([n["text"] for r in COMMITTED["records"] for n in r["names"]
                          if ";" in n["text"] or "a.k.a" in n["text"].lower()])

    def test_an_alias_copied_from_another_entry_is_dropped(self):
        uk = [r for r in COMMITTED["records"]
              if r["legal_name"].startswith("Huawei Technologies (UK)")]
        self.assertEqual(len(uk), 1)
        copied = name(uk[0], "Huawei Technologies Co., Ltd.")
        self.assertIn("alias-is-another-partys-legal-name", copied["flags"])
        self.assertIn("dropped-over-matching", copied["flags"])

    def test_citations_link_to_federalregister_gov(self):
        ntsc = record_named("Chinese Academy of Sciences, National Time Service Center")
        self.assertEqual(ntsc["federal_register"][0]["url"],
                         "https://www.federalregister.gov/citation/90-FR-44499")
        odd = [c for r in COMMITTED["records"] for c in r["federal_register"]
               if c["citation"] == "76 FR No. 197"]
        self.assertTrue(odd)
        self.assertTrue(all(c["url"] is None for c in odd))

    def test_licence_texts_are_kept_beside_their_class(self):
        sugon = record_named("Sugon")
        self.assertEqual([p["class"] for p in sugon["license_policy"]], ["presumption-of-denial"])
        self.assertIn("entity-list-fdp-734.9(e)",
                      sugon["license_requirement"][0]["foreign_direct_product"])
        for r in COMMITTED["records"]:
            for p in r["license_policy"] + r["license_requirement"]:
                self.assertTrue(p["text"])


class ChineseNames(unittest.TestCase):
    def test_every_chinese_name_has_a_source_and_every_row_is_used(self):
        rows = entity_list.load_json(os.path.join(entity_list.SOURCE_DIR, "zh-names.json"))
        for row in rows:
            record = record_named(row["entity_name"])
            sources = {z["text"]: [z["source"]] + [s["source"] for s in z.get("also_seen_in", [])]
                       for z in record["zh"] if "derived_from" not in z}
            for form in row["zh"] + row.get("zh_hant", []):
                self.assertIn(row["source"], sources.get(form, []), (row["entity_name"], form))
        zh = [z for r in COMMITTED["records"] for z in r["zh"]]
        for z in zh:
            # A derived traditional form was seen nowhere: it names its simplified form instead.
            self.assertTrue(z.get("source", "").strip() or z.get("derived_from"), z["text"])
            self.assertIn(z["script"], ("hans", "hant"))
        hq = record_named("Huawei Technologies Co., Ltd.")
        self.assertEqual([z["text"] for z in hq["zh"]].count("华为"), 1)

    def test_names_that_sit_inside_other_words_are_flagged(self):
        zh = {z["text"]: z for r in COMMITTED["records"] for z in r["zh"]}
        self.assertIn("西安电子科技大学", zh["电子科技大学"]["inside_of"])
        self.assertIn("天津大学生", zh["天津大学"]["inside_of"])
        self.assertIn("inside-other-words", zh["寒武纪"]["flags"])
        self.assertIn("short-needs-context", zh["华为"]["flags"])

    def test_every_simplified_name_has_its_traditional_forms(self):
        # Taiwanese and Hong Kong pages write the names in traditional script: each simplified
        # name's OpenCC forms (Taiwan, Hong Kong) are names of the same party, from a source or
        # derived.
        derived = 0
        for r in COMMITTED["records"]:
            texts = {z["text"]: z for z in r["zh"]}
            for z in r["zh"]:
                if z["script"] == "hans":
                    for form in z["hant"]:
                        self.assertIn(form, texts, (r["id"], z["text"]))
                        self.assertEqual(texts[form]["script"], "hant")
                if "derived_from" in z:
                    derived += 1
                    self.assertEqual(z["script"], "hant")
                    self.assertNotIn("source", z)
                    self.assertIn(z["text"], texts[z["derived_from"]]["hant"])
        with open(os.path.join(DATA, "cleaning-report.json"), encoding="utf-8") as f:
            figures = json.load(f)["figures"]
        self.assertEqual(derived, figures["zh_names_by_script"]["traditional_derived"])
        zh = {z["text"]: z for r in COMMITTED["records"] for z in r["zh"]}
        self.assertEqual(zh["浪潮电子信息产业股份有限公司"]["hant"], ["浪潮電子信息產業股份有限公司"])
        self.assertEqual(zh["浪潮電子信息產業股份有限公司"]["derived_from"], "浪潮电子信息产业股份有限公司")
        self.assertEqual(zh["浪潮電子信息產業股份有限公司"]["core"], "浪潮電子信息產業")
        self.assertEqual(zh["中科曙光"]["hant"], [])  # the same in both scripts
        # OpenCC's phrase table picks the right character where a character-by-character
        # conversion would not (reviewed in exceptions.json zh_hant_reviewed).
        self.assertIn("瀋陽芯源微電子設備股份有限公司", zh)
        self.assertNotIn("沈陽芯源微電子設備股份有限公司", zh)
        self.assertIn("中芯國際集成電路製造有限公司", zh)
        self.assertIn("于田海視美闐電子技術有限公司", zh)
        # Taiwan's 群 and Hong Kong's 羣: both.
        self.assertIn("聯眾集群(北京)科技有限公司", zh)
        self.assertIn("聯眾集羣(北京)科技有限公司", zh)
        # A source's traditional form stays the source's (not marked derived).
        self.assertNotIn("derived_from", zh["華為技術有限公司"])

    def test_guards_hold_in_traditional_script(self):
        zh = {z["text"]: z for r in COMMITTED["records"] for z in r["zh"]}
        self.assertIn("inside-other-words", zh["寒武紀"]["flags"])
        self.assertIn("寒武紀時期", zh["寒武紀"]["inside_of"])
        self.assertIn("inside-other-words", zh["第四範式"]["flags"])
        self.assertIn("西安電子科技大學", zh["電子科技大學"]["inside_of"])
        self.assertIn("天津大學生", zh["天津大學"]["inside_of"])
        # 大疆 is written the same in both scripts: guarded by the longer words of both.
        self.assertEqual(zh["大疆"]["inside_of"], ["扩大疆域", "擴大疆域"])

    def test_a_row_without_source_is_refused(self):
        rows = entity_list.load_json(os.path.join(entity_list.SOURCE_DIR, "zh-names.json"))
        rows[0] = dict(rows[0], source=" ")
        with tempfile.TemporaryDirectory() as src:
            for f in ("entities.json", "meu.json"):
                shutil.copy(os.path.join(entity_list.SOURCE_DIR, f), src)
            with open(os.path.join(src, "zh-names.json"), "w", encoding="utf-8") as f:
                json.dump(rows, f, ensure_ascii=False)
            with self.assertRaisesRegex(entity_list.InputError, "row 1 .*no source"):
                entity_list.clean(src)


class DerivedWithOpenCC(unittest.TestCase):
    """zh-hant-derived.json equals a fresh OpenCC run (needs the opencc program; a CTest skip
    without it)."""

    def test_the_committed_traditional_forms_are_a_fresh_opencc_run(self):
        if not shutil.which("opencc"):
            self.skipTest("CHIPLIGHT-SKIP: opencc is not installed (apt-get install opencc)")
        fresh = entity_list.dumps_hant(entity_list.derive_hant())
        with open(entity_list.HANT_DERIVED, encoding="utf-8") as f:
            committed = f.read()
        # The converter's version is the machine's; the forms must be the same.
        strip = lambda text: re.sub(r'"converter": "[^"]*"', "", text)  # noqa: E731
        self.assertEqual(strip(fresh), strip(committed))

    def test_an_unreviewed_difference_from_character_conversion_is_refused(self):
        if not shutil.which("opencc"):
            self.skipTest("CHIPLIGHT-SKIP: opencc is not installed (apt-get install opencc)")
        exceptions = entity_list.load_json(entity_list.EXCEPTIONS)
        exceptions["zh_hant_reviewed"] = [x for x in exceptions["zh_hant_reviewed"]
                                          if not x["text"].startswith("沈阳")]
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "exceptions.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(exceptions, f, ensure_ascii=False)
            with self.assertRaisesRegex(entity_list.InputError, "沈阳芯源微电子设备股份有限公司 -> .*瀋陽"):
                entity_list.derive_hant(exceptions_path=path)


class CslImport(unittest.TestCase):
    def import_sample(self, file):
        with tempfile.TemporaryDirectory() as out:
            result = run("import-csl", os.path.join(SAMPLES, file), "--out", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            with open(os.path.join(out, "listed-parties.json"), encoding="utf-8") as f:
                return json.load(f)

    def test_json_download_keeps_only_entity_list_and_meu_records(self):
        data = self.import_sample("csl-sample.json")
        self.assertEqual(data["source"]["records_read"], 8)
        self.assertEqual([r["id"] for r in data["records"]], [
            "entity:huawei-technologies-co-ltd",
            "entity:chinese-academy-of-sciences-national-time-service-center",
            "entity:beijing-graphene-institute-co-ltd",
            "entity:bgi-research",
            "meu:aecc-aviation-power-co-ltd",
        ])
        hq = data["records"][0]
        self.assertIn("duplicate-merged", hq["flags"])
        self.assertEqual([c["citation"] for c in hq["federal_register"]],
                         ["84 FR 22963", "85 FR 29853", "87 FR 55250"])
        self.assertEqual(hq["first_listed"], "2019-05-21")
        self.assertEqual(hq["city"], "Shenzhen")
        self.assertEqual(hq["addresses"][0]["address"],
                         "Bantian Huawei Base, Longgang District, Shenzhen, 518129, China")
        names = {n["text"]: n["flags"] for r in data["records"] for n in r["names"]}
        self.assertIn("dropped-over-matching", names["CAS"])
        self.assertIn("dropped-over-matching", names["BGI"])
        self.assertIn("Shenzhen BGI Life Science Research Institute", names)
        self.assertEqual(data["records"][4]["license_policy"][0]["class"], "meu-procedure")

    def test_csv_download_gives_the_same_records_as_json(self):
        from_json = self.import_sample("csl-sample.json")["records"]
        from_csv = self.import_sample("csl-sample.csv")["records"]

        def comparable(records):
            # CSV joins aliases with "; " too, so it cannot tell a glued alias from two.
            return [dict(r, names=[dict(n, **{"from": n["from"].replace("-split", "")})
                                   for n in r["names"]]) for r in records]
        self.assertEqual(comparable(from_json), comparable(from_csv))

    def test_broken_files_give_one_clear_error_and_write_nothing(self):
        cases = {
            "broken-truncated.json": "broken-truncated.json:18:30: not valid JSON",
            "broken-record.json": "broken-record.json: record 4: not an object",
            "broken-extra-field.csv": "broken-extra-field.csv:5: row has 30 fields where the "
                                      "header has 29",
            "broken-unclosed-quote.csv": "broken-unclosed-quote.csv:5: broken CSV",
            "broken-no-name-column.csv": "broken-no-name-column.csv:1: not a Consolidated "
                                         "Screening List CSV: missing column(s) name",
            "broken-latin1.csv": "broken-latin1.csv:4: not UTF-8",
        }
        for file, message in cases.items():
            with self.subTest(file=file), tempfile.TemporaryDirectory() as out:
                kept = os.path.join(out, "listed-parties.json")
                with open(kept, "w") as f:
                    f.write("previous data\n")
                result = run("import-csl", os.path.join(SAMPLES, file), "--out", out)
                self.assertEqual(result.returncode, 1)
                self.assertEqual(result.stdout, "")
                errors = result.stderr.strip().splitlines()
                self.assertEqual(len(errors), 1, result.stderr)
                self.assertIn(message, errors[0])
                self.assertEqual(sorted(os.listdir(out)), ["listed-parties.json"])
                with open(kept) as f:
                    self.assertEqual(f.read(), "previous data\n")

    def test_a_file_without_entity_list_records_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "sdn-only.json")
            with open(path, "w") as f:
                json.dump({"results": [{"source": "Specially Designated Nationals (SDN) - "
                                                  "Treasury Department", "name": "X"}]}, f)
            result = run("import-csl", path, "--out", os.path.join(tmp, "out"))
            self.assertEqual(result.returncode, 1)
            self.assertIn("no Entity List or MEU records", result.stderr)
            self.assertFalse(os.path.exists(os.path.join(tmp, "out")))


if __name__ == "__main__":
    unittest.main()
