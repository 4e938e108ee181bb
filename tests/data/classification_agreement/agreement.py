"""How often a second annotator agrees with the corpus writers, per category.

    .venv/bin/python tests/data/classification_agreement/agreement.py

`second.jsonl` holds a second, independent labelling of 308 corpus texts (22 drawn at
random from each training file): the corpus file, the text's id there, and the second
annotator's categories. The writer's labels are read from the corpus itself. The table
treats the writer's labels as the reference: "precision" is how often the second
annotator's category is one the writer gave too.
"""

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
from dmap.classify import wilson  # noqa: E402
from schemas.vocabulary.categories import IssueCategory  # noqa: E402

CATEGORIES = [c.value for c in IssueCategory if c is not IssueCategory.UNCLASSIFIED]
TRAINING = ROOT / "services/planning/data/training"


def main() -> None:
    text = Path(__file__).with_name("second.jsonl").read_text(encoding="utf-8")
    second = [json.loads(line) for line in text.splitlines() if line.strip()]
    writer: dict[tuple[str, str], set[str]] = {}
    for name in {s["file"] for s in second}:
        for line in (TRAINING / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            writer[(name, row["id"])] = set(row["categories"])
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    same = 0
    for s in second:
        a, b = writer[(s["file"], s["id"])], set(s["categories"])
        same += a == b
        tp.update(a & b)
        fp.update(b - a)
        fn.update(a - b)
    print(f"{len(second)} texts; the same label set on {same} ({same / len(second):.0%})")
    print(
        f"{'category':<26}{'writer':>7}{'second':>7}{'both':>6}{'precision':>11}{'recall':>8}"
        f"{'F1':>6}  precision 95% CI"
    )
    f1s = []
    for c in CATEGORIES:
        p = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 0.0
        r = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        f1s.append(f1)
        low, high = wilson(tp[c], tp[c] + fp[c])
        print(
            f"{c:<26}{tp[c] + fn[c]:>7}{tp[c] + fp[c]:>7}{tp[c]:>6}{p:>11.2f}{r:>8.2f}{f1:>6.2f}"
            f"  {low:.2f}-{high:.2f}"
        )
    print(f"macro F1 {sum(f1s) / len(f1s):.3f}")


if __name__ == "__main__":
    main()
