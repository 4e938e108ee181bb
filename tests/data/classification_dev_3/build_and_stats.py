"""Build dev.jsonl from the writer's source sheets (optional) and print stats.

Usage:
  python3 build_and_stats.py build SRC_DIR   # writer's sheets (not committed) -> dev.jsonl
  python3 build_and_stats.py stats           # validate dev.jsonl, print tables
Source line format: codes | text | note   (codes comma-separated short codes, '-' = none)
"""

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


def stats():
    # the checker shared by every labelled set
    sys.path.insert(0, os.path.join(HERE, ".."))
    import labelled_set

    return labelled_set.main([OUT])


if __name__ == "__main__":
    if sys.argv[1] == "build":
        build(sys.argv[2])
    else:
        sys.exit(stats())
