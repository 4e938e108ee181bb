"""Build dev.jsonl from src/*.txt and print distribution tables.

Source line format:  CODES | text | note   (CODES comma-separated, '-' = none)
File name gives language/script: sq, sr_cyrl, sr_latn, bs, tr, en.
Usage: python3 build.py [--tables-only]
"""

import collections
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).parent
# Since its first measurement it is part of the training corpus, so it lives there.
CORPUS_FILE = (
    HERE.resolve().parents[2] / "services" / "planning" / "data" / "training" / "dev_2.jsonl"
)
CODES = {
    "FI": "fading_interest",
    "CL": "child_labour",
    "ST": "street_situation",
    "CG": "career_guidance",
    "AB": "absenteeism",
    "LA": "low_achievement",
    "PO": "poverty",
    "PE": "parental_engagement",
    "DB": "discrimination_bullying",
    "RAE": "rae_inclusion",
    "SN": "special_needs",
    "GEM": "gender_early_marriage",
    "DA": "distance_access",
    "MR": "migration_return",
    "PS": "psychosocial_support",
    "GM": "governance_monitoring",
    "BC": "budget_capacity",
}
VALID = set(CODES.values())
FILES = [
    ("sq", "sq", "latn"),
    ("sr_cyrl", "sr", "cyrl"),
    ("sr_latn", "sr", "latn"),
    ("bs", "bs", "latn"),
    ("tr", "tr", "latn"),
    ("en", "en", "latn"),
]


def build():
    rows, n = [], 0
    for fname, lang, script in FILES:
        path = HERE / "src" / f"{fname}.txt"
        for ln, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(" | ")]
            if len(parts) != 3:
                sys.exit(f"{fname}:{ln}: expected 3 fields: {line}")
            codes, text, note = parts
            cats = [] if codes == "-" else [CODES[c.strip()] for c in codes.split(",")]
            n += 1
            rows.append(
                {
                    "id": f"e{n:04d}",
                    "language": lang,
                    "script": script,
                    "categories": cats,
                    "text": text,
                    "note": note,
                }
            )
    return rows


def validate(rows):
    ids, texts = set(), set()
    for r in rows:
        assert r["id"] not in ids, r["id"]
        ids.add(r["id"])
        key = re.sub(r"\s+", " ", r["text"].lower())
        assert key not in texts, r["text"]
        texts.add(key)
        assert 0 <= len(r["categories"]) <= 4
        assert len(set(r["categories"])) == len(r["categories"])
        assert set(r["categories"]) <= VALID, r
        cyr = bool(re.search("[\u0400-\u04ff]", r["text"]))
        assert cyr == (r["script"] == "cyrl"), r
        assert r["language"] in {"sq", "sr", "bs", "tr", "en"}


def tables(rows):
    out = []
    N = len(rows)
    out.append(f"Total texts: {N}\n")
    out.append("| language | script | n | % |\n|---|---|---|---|")
    c = collections.Counter((r["language"], r["script"]) for r in rows)
    for (lang, s), k in sorted(c.items()):
        out.append(f"| {lang} | {s} | {k} | {100 * k / N:.1f} |")
    out.append("\n| labels per text | n | % |\n|---|---|---|")
    c = collections.Counter(len(r["categories"]) for r in rows)
    for k in sorted(c):
        out.append(f"| {k} | {c[k]} | {100 * c[k] / N:.1f} |")
    ff = sum("false friend" in r["note"].lower() for r in rows)
    out.append(f"\nTexts whose note names a false friend: {ff} ({100 * ff / N:.1f}%)\n")
    langs = ["sq", "sr/cyrl", "sr/latn", "bs", "tr", "en"]

    def lk(r):
        return r["language"] if r["language"] != "sr" else f"sr/{r['script']}"

    out.append("| category | " + " | ".join(langs) + " | total | langs |")
    out.append("|---" * (len(langs) + 3) + "|")
    for cat in CODES.values():
        cc = collections.Counter(lk(r) for r in rows if cat in r["categories"])
        tot = sum(cc.values())
        nl = sum(1 for lang in langs if cc[lang])
        out.append(
            f"| {cat} | " + " | ".join(str(cc[lang]) for lang in langs) + f" | {tot} | {nl} |"
        )
    words = sorted(len(r["text"].split()) for r in rows)
    out.append(
        f"\nWords per text: min {words[0]}, median {words[len(words) // 2]}, "
        f"mean {sum(words) / N:.1f}, max {words[-1]}"
    )
    bins = [(1, 5), (6, 10), (11, 20), (21, 30), (31, 45), (46, 60), (61, 999)]
    out.append("\n| words | n |\n|---|---|")
    for a, b in bins:
        out.append(f"| {a}-{b if b < 999 else '+'} | {sum(a <= w <= b for w in words)} |")
    return "\n".join(out)


if __name__ == "__main__":
    rows = build()
    validate(rows)
    if "--tables-only" not in sys.argv:
        with open(CORPUS_FILE, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(tables(rows))
