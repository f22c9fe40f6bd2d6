#!/usr/bin/env python3
"""BIS Entity List and Military End-User list -> Chiplight's listed-party data.

Three commands, Python 3 standard library only (derive-hant also runs the `opencc` program):

  entity_list.py clean [--source DIR] [--out DIR]
      Reads the converted list (entities.json, meu.json, zh-names.json; by default the copies in
      core/data/entity-list/source/) and writes core/data/entity-list/listed-parties.json and
      cleaning-report.json. Deterministic: the same input gives byte-identical output.

  entity_list.py import-csl FILE --out DIR
      Reads the Consolidated Screening List as downloaded from trade.gov (JSON or CSV), keeps the
      Entity List and MEU records and writes the same two files. A broken file gives one error
      naming the place (line, record or row, column) and writes nothing.

  entity_list.py derive-hant
      Derives the traditional forms of every simplified Chinese name (and of the longer words
      that hold one, exceptions.json zh_context) with OpenCC, Taiwan and Hong Kong standards,
      into core/data/entity-list/zh-hant-derived.json, which clean reads. Only needed when
      zh-names.json or zh_context changes; needs Debian's `opencc` (apt-get install opencc).

Every cleaning rule is a function below that counts what it did; docs/listed-parties.md and
core/data/entity-list/README.md list the rules and their counts.
"""

import argparse
import csv
import hashlib
import io
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA_DIR = os.path.join(REPO, "core", "data", "entity-list")
SOURCE_DIR = os.path.join(DATA_DIR, "source")
EXCEPTIONS = os.path.join(DATA_DIR, "exceptions.json")
# Traditional forms derived from the simplified names by OpenCC (derive-hant); committed, so that
# clean needs no OpenCC.
HANT_DERIVED = os.path.join(DATA_DIR, "zh-hant-derived.json")
OUTPUT_NAME = "listed-parties.json"
REPORT_NAME = "cleaning-report.json"
FORMAT_VERSION = 1

CSL_SOURCES = {
    "Entity List (EL) - Bureau of Industry and Security": "entity",
    "Military End User (MEU) List - Bureau of Industry and Security": "meu",
}

# Words that say what kind of body a party is, not which one. A name made only of these (and
# numbers) must never match alone; the matching step reads this list from the data file.
GENERIC_WORDS = sorted(
    """academy aerospace and automation bureau center centre china chinese co company
    communication communications component components computer computing concern corp
    corporation design development devices electric electronic electronics engineering
    enterprise enterprises equipment factory group holding holdings import industrial industries
    industry information institute institution instrument instruments international investment
    lab laboratories laboratory limited ltd machinery manufacturing microelectronics network
    networks of plant precision production research science sciences scientific semiconductor
    service services software solutions supply system systems tech technical technologies
    technology the trade trading university works""".split()
)
GENERIC = set(GENERIC_WORDS)

# Legal-form endings, tried longest first at the end of a name (case-insensitive).
LEGAL_SUFFIXES = sorted(
    [
        "co., ltd.", "co., ltd", "co. ltd.", "co. ltd", "co.,ltd.", "co.,ltd", "co ltd",
        "company limited", "company ltd.", "company ltd", "co., limited", "co. limited",
        "corporation limited", "limited", "ltd.", "ltd", "inc.", "inc", "corporation", "corp.",
        "corp", "company", "co.", "group", "group co.", "llc", "l.l.c.", "llp", "plc", "gmbh",
        "s.a.", "sa", "sdn. bhd.", "sdn bhd", "pte. ltd.", "pte ltd", "pvt. ltd.", "pvt ltd",
        "private limited", "fze", "fzco", "fz-llc", "fzc", "jsc", "pjsc", "ojsc", "cjsc", "ooo",
        "oao", "zao", "ao", "pao", "ltda", "ltda.", "limited liability company",
        "joint stock company", "b.v.", "bv", "ag", "s.r.l.", "srl", "sirketi",
        "limited sirketi", "ticaret limited sirketi",
    ],
    key=lambda s: (-len(s), s),
)
LEGAL_PREFIXES = ["ooo ", "oao ", "zao ", "ao ", "pao ", "jsc ", "pjsc ", "ojsc ", "cjsc ",
                  "llc ", "fgup ", "fsue "]
ZH_SUFFIXES = ["股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "集团", "集團", "公司"]

# Places that the list puts in brackets after a name: "(Shenzhen)", "(HK)".
BRACKET_PLACES = set(
    """beijing shanghai shenzhen guangzhou tianjin chongqing chengdu wuhan hangzhou nanjing suzhou
    xian xi'an hefei changsha qingdao dalian xiamen zhuhai dongguan ningbo wuxi harbin shenyang
    jinan zhengzhou kunming nanchang fuzhou changchun taiyuan hk hongkong hong kong macau macao
    taiwan china guangdong jiangsu zhejiang sichuan hubei hunan fujian shandong anhui liaoning
    shaanxi yunnan singapore malaysia moscow dubai uae""".split()
) | {"hong kong"}

LEGAL_FORM_WORDS = {re.sub(r"[^a-z]", "", x) for x in LEGAL_SUFFIXES + LEGAL_PREFIXES +
                    ["fgup", "fsue", "sftue"] if " " not in x.strip()}
BRACKET_LEGAL_FORMS = {"group", "pvt", "private", "pty", "limited partnership", "smc private",
                       "beijing co ltd", "united", "limited", "ltd", "llc", "pvt ltd"}

PARENT_PATTERNS = [
    (re.compile(r"^(?P<parent>.+?)\.\s*Affiliated Entity:\s*(?P<unit>.+)$"), "affiliated entity"),
    (re.compile(r"^(?P<parent>.+?)\.?\s*Subordinate Institution\s*[-–:]\s*(?P<unit>.+)$"),
     "subordinate institution"),
    (re.compile(r"^(?P<parent>.+?),\s*and subordinate entity\s+(?P<unit>.+)$"),
     "subordinate entity"),
]
AKA = re.compile(r"\s*[,(]?\s*\b(?:a\.k\.a\.?|f\.k\.a\.?|d/b/a|formerly known as|also known as)"
                 r"\s*,?\s*", re.I)


ABBREVIATED_END = re.compile(r"\b(?:Co|Ltd|Inc|Corp|Bhd|Pte|Pvt|S\.A|L\.L\.C|Jr|St)\.$")


class InputError(Exception):
    """A broken input file; the message names the file and the place."""


def ws(text):
    return re.sub(r"\s+", " ", text or "").strip()


def fold(text):
    """Lower-case ASCII fold for comparing names (not for output)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z\u4e00-\u9fff]+", " ", text.lower()).strip()


def tokens(text):
    return tuple(fold(text).split())


def slug(text):
    return re.sub(r"[^0-9a-z]+", "-", fold(text)).strip("-")[:60] or "x"


# ---------------------------------------------------------------- names


def split_glued(text, counts):
    """One published string -> the names in it (';' lists, a.k.a./f.k.a. inside a name)."""
    text = ws(text).rstrip(";, ").strip()
    parts = [p for p in (ws(p).strip(" ,;") for p in text.split(";")) if p]
    if len(parts) > 1:
        counts["split_semicolon"] += 1
    out = []
    for part in parts:
        pieces = [p for p in (ws(p).strip(" ,;") for p in AKA.split(part)) if p]
        if len(pieces) > 1:
            counts["split_aka"] += 1
            # "X (a.k.a., Y)" leaves an unbalanced "(" on X and ")" on Y.
            pieces = [p.rstrip(" (") if p.count("(") > p.count(")") else p for p in pieces]
            pieces = [p[:-1] if p.endswith(")") and p.count(")") > p.count("(") else p
                      for p in pieces]
            pieces = [p if re.search(ABBREVIATED_END, p) else p.rstrip(".") for p in pieces]
        out.extend(pieces)
    return out


def split_parent(name):
    for pattern, kind in PARENT_PATTERNS:
        m = pattern.match(name)
        if m:
            return ws(m.group("parent")).rstrip("."), ws(m.group("unit")), kind
    return None, name, None


def bracket_parts(name):
    """'Huawei Technologies Co., Ltd. (Huawei)' -> ('Huawei Technologies Co., Ltd.', 'Huawei')."""
    m = re.match(r"^(?P<base>.+?)\s*\((?P<inner>[^()]+)\)\s*(?P<rest>[.,]?\s*(?:Co\.?,?\s*Ltd\.?|"
                 r"Ltd\.?|Limited|Inc\.?)?)$", name)
    if not m:
        return None
    return ws(m.group("base") + (" " + m.group("rest") if m.group("rest").strip() else "")), \
        ws(m.group("inner"))


def strip_legal(name):
    """The name without legal-form endings and bracketed city qualifiers, or None if unchanged."""
    core = name
    changed = True
    while changed:
        changed = False
        core = ws(core).rstrip(" ,")
        low = core.lower()
        m = re.search(r"\s*\(([^()]+)\)\s*", core)
        if m and (fold(m.group(1)) in BRACKET_PLACES or fold(m.group(1)) in BRACKET_LEGAL_FORMS):
            core = ws(core[: m.start()] + " " + core[m.end():])
            changed = True
            continue
        for suffix in LEGAL_SUFFIXES:
            if low.endswith(suffix) and len(core) > len(suffix):
                before = core[: -len(suffix)]
                # "Schmidt & Co.", "Mirza and Co.": the suffix is part of the name.
                dangling = re.search(r"(?:&|\band|\bof|\bthe|-)$", before.rstrip(" ,"), re.I)
                if before[-1:] in (" ", ",", ".") and not dangling:
                    core = before.rstrip(" ,")
                    changed = True
                    break
        if changed:
            continue
        for prefix in LEGAL_PREFIXES:
            if low.startswith(prefix) and len(core) > len(prefix) + 3:
                core = core[len(prefix):]
                changed = True
                break
    core = core.strip(" ,'\"")
    return core if core and core != name else None


def strip_zh(name):
    core = name
    changed = True
    while changed:
        changed = False
        for suffix in ZH_SUFFIXES:
            if core.endswith(suffix) and len(core) - len(suffix) >= 4:
                core = core[: -len(suffix)]
                changed = True
                break
    return core if core != name else None


TRUNCATED_WORDS = {"institut": "Institute", "technolog": "Technology", "corporatio": "Corporation",
                   "compan": "Company", "laborator": "Laboratory", "universit": "University"}


def complete_truncated(name):
    last = name.split()[-1] if name.split() else ""
    full = TRUNCATED_WORDS.get(last.lower())
    return name[: -len(last)] + full if full else None


def is_generic(name):
    """'generic' for "Research Institute" or "Electronic Network" (three words or fewer, all
    generic), 'numbered' for "38th Research Institute" (generic words and a number: many groups
    number their institutes), else None."""
    toks = tokens(name)
    numbers = [t for t in toks if re.fullmatch(r"\d+(st|nd|rd|th)?", t)]
    words = [t for t in toks if t not in numbers]
    if not toks or not all(t in GENERIC for t in words):
        return None
    if numbers:
        return "numbered"
    return "generic" if len(words) <= 3 else None


# ---------------------------------------------------------------- other fields


def fr_citation(text):
    m = re.fullmatch(r"(\d+) FR (\d+)", text)
    if not m:
        return {"citation": text, "url": None,
                "url_note": "not a page citation; no federalregister.gov address can be formed"}
    volume, page = int(m.group(1)), int(m.group(2))
    entry = {"citation": text, "volume": volume, "page": page, "year": volume + 1935}
    # federalregister.gov resolves "/citation/<vol>-FR-<page>" to the document holding that page;
    # its text covers volume 59 (1994) onward.
    if volume >= 59:
        entry["url"] = f"https://www.federalregister.gov/citation/{volume}-FR-{page}"
    else:
        entry["url"] = None
        entry["url_note"] = "before 1994 (volume 59): not on federalregister.gov"
    return entry


def classify_policy(text):
    t = ws(text).lower().replace("casa-by-case", "case-by-case").replace("case-by case",
                                                                         "case-by-case")
    exceptions = []
    if "food and medicine" in t:
        exceptions.append("food-and-medicine-ear99")
    if "international space station" in t:
        exceptions.append("iss")
    if "infectious disease" in t:
        exceptions.append("infectious-disease")
    if "744.21(d)" in t:
        kind = "meu-procedure"
    elif re.match(r"^(presumption (of|for) denial|policy of denial)", t) and "except" in t:
        kind = "denial-with-exceptions"
    elif t.startswith("policy of denial"):
        kind = "policy-of-denial"
    elif t.startswith("presumption of denial") or t.startswith("presumption for denial"):
        kind = "presumption-of-denial"
    elif t.startswith("case-by-case") and ("presumption of denial" in t or "denial" in t):
        kind = "case-by-case-then-denial"
    elif t.startswith("case-by-case") and "approval" in t:
        kind = "case-by-case-approval-ear99"
    elif "presumption of approval" in t:
        kind = "case-by-case-approval-ear99"
    elif t.startswith("case-by-case"):
        kind = "case-by-case"
    elif t.startswith("see"):
        kind = "see-regulation"
    else:
        kind = "other"
    return {"class": kind, "exceptions": exceptions, "text": text}


def classify_requirement(text):
    t = ws(text).lower()
    if "supplement no. 2 to part 744" in t:
        kind = "meu-items"
    elif "746.8(a)(4)" in t:
        kind = "all-items-for-listed-projects"
    elif "supplement no. 7 to part 746" in t:
        kind = "ccl-and-listed-ear99"
    elif "all items subject to the ear" in t:
        kind = "all-items"
    else:
        kind = "other"
    fdp = []
    if "734.9(e)" in t:
        fdp.append("entity-list-fdp-734.9(e)")
    if "734.9(g)" in t:
        fdp.append("russia-belarus-meu-fdp-734.9(g)")
    return {"class": kind, "foreign_direct_product": fdp, "text": text}


def city_of(address, country):
    parts = [ws(p) for p in address.split(",")]
    parts = [p for p in parts if p and not re.fullmatch(r"[\d\s-]+", p)]
    if parts and fold(parts[-1]) in {fold(country), "china", "hong kong", "prc", "uae", "u a e",
                                     "russian federation", "united arab emirates"}:
        parts.pop()
    while parts and re.search(r"\d", parts[-1]) and len(parts) > 1:
        parts.pop()
    if len(parts) < 2:
        return None
    city = re.sub(r"\b\d{4,}\b", "", parts[-1]).strip(" .")
    return city if city and len(city) <= 40 and not re.search(r"\d", city) else None


# ---------------------------------------------------------------- build


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except json.JSONDecodeError as e:
        raise InputError(f"{path}:{e.lineno}:{e.colno}: not valid JSON: {e.msg}") from None
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: byte {e.start}: not UTF-8") from None
    except OSError as e:
        raise InputError(f"{path}: {e.strerror}") from None


def build(entries, meu, zh_rows, exceptions, source_info, hant=None):
    counts = Counter()
    raw = [("entity", e) for e in entries] + [("meu", e) for e in meu]

    # 1. Parties: same list, same destination, names equal once a trailing bracketed short name
    #    is dropped, and a shared address or citation -> one party (the duplicated Huawei HQ).
    def key_name(name):
        m = re.match(r"^(.+?)\s*\(([^()]+)\)$", ws(name))
        if m and fold(m.group(2)) not in BRACKET_PLACES:
            return fold(m.group(1))
        return fold(name)

    groups = defaultdict(list)
    for lst, e in raw:
        groups[(lst, e["country"], key_name(e["name"]))].append(e)
    merged = []
    for (lst, _country, _k), members in groups.items():
        if len(members) > 1:
            base = members[0]
            for other in members[1:]:
                shared = set(base.get("addresses") or []) & set(other.get("addresses") or []) or \
                    set(base["federal_register"]) & set(other["federal_register"])
                if not shared:
                    merged.append((lst, [other]))
                    continue
                counts["merged_same_destination_duplicates"] += 1
                base.setdefault("_merged_names", []).append(other["name"])
                base.setdefault("_others", []).append(other)
            merged.append((lst, [base]))
        else:
            merged.append((lst, members))
    # Restore source order.
    order = {id(e): i for i, (_l, e) in enumerate(raw)}
    merged.sort(key=lambda m: order[id(m[1][0])])

    # 2. One party listed under several destinations -> one record (same list, same name).
    by_name = {}
    parties = []
    for lst, (e,) in merged:
        k = (lst, fold(e["name"]))
        if k in by_name:
            by_name[k].append(e)
            counts["merged_destinations"] += 1
        else:
            by_name[k] = [e]
            parties.append((lst, by_name[k]))

    records = []
    for lst, group in parties:
        records.append(make_record(lst, group, counts))

    apply_ids(records)
    apply_over_matching(records, exceptions, counts)
    apply_copied_aliases(records, counts)
    apply_flags(records, exceptions, counts)
    apply_zh(records, zh_rows, exceptions, counts, hant or {})
    for r in records:
        for n in r["names"]:
            n["flags"] = sorted(set(n["flags"]))
        r["flags"] = sorted(set(r["flags"]))

    figures = make_figures(records, counts)
    data = {
        "format": FORMAT_VERSION,
        "about": "BIS Entity List (15 CFR 744 Supp. No. 4) and Military End-User list (Supp. No. 7), "
                 "one record per listed party; see core/data/entity-list/README.md",
        "source": source_info,
        "generic_words": GENERIC_WORDS,
        "records": records,
    }
    report = {"source": source_info, "rules": dict(sorted(counts.items())), "figures": figures}
    return data, report


def add_name(names, text, source, counts, flags=()):
    text = ws(text)
    if not text:
        return None
    for n in names:
        if n["text"] == text:
            return n
    entry = {"text": text, "from": source, "flags": list(flags)}
    names.append(entry)
    return entry


def make_record(lst, group, counts):
    first = group[0]
    members = []
    for e in group:
        members.append(e)
        members.extend(e.get("_others", []))
    published = ws(first["name"]).rstrip(",")
    parent, unit, relation = split_parent(published)
    if relation:
        counts["parent_split_from_name"] += 1
    notes = [ws(n) for e in members for n in e.get("notes", [])]
    if not parent:
        for note in notes:
            m = re.match(r"^Subordinate (?:institution|entity|unit) of (.+?)\.?$", note, re.I)
            if m:
                parent, relation = ws(m.group(1)), "subordinate institution (list note)"
                counts["parent_from_note"] += 1
                break

    names = []
    alias_notes = []
    legal_parts = split_glued(unit, counts)
    add_name(names, legal_parts[0], "name", counts)
    for extra in legal_parts[1:]:
        add_name(names, extra, "name-split", counts)
    for e in members:
        for n in [e["name"]] + [e["name"] for e in e.get("_others", [])]:
            if ws(n).rstrip(",") != published:
                counts["names_from_merged_duplicate"] += 1
                add_name(names, split_parent(ws(n))[1], "merged-duplicate", counts)
        for alias in e.get("alt_names", []):
            parts = split_glued(alias, counts)
            for p in parts:
                # "(all of preceding located in or near Mianyang, Sichuan Province)": a remark.
                if p[:1].islower() or (p.startswith("(") and p.endswith(")")):
                    alias_notes.append(p.strip("()"))
                    counts["alias_descriptions_moved_to_notes"] += 1
                    continue
                add_name(names, p, "alias" if len(parts) == 1 else "alias-split", counts)
    # Bracketed short names: "Emal Bilal Construction Company (EBCC)" is written both ways.
    # A bracket holding a place ("(Yangon)", found in the party's own addresses), a legal form
    # ("(Pvt.)") or a description ("(a subsidiary of ...)") is not a name: only the name
    # without it is added (legal forms and places are left to the optional core form).
    places = {fold(part) for e in members for a in e.get("addresses") or []
              for part in a.split(",")} | {fold(e["country"]) for e in members}
    bracket_notes = []
    for n in list(names):
        parts = bracket_parts(n["text"])
        if not parts:
            continue
        inner = fold(parts[1])
        if inner in BRACKET_PLACES or inner in places or \
                inner in BRACKET_LEGAL_FORMS:
            counts["bracket_place_or_legal_form_kept_optional"] += 1
            continue
        if parts[1][:1].islower():
            bracket_notes.append(parts[1])
            counts["bracket_descriptions_moved_to_notes"] += 1
            parts = parts[:1]
        for p in parts:
            if add_name(names, p, "bracket-split", counts)["from"] == "bracket-split":
                counts["bracket_names_split"] += 1
    for n in list(names):
        done = complete_truncated(n["text"])
        if done:
            counts["truncated_names_completed"] += 1
            add_name(names, done, "completed-truncation", counts)
    for n in names:
        core = strip_legal(n["text"])
        if core and fold(core) != fold(n["text"]):
            n["core"] = core
            counts["names_with_legal_suffix_optional"] += 1

    countries = []
    addresses = []
    for e in members:
        if e["country"] not in countries:
            countries.append(e["country"])
        for a in e.get("addresses") or []:
            if not any(x["address"] == a for x in addresses):
                addresses.append({"country": e["country"], "address": a})
    city = None
    for a in addresses:
        city = city_of(a["address"], a["country"])
        if city:
            break
    citations = []
    for e in members:
        for c in e["federal_register"]:
            if c not in citations:
                citations.append(c)
    citations.sort(key=lambda c: [int(x) if x.isdigit() else 0 for x in re.findall(r"\d+", c)])
    dates = sorted(e["start_date"] for e in members if e.get("start_date"))
    req_texts, pol_texts = [], []
    for e in members:
        for t in ws(e.get("license_requirement")).split(" | "):
            if t and t not in req_texts:
                req_texts.append(t)
        for t in ws(e.get("license_policy")).split(" | "):
            if t and t not in pol_texts:
                pol_texts.append(t)
    flags = []
    if any(e.get("_others") for e in group):
        flags.append("duplicate-merged")
    if len(group) > 1:
        flags.append("several-destinations")
    if sum(e.get("merged_records", 1) for e in members) > len(members):
        flags.append("repeated-source-records-merged")
    return {
        "id": None,
        "list": lst,
        "legal_name": names[0]["text"],
        "published_names": list(dict.fromkeys(ws(e["name"]).rstrip(",") for e in members)),
        "names": names,
        "parent": {"name": parent, "relation": relation} if parent else None,
        "countries": countries,
        "country_codes": sorted({c for e in members for c in e.get("country_codes", [])}),
        "city": city,
        "addresses": addresses,
        "first_listed": dates[0] if dates else None,
        "federal_register": [fr_citation(c) for c in citations],
        "license_requirement": [classify_requirement(t) for t in req_texts],
        "license_policy": [classify_policy(t) for t in pol_texts],
        "notes": sorted(set(notes + bracket_notes + alias_notes)),
        "zh": [],
        "flags": sorted(set(flags)),
    }


def apply_ids(records):
    seen = Counter()
    for r in records:
        base = f"{r['list']}:{slug(r['legal_name'])}"
        seen[base] += 1
    used = Counter()
    for r in records:
        base = f"{r['list']}:{slug(r['legal_name'])}"
        if seen[base] > 1:
            base += "-" + slug(r["countries"][0])
        used[base] += 1
        r["id"] = base if used[base] == 1 else f"{base}-{used[base]}"


def own_keys(record):
    """The folded names a parent reference can use for this record ("X (Huawei)" or "X")."""
    keys = set()
    for n in record["published_names"] + [record["legal_name"]]:
        keys.add(fold(n))
        m = re.match(r"^(.+?)\s*\(([^()]+)\)$", n)
        if m:
            keys.add(fold(m.group(1)))
    return keys


def parent_key(record):
    if not record["parent"]:
        return None
    name = record["parent"]["name"]
    m = re.match(r"^(.+?)\s*\(([^()]+)\)$", name)
    return fold(m.group(1)) if m else fold(name)


def related(a, b):
    """Same party, parent and unit, or two units of one parent."""
    pa, pb = parent_key(a), parent_key(b)
    ka, kb = own_keys(a), own_keys(b)
    return bool(ka & kb) or (pa and (pa in kb or pa == pb)) or (pb and pb in ka)


def apply_over_matching(records, exceptions, counts):
    """Aliases that would hit someone else: dropped from matching, kept in the data, flagged."""
    by_id = {r["id"]: r for r in records}
    word_index = defaultdict(set)  # token n-gram -> record ids whose legal name or alias holds it
    for r in records:
        for n in r["names"]:
            t = tokens(n["text"])
            for i in range(len(t)):
                for j in range(i + 1, min(len(t), i + 6) + 1):
                    word_index[t[i:j]].add(r["id"])
    table = {(fold(x["alias"]), x["entity"]): x["reason"] for x in exceptions["over_matching_aliases"]}
    used = set()
    for r in records:
        for n in r["names"]:
            if n["from"] == "name":
                continue
            text = n["text"]
            reasons = []
            # Parent acronym: "Chinese Academy of Sciences, National Time Service Center" has
            # alias "CAS", the initials of the Academy, a body other listed parties name too;
            # "AIRI" on "Aerospace Information Research Institute, Chinese Academy of Sciences"
            # is the institute's own and stays.
            legal_core = strip_legal(r["legal_name"]) or r["legal_name"]
            parts = [p for p in (ws(re.sub(r"\([^()]*\)", "", x)) for x in legal_core.split(","))
                     if p]
            if len(parts) > 1 and len(text) <= 5 and any(
                    text == initials(part) and any(
                        o != r["id"] and not related(r, by_id[o])
                        for o in word_index.get(tokens(part), ())) for part in parts):
                reasons.append("acronym-of-parent-organisation")
                counts["aliases_dropped_parent_acronym"] += 1
            short = len(text) <= 5 and text.isupper()
            # A legal form standing as an alias ("JSC", "CJSC", "FZC", "FGUP").
            if re.sub(r"[^a-z]", "", text.lower()) in LEGAL_FORM_WORDS and " " not in text:
                reasons.append("alias-is-a-legal-form")
                counts["aliases_dropped_legal_form"] += 1
            elif short:
                others = [o for o in word_index.get(tokens(text), ()) if o != r["id"]
                          and not related(r, by_id[o])]
                standalone = [o for o in others
                              if any(m["text"] == text for m in by_id[o]["names"])]
                # Another unrelated party answers to the same short alias ("MOD", "DEC").
                if standalone:
                    reasons.append("short-alias-used-by-other-parties")
                    n["also_in"] = sorted(standalone)[:5]
                    counts["aliases_dropped_shared_short"] += 1
            # Other parties carrying it inside longer names ("SMIC Beijing", "UVZ Vityaz") are
            # mostly the party's own units: kept, flagged inside-other-names by apply_flags.
            key = next(((fold(text), p) for p in r["published_names"] if (fold(text), p) in table),
                       None)
            if key:
                used.add(key)
                if not reasons:
                    counts["aliases_dropped_by_exception_table"] += 1
                reasons.append("exception-table")
                n["drop_reason"] = table[key]
            if reasons:
                n["flags"].append("dropped-over-matching")
                n["flags"].extend(reasons)
                counts["aliases_dropped_over_matching"] += 1
    unused = set(table) - used
    if unused:
        raise InputError(f"{EXCEPTIONS}: over_matching_aliases rows match nothing: {sorted(unused)}")


def initials(name):
    """Capital initials of a name's words: 'University of Science and Technology of China' ->
    'USTC'."""
    return "".join(w[0] for w in re.split(r"[\s\-]+", name) if w[:1].isupper())


def stems(text):
    return tuple(re.sub(r"(ies|y|s)$", "", t) for t in tokens(text))


def apply_copied_aliases(records, counts):
    """An alias equal to another party's legal name.

    Both ways round (A's alias is B's name and B's alias is A's): one party listed twice, kept and
    flagged. An alias that shortens the record's own name ("Skyverse" for "Skyverse Pte. Ltd.",
    "Huawei Technology" for "Huawei Technologies Co., Ltd.") is the party's own name too: kept and
    flagged. Otherwise the alias was copied from the other entry ("Huawei Technologies Co., Ltd"
    on Huawei's UK unit): dropped from matching.
    """
    legal = defaultdict(list)
    for r in records:
        legal[fold(r["legal_name"])].append(r)
    aliases = {r["id"]: {fold(n["text"]) for n in r["names"]} for r in records}
    for r in records:
        for n in r["names"]:
            if n["from"] in ("name", "name-split", "merged-duplicate"):
                continue
            owners = [o for o in legal.get(fold(n["text"]), []) if o is not r and not related(r, o)]
            if not owners:
                continue
            n["also_in"] = sorted(o["id"] for o in owners)[:5]
            own, alias = stems(r["legal_name"]), stems(n["text"])
            if any(fold(r["legal_name"]) in aliases[o["id"]] for o in owners):
                n["flags"].append("same-party-listed-twice")
                counts["aliases_mutual_same_party_listed_twice"] += 1
            elif own[: len(alias)] == alias:
                n["flags"].append("also-another-partys-name")
                counts["aliases_kept_own_shortening_also_other_name"] += 1
            else:
                n["flags"] += ["dropped-over-matching", "alias-is-another-partys-legal-name"]
                counts["aliases_dropped_copied_from_other_entry"] += 1


def apply_flags(records, exceptions, counts):
    everyday = {x["name"]: x["reason"] for x in exceptions["everyday_names"]}
    used = set()
    index = defaultdict(set)
    for r in records:
        for n in r["names"]:
            for form in filter(None, (n["text"], n.get("core"))):
                t = tokens(form)
                for i in range(len(t)):
                    for j in range(i + 1, len(t) + 1):
                        if (i, j) != (0, len(t)):
                            index[t[i:j]].add(r["id"])
    by_id = {r["id"]: r for r in records}
    for r in records:
        for n in r["names"]:
            text = n["text"]
            if len(text) <= 4:
                n["flags"].append("short-needs-context")
                counts["names_short_4_chars_or_less"] += 1
            if text in everyday:
                used.add(text)
                n["flags"].append("everyday-word-needs-context")
                n["everyday_reason"] = everyday[text]
                counts["names_everyday_word"] += 1
            generic = is_generic(text)
            if generic == "generic":
                n["flags"].append("generic-never-alone")
                counts["names_generic_only"] += 1
            elif generic == "numbered":
                n["flags"].append("numbered-unit-needs-parent")
                counts["names_numbered_unit_only"] += 1
            core = n.get("core")
            if core:
                if len(core) <= 4:
                    n["flags"].append("core-short-needs-full-form")
                    counts["cores_short"] += 1
                if is_generic(core):  # either kind
                    n["flags"].append("core-generic-needs-full-form")
                    counts["cores_generic"] += 1
            inside = sorted(o for o in index.get(tokens(text), ())
                            if o != r["id"] and not related(r, by_id[o]))
            if inside:
                n["flags"].append("inside-other-names")
                n["inside_of"] = inside[:5]
                counts["names_inside_other_parties_names"] += 1
    unused = set(everyday) - used
    if unused:
        raise InputError(f"{EXCEPTIONS}: everyday_names rows match nothing: {sorted(unused)}")


def hant_of(hant, text):
    """The traditional forms OpenCC gives for a simplified text (zh-hant-derived.json), Taiwan's
    first, without the text itself (中科曙光 is the same in both scripts)."""
    if text not in hant:
        raise InputError(f"{HANT_DERIVED}: no traditional form of {text!r}: rerun "
                         "`entity_list.py derive-hant` (needs opencc)")
    return [f for f in hant[text] if f != text]


def apply_zh(records, zh_rows, exceptions, counts, hant):
    """Chinese names from zh-names.json: the simplified and traditional forms a source printed,
    and the traditional forms derived from each simplified one (zh-hant-derived.json) where no
    source gave them, marked `derived_from` (no source: not seen on a page). The guards of
    zh_context hold in both scripts: 寒武紀 needs context as 寒武纪 does, and 寒武紀時期,
    西安電子科技大學, 擴大疆域 are the longer words that hold a listed name."""
    by_name = defaultdict(list)
    for r in records:
        for n in r["published_names"]:
            by_name[n].append(r)
        by_name[r["legal_name"]].append(r)
    context = {x["text"]: dict(x) for x in exceptions["zh_context"]}
    if zh_rows:
        for x in exceptions["zh_context"]:
            inside_hant = list(dict.fromkeys(f for w in x["inside"] for f in hant_of(hant, w)))
            forms = hant_of(hant, x["text"])
            if not forms:
                # The same in both scripts (大疆): one name, guarded by the words of both.
                context[x["text"]]["inside"] = list(dict.fromkeys(x["inside"] + inside_hant))
            for form in forms:
                context.setdefault(form, {"inside": inside_hant, "reason": x["reason"], "of": x["text"]})
    used = set()
    all_forms = []
    for i, row in enumerate(zh_rows):
        targets = [r for r in dict.fromkeys(map(id, by_name.get(row["entity_name"], [])))]
        matches = [r for r in records if id(r) in targets]
        if len(matches) != 1:
            raise InputError(f"zh-names.json: row {i + 1} ({row['entity_name']}): "
                             f"{len(matches)} records have this name")
        if not ws(row.get("source")):
            raise InputError(f"zh-names.json: row {i + 1} ({row['entity_name']}): no source")
        r = matches[0]
        derived = []
        for form in row.get("zh", []):
            derived += [(f, form) for f in hant_of(hant, form)]
        for script, forms in (("hans", row.get("zh", [])), ("hant", row.get("zh_hant", [])),
                              ("derived", derived)):
            for form in forms:
                if script == "derived":
                    form, hans = form
                    if any(z["text"] == form for z in r["zh"]):
                        continue  # a source printed it: the source's row is kept
                    entry = {"text": form, "script": "hant", "derived_from": hans, "flags": []}
                    counts["zh_hant_derived"] += 1
                else:
                    seen = [z for z in r["zh"] if z["text"] == form]
                    if seen:
                        # Two rows for one party (the merged Huawei duplicate): one name, both pages.
                        page = {"source": row["source"], "url": row.get("url")}
                        if page != {"source": seen[0]["source"], "url": seen[0]["url"]} and \
                                page not in seen[0].get("also_seen_in", []):
                            seen[0].setdefault("also_seen_in", []).append(page)
                        counts["zh_names_repeated_merged"] += 1
                        continue
                    entry = {"text": form, "script": script, "source": row["source"],
                             "url": row.get("url"), "flags": []}
                    if script == "hans" and hant:
                        entry["hant"] = hant_of(hant, form)
                        if not entry["hant"]:
                            counts["zh_hans_same_in_traditional"] += 1
                core = strip_zh(form)
                if core:
                    entry["core"] = core
                    counts["zh_names_with_legal_suffix_optional"] += 1
                if len(form) <= 2:
                    entry["flags"].append("short-needs-context")
                if form in context:
                    used.add(context[form].get("of", form))
                    entry["flags"].append("inside-other-words")
                    entry["inside_of"] = context[form]["inside"]
                    entry["context_reason"] = context[form]["reason"]
                r["zh"].append(entry)
                all_forms.append((form, r["id"], entry))
                counts["zh_names"] += 1
        counts["zh_rows"] += 1
    for form, rid, entry in all_forms:
        inside = sorted({o for f, o, _ in all_forms if o != rid and form in f and form != f})
        if inside:
            entry["flags"].append("inside-other-names")
            entry.setdefault("inside_of_records", inside[:5])
            counts["zh_names_inside_other_parties_names"] += 1
        entry["flags"] = sorted(set(entry["flags"]))
    unused = {x["text"] for x in exceptions["zh_context"]} - used
    if unused and zh_rows:
        raise InputError(f"{EXCEPTIONS}: zh_context rows match nothing: {sorted(unused)}")


def make_figures(records, counts):
    names = [n for r in records for n in r["names"]]
    usable = [n for n in names if "dropped-over-matching" not in n["flags"]]
    distinct = {n["text"] for n in usable} | {n["core"] for n in usable if n.get("core")}
    return {
        "records": len(records),
        "records_by_list": dict(sorted(Counter(r["list"] for r in records).items())),
        "records_by_country_top10": Counter(c for r in records for c in r["countries"]).most_common(10),
        "names": len(names),
        "names_usable_for_matching": len(usable),
        "distinct_match_strings_with_cores": len(distinct),
        "names_per_record_mean": round(len(names) / max(1, len(records)), 2),
        "names_per_record_max": max((len(r["names"]) for r in records), default=0),
        "names_short_4_chars_or_less": sum("short-needs-context" in n["flags"] for n in usable),
        "names_everyday_word": sum("everyday-word-needs-context" in n["flags"] for n in usable),
        "names_generic_only": sum("generic-never-alone" in n["flags"] for n in usable),
        "names_numbered_unit_only": sum("numbered-unit-needs-parent" in n["flags"] for n in usable),
        "names_inside_other_parties_names": sum("inside-other-names" in n["flags"] for n in usable),
        "names_dropped_over_matching": len(names) - len(usable),
        "records_with_zh": sum(bool(r["zh"]) for r in records),
        "zh_names": sum(len(r["zh"]) for r in records),
        "zh_names_by_script": {
            "simplified": sum(z["script"] == "hans" for r in records for z in r["zh"]),
            "traditional_from_sources": sum(z["script"] == "hant" and "derived_from" not in z
                                            for r in records for z in r["zh"]),
            "traditional_derived": sum("derived_from" in z for r in records for z in r["zh"]),
        },
        "records_with_parent": sum(bool(r["parent"]) for r in records),
        "records_first_listed_2024_or_later": sum((r["first_listed"] or "") >= "2024" for r in records),
        "fr_citations": sum(len(r["federal_register"]) for r in records),
        "fr_citations_with_url": sum(bool(c["url"]) for r in records for c in r["federal_register"]),
        "policy_classes": dict(sorted(Counter(p["class"] for r in records
                                              for p in r["license_policy"]).items())),
        "requirement_classes": dict(sorted(Counter(p["class"] for r in records
                                                   for p in r["license_requirement"]).items())),
    }


def dumps(obj):
    """Indented JSON, except that each record sits on one line: diffs of a refresh show one line
    per changed party, and the file stays about half the size of fully indented JSON."""
    if not isinstance(obj, dict) or "records" not in obj:
        return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"
    head = {k: v for k, v in obj.items() if k != "records"}
    lines = [json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "records": [']
    lines.append(",\n".join("  " + json.dumps(r, ensure_ascii=False, separators=(",", ":"))
                            for r in obj["records"]))
    lines.append(" ]\n}\n")
    return "\n".join(lines)


def write_outputs(out_dir, data, report):
    """Both files or neither: each is written beside its target and renamed into place."""
    os.makedirs(out_dir, exist_ok=True)
    pending = []
    for name, obj in ((OUTPUT_NAME, data), (REPORT_NAME, report)):
        tmp = os.path.join(out_dir, f".{name}.tmp")
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(dumps(obj))
        pending.append((tmp, os.path.join(out_dir, name)))
    for tmp, final in pending:
        os.replace(tmp, final)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def clean(source_dir, exceptions_path=EXCEPTIONS, hant_path=HANT_DERIVED):
    entries = load_json(os.path.join(source_dir, "entities.json"))
    meu = load_json(os.path.join(source_dir, "meu.json"))
    zh = load_json(os.path.join(source_dir, "zh-names.json"))
    exceptions = load_json(exceptions_path)
    derived = load_json(hant_path)
    hant = {row["hans"]: [f["text"] for f in row["forms"]] for row in derived["forms"]}
    info = {
        "kind": "converted Entity List (shared/data/entity-list, convert.py)",
        "list_date": "amendments up to 2025-10-09 (newest citation 90 FR 48193/48195), "
                     "as published in July 2026",
        "files": {name: sha256(os.path.join(source_dir, name))
                  for name in ("entities.json", "meu.json", "zh-names.json")},
        "traditional_forms": derived["converter"],
    }
    return build(entries, meu, zh, exceptions, info, hant)


# ---------------------------------------------------------------- traditional forms (OpenCC)


# OpenCC's configs for Taiwan's and Hong Kong's standard forms. They convert character by
# character, with STPhrases only to choose among a character's traditional forms (制造 -> 製造,
# 沈阳 -> 瀋陽, 于田 stays 于田); unlike s2twp they never rewrite vocabulary (信息 stays 信息, not
# 資訊): a name is the name its owner registered, only its script changes.
OPENCC_CONFIGS = ("s2tw", "s2hk")
OPENCC_DATA = "/usr/share/opencc"


def run_opencc(config, texts):
    import subprocess
    out = subprocess.run(["opencc", "-c", config], input="\n".join(texts) + "\n",
                         capture_output=True, text=True, check=True).stdout.split("\n")
    if len(out) < len(texts):
        raise InputError(f"opencc -c {config}: {len(out)} lines back for {len(texts)}")
    return out[:len(texts)]


def characters_only_config(config, folder):
    """The same config without STPhrases: the first traditional form of each character. The
    review compares the two; where they differ, exceptions.json zh_hant_reviewed says which is
    right."""
    with open(os.path.join(OPENCC_DATA, f"{config}.json"), encoding="utf-8") as f:
        conf = json.load(f)
    chars = {"type": "ocd2", "file": os.path.join(OPENCC_DATA, "STCharacters.ocd2")}
    conf["segmentation"]["dict"] = chars
    chain = [{"dict": chars}]
    for step in conf["conversion_chain"][1:]:
        step = json.loads(json.dumps(step))
        step["dict"]["file"] = os.path.join(OPENCC_DATA, step["dict"]["file"])
        chain.append(step)
    conf["conversion_chain"] = chain
    path = os.path.join(folder, f"{config}-characters.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(conf, f)
    return path


def derive_hant(source_dir=SOURCE_DIR, exceptions_path=EXCEPTIONS):
    """zh-hant-derived.json: for each simplified name of zh-names.json, and each word of
    exceptions.json zh_context, its traditional forms by OpenCC s2tw and s2hk."""
    import shutil
    import subprocess
    import tempfile
    if not shutil.which("opencc"):
        raise InputError("derive-hant needs the opencc program (Debian: apt-get install opencc)")
    rows = load_json(os.path.join(source_dir, "zh-names.json"))
    exceptions = load_json(exceptions_path)
    context = exceptions["zh_context"]
    texts = sorted({z for row in rows for z in row.get("zh", [])} |
                   {x["text"] for x in context} | {w for x in context for w in x["inside"]})
    version = subprocess.run(["opencc", "--version"], capture_output=True, text=True).stdout
    version = re.search(r"\d+\.\d+\.\d+", version)
    converted = {c: run_opencc(f"{c}.json", texts) for c in OPENCC_CONFIGS}
    with tempfile.TemporaryDirectory() as folder:
        chars = {c: run_opencc(characters_only_config(c, folder), texts) for c in OPENCC_CONFIGS}
    reviewed = {x["text"]: x for x in exceptions.get("zh_hant_reviewed", [])}
    forms, unreviewed = [], []
    for i, text in enumerate(texts):
        by = {}
        for c in OPENCC_CONFIGS:
            by.setdefault(converted[c][i], []).append(c)
        row = {"hans": text, "forms": [{"text": f, "by": cs} for f, cs in by.items()]}
        other = sorted({chars[c][i] for c in OPENCC_CONFIGS} - set(by))
        if other:
            row["characters_only"] = other
            review = reviewed.pop(text, None)
            if not review:
                unreviewed.append(f"{text} -> {sorted(by)} (characters only: {other})")
            elif sorted(review["keep"]) != sorted(by):
                unreviewed.append(f"{text}: OpenCC gives {sorted(by)}, the review keeps {review['keep']}")
        forms.append(row)
    if unreviewed:
        raise InputError("traditional forms to review (add a row to exceptions.json "
                         "zh_hant_reviewed): " + "; ".join(unreviewed))
    if reviewed:
        raise InputError(f"{exceptions_path}: zh_hant_reviewed rows match nothing: {sorted(reviewed)}")
    return {
        "about": "Traditional forms of the simplified Chinese names (zh-names.json) and of the "
                 "zh_context words (exceptions.json), derived by OpenCC, not seen in a source. "
                 "Made by `scripts/entity_list/entity_list.py derive-hant`; read by clean. "
                 "Where converting character by character (no STPhrases) gives another form, "
                 "`characters_only` shows it and exceptions.json zh_hant_reviewed says why the "
                 "kept form is right.",
        "converter": f"OpenCC {version.group(0) if version else '?'}, configs "
                     + " and ".join(OPENCC_CONFIGS) + " (no vocabulary rewriting)",
        "zh_names_sha256": sha256(os.path.join(source_dir, "zh-names.json")),
        "forms": forms,
    }


def dumps_hant(doc):
    head = {k: v for k, v in doc.items() if k != "forms"}
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "forms": [\n'
    text += ",\n".join("  " + json.dumps(f, ensure_ascii=False, separators=(",", ":"))
                        for f in doc["forms"])
    return text + "\n ]\n}\n"


# ---------------------------------------------------------------- CSL import


CSL_COLUMNS = ["source", "entity_number", "type", "programs", "name", "title", "addresses",
               "federal_register_notice", "start_date", "end_date", "standard_order",
               "license_requirement", "license_policy", "call_sign", "vessel_type",
               "gross_tonnage", "gross_registered_tonnage", "vessel_flag", "vessel_owner",
               "remarks", "source_list_url", "alt_names", "citizenships", "dates_of_birth",
               "nationalities", "places_of_birth", "source_information_url", "ids"]
REQUIRED_COLUMNS = ["source", "name"]


def country_names():
    """ISO-2 -> the list's destination heading, learnt from the committed source."""
    names = {}
    try:
        for e in load_json(os.path.join(SOURCE_DIR, "entities.json")):
            if len(e.get("country_codes", [])) == 1:
                names.setdefault(e["country_codes"][0], e["country"])
    except InputError:
        pass
    names["HK"] = "China"  # the Entity List files Hong Kong under China
    names["MO"] = "China"
    return names


def csl_date(text):
    text = ws(text)
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2}).*", text)
    if m:
        return "-".join(m.groups())
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2,4})", text)
    if m:
        year = int(m.group(3))
        year += 2000 if year < 50 else (1900 if year < 100 else 0)
        return f"{year:04d}-{int(m.group(1)):02d}-{int(m.group(2)):02d}"
    return None


def csl_to_entry(rec, where, countries):
    name = ws(rec.get("name"))
    if not name:
        raise InputError(f"{where}: empty name")
    addrs = rec.get("addresses") or []
    codes, texts = [], []
    if isinstance(addrs, str):
        for a in filter(None, (ws(x) for x in addrs.split(";"))):
            head, _, last = a.rpartition(",")
            if re.fullmatch(r"[A-Z]{2}", last.strip()):
                codes.append(last.strip())
                a = f"{head}, {countries.get(last.strip(), last.strip())}"
            texts.append(a)
    elif isinstance(addrs, list):
        for a in addrs:
            if not isinstance(a, dict):
                raise InputError(f"{where}: addresses: each address must be an object")
            parts = [ws(a.get(k)) for k in ("address", "city", "state", "postal_code")]
            code = ws(a.get("country"))
            texts.append(", ".join(p for p in parts + [countries.get(code, code)] if p))
            if code:
                codes.append(code)
    else:
        raise InputError(f"{where}: addresses must be a list or text")
    alt = rec.get("alt_names") or []
    if isinstance(alt, str):
        alt = [ws(a) for a in alt.split(";") if ws(a)]
    if not isinstance(alt, list) or not all(isinstance(a, str) for a in alt):
        raise InputError(f"{where}: alt_names must be a list of text")
    frn = rec.get("federal_register_notice") or ""
    if isinstance(frn, list):
        frn = "; ".join(map(str, frn))
    citations = list(dict.fromkeys(f"{v} FR {p}" for v, p in re.findall(r"(\d+)\s*FR\s*(\d+)", frn)))
    codes = list(dict.fromkeys(codes))
    country = countries.get(codes[0], codes[0]) if codes else "unknown"
    return {
        "name": name, "alt_names": alt, "derived_names": [], "country": country,
        "country_codes": codes, "addresses": texts, "federal_register": citations,
        "start_date": csl_date(rec.get("start_date") or ""),
        "license_requirement": ws(rec.get("license_requirement")),
        "license_policy": ws(rec.get("license_policy")), "merged_records": 1,
    }


def read_csl(path):
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise InputError(f"{path}: {e.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not UTF-8 (byte {e.start})") from None
    stripped = text.lstrip()
    if not stripped:
        raise InputError(f"{path}: empty file")
    if stripped[0] in "[{":
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            raise InputError(f"{path}:{e.lineno}:{e.colno}: not valid JSON: {e.msg}") from None
        results = doc.get("results") if isinstance(doc, dict) else doc
        if not isinstance(results, list):
            raise InputError(f"{path}: expected a list of records or an object with \"results\"")
        rows = []
        for i, rec in enumerate(results):
            if not isinstance(rec, dict):
                raise InputError(f"{path}: record {i + 1}: not an object")
            rows.append((f"{path}: record {i + 1}", rec))
        return rows
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        header = reader.fieldnames or []
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise InputError(f"{path}:1: not a Consolidated Screening List CSV: "
                             f"missing column(s) {', '.join(missing)}")
        rows = []
        while True:
            start = reader.line_num + 1  # a quoted cell may span lines: name where the row began
            rec = next(reader, None)
            if rec is None:
                break
            where = f"{path}:{start}"
            if None in rec or any(v is None for v in rec.values()):
                raise InputError(f"{where}: row has {len(header) + len(rec.get(None, []))} "
                                 f"fields where the header has {len(header)}"
                                 if None in rec else f"{where}: row has fewer fields than the header")
            rows.append((where, rec))
    except csv.Error as e:
        raise InputError(f"{path}:{start}: broken CSV in the row starting here: {e}") from None
    return rows


def import_csl(path, exceptions_path=EXCEPTIONS):
    rows = read_csl(path)
    countries = country_names()
    entries, meu = [], []
    for where, rec in rows:
        lst = CSL_SOURCES.get(ws(rec.get("source")))
        if lst is None:
            continue
        entry = csl_to_entry(rec, where, countries)
        (entries if lst == "entity" else meu).append(entry)
    if not entries and not meu:
        raise InputError(f"{path}: no Entity List or MEU records (source column values: "
                         f"{', '.join(sorted(CSL_SOURCES))})")
    exceptions = load_json(exceptions_path)
    # A fresh CSL need not still hold the parties the exception rows name; keep only the rows
    # that apply, so the reviewed reasons still reach the records they were written for.
    names = {e["name"] for e in entries + meu}
    exceptions = dict(exceptions)
    exceptions["over_matching_aliases"] = [x for x in exceptions["over_matching_aliases"]
                                           if x["entity"] in names]
    all_names = {ws(a) for e in entries + meu for a in [e["name"]] + e["alt_names"]}
    exceptions["everyday_names"] = [x for x in exceptions["everyday_names"]
                                    if x["name"] in all_names]
    info = {"kind": "Consolidated Screening List (trade.gov), Entity List and MEU records",
            "file": os.path.basename(path), "sha256": sha256(path),
            "records_read": len(rows), "records_kept": len(entries) + len(meu)}
    return build(entries, meu, [], exceptions, info)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("clean", help="clean the converted list into core/data/entity-list")
    c.add_argument("--source", default=SOURCE_DIR)
    c.add_argument("--out", default=DATA_DIR)
    i = sub.add_parser("import-csl", help="convert a trade.gov Consolidated Screening List file")
    i.add_argument("file")
    i.add_argument("--out", required=True)
    sub.add_parser("derive-hant", help="derive traditional forms with OpenCC (needs opencc)")
    args = parser.parse_args(argv)
    if args.command == "derive-hant":
        try:
            doc = derive_hant()
        except InputError as e:
            print(f"entity_list: error: {e}", file=sys.stderr)
            return 1
        with open(HANT_DERIVED + ".tmp", "w", encoding="utf-8", newline="\n") as f:
            f.write(dumps_hant(doc))
        os.replace(HANT_DERIVED + ".tmp", HANT_DERIVED)
        print(f"{len(doc['forms'])} simplified names -> {HANT_DERIVED}")
        return 0
    try:
        data, report = clean(args.source) if args.command == "clean" else import_csl(args.file)
    except InputError as e:
        print(f"entity_list: error: {e}", file=sys.stderr)
        return 1
    write_outputs(args.out, data, report)
    f = report["figures"]
    print(f"{f['records']} records, {f['names']} names, {f['zh_names']} Chinese names -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
