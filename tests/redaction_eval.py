"""Scoring `redact()` on the held-out corpus, by the rules in tests/data/pii_corpus/README.md.

Placeholder spans are recovered by aligning the output with the input: the
literal text between placeholders is copied unchanged by the redactor, so one
anchored match gives the input span each placeholder replaced (types included).
"""

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from services.admission.redaction import redact

CORPUS = Path(__file__).parent / "data" / "pii_corpus" / "corpus.jsonl"
TYPES = ("name", "phone", "email", "personal_number", "address")
_PLACEHOLDER = re.compile(r"\[(NAME|PHONE|EMAIL|PERSONAL_NUMBER|ADDRESS)\]")


def placeholder_spans(original: str, redacted: str) -> list[tuple[int, int, str]]:
    """(start, end, type) of the input text behind each placeholder of the output."""
    parts = _PLACEHOLDER.split(redacted)  # literal, type, literal, type, ...
    literals, kinds = parts[0::2], [k.lower() for k in parts[1::2]]
    # Names hold no digits and numbers no letters: this settles adjacent placeholders
    # ("[NAME] [PERSONAL_NUMBER]") that a plain lazy match could split at the wrong space.
    shape = {"name": r"([^\d]+?)", "phone": r"([^a-zA-Z]+?)", "personal_number": r"([^a-zA-Z]+?)"}
    pattern = "".join(
        re.escape(lit) + (shape.get(kinds[i], "(.+?)") if i < len(kinds) else "")
        for i, lit in enumerate(literals)
    )
    m = re.fullmatch(pattern, original, re.DOTALL)
    if m is None:
        raise AssertionError(f"output does not align with input: {redacted!r}")
    return [(m.start(i + 1), m.end(i + 1), kind) for i, kind in enumerate(kinds)]


@dataclass
class Score:
    planted: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    produced: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    keep_total: int = 0
    keep_kept: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    def recall(self, kind: str) -> float:
        return self.found[kind] / self.planted[kind] if self.planted[kind] else 1.0

    def precision(self, kind: str) -> float:
        return self.correct[kind] / self.produced[kind] if self.produced[kind] else 1.0

    @property
    def keep_share(self) -> float:
        return self.keep_kept / self.keep_total if self.keep_total else 1.0

    def table(self) -> str:
        lines = [
            f"redaction on the held-out corpus ({CORPUS.parent.name}), typed spans",
            f"{'type':<16}{'planted':>8}{'found':>7}{'recall':>8}{'produced':>9}{'precision':>10}",
        ]
        for kind in TYPES:
            lines.append(
                f"{kind:<16}{self.planted[kind]:>8}{self.found[kind]:>7}{self.recall(kind):>8.1%}"
                f"{self.produced[kind]:>9}{self.precision(kind):>10.1%}"
            )
        produced, correct = sum(self.produced.values()), sum(self.correct.values())
        overall = correct / produced if produced else 1.0
        lines.append(
            f"all-type precision {overall:.1%}; keep strings kept {self.keep_kept}/"
            f"{self.keep_total} = {self.keep_share:.1%}"
        )
        return "\n".join(lines)


def score(records: list[dict[str, object]]) -> Score:
    s = Score()
    for rec in records:
        text = str(rec["text"])
        out = redact(text).text
        spans = placeholder_spans(text, out)
        planted = [(p["type"], p["value"]) for p in rec["planted"]]  # type: ignore[attr-defined]
        items = []
        for kind, value in planted:
            start = text.index(value)
            items.append((start, start + len(value), kind))
            s.planted[kind] += 1
            covered = any(a <= start and start + len(value) <= b and k == kind for a, b, k in spans)
            if value not in out and covered:
                s.found[kind] += 1
            else:
                s.misses.append(f"{rec['id']} {kind}: {value!r} -> {out!r}")
        for a, b, kind in spans:
            s.produced[kind] += 1
            if any(k == kind and a < pe and ps < b for ps, pe, k in items):
                s.correct[kind] += 1
            else:
                s.false_positives.append(f"{rec['id']} {kind}: {text[a:b]!r}")
        for keep in rec["keep"]:  # type: ignore[attr-defined]
            s.keep_total += 1
            s.keep_kept += keep in out
    return s


def load() -> list[dict[str, object]]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]


if __name__ == "__main__":
    result = score(load())
    print(result.table())
