"""`dmap classify`: run the classifier over JSON Lines, and score a labelled set.

The score is per category (precision, recall, F1), per language, with the
confusion pairs and the share of issues left to a human (needs a human or
unclassified: both land on a planner's list, not in a category).
"""

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from schemas.vocabulary import IssueCategory
from services.planning.domain.opinion import Classifier

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def classify_lines(lines: Iterable[str], classifier: Classifier) -> Iterator[dict[str, Any]]:
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
        opinion = classifier.opinion(text)
        shown = opinion.assigned or opinion.candidates
        yield {
            "line": number,
            "language": item.get("language"),
            "state": opinion.state,
            "categories": [a.category.value for a in opinion.assigned]
            or [IssueCategory.UNCLASSIFIED.value],
            "assignments": [
                {
                    "category": a.category.value,
                    "by": a.by,
                    "confidence": a.confidence,
                    "terms": list(a.terms),
                    "features": list(a.features),
                }
                for a in shown
            ],
            "rules_version": classifier.rules.version,
            "model_version": classifier.model_version,
        }


def variety(item: dict[str, Any]) -> str:
    """Language and, for Serbian, script: sq, sr-cyrl, sr-latn, bs, tr, en."""
    language = str(item.get("language") or "?")
    if language == "sr":
        script = item.get("script") or ("cyrl" if _CYRILLIC.search(item["text"]) else "latn")
        return f"sr-{script}"
    return language


@dataclass(frozen=True, slots=True)
class Score:
    label: str
    support: int
    precision: float
    recall: float
    f1: float
    assigned: int = 0  # how often the classifier gave the category: precision's sample
    right: int = 0  # of those, how often the labels agreed

    @property
    def precision_interval(self) -> tuple[float, float]:
        """Wilson 95% interval of the precision: on a few dozen assignments a
        precision of 0.70 and one of 0.80 are often the same measurement."""
        return wilson(self.right, self.assigned)


def wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass(slots=True)
class _Counts:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)

    def add(self, got: set[str], want: set[str]) -> None:
        self.tp.update(got & want)
        self.fp.update(got - want)
        self.fn.update(want - got)

    def scores(self, labels: Iterable[str]) -> list[Score]:
        out = []
        for c in labels:
            p, r, f1 = _prf(self.tp[c], self.fp[c], self.fn[c])
            assigned = self.tp[c] + self.fp[c]
            out.append(Score(c, self.tp[c] + self.fn[c], p, r, f1, assigned, self.tp[c]))
        return out


CATEGORIES = tuple(c.value for c in IssueCategory if c != IssueCategory.UNCLASSIFIED)


@dataclass(frozen=True, slots=True)
class Evaluation:
    name: str
    classifier: str  # rules and model versions
    texts: int
    scores: tuple[Score, ...]
    languages: tuple[tuple[str, int, float, float], ...]  # variety, texts, macro F1, to a human
    confusions: tuple[tuple[str, str, int], ...]  # (wanted, got instead, count)
    to_human: int  # issues left to a human: needs a human or unclassified
    needs_human: int

    @property
    def macro_f1(self) -> float:
        present = [s for s in self.scores if s.support]
        return sum(s.f1 for s in present) / len(present) if present else 0.0

    @property
    def human_share(self) -> float:
        return self.to_human / self.texts if self.texts else 0.0

    def score(self, category: str) -> Score:
        return next(s for s in self.scores if s.label == category)

    def table(self) -> str:
        lines = [
            f"{self.name}: {self.texts} labelled texts, classifier {self.classifier}",
            f"{'category':<26}{'support':>8}{'precision':>11}{'recall':>8}{'F1':>7}"
            f"{'assigned':>10}  precision 95% CI",
        ]
        for s in self.scores:
            low, high = s.precision_interval
            lines.append(
                f"{s.label:<26}{s.support:>8}{s.precision:>11.2f}{s.recall:>8.2f}{s.f1:>7.2f}"
                f"{s.assigned:>10}  {low:.2f}-{high:.2f}"
            )
        lines.append(f"{'macro F1':<26}{'':>8}{'':>11}{'':>8}{self.macro_f1:>7.3f}")
        lines.append(
            f"left to a human: {self.to_human}/{self.texts} = {self.human_share:.1%} "
            f"(needs a human {self.needs_human}, unclassified {self.to_human - self.needs_human})"
        )
        lines.append(f"{'language':<12}{'texts':>7}{'macro F1':>10}{'to a human':>12}")
        lines += [f"{v:<12}{n:>7}{f1:>10.3f}{h:>12.1%}" for v, n, f1, h in self.languages]
        if self.confusions:
            lines.append("most frequent confusions (wanted -> got instead):")
            lines += [f"  {w} -> {g}: {n}" for w, g, n in self.confusions]
        return "\n".join(lines)


def evaluate(
    labelled: Iterable[dict[str, Any]], classifier: Classifier, name: str = "evaluation"
) -> Evaluation:
    """Score the classifier on texts labelled with their expected categories."""
    overall = _Counts()
    by_variety: dict[str, _Counts] = {}
    human_by_variety: Counter[str] = Counter()
    texts_by_variety: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    to_human = needs_human = texts = 0
    for item in labelled:
        texts += 1
        opinion = classifier.opinion(item["text"])
        got = {a.category.value for a in opinion.assigned}
        want = set(item["categories"])
        overall.add(got, want)
        v = variety(item)
        by_variety.setdefault(v, _Counts()).add(got, want)
        texts_by_variety[v] += 1
        if opinion.state != "classified":
            to_human += 1
            human_by_variety[v] += 1
            needs_human += opinion.state == "needs_human"
        for wanted in want - got:
            for instead in (got - want) or {"(nothing)"}:
                confusions[(wanted, instead)] += 1
        if not want:
            for instead in got:
                confusions[("(nothing)", instead)] += 1
    languages = []
    for v in sorted(by_variety):
        present = [s for s in by_variety[v].scores(CATEGORIES) if s.support]
        f1 = sum(s.f1 for s in present) / len(present) if present else 0.0
        languages.append((v, texts_by_variety[v], f1, human_by_variety[v] / texts_by_variety[v]))
    versions = classifier.rules.version + (
        f" + model {classifier.model_version}" if classifier.model else " (rules only)"
    )
    return Evaluation(
        name=name,
        classifier=versions,
        texts=texts,
        scores=tuple(overall.scores(CATEGORIES)),
        languages=tuple(languages),
        confusions=tuple((w, g, n) for (w, g), n in confusions.most_common(8)),
        to_human=to_human,
        needs_human=needs_human,
    )


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count
