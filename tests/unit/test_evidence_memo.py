"""The remembered classification: a plan drafted batch by batch, with the opinions of
earlier batches reused, is byte for byte the plan drafted from all its records at once."""

import json
import random
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from dmap.demo_data import consultations
from schemas.consultations import ConsultationRecorded
from schemas.vocabulary import IssueCategory, Severity
from services.planning.domain.cycle import school_year
from services.planning.domain.decisions import PlanKey
from services.planning.domain.evidence import (
    Evidence,
    OpinionMemo,
    Remembering,
    Tallied,
    gather,
)
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


# Incremental tallies (evidence.Tallied): a re-draft counts only the records it has not.


def _view(evidence: Evidence) -> object:
    """Everything a draft reads from the evidence, with every order that can show."""
    return (
        [r.consultation_id for r in evidence.consultations],
        [
            (
                category,
                sorted(t.consultation_ids, key=str),
                sorted(t.stakeholder_groups),
                sorted(t.schools),
                sorted(t.school_levels),
                t.affected_students,
                list(t.severity_counts.items()),
                sorted(t.affected_groups),
                sorted(t.dates),
                sorted(t.matched_terms),
                sorted(t.matched_words),
                (t.explicit_count, t.model_count, t.issue_count),
                list(t.observations),
            )
            for category, t in evidence.by_category.items()
        ],
        list(evidence.opinions.items()),
    )


def _some_free_issues(records: Sequence[ConsultationRecorded], n: int) -> list[tuple[UUID, int]]:
    return [
        (r.consultation_id, k)
        for r in records
        for k, issue in enumerate(r.raised_issues)
        if issue.category in (None, IssueCategory.UNCLASSIFIED)
    ][:n]


def _corrected(record: ConsultationRecorded) -> ConsultationRecorded:
    """The record as a consultant's correction leaves it: its first issue reworded and
    made critical, the rest as they were."""
    first, *rest = record.raised_issues
    changed = first.model_copy(
        update={
            "description": "Fëmijët punojnë në arë gjatë vjeshtës",
            "severity": Severity.CRITICAL,
        }
    )
    return record.model_copy(update={"raised_issues": (changed, *rest)})


@pytest.mark.parametrize("source", ["golden", "demo"])
@pytest.mark.parametrize("seed", [None, 4, 5])
def test_tallies_kept_between_batches_are_the_full_count_through_every_change(
    source: str, seed: int | None
) -> None:
    """Batch by batch, with corrections made and withdrawn, the classifier swapped, a record
    replaced and one gone, each draft's evidence and plan are those of a full count."""
    if source == "golden":
        # both golden municipalities' records, as one plan's
        obiliq = GOLDEN_RECORDS[0].municipality
        records = [r.model_copy(update={"municipality": obiliq}) for r in GOLDEN_RECORDS]
        batch = 1
    else:
        records = _demo("rahovec", 160)
        batch = 12
    if seed is not None:
        random.Random(seed).shuffle(records)
    rules_only, with_model = Classifier(classifier_rules()), shipped_classifier()
    first, second = _some_free_issues(records, 2)  # the earliest to arrive
    recategorised = Steering({first: IssueCategory.DISTANCE_ACCESS})
    both = Steering({first: IssueCategory.DISTANCE_ACCESS, second: None})
    memo, arrived, taken = OpinionMemo(), list(records[:batch]), batch
    # (what happens before the next batch arrives, the classifier, the steering)
    steps: list[tuple[str, Classifier, Steering]] = [
        ("batch", rules_only, Steering()),
        ("batch", rules_only, Steering()),
        ("batch", rules_only, recategorised),
        ("batch", rules_only, both),
        ("batch", with_model, both),
        ("replace", with_model, both),
        ("batch", with_model, both),
        ("remove", with_model, both),
        ("batch", with_model, Steering()),
        ("batch", with_model, Steering()),
    ]
    counted_afresh = 0
    for n, (what, c, steering) in enumerate(steps):
        if what == "replace":
            arrived[0] = _corrected(arrived[0])
        elif what == "remove":
            arrived.pop(len(arrived) // 2)
        elif n:
            arrived += records[taken : taken + batch]
            taken += batch
        before = memo.tallied
        remembered = gather(arrived, Remembering.of(c, memo), steering.overrides)
        counted_afresh += memo.tallied is not before
        assert _view(remembered) == _view(gather(arrived, c, steering.overrides))
        assert _full(arrived, Remembering.of(c, memo), steering) == _full(arrived, c, steering)
    # afresh: the first count, each change of corrections (3), of classifier, the replaced
    # and the removed record; plain batches only add to the tallies
    assert counted_afresh == 7
    assert memo.tallied is not None
    assert len(memo.tallied.records) == len(arrived)


def test_a_plain_batch_counts_only_its_new_records() -> None:
    records = _demo("rahovec", 120)
    random.Random(6).shuffle(records)
    c, memo = shipped_classifier(), OpinionMemo()
    gather(records[:40], Remembering.of(c, memo))
    kept = memo.tallied
    counted: list[int] = []
    real_add = Tallied.add

    def add(self: Tallied, new: Iterable[ConsultationRecorded], said: Any) -> None:
        new = list(new)
        counted.append(len(new))
        real_add(self, new, said)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Tallied, "add", add)
        again = gather(records, Remembering.of(c, memo))
        same = gather(records, Remembering.of(c, memo))
    assert counted == [len(records) - 40, 0]
    assert memo.tallied is kept
    assert _view(again) == _view(same) == _view(gather(records, c))


def test_a_copy_of_a_counted_record_is_not_counted_again() -> None:
    """The store may hand a record parsed anew (its cache trimmed): equal, not the same
    object, it needs no recount; a duplicate in the input counts once, as in full."""
    records = _demo("rahovec", 80)
    c, memo = Classifier(classifier_rules()), OpinionMemo()
    gather(records, Remembering.of(c, memo))
    kept = memo.tallied
    copies = [ConsultationRecorded.model_validate_json(r.model_dump_json()) for r in records]
    evidence = gather([*copies, copies[3]], Remembering.of(c, memo))
    assert memo.tallied is kept
    assert _view(evidence) == _view(gather(records, c))


def test_plan_memos_weigh_counted_records_too() -> None:
    memos = PlanMemos(capacity=10**6)
    c = Classifier(classifier_rules())
    records = _demo("rahovec", 80)
    gather(records, memos.classifier_for(PlanKey("rahovec", CYCLE), c))
    free = sum(
        1
        for r in records
        for i in r.raised_issues
        if i.category in (None, IssueCategory.UNCLASSIFIED)
    )
    assert len(memos) == free + len(records)
