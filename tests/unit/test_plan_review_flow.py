"""Review decisions through the subscriber shell: issue, approve, request changes, refuse.

The working draft is issued as version N on submission and carries on as
version N+1; approval and requests for changes act on the version in review.
"""

from uuid import uuid4

import pytest

from schemas.plans import (
    PlanRequestRefusedEvent,
    PlanRevisedEvent,
    PlanStatusChangedEvent,
    PlanVersionIssuedEvent,
)
from schemas.reviews import Decision
from schemas.topics import CONSULTATIONS, PLAN_REVIEWS, PLAN_SNAPSHOTS
from services.planning.workflow import Planning
from services.runtime.auth.roles import Role
from tests.fakes.planning import planning_units
from tests.unit.planning_shell import (
    ADOPTION,
    APPROVER,
    PLAN_ID,
    SETTINGS,
    SUBMITTER,
    Units,
    consultation,
    deliver,
    draft,
    make_planning,
    of_type,
    refusals,
    review,
    submitted,
    tokens,
    versions,
)

FOUR_EYES = f"{SUBMITTER} submitted version 1; another person must approve it (four-eyes rule)"


@pytest.fixture
def planning() -> Planning:
    return make_planning()


@pytest.fixture
def units() -> Units:
    return planning_units(SETTINGS)


async def test_submission_issues_version_1_in_review_and_the_draft_becomes_version_2(
    units: Units, planning: Planning
) -> None:
    planner, _ = tokens(units)
    await submitted(units, planning, planner)
    [issued] = of_type(units, PlanVersionIssuedEvent)
    version = issued.data.plan
    assert (version.version, version.revision, version.status) == (1, 1, "in_review")
    assert version.issued is not None
    assert (version.issued.from_revision, version.issued.submitted_by) == (1, SUBMITTER)
    assert version.issued.submitted_by_token_id == planner
    assert issued.data.previous_version is None
    assert versions(units) == [version]
    carried = of_type(units, PlanRevisedEvent)[-1].data.plan
    assert (carried.version, carried.revision, carried.status) == (2, 2, "draft")
    assert draft(units) == carried
    assert units.state.plans[PLAN_ID].status == "in_review"
    # the snapshot topic carries the working draft, never the issued version
    last = units.on("t." + PLAN_SNAPSHOTS)[-1]
    assert (last.headers["plan_version"], last.headers["plan_revision"]) == ("2", "2")


async def test_another_persons_approval_with_an_adoption_adopts_the_version(
    units: Units, planning: Planning
) -> None:
    planner, approver = tokens(units)
    await submitted(units, planning, planner)
    approve = review(1, "approve", reviewer=APPROVER, token=approver, adoption=ADOPTION)
    summary = await deliver(units, planning, PLAN_REVIEWS, approve)
    assert (summary["applied"], summary["decisions"], summary["refused"]) == (1, 1, 0)
    [change] = of_type(units, PlanStatusChangedEvent)
    assert (change.data.version, change.data.previous_status) == (1, "in_review")
    assert (change.data.status, change.data.adoption) == ("approved", ADOPTION)
    assert change.data.reviewer_token_id == approver
    [adopted] = versions(units)
    assert (adopted.version, adopted.status, adopted.adoption) == (1, "approved", ADOPTION)
    stored = units.state.plans[PLAN_ID]
    assert (stored.status, stored.adopted_version) == ("approved", 1)
    assert (draft(units).version, draft(units).status) == (2, "draft")


@pytest.mark.parametrize(
    ("reviewer", "same_token"),
    [(APPROVER, True), (SUBMITTER, False), (f"  {SUBMITTER.upper()} ", False)],
)
async def test_the_submitter_may_not_approve_by_token_or_by_name(
    units: Units, planning: Planning, reviewer: str, same_token: bool
) -> None:
    planner, approver = tokens(units)
    units.state.roles.pop(planner)  # may do anything: only four-eyes stands in the way
    await submitted(units, planning, planner)
    token = planner if same_token else approver
    approve = review(1, "approve", reviewer=reviewer, token=token, adoption=ADOPTION)
    summary = await deliver(units, planning, PLAN_REVIEWS, approve)
    assert summary["refused"] == 1
    expected = FOUR_EYES.replace(SUBMITTER, reviewer, 1)
    assert units.state.reviews[approve.data.review_id] == f"refused: {expected}"
    [refused] = of_type(units, PlanRequestRefusedEvent)
    assert refused.data.request_id == approve.data.review_id
    assert refused.data.request_type == "review"
    assert (refused.data.action, refused.data.reason) == ("approve", expected)
    assert refused.data.requested_by == reviewer
    assert versions(units)[0].status == "in_review"


async def test_an_approval_without_the_adoption_record_is_refused(
    units: Units, planning: Planning
) -> None:
    await submitted(units, planning)
    approve = review(1, "approve", reviewer=APPROVER)
    assert (await deliver(units, planning, PLAN_REVIEWS, approve))["refused"] == 1
    assert refusals(units) == [
        "an approval needs the adoption record: decision number, date, signatories"
    ]
    assert units.state.plans[PLAN_ID].status == "in_review"


async def test_without_four_eyes_the_submitter_may_approve(units: Units) -> None:
    planning = make_planning(four_eyes=False)
    planner, _ = tokens(units)
    units.state.roles.pop(planner)
    await submitted(units, planning, planner)
    approve = review(1, "approve", reviewer=SUBMITTER, token=planner, adoption=ADOPTION)
    assert (await deliver(units, planning, PLAN_REVIEWS, approve))["decisions"] == 1
    assert versions(units)[0].status == "approved"
    assert refusals(units) == []


IN_REVIEW = "approve, request_changes, comment"
OPEN = "submit_for_review, comment"


@pytest.mark.parametrize(
    ("before", "decision", "version", "reason"),
    [
        ([], "approve", 1, f"cannot approve a plan that is draft (possible now: {OPEN})"),
        (
            [(1, "submit_for_review")],
            "approve",
            2,
            "version 2 was reviewed but version 1 is the one in review; review that version",
        ),
        (
            [(1, "submit_for_review")],
            "submit_for_review",
            2,
            f"cannot submit_for_review a plan that is in_review (possible now: {IN_REVIEW})",
        ),
        (
            [(1, "submit_for_review"), (1, "request_changes")],
            "approve",
            1,
            f"cannot approve a plan that is changes_requested (possible now: {OPEN})",
        ),
        (
            [(1, "submit_for_review"), (1, "request_changes")],
            "submit_for_review",
            1,
            "version 1 was submitted but the working draft is version 2; submit the working draft",
        ),
    ],
)
async def test_impossible_reviews_are_refused_recorded_and_publish_only_the_refusal(
    units: Units,
    planning: Planning,
    before: list[tuple[int, Decision]],
    decision: Decision,
    version: int,
    reason: str,
) -> None:
    await deliver(units, planning, CONSULTATIONS, consultation())
    for v, d in before:
        summary = await deliver(units, planning, PLAN_REVIEWS, review(v, d, reviewer=SUBMITTER))
        assert summary["decisions"] == 1
    state, published = units.state.plans[PLAN_ID], len(units.published)
    last = review(version, decision, reviewer=APPROVER, adoption=ADOPTION)
    summary = await deliver(units, planning, PLAN_REVIEWS, last)
    assert summary["refused"] == 1
    assert units.state.reviews[last.data.review_id] == f"refused: {reason}"
    [message] = units.published[published:]
    assert message.key == PLAN_ID
    assert refusals(units) == [reason]
    assert units.state.plans[PLAN_ID] == state


async def test_a_stale_revision_is_not_submitted(units: Units, planning: Planning) -> None:
    await deliver(units, planning, CONSULTATIONS, consultation())
    await deliver(units, planning, CONSULTATIONS, consultation(stakeholder_group="parent"))
    stale = review(1, "submit_for_review", revision=1)
    assert (await deliver(units, planning, PLAN_REVIEWS, stale))["refused"] == 1
    assert refusals(units) == [
        "the working draft changed since revision 1 (now revision 2); read it again and submit"
    ]
    assert versions(units) == []


async def test_a_review_of_an_unknown_plan_is_refused(units: Units, planning: Planning) -> None:
    event = review(1, "approve", plan_id="prizren:2030-2031")
    summary = await deliver(units, planning, PLAN_REVIEWS, event)
    assert summary["refused"] == 1
    assert units.state.reviews[event.data.review_id] == "refused: no plan prizren:2030-2031"


async def test_a_replayed_review_is_ignored(units: Units, planning: Planning) -> None:
    await deliver(units, planning, CONSULTATIONS, consultation())
    event = review(1, "submit_for_review")
    await deliver(units, planning, PLAN_REVIEWS, event)
    published = len(units.published)
    summary = await deliver(units, planning, PLAN_REVIEWS, event)
    assert summary["applied"] == 0
    assert summary["duplicates"] == 1
    assert len(units.published) == published
    assert [v.version for v in versions(units)] == [1]


async def test_review_counts_separate_decisions_from_refusals(
    units: Units, planning: Planning
) -> None:
    await deliver(units, planning, CONSULTATIONS, consultation())
    summary = await deliver(
        units,
        planning,
        PLAN_REVIEWS,
        review(1, "submit_for_review"),
        review(3, "approve", adoption=ADOPTION),
        review(1, "comment"),
    )
    assert (summary["applied"], summary["decisions"], summary["refused"]) == (3, 2, 1)


async def test_a_review_names_its_token_and_only_a_deciding_token_moves_the_plan(
    units: Units, planning: Planning
) -> None:
    planner, approver = tokens(units)
    elsewhere, reviewer, unknown = uuid4(), uuid4(), uuid4()
    units.state.deciders.update({elsewhere: frozenset({"gjakove"}), reviewer: None})
    units.state.roles.update({elsewhere: Role.APPROVER, reviewer: Role.REVIEWER})
    await submitted(units, planning, planner)
    refused = {
        unknown: f"token {unknown} is unknown",
        elsewhere: f"token {elsewhere} does not act for prizren",
        reviewer: f"token {reviewer} may not plans:approve (role reviewer)",
        planner: f"token {planner} may not plans:approve (role planner)",
    }
    for token, reason in refused.items():
        forged = review(1, "approve", reviewer=APPROVER, token=token, adoption=ADOPTION)
        assert (await deliver(units, planning, PLAN_REVIEWS, forged))["refused"] == 1
        assert units.state.reviews[forged.data.review_id] == f"refused: {reason}"
    assert units.state.plans[PLAN_ID].status == "in_review"
    approve = review(1, "approve", reviewer=APPROVER, token=approver, adoption=ADOPTION)
    await deliver(units, planning, PLAN_REVIEWS, approve)
    [change] = of_type(units, PlanStatusChangedEvent)
    assert change.data.reviewer_token_id == approver
