"""The remembered classification: a plan drafted batch by batch, with the opinions of
earlier batches reused, is byte for byte the plan drafted from all its records at once."""

import json
import random
from collections.abc import Sequence
from pathlib import Path

import pytest

from dmap.demo_data import consultations
from schemas.consultations import ConsultationRecorded
from schemas.vocabulary import IssueCategory
from services.planning.domain.cycle import school_year
from services.planning.domain.decisions import PlanKey
from services.planning.domain.evidence import OpinionMemo, Remembering, gather
from services.planning.domain.opinion import Classifier
from services.planning.domain.plan import draft_plan
from services.planning.domain.steering import Steering
from services.planning.memos import PlanMemos
from services.planning.rules import catalogue, classifier_rules, shipped_classifier

GOLDEN = Path(__file__).parents[1] / "data" / "golden" / "consultations.json"
GOLDEN_RECORDS = [
    ConsultationRecorded.model_validate(r) for r in json.loads(GOLDEN.read_text(encoding="utf-8"))
]
CYCLE = "2026-2027"


def _demo(municipality: str, n: int = 240) -> list[ConsultationRecorded]:
    """Demo records moved into one municipality and school year (a large import)."""
    out = [
        ConsultationRecorded.model_validate({**item, "municipality": municipality})
        for item in consultations(n, seed=7)
    ]
    cycle = school_year(out[0].consultation_date)
    return [r for r in out if school_year(r.consultation_date) == cycle]


def _full(records: Sequence[ConsultationRecorded], c: Classifier, steering: Steering) -> str:
    m, cycle = records[0].municipality, school_year(records[0].consultation_date)
    return draft_plan(m, cycle, records, c, catalogue(), steering=steering).model_dump_json()


def _batched(
    records: Sequence[ConsultationRecorded],
    c: Classifier,
    batch: int,
    steering: Steering,
    memo: OpinionMemo,
) -> list[tuple[str, str]]:
    """(incremental, full) plan JSON after each batch of arrivals."""
    m, cycle = records[0].municipality, school_year(records[0].consultation_date)
    out = []
    for end in range(batch, len(records) + batch, batch):
        seen = records[:end]
        remembered = draft_plan(
            m, cycle, seen, Remembering.of(c, memo), catalogue(), steering=steering
        ).model_dump_json()
        out.append((remembered, _full(seen, c, steering)))
    return out


CLASSIFIERS = {"rules": lambda: Classifier(classifier_rules()), "model": shipped_classifier}


@pytest.mark.parametrize("which", sorted(CLASSIFIERS))
@pytest.mark.parametrize("municipality", ["obiliq", "gracanice"])
@pytest.mark.parametrize("seed", [None, 1, 2])
def test_golden_consultations_in_any_arrival_order_draft_the_full_plan(
    which: str, municipality: str, seed: int | None
) -> None:
    records = [r for r in GOLDEN_RECORDS if r.municipality == municipality]
    if seed is not None:
        random.Random(seed).shuffle(records)
    c = CLASSIFIERS[which]()
    steps = _batched(records, c, 2, Steering(), OpinionMemo())
    assert all(inc == full for inc, full in steps)
    # and the last is the plan drafted from all of them in the committed order
    everything = [r for r in GOLDEN_RECORDS if r.municipality == municipality]
    assert steps[-1][0] == _full(everything, c, Steering())


@pytest.mark.parametrize("which", sorted(CLASSIFIERS))
def test_a_large_import_batch_by_batch_drafts_the_full_plan(which: str) -> None:
    records = _demo("rahovec")
    random.Random(3).shuffle(records)
    memo = OpinionMemo()
    steps = _batched(records, CLASSIFIERS[which](), 40, Steering(), memo)
    assert all(inc == full for inc, full in steps)
    free = sum(
        1
        for r in records
        for i in r.raised_issues
        if i.category in (None, IssueCategory.UNCLASSIFIED)
    )
    assert len(memo) == free  # exactly the plan's free-text issues are remembered


def _free_issue(records: Sequence[ConsultationRecorded]) -> tuple[int, int]:
    for n, r in enumerate(records):
        for k, issue in enumerate(r.raised_issues):
            if issue.category in (None, IssueCategory.UNCLASSIFIED):
                return n, k
    raise AssertionError("no free-text issue")


def test_a_corrected_description_is_classified_again() -> None:
    records = _demo("rahovec", 80)
    n, k = _free_issue(records)
    c, memo = shipped_classifier(), OpinionMemo()
    gather(records, Remembering.of(c, memo))
    issues = list(records[n].raised_issues)
    issues[k] = issues[k].model_copy(
        update={"description": "Fëmijët punojnë në arë gjatë vjeshtës"}
    )
    corrected = [
        *records[:n],
        records[n].model_copy(update={"raised_issues": tuple(issues)}),
        *records[n + 1 :],
    ]
    key = (records[n].consultation_id, k)
    assert memo.said[key][0] != issues[k].description
    assert _full(corrected, Remembering.of(c, memo), Steering()) == _full(corrected, c, Steering())
    assert memo.said[key][0] == issues[k].description


def test_another_classifier_does_not_reuse_the_memo() -> None:
    records = _demo("rahovec", 80)
    memo = OpinionMemo()
    rules_only = Classifier(classifier_rules())
    gather(records, Remembering.of(rules_only, memo))
    with_model = shipped_classifier()
    assert _full(records, Remembering.of(with_model, memo), Steering()) == _full(
        records, with_model, Steering()
    )
    stricter = Classifier(classifier_rules(), with_model.model, accept=0.9, accept_top=0.8)
    assert _full(records, Remembering.of(stricter, memo), Steering()) == _full(
        records, stricter, Steering()
    )


def test_evidence_corrections_act_on_remembered_issues() -> None:
    """A recategorised or excluded issue, and the correction withdrawn, draft as the full
    path does; a corrected issue is not kept in the memo."""
    records = _demo("rahovec", 80)
    n, k = _free_issue(records)
    key = (records[n].consultation_id, k)
    c, memo = shipped_classifier(), OpinionMemo()
    for steering in (
        Steering(),
        Steering({key: IssueCategory.DISTANCE_ACCESS}),
        Steering({key: None}),
        Steering(),
    ):
        assert _full(records, Remembering.of(c, memo), steering) == _full(records, c, steering)
        assert (key in memo.said) == (key not in steering.overrides)


def test_plan_memos_forget_the_least_recent_plans_beyond_capacity() -> None:
    memos = PlanMemos(capacity=10)
    c = Classifier(classifier_rules())
    records = _demo("rahovec", 80)
    first = memos.classifier_for(PlanKey("rahovec", CYCLE), c)
    gather(records, first)
    assert len(memos) > 10  # the plan being drafted is kept whole
    again = memos.classifier_for(PlanKey("rahovec", CYCLE), c)
    assert again.memo is first.memo
    memos.classifier_for(PlanKey("obiliq", CYCLE), c)
    assert len(memos) == 0  # rahovec's memo went: over capacity, drafted least recently
    assert memos.classifier_for(PlanKey("rahovec", CYCLE), c).memo is not first.memo
