"""Pure tests of `decisions.py`: revising the working draft and judging review decisions."""

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest

from schemas.plans import (
    Adoption,
    Issued,
    Plan,
    PlanDraftedEvent,
    PlanRevisedEvent,
    PlanStatusChangedEvent,
)
from schemas.reviews import ReviewItem, ReviewRecorded
from schemas.vocabulary import MunicipalityCode
from services.planning.domain.decisions import (
    CurrentPlan,
    Issue,
    Noted,
    item_id,
    review,
    revise,
)
from services.planning.domain.lifecycle import Refusal
from services.planning.domain.plan import content_hash, draft_plan
from services.planning.rules import catalogue, classifier_rules
from tests.factories import record

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
ADOPTION = Adoption(decision_number="01-1", decision_date=date(2026, 11, 25), signatories=("D",))
SUBMITTER_TOKEN = uuid4()


RECORDS = {group: record(stakeholder_group=group) for group in ("teacher", "parent")}


def proposal(*groups: str) -> Plan:
    """The engine's draft from the same consultations each time (the teacher's by default)."""
    records = [RECORDS[g] for g in groups or ("teacher",)]
    return draft_plan(
        MunicipalityCode("prizren"), "2026-2027", records, classifier_rules(), catalogue()
    )


def stored(plan: Plan, **kw: Any) -> CurrentPlan:
    return CurrentPlan(plan, content_hash(plan), **kw)


def decision(version: int, kind: str, **kw: Any) -> ReviewRecorded:
    return ReviewRecorded.model_validate(
        {
            "review_id": uuid4(),
            "plan_id": "prizren:2026-2027",
            "version": version,
            "decision": kind,
            "reviewer": kw.pop("reviewer", "Director"),
            **kw,
        }
    )


def in_review(draft: Plan) -> CurrentPlan:
    """Version 1 issued by 'Planner' with SUBMITTER_TOKEN; the working draft is version 2."""
    issued = draft.model_copy(
        update={
            "status": "in_review",
            "issued": Issued(
                issued_at=NOW,
                from_revision=1,
                submitted_by="Planner",
                submitted_by_token_id=SUBMITTER_TOKEN,
                review_id=uuid4(),
            ),
        }
    )
    working = draft.model_copy(update={"version": 2, "revision": 2})
    return stored(working, status="in_review", issued=issued)


def test_the_first_draft_is_revision_1_and_an_unchanged_one_is_no_revision() -> None:
    first = revise(None, proposal(), NOW)
    assert isinstance(first, PlanDraftedEvent)
    plan = first.data.plan
    assert (plan.version, plan.revision, plan.status) == (1, 1, "draft")
    assert revise(stored(plan), proposal(), NOW) is None


def test_new_content_is_the_next_revision_of_the_same_version_beside_the_adopted_one() -> None:
    current = stored(proposal().model_copy(update={"version": 3, "revision": 7}), adopted_version=2)
    event = revise(current, proposal("teacher", "parent"), NOW)
    assert isinstance(event, PlanRevisedEvent)
    plan = event.data.plan
    assert (plan.version, plan.revision, plan.last_approved_version) == (3, 8, 2)
    assert event.data.diff is not None
    assert (event.data.diff.from_revision, event.data.diff.to_revision) == (7, 8)


def test_a_submission_issues_the_draft_and_carries_it_on_as_the_next_version() -> None:
    draft = proposal()
    submit = decision(1, "submit_for_review", reviewer="Planner", revision=1)
    outcome = review(stored(draft), submit, NOW, four_eyes=True, open_items=0)
    assert isinstance(outcome, Issue)
    issued = outcome.issued.data.plan
    assert (issued.version, issued.status, issued.revision) == (1, "in_review", 1)
    assert issued.issued is not None
    assert (issued.issued.submitted_by, issued.issued.review_id) == ("Planner", submit.review_id)
    carried = outcome.next_draft.data.plan
    assert (carried.version, carried.revision, carried.status) == (2, 2, "draft")
    assert content_hash(carried) == content_hash(draft)


def test_open_checklist_items_block_a_submission() -> None:
    current = stored(proposal(), status="changes_requested")
    outcome = review(current, decision(1, "submit_for_review"), NOW, four_eyes=True, open_items=2)
    assert outcome == Refusal(
        "2 checklist item(s) are still open; close each with an amendment or a reply, then submit"
    )


@pytest.mark.parametrize(
    ("reviewer", "token"),
    [("planner", None), (" PLANNER ", uuid4()), ("Director", SUBMITTER_TOKEN)],
)
def test_four_eyes_refuses_the_submitter_by_name_or_token(
    reviewer: str, token: UUID | None
) -> None:
    approve = decision(1, "approve", reviewer=reviewer, reviewer_token_id=token, adoption=ADOPTION)
    outcome = review(in_review(proposal()), approve, NOW, four_eyes=True, open_items=0)
    assert isinstance(outcome, Refusal)
    assert outcome.reason.endswith("another person must approve it (four-eyes rule)")
    allowed = review(in_review(proposal()), approve, NOW, four_eyes=False, open_items=0)
    assert isinstance(allowed, PlanStatusChangedEvent)


def test_an_approval_moves_the_version_in_review_with_its_adoption() -> None:
    approve = decision(1, "approve", reviewer_token_id=uuid4(), adoption=ADOPTION)
    outcome = review(in_review(proposal()), approve, NOW, four_eyes=True, open_items=0)
    assert isinstance(outcome, PlanStatusChangedEvent)
    change = outcome.data
    assert (change.version, change.previous_status, change.status) == (1, "in_review", "approved")
    assert (change.adoption, change.items_opened) == (ADOPTION, ())
    no_record = decision(1, "approve")
    refused = review(in_review(proposal()), no_record, NOW, four_eyes=True, open_items=0)
    assert isinstance(refused, Refusal)
    assert refused.reason.startswith("an approval needs the adoption record")


def test_a_request_for_changes_opens_items_with_ids_stable_across_redelivery() -> None:
    items = (ReviewItem(text="Cost it."), ReviewItem(target="action:CL-1", text="Who leads?"))
    ask = decision(1, "request_changes", items=items)
    outcome = review(in_review(proposal()), ask, NOW, four_eyes=True, open_items=0)
    assert isinstance(outcome, PlanStatusChangedEvent)
    opened = outcome.data.items_opened
    assert [(i.version, i.target, i.state) for i in opened] == [
        (1, "plan", "open"),
        (1, "action:CL-1", "open"),
    ]
    assert [i.item_id for i in opened] == [item_id(ask.review_id, 0), item_id(ask.review_id, 1)]
    again = review(in_review(proposal()), ask, NOW, four_eyes=True, open_items=0)
    assert isinstance(again, PlanStatusChangedEvent)
    assert [i.item_id for i in again.data.items_opened] == [i.item_id for i in opened]
    assert outcome.data.adoption is None


def test_a_comment_changes_nothing_in_any_status() -> None:
    for current in (stored(proposal()), in_review(proposal())):
        assert review(current, decision(9, "comment"), NOW, four_eyes=True, open_items=0) == Noted()
