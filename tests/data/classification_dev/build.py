#!/usr/bin/env python3
"""Build dev.jsonl from the hand-written src/*.txt files (CATS | text | note)."""

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
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
    "GM": "gender_early_marriage",
    "DA": "distance_access",
    "MR": "migration_return",
    "PS": "psychosocial_support",
    "GV": "governance_monitoring",
    "BC": "budget_capacity",
}
SOURCES = [
    ("sq", "latn", "sq.txt"),
    ("sr", "cyrl", "sr_cyrl.txt"),
    ("sr", "latn", "sr_latn.txt"),
    ("bs", "latn", "bs.txt"),
    ("tr", "latn", "tr.txt"),
    ("en", "latn", "en.txt"),
]


def main() -> None:
    rows = []
    for lang, script, name in SOURCES:
        path = HERE / "src" / name
        if not path.exists():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(" | ")]
            if len(parts) != 3:
                raise SystemExit(f"{name}:{n}: expected 3 fields, got {len(parts)}")
            cats, text, note = parts
            labels = [] if cats == "-" else [CODES[c] for c in cats.split()]
            if len(set(labels)) != len(labels) or len(labels) > 4:
                raise SystemExit(f"{name}:{n}: bad labels {cats}")
            rows.append(
                {
                    "language": lang,
                    "script": script,
                    "categories": labels,
                    "text": text,
                    "note": note,
                }
            )
    # interleave languages so the file is not sorted by language
    rows.sort(key=lambda r: hash_key(r["text"]))
    with open(HERE / "dev.jsonl", "w", encoding="utf-8") as out:
        for i, r in enumerate(rows, 1):
            obj = {"id": f"d{i:04d}", **r}
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} rows")


def hash_key(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


if __name__ == "__main__":
    main()
