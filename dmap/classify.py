"""`dmap classify`: run the classifier rules over JSON Lines, and score a labelled set."""

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from schemas.vocabulary import IssueCategory
from services.planning.domain.classification import RuleSet, classify


def classify_lines(lines: Iterable[str], rules: RuleSet) -> Iterator[dict[str, Any]]:
    """One output object per input line `{"text": ..., "language": ...}`."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = item["text"]
            if not isinstance(text, str):
                raise TypeError("text must be a string")
        except (ValueError, KeyError, TypeError) as exc:
            yield {"line": number, "error": f'expected {{"text": ...}}: {exc}'}
            continue
        hits = classify(text, rules)
        yield {
            "line": number,
            "language": item.get("language"),
            "categories": [h.category.value for h in hits] or [IssueCategory.UNCLASSIFIED.value],
            "matched_terms": {h.category.value: list(h.matched_terms) for h in hits},
            "rules_version": rules.version,
        }


@dataclass(frozen=True, slots=True)
class CategoryScore:
    category: str
    support: int
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class Evaluation:
    rules_version: str
    texts: int
    scores: tuple[CategoryScore, ...]

    @property
    def macro_f1(self) -> float:
        return sum(s.f1 for s in self.scores) / len(self.scores)

    def table(self) -> str:
        lines = [
            f"classifier rules {self.rules_version} on {self.texts} labelled texts",
            f"{'category':<26}{'support':>8}{'precision':>11}{'recall':>8}{'F1':>7}",
        ]
        lines += [
            f"{s.category:<26}{s.support:>8}{s.precision:>11.2f}{s.recall:>8.2f}{s.f1:>7.2f}"
            for s in self.scores
        ]
        lines.append(f"{'macro F1':<26}{'':>8}{'':>11}{'':>8}{self.macro_f1:>7.3f}")
        return "\n".join(lines)


def evaluate(labelled: Iterable[dict[str, Any]], rules: RuleSet) -> Evaluation:
    """Per-category precision/recall over texts labelled with their expected categories."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    texts = 0
    for item in labelled:
        texts += 1
        got = {h.category.value for h in classify(item["text"], rules)}
        want = set(item["categories"])
        tp.update(got & want)
        fp.update(got - want)
        fn.update(want - got)
    scores = []
    for category in IssueCategory:
        if category == IssueCategory.UNCLASSIFIED:
            continue
        c = category.value
        p = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 0.0
        r = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        scores.append(CategoryScore(c, tp[c] + fn[c], p, r, f1))
    return Evaluation(rules.version, texts, tuple(scores))


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count
