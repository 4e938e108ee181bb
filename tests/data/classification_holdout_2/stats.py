"""Validate holdout.jsonl and print its distribution tables (Markdown)."""

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).parent
CATS = [
    "fading_interest",
    "child_labour",
    "street_situation",
    "career_guidance",
    "absenteeism",
    "low_achievement",
    "poverty",
    "parental_engagement",
    "discrimination_bullying",
    "rae_inclusion",
    "special_needs",
    "gender_early_marriage",
    "distance_access",
    "migration_return",
    "psychosocial_support",
    "governance_monitoring",
    "budget_capacity",
]
LANGS = ["sq", "sr", "bs", "tr", "en"]
KEYS = {"id", "language", "script", "categories", "text", "note"}


def main() -> int:
    rows, errors = [], []
    for n, line in enumerate((HERE / "holdout.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {n}: {e}")
            continue
        if set(r) != KEYS:
            errors.append(f"line {n}: keys {sorted(r)}")
        if r["language"] not in LANGS:
            errors.append(f"line {n}: language {r['language']}")
        if r["script"] not in ("latn", "cyrl") or (r["script"] == "cyrl" and r["language"] != "sr"):
            errors.append(f"line {n}: script {r['script']}")
        cats = r["categories"]
        if len(cats) > 4 or len(set(cats)) != len(cats) or any(c not in CATS for c in cats):
            errors.append(f"line {n}: categories {cats}")
        rows.append(r)
    ids = Counter(r["id"] for r in rows)
    texts = Counter(" ".join(r["text"].lower().split()) for r in rows)
    errors += [f"duplicate id {i}" for i, c in ids.items() if c > 1]
    errors += [f"duplicate text {t[:40]}" for t, c in texts.items() if c > 1]
    if errors:
        print("\n".join(errors))
        return 1

    total = len(rows)
    print(f"Texts: {total}. All lines parse, ids unique, categories valid, no duplicate texts.\n")

    print("| language | script | texts | share |\n|---|---|---|---|")
    ls = Counter((r["language"], r["script"]) for r in rows)
    for (lang, script), c in sorted(ls.items(), key=lambda x: -x[1]):
        print(f"| {lang} | {script} | {c} | {100 * c / total:.1f}% |")

    print("\n| labels per text | texts | share |\n|---|---|---|")
    lc = Counter(len(r["categories"]) for r in rows)
    for k in sorted(lc):
        print(f"| {k} | {lc[k]} | {100 * lc[k] / total:.1f}% |")

    ff = sum("false friend" in r["note"].lower() for r in rows)
    print(f"\nTexts whose note marks a false friend: {ff} ({100 * ff / total:.1f}%)\n")

    cols = [
        ("sq", "latn"),
        ("sr", "cyrl"),
        ("sr", "latn"),
        ("bs", "latn"),
        ("tr", "latn"),
        ("en", "latn"),
    ]
    table = defaultdict(Counter)
    for r in rows:
        for c in r["categories"]:
            table[c][(r["language"], r["script"])] += 1
    head = " | ".join(f"{lang}-{s}" for lang, s in cols)
    print(f"| category | {head} | total | languages |")
    print("|---|" + "---|" * (len(cols) + 2))
    for c in CATS:
        vals = [table[c][k] for k in cols]
        langs = len({lang for (lang, s), v in table[c].items() if v})
        print(f"| {c} | " + " | ".join(map(str, vals)) + f" | {sum(vals)} | {langs} |")

    words = sorted(len(r["text"].split()) for r in rows)
    bands = Counter()
    for w in words:
        bands[
            "6-15"
            if w <= 15
            else "16-25"
            if w <= 25
            else "26-40"
            if w <= 40
            else "41-60"
            if w <= 60
            else ">60"
        ] += 1
    print(
        f"\nWords per text: min {words[0]}, median {words[len(words) // 2]}, "
        f"mean {sum(words) / total:.1f}, max {words[-1]}\n"
    )
    print("| words | texts |\n|---|---|")
    for b in ["6-15", "16-25", "26-40", "41-60", ">60"]:
        print(f"| {b} | {bands[b]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
