"""Build dev.jsonl from src/*.txt and print distribution tables.

Source line format:  CODES | text | note   (CODES comma-separated, '-' = none)
File name gives language/script: sq, sr_cyrl, sr_latn, bs, tr, en.
Usage: python3 build.py [--tables-only]
"""

import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
import labelled_set  # noqa: E402

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


if __name__ == "__main__":
    rows = build()
    validate(rows)
    if "--tables-only" not in sys.argv:
        with open(CORPUS_FILE, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(labelled_set.tables(rows))  # the checker shared by every labelled set
