"""Check a labelled classification set and print its distribution tables (Markdown).

    python3 tests/data/labelled_set.py FILE.jsonl

One checker for the hold-out, development and training sets written by separate
helpers: every line parses, the keys, language, script and categories are valid,
ids and texts are unique. It prints aggregates only, never a text, so it may be
run on a hold-out set.
"""

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from schemas.vocabulary.categories import IssueCategory

CATEGORIES = [c.value for c in IssueCategory if c is not IssueCategory.UNCLASSIFIED]
LANGUAGES = ["sq", "sr", "bs", "tr", "en"]
COLUMNS = [("sq", "latn"), ("sr", "cyrl"), ("sr", "latn"), ("bs", "latn"), ("tr", "latn")]
COLUMNS.append(("en", "latn"))
CYRILLIC = re.compile("[\u0400-\u04ff]")
REQUIRED = {"language", "script", "categories", "text"}
BANDS = [(15, "6-15"), (25, "16-25"), (40, "26-40"), (60, "41-60")]


def problems(rows: list[dict[str, object]]) -> list[str]:
    found = []
    for n, r in enumerate(rows, 1):
        if not set(r) >= REQUIRED:
            found.append(f"line {n}: keys {sorted(r)}")
            continue
        if r["language"] not in LANGUAGES:
            found.append(f"line {n}: language {r['language']}")
        if r["script"] not in ("latn", "cyrl") or (r["script"] == "cyrl" and r["language"] != "sr"):
            found.append(f"line {n}: script {r['script']}")
        if bool(CYRILLIC.search(str(r["text"]))) != (r["script"] == "cyrl"):
            found.append(f"line {n}: script {r['script']} does not match the letters")
        cats = r["categories"]
        if (
            not isinstance(cats, list)
            or len(cats) > 4
            or len(set(cats)) != len(cats)
            or any(c not in CATEGORIES for c in cats)
        ):
            found.append(f"line {n}: categories {cats}")
    ids = Counter(r.get("id") for r in rows if "id" in r)
    texts = Counter(" ".join(str(r.get("text", "")).lower().split()) for r in rows)
    found += [f"duplicate id {i}" for i, c in ids.items() if c > 1]
    found += [f"a duplicate text ({c} times)" for c in texts.values() if c > 1]
    return found


def tables(rows: list[dict[str, object]]) -> str:
    total = len(rows)
    out = [f"Texts: {total}. All lines parse, categories valid, no duplicate ids or texts.\n"]
    out.append("| language | script | texts | share |\n|---|---|---|---|")
    scripts = Counter((r["language"], r["script"]) for r in rows)
    for (lang, script), c in sorted(scripts.items(), key=lambda x: -x[1]):
        out.append(f"| {lang} | {script} | {c} | {100 * c / total:.1f}% |")
    out.append("\n| labels per text | texts | share |\n|---|---|---|")
    labels = Counter(len(r["categories"]) for r in rows)  # type: ignore[arg-type]
    out += [f"| {k} | {labels[k]} | {100 * labels[k] / total:.1f}% |" for k in sorted(labels)]
    ff = sum("false friend" in str(r.get("note", "")).lower() for r in rows)
    out.append(f"\nTexts whose note marks a false friend: {ff} ({100 * ff / total:.1f}%)\n")
    grid: defaultdict[str, Counter[tuple[object, object]]] = defaultdict(Counter)
    for r in rows:
        for c in r["categories"]:  # type: ignore[attr-defined]
            grid[c][(r["language"], r["script"])] += 1
    head = " | ".join(f"{lang}-{s}" for lang, s in COLUMNS)
    out.append(f"| category | {head} | total | languages |")
    out.append("|---|" + "---|" * (len(COLUMNS) + 2))
    for c in CATEGORIES:
        vals = [grid[c][k] for k in COLUMNS]
        langs = len({lang for (lang, _), v in grid[c].items() if v})
        out.append(f"| {c} | " + " | ".join(map(str, vals)) + f" | {sum(vals)} | {langs} |")
    words = sorted(len(str(r["text"]).split()) for r in rows)
    bands = Counter(next((b for top, b in BANDS if w <= top), ">60") for w in words)
    out.append(
        f"\nWords per text: min {words[0]}, median {words[len(words) // 2]}, "
        f"mean {sum(words) / total:.1f}, max {words[-1]}\n"
    )
    out.append("| words | texts |\n|---|---|")
    out += [f"| {b} | {bands[b]} |" for b in [*(b for _, b in BANDS), ">60"]]
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    lines = Path(argv[0]).read_text(encoding="utf-8").splitlines()
    try:
        rows = [json.loads(line) for line in lines if line.strip()]
    except json.JSONDecodeError as e:
        print(f"{argv[0]}: {e}")
        return 1
    found = problems(rows)
    print("\n".join(found) if found else tables(rows))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
