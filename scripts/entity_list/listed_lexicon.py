#!/usr/bin/env python3
"""Turn the cleaned listed-parties data into the lexicon form the matcher reads.

    python3 scripts/entity_list/listed_lexicon.py            # writes core/data/entity-list/listed-lexicon.json
    python3 scripts/entity_list/listed_lexicon.py --check    # exit 1 if the committed file differs

Input: core/data/entity-list/listed-parties.json (made by entity_list.py clean). Output: one JSON
document, {"format": 1, "kind": "chiplight-listed-parties", "list_date", "about", "entries": [...]},
whose entries are lexicon entries of category "listed" (docs/lexicon.md) with the card's facts in
glossary.listed (docs/listed-parties.md, "The lexicon form"). `chiplight lexicon import-list`
writes the same form from a Consolidated Screening List download.

The matching rules the flags in the data ask for (docs/listed-parties.md, "Flags"):
- a usable name is a name; its `core` (legal suffixes and bracketed places dropped) is a second
  name unless the core is flagged too short or generic;
- short and everyday names go to a second entry of the same party that counts only with context:
  an export-control word (the lexicon's entity-confirm set) or an unambiguous listed party or
  regulation term within 150 characters (the full name of the party is such a party);
- names made only of generic words never match; numbered units ("204th Research Institute")
  match only with their parent's name ("<parent> 204th Research Institute");
- Chinese names as given (simplified and traditional rows), the traditional forms derived by
  OpenCC where no source gave them (entity_list.py derive-hant), and their cores; those that are
  everyday words or sit inside other words (寒武纪/寒武紀, 天津大学生/天津大學生) need context like
  short names; the card's title in Chinese is the party's Chinese name in the reader's script;
- two parties never share a name (the lexicon refuses it): the first record in the data keeps
  it, so a shared name points at one card, and the built-in lexicon's names are left to it.
Deterministic: the same input gives a byte-identical file.
"""
import argparse
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA_DIR = os.path.join(ROOT, "core", "data", "entity-list")
INPUT = os.path.join(DATA_DIR, "listed-parties.json")
OUTPUT = os.path.join(DATA_DIR, "listed-lexicon.json")
BUILTIN_LEXICON = os.path.join(ROOT, "core", "data", "lexicon.json")
# Single-word names that are English dictionary words ("Global", "Alpha", "Forward", "Kepler"):
# they need context like short names. Made from a word list by `--everyday-from`, committed, so
# the build doesn't need the word list.
EVERYDAY_WORDS = os.path.join(DATA_DIR, "everyday-words.json")

# Names that need context get this rule (docs/lexicon.md, "Context rules").
CONTEXT_RULE = {"anyOf": ["entity-confirm"], "categories": ["listed", "regulation"], "window": 150}

# A rule that never holds: any word that would confirm also disqualifies (noneOf wins).
NEVER_RULE = {"anyOf": ["water-words"], "window": 1, "noneOf": ["water-words"], "noneWindow": 1}
GUARD_ID = "listed-guard-longer-words"

CONTEXT_FLAGS = {"short-needs-context", "everyday-word-needs-context", "inside-other-words"}
NEVER_FLAGS = {"dropped-over-matching", "generic-never-alone"}
CORE_NEVER_FLAGS = {"core-short-needs-full-form", "core-generic-needs-full-form"}

LIST_NAMES = {"entity": ("Entity List", "实体清单"), "meu": ("Military End-User List", "军事最终用户清单")}

# The licence requirement and review policy in plain words (class -> English, Chinese).
REQUIREMENT_WORDS = {
    "all-items": ("A licence is needed to export, re-export or transfer any item subject to the EAR to this party.",
                  "向该实体出口、再出口或转让任何受《出口管理条例》(EAR)管辖的物项均须申请许可证。"),
    "all-items-for-listed-projects": ("A licence is needed for any item subject to the EAR used in the projects of 15 CFR 746.8(a)(4).",
                                      "用于 15 CFR 746.8(a)(4) 所列项目的任何受 EAR 管辖物项均须申请许可证。"),
    "ccl-and-listed-ear99": ("A licence is needed for items on the Commerce Control List and the EAR99 items listed in Supplement No. 7 to Part 746.",
                             "商业管制清单(CCL)上的物项及第 746 部分补编 7 所列 EAR99 物项须申请许可证。"),
    "meu-items": ("A licence is needed for the items listed in Supplement No. 2 to Part 744 (military end users).",
                  "第 744 部分补编 2 所列物项(军事最终用户)须申请许可证。"),
}
POLICY_WORDS = {
    "presumption-of-denial": ("Applications are reviewed with a presumption of denial: they are expected to be refused.",
                              "许可证申请按“推定拒绝”原则审查:原则上不予批准。"),
    "policy-of-denial": ("Policy of denial: applications are refused (food and medicine may be reviewed case by case).",
                         "拒绝政策:许可证申请一律拒绝(食品和药品可逐案审查)。"),
    "case-by-case": ("Applications are reviewed case by case.", "许可证申请逐案审查。"),
    "case-by-case-then-denial": ("Some items (such as telecommunications items) are reviewed case by case; the rest with a presumption of denial.",
                                 "部分物项(如电信物项)逐案审查,其余物项推定拒绝。"),
    "case-by-case-approval-ear99": ("EAR99 items are presumed approved; items on the Commerce Control List are reviewed case by case.",
                                    "EAR99 物项推定批准;商业管制清单上的物项逐案审查。"),
    "denial-with-exceptions": ("Presumption of denial, except case-by-case review for the items the listing names.",
                               "推定拒绝,但清单条目所列的例外物项逐案审查。"),
    "see-regulation": ("The review policy is set by the section of the EAR the listing cites.",
                       "审查政策见清单条目所引的 EAR 条款。"),
    "meu-procedure": ("Reviewed under the military end-user procedure (15 CFR 744.21(d)-(e)): a presumption of denial.",
                      "按军事最终用户程序(15 CFR 744.21(d)-(e))审查:推定拒绝。"),
}


# Classes whose plain words leave out what the published text says (which section, which items).
TEXT_KEPT = {"see-regulation", "denial-with-exceptions", "case-by-case-then-denial"}


def key(name):
    """The matcher's name key, near enough to find duplicates: case, full-width forms and
    separators (space, tab, hyphens, dashes, underscore) don't count (core/src/name_tokens.h)."""
    name = unicodedata.normalize("NFKC", name) if re.search(r"[\uff01-\uff5e]", name) else name
    return re.sub(r"[\s\-_\u00a0\u00ad\u200b\u2010-\u2015\u2212\u3000]+", "", name.lower())


def entry_id(record_id, suffix=""):
    base = "listed-" + re.sub(r"[^a-z0-9]+", "-", record_id.lower()).strip("-")
    return base + suffix


def terms(item):
    """A licence term: its class, and the published text only where the plain words of the class
    don't say it all (the card shows the class's plain words, web/highlighter/listed-card.js)."""
    out = {"class": item["class"]}
    if item["class"] not in REQUIREMENT_WORDS and item["class"] not in POLICY_WORDS or item["class"] in TEXT_KEPT:
        out["text"] = item["text"]
    return out


def card(record, list_date, aliases, short_names):
    """What the card shows beyond the glossary's summary, dates and citations."""
    out = {
        "list": record["list"],
        "aliases": aliases,
        "countries": record["countries"],
        "city": record["city"],
        "since": record["first_listed"],
        "requirement": [terms(r) for r in record["license_requirement"]],
        "policy": [terms(p) for p in record["license_policy"]],
        "list_date": list_date,
    }
    if short_names:
        out["needs_context"] = short_names
    if record["parent"]:
        out["parent"] = record["parent"]
    if record["zh"]:
        out["zh"] = [{k: z[k] for k in ("text", "script", "source", "url", "derived_from") if z.get(k)}
                     for z in record["zh"]]
    if record["notes"]:
        out["notes"] = record["notes"]
    return out


def glossary(record, list_date, aliases, short_names):
    out = {}
    list_en = LIST_NAMES[record["list"]][0]
    fr = record["federal_register"]
    if record.get("first_listed"):
        first = next((f["citation"] for f in fr if f.get("year") and record["first_listed"].startswith(str(f["year"]))), None)
        out["dates"] = [{"date": record["first_listed"],
                         "event": f"Added to the {list_en}" + (f" ({first})" if first else "")}]
    citations = []
    for f in fr:
        c = {"text": f["citation"], "kind": "official"}
        if f.get("url"):
            c["url"] = f["url"]
        citations.append(c)
    if citations:
        out["citations"] = citations
    out["listed"] = card(record, list_date, aliases, short_names)
    i18n = chinese_labels(record)
    if i18n:
        out["i18n"] = i18n
    return out


def chinese_labels(record):
    """The card's title for a Chinese reader (glossary.i18n, docs/lexicon.md): the party's first
    Chinese name in the reader's script, then the listed (English) name. The traditional title
    is the traditional form of the same name (a source's or OpenCC's, zh-hant-derived.json)."""
    hans = [z for z in record["zh"] if z["script"] == "hans"]
    hant = [z for z in record["zh"] if z["script"] == "hant"]
    if not hans and not hant:
        return None
    first = hans[0]["text"] if hans else hant[0]["text"]
    traditional = ((hans[0].get("hant") or [first])[0]) if hans else first
    label = lambda zh: f"{zh} ({record['legal_name']})"  # noqa: E731
    return {"zh-Hans": {"label": label(first)}, "zh-Hant": {"label": label(traditional)}}


def build(data, builtin_keys):
    list_date = re.search(r"\d{4}-\d{2}-\d{2}", data["source"]["list_date"]).group(0)
    taken = dict.fromkeys(builtin_keys, "built-in lexicon")
    entries = []
    figures = {"entries": 0, "context_entries": 0, "names": 0, "names_shared_skipped": 0,
               "numbered_with_parent": 0}

    def claim(names, text, owner):
        k = key(text)
        if not k or k in taken and taken[k] != owner:
            if k:
                figures["names_shared_skipped"] += 1
            return
        if k in taken:
            return  # this party's own name again (a core equal to another name)
        taken[k] = owner
        names.append(text)

    # A name that needs context for one party needs it for all, and so does a core equal to it
    # ("Dawning Company" -> "Dawning"; "Cambrian" is also an alias of Cambricon's Hong Kong unit).
    context_keys = {key(n["text"]) for r in data["records"] for n in r["names"] + r["zh"]
                    if set(n["flags"]) & CONTEXT_FLAGS}
    everyday = set(json.load(open(EVERYDAY_WORDS, encoding="utf-8"))["words"])
    context_keys |= {key(w) for w in everyday}
    # Each party's names, as (text, needs context, is a core without a bracketed place): such cores
    # are claimed after every other name of every party, so that "Cambricon" (from "Cambricon
    # (Hong Kong) Co., Ltd.") never takes a name another party publishes.
    wanted = []
    for record in data["records"]:
        names = []
        for name in record["names"]:
            flags = set(name["flags"])
            if flags & NEVER_FLAGS:
                continue
            if "numbered-unit-needs-parent" in flags:
                if record["parent"]:
                    names.append((f"{record['parent']['name']} {name['text']}", False, False))
                    figures["numbered_with_parent"] += 1
                continue
            context = bool(flags & CONTEXT_FLAGS) or key(name["text"]) in context_keys
            names.append((name["text"], context, False))
            if name.get("core") and not flags & CORE_NEVER_FLAGS:
                # Marked "core" only when a bracket was dropped: a place-qualified unit.
                bracket = "(" in name["text"] and "(" not in name["core"]
                names.append((name["core"], context or key(name["core"]) in context_keys, bracket))
        for z in record["zh"]:
            context = bool(set(z["flags"]) & CONTEXT_FLAGS) or key(z["text"]) in context_keys
            names.append((z["text"], context, False))
            if z.get("core"):
                names.append((z["core"], context, False))
        wanted.append(names)
    # A core that other parties' names begin with is a group's brand, not this unit's name
    # ("Cambricon" is the start of "Cambricon Technologies ..."): it stays unclaimed.
    first_words = {}
    for record in data["records"]:
        for name in record["names"]:
            words = name["text"].split()
            for n in range(1, len(words)):
                first_words.setdefault(key(" ".join(words[:n])), set()).add(record["id"])
    owners = [(entry_id(r["id"]), entry_id(r["id"], "-in-context")) for r in data["records"]]
    claimed = [{} for _ in data["records"]]
    for core_pass in (False, True):
        for i, record in enumerate(data["records"]):
            for text, context, is_core in wanted[i]:
                if is_core != core_pass:
                    continue
                if is_core and first_words.get(key(text), set()) - {record["id"]}:
                    continue
                owner = owners[i][1] if context else owners[i][0]
                bucket = claimed[i].setdefault(owner, [])
                claim(bucket, text, owner)
    for i, record in enumerate(data["records"]):
        main_id, context_id = owners[i]
        # In the order the party's names were given (published names before their cores).
        order = {text: n for n, (text, _, _) in enumerate(wanted[i])}
        main_names = sorted(claimed[i].get(main_id, []), key=order.get)
        context_names = sorted(claimed[i].get(context_id, []), key=order.get)
        aliases = [n["text"] for n in record["names"]
                   if n["text"] != record["legal_name"] and not set(n["flags"]) & NEVER_FLAGS]
        gloss = glossary(record, list_date, list(dict.fromkeys(aliases)), context_names)
        kind = record["list"]
        if main_names:
            entries.append({"id": main_id, "category": "listed", "kind": kind,
                            "label": record["legal_name"], "names": main_names, "glossary": gloss})
        if context_names:
            # Case-sensitive: "ITS" the acronym, not "its"; "Dawning", not "dawning".
            entry = {"id": context_id, "category": "listed", "kind": kind,
                     "label": record["legal_name"], "names": context_names,
                     "flags": ["case-sensitive"], "context": CONTEXT_RULE}
            # The card is the party's: without a main entry this one carries it.
            entry["glossary"] = gloss if not main_names else {"related": [main_id]}
            if main_names and "i18n" in gloss:
                entry["glossary"]["i18n"] = gloss["i18n"]
            entries.append(entry)
            figures["context_entries"] += 1
    # Longer words that hold a listed name but are not the party (西安电子科技大学 holds
    # 电子科技大学, 天津大学生 holds 天津大学, 寒武纪时期 the Cambrian period): one entry whose
    # names are those words and whose rule never holds. The matcher takes the longest name at a
    # place, so the word is read whole and then dropped, and the listed name inside it is not a
    # hit. (Chinese has no word edges to do this, and context sets are all in use.)
    guard_words = []
    for record in data["records"]:
        for z in record["zh"]:
            if "inside-other-words" in z["flags"]:
                guard_words += z.get("inside_of", [])
    guard_names = []
    for word in sorted(dict.fromkeys(guard_words)):
        claim(guard_names, word, GUARD_ID)
    if guard_names:
        entries.append({"id": GUARD_ID, "category": "listed", "kind": "guard",
                        "label": "Not a listed party (a longer word that holds a listed name)",
                        "names": guard_names, "context": NEVER_RULE})
    figures["guard_words"] = len(guard_names)
    figures["entries"] = len(entries)
    figures["names"] = sum(len(e["names"]) for e in entries)
    doc = {
        "format": 1,
        "kind": "chiplight-listed-parties",
        "list_date": list_date,
        "about": ("BIS Entity List and Military End-User list as lexicon entries (category listed); "
                  "made by scripts/entity_list/listed_lexicon.py from listed-parties.json; "
                  "list state: " + data["source"]["list_date"]),
        "figures": figures,
        "lists": {k: {"en": v[0], "zh": v[1]} for k, v in LIST_NAMES.items()},
        "plain_words": {
            "requirement": {k: {"en": v[0], "zh": v[1]} for k, v in REQUIREMENT_WORDS.items()},
            "policy": {k: {"en": v[0], "zh": v[1]} for k, v in POLICY_WORDS.items()},
        },
        "entries": entries,
    }
    return doc


def dumps(doc):
    """One entry per line: a refresh diffs as one line per changed party."""
    head = {k: v for k, v in doc.items() if k != "entries"}
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "entries": [\n'
    text += ",\n".join(json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in doc["entries"])
    return text + "\n ]\n}\n"


def builtin_keys():
    lexicon = json.load(open(BUILTIN_LEXICON, encoding="utf-8"))
    return [key(n) for e in lexicon["entries"] for n in e.get("names", [])]


def everyday_words(word_list):
    """The single-word names (and cores) of the list that are words of `word_list`."""
    data = json.load(open(INPUT, encoding="utf-8"))
    words = {w.strip().lower() for w in open(word_list, encoding="utf-8", errors="replace") if "'" not in w}
    found = set()
    for record in data["records"]:
        for name in record["names"]:
            for text in [name["text"]] + ([name["core"]] if name.get("core") else []):
                if re.fullmatch(r"[A-Za-z]+", text) and text.lower() in words:
                    found.add(text)
    return {"about": "Single-word listed names that are English dictionary words: they match only in "
                     "context (docs/listed-parties.md). Made by scripts/entity_list/listed_lexicon.py "
                     "--everyday-from /usr/share/dict/words (Debian wamerican 2020.12.07-2).",
            "words": sorted(found)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file")
    parser.add_argument("--out", default=OUTPUT)
    parser.add_argument("--everyday-from", metavar="WORD_LIST",
                        help="remake everyday-words.json from a word list, then the lexicon form")
    args = parser.parse_args(argv)
    if args.everyday_from:
        with open(EVERYDAY_WORDS, "w", encoding="utf-8", newline="\n") as f:
            f.write(json.dumps(everyday_words(args.everyday_from), ensure_ascii=False, indent=1) + "\n")
    data = json.load(open(INPUT, encoding="utf-8"))
    text = dumps(build(data, builtin_keys()))
    if args.check:
        with open(args.out, encoding="utf-8") as f:
            if f.read() != text:
                print(f"listed_lexicon: {args.out} differs from a fresh run; rerun the script", file=sys.stderr)
                return 1
        return 0
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
