"""Build dev.jsonl from the writer's source sheets (optional) and print stats.

Usage:
  python3 build_and_stats.py build SRC_DIR   # writer's sheets (not committed) -> dev.jsonl
  python3 build_and_stats.py stats           # validate dev.jsonl, print tables
Source line format: codes | text | note   (codes comma-separated short codes, '-' = none)
"""

import collections
import glob
import json
import os
import re
import sys
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
# Since its first measurement it is part of the training corpus, so it lives there.
OUT = os.path.join(
    HERE, "..", "..", "..", "services", "planning", "data", "training", "dev_3.jsonl"
)
CODES = {
    "fi": "fading_interest",
    "cl": "child_labour",
    "ss": "street_situation",
    "cg": "career_guidance",
    "ab": "absenteeism",
    "la": "low_achievement",
    "po": "poverty",
    "pe": "parental_engagement",
    "db": "discrimination_bullying",
    "rae": "rae_inclusion",
    "sn": "special_needs",
    "gm": "gender_early_marriage",
    "da": "distance_access",
    "mr": "migration_return",
    "ps": "psychosocial_support",
    "gov": "governance_monitoring",
    "bud": "budget_capacity",
}
VALID = set(CODES.values())
LANGS = ["sq", "sr", "bs", "tr", "en"]
ORDER = [
    ("sq", "latn"),
    ("sr", "cyrl"),
    ("sr", "latn"),
    ("bs", "latn"),
    ("tr", "latn"),
    ("en", "latn"),
]


def build(src):
    rows = []
    files = sorted(glob.glob(os.path.join(src, "*.txt")))
    key = {f"{lang}_{s}": i for i, (lang, s) in enumerate(ORDER)}

    def lang_of(path):
        b = os.path.basename(path)
        if b.startswith("src"):
            return "sr", "cyrl"
        if b.startswith("srl"):
            return "sr", "latn"
        return re.match(r"[a-z]+", b).group(0)[:2], "latn"

    files.sort(key=lambda p: (key["{}_{}".format(*lang_of(p))], p))
    for path in files:
        lang, script = lang_of(path)
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            line = line.strip()
            if not line:
                continue
            parts = [p.strip() for p in line.split(" | ")]
            if len(parts) != 3:
                sys.exit(f"{path}:{n}: expected 3 fields, got {len(parts)}")
            codes, text, note = parts
            cats = [] if codes == "-" else [CODES[c.strip()] for c in codes.split(",")]
            rows.append(
                {"language": lang, "script": script, "categories": cats, "text": text, "note": note}
            )
    with open(OUT, "w", encoding="utf-8") as f:
        for i, r in enumerate(rows, 1):
            r = {"id": f"f{i:04d}", **r}
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} rows")


def table(title, header, rows):
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in rows:
        print("| " + " | ".join(str(x) for x in r) + " |")


def stats():
    rows, ids, texts, errors = [], set(), set(), []
    for n, line in enumerate(Path(OUT).read_text(encoding="utf-8").splitlines(), 1):
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {n}: {e}")
            continue
        if r["id"] in ids:
            errors.append(f"line {n}: duplicate id {r['id']}")
        ids.add(r["id"])
        norm = " ".join(r["text"].lower().split())
        if norm in texts:
            errors.append(f"line {n}: duplicate text")
        texts.add(norm)
        if r["language"] not in LANGS:
            errors.append(f"line {n}: bad language")
        if r["script"] not in ("latn", "cyrl") or (r["script"] == "cyrl" and r["language"] != "sr"):
            errors.append(f"line {n}: bad script")
        cats = r["categories"]
        if len(cats) > 4 or len(set(cats)) != len(cats) or any(c not in VALID for c in cats):
            errors.append(f"line {n}: bad categories {cats}")
        has_cyr = bool(re.search("[\u0400-\u04ff]", r["text"]))
        if has_cyr != (r["script"] == "cyrl"):
            errors.append(f"line {n}: script mismatch")
        if not r.get("note"):
            errors.append(f"line {n}: empty note")
        rows.append(r)
    print(f"rows: {len(rows)}; errors: {len(errors)}")
    for e in errors:
        print("  ", e)
    N = len(rows)
    ls = collections.Counter((r["language"], r["script"]) for r in rows)
    table(
        "Languages and scripts",
        ["language", "script", "texts", "%"],
        [(lang, s, ls[(lang, s)], f"{100 * ls[(lang, s)] / N:.1f}") for lang, s in ORDER]
        + [("all", "", N, "100")],
    )
    nl = collections.Counter(len(r["categories"]) for r in rows)
    table(
        "Labels per text",
        ["labels", "texts", "%"],
        [(k, nl[k], f"{100 * nl[k] / N:.1f}") for k in sorted(nl)],
    )
    ff = [r for r in rows if "false friend" in r["note"].lower()]
    ffl = collections.Counter(r["language"] for r in ff)
    table(
        "False friends (note mentions 'false friend')",
        ["language", "texts"],
        [(lang, ffl[lang]) for lang in LANGS] + [("all", f"{len(ff)} ({100 * len(ff) / N:.1f}%)")],
    )
    cols = [f"{lang}-{s}" for lang, s in ORDER]
    grid = collections.defaultdict(collections.Counter)
    for r in rows:
        for c in r["categories"]:
            grid[c][f"{r['language']}-{r['script']}"] += 1
    out = []
    for c in CODES.values():
        langs = {k.split("-")[0] for k, v in grid[c].items() if v}
        out.append([c] + [grid[c][k] for k in cols] + [sum(grid[c].values()), len(langs)])
    table("Category x language (label occurrences)", ["category", *cols, "total", "languages"], out)
    wc = sorted(len(r["text"].split()) for r in rows)
    buckets = collections.Counter()
    for w in wc:
        b = (
            "1-5"
            if w <= 5
            else "6-15"
            if w <= 15
            else "16-30"
            if w <= 30
            else "31-45"
            if w <= 45
            else "46-60"
            if w <= 60
            else "61+"
        )
        buckets[b] += 1
    table(
        "Words per text",
        ["words", "texts"],
        [(b, buckets[b]) for b in ["1-5", "6-15", "16-30", "31-45", "46-60", "61+"]],
    )
    print(f"\nmin {wc[0]}, median {wc[len(wc) // 2]}, mean {sum(wc) / N:.1f}, max {wc[-1]}")
    return 1 if errors else 0


if __name__ == "__main__":
    if sys.argv[1] == "build":
        build(sys.argv[2])
    else:
        sys.exit(stats())
