"""The held-out corpus (tests/data/pii_corpus): the goals of issue 10 for redaction."""

from collections.abc import Callable

from tests.redaction_eval import TYPES, load, score


def test_held_out_corpus_meets_the_redaction_goals(report: Callable[[str], None]) -> None:
    result = score(load())
    report(result.table())
    for kind in TYPES:
        goal = 0.90 if kind == "address" else 0.95
        assert result.recall(kind) >= goal, (kind, result.table(), result.misses)
        assert result.precision(kind) >= 0.90, (kind, result.table(), result.false_positives)
    assert result.keep_share >= 0.95, result.table()
