#!/usr/bin/env python3
"""Validate dev.jsonl and print its distribution tables (Markdown)."""

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATEGORIES = [
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


def load(path: Path) -> list[dict]:
    rows, errors = [], []
    ids, texts = set(), set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {n}: {e}")
            continue
        if set(r) != KEYS:
            errors.append(f"line {n}: keys {sorted(r)}")
        if r["id"] in ids:
            errors.append(f"line {n}: duplicate id {r['id']}")
        ids.add(r["id"])
        norm = " ".join(r["text"].lower().split())
        if norm in texts:
            errors.append(f"line {n}: duplicate text")
        texts.add(norm)
        if r["language"] not in LANGS:
            errors.append(f"line {n}: language {r['language']}")
        if r["script"] not in ("latn", "cyrl") or (r["script"] == "cyrl" and r["language"] != "sr"):
            errors.append(f"line {n}: script {r['script']}")
        cyr = bool(re.search("[\u0400-\u04ff]", r["text"]))
        if cyr != (r["script"] == "cyrl"):
            errors.append(f"line {n}: script does not match text")
        cats = r["categories"]
        if len(cats) > 4 or len(set(cats)) != len(cats) or any(c not in CATEGORIES for c in cats):
            errors.append(f"line {n}: categories {cats}")
        if not r["note"].strip() or not r["text"].strip():
            errors.append(f"line {n}: empty text or note")
        rows.append(r)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        raise SystemExit(1)
    return rows


COLS = ["sq", "sr-cyrl", "sr-latn", "bs", "tr", "en"]


def col(r: dict) -> str:
    return r["language"] + ("-" + r["script"] if r["language"] == "sr" else "")


def table(header: list[str], body: list[list]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in body]
    return "\n".join(out)


def main() -> None:
    rows = load(HERE / "dev.jsonl")
    n = len(rows)
    print(
        f"Validated {n} rows: all lines parse, ids unique, categories valid, no duplicate texts.\n"
    )

    ls = Counter((r["language"], r["script"]) for r in rows)
    print("### Languages and scripts\n")
    print(
        table(
            ["language", "script", "texts", "share"],
            [
                [lang, s, c, f"{100 * c / n:.1f}%"]
                for (lang, s), c in sorted(ls.items(), key=lambda x: -x[1])
            ]
            + [["all", "", n, "100%"]],
        )
    )

    k = Counter(len(r["categories"]) for r in rows)
    print("\n### Labels per text\n")
    print(
        table(
            ["labels", "texts", "share"], [[i, k[i], f"{100 * k[i] / n:.1f}%"] for i in sorted(k)]
        )
    )
    multi = sum(c for i, c in k.items() if i >= 2)
    print(
        f"\nTexts with 2+ labels: {multi} ({100 * multi / n:.1f}%); "
        f"empty: {k[0]} ({100 * k[0] / n:.1f}%)."
    )

    ff = [r for r in rows if "false friend" in r["note"].lower()]
    ffl = Counter(col(r) for r in ff)
    print(
        "\n### False friends\n\n"
        f"Texts whose note mentions a false friend: {len(ff)} ({100 * len(ff) / n:.1f}%); "
        + ", ".join(f"{k}: {v}" for k, v in sorted(ffl.items()))
        + "."
    )

    body = []
    for c in CATEGORIES:
        cnt = Counter(col(r) for r in rows if c in r["categories"])
        langs = len({k.split("-")[0] for k in cnt})
        body.append([c] + [cnt[x] for x in COLS] + [sum(cnt.values()), langs])
    empty = Counter(col(r) for r in rows if not r["categories"])
    body.append(["(none)"] + [empty[x] for x in COLS] + [sum(empty.values()), ""])
    print("\n### Category × language\n")
    print(table(["category", *COLS, "total", "languages"], body))

    words = sorted(len(r["text"].split()) for r in rows)

    def pct(p):
        return words[min(len(words) - 1, int(p * len(words)))]

    print("\n### Words per text\n")
    print(
        table(
            ["min", "p25", "median", "p75", "max", "mean"],
            [[words[0], pct(0.25), pct(0.5), pct(0.75), words[-1], f"{sum(words) / n:.1f}"]],
        )
    )
    wl = {}
    for r in rows:
        wl.setdefault(col(r), []).append(len(r["text"].split()))
    print()
    print(
        table(
            ["language", "min", "mean", "max"],
            [[x, min(wl[x]), f"{sum(wl[x]) / len(wl[x]):.1f}", max(wl[x])] for x in COLS],
        )
    )


if __name__ == "__main__":
    main()
