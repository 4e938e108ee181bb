"""One event of every type DMAP publishes, built the way the services build them.

Optional parts are filled in (a diff, an adoption, checklist items), so a
schema check covers more than the bare minimum.
"""

from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from schemas.amendments import AmendmentRecorded, AmendmentRecordedEvent
from schemas.catalog import EVENTS
from schemas.consultations import Superseded
from schemas.envelope import EventEnvelope
from schemas.plans import (
    Adoption,
    ChecklistItem,
    PlanDiff,
    PlanRequestRefused,
    PlanStatusChanged,
)
from schemas.progress import (
    Alert,
    AlertCleared,
    AlertClearedEvent,
    AlertRaised,
    AlertRaisedEvent,
    MeetingRecorded,
    MeetingRecordedEvent,
    ProgressReported,
    ProgressReportedEvent,
    SchoolCounts,
    SchoolMonthlyReport,
)
from schemas.reviews import ReviewItem, ReviewRecorded, ReviewRecordedEvent
from schemas.statistics import MunicipalStatisticsRecorded, StatisticsRow
from schemas.topics import (
    CONSULTATIONS,
    MUNICIPAL_STATISTICS,
    PLAN_ALERTS,
    PLAN_AMENDMENTS,
    PLAN_PROGRESS,
    PLAN_REVIEWS,
    PLAN_TRACKING,
    PLANS,
)
from services.consultations.domain.intake import corrected_event, recorded_event
from services.consultations.domain.statistics import recorded_event as statistics_recorded
from services.consultations.domain.statistics import statistics_id
from services.monitoring.domain.alerts import alerts
from services.monitoring.domain.meetings import MeetingKept, record_meeting
from services.monitoring.domain.progress import Recorded, apply_report, start
from services.monitoring.domain.reports import ReporterScope
from services.monitoring.domain.snapshot import tracking, tracking_event
from services.planning.authoring import refused_event
from services.planning.domain.plan import draft_plan
from services.planning.domain.plan_events import (
    plan_event,
    status_changed_event,
    version_issued_event,
)
from services.planning.rules import catalogue, classifier_rules
from tests.factories import record
from tests.unit.monitoring_plans import TODAY, adopted_plan, med_report, meeting, school_report

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
PLAN_ID = "prizren:2026-2027"
ADOPTION = Adoption(
    decision_number="01-016/2026-118", decision_date=date(2026, 11, 19), signatories=("Drejtori",)
)


def sample_events() -> list[tuple[str, str, EventEnvelope[Any]]]:
    """(topic, key, event) for one event of each type in `schemas.catalog.EVENTS`."""
    consultation = record()
    rules, actions = classifier_rules(), catalogue()
    plan = draft_plan(consultation.municipality, "2026-2027", [consultation], rules, actions)
    revised = plan.model_copy(update={"revision": 2})
    diff = PlanDiff(from_version=1, to_version=1, from_revision=1, to_revision=2)
    issued = plan.model_copy(update={"status": "in_review"})
    item = ChecklistItem(
        item_id=uuid4(), version=1, target="priority:child_labour", text="Add a target.", author="A"
    )
    change = PlanStatusChanged(
        plan_id=PLAN_ID,
        version=1,
        previous_status="in_review",
        status="approved",
        review_id=uuid4(),
        reviewer="MED director Prizren",
        adoption=ADOPTION,
        items_opened=(item,),
    )
    refusal = PlanRequestRefused(
        request_id=uuid4(),
        request_type="review",
        plan_id=PLAN_ID,
        action="approve",
        reason="version 9 is not the current version (1)",
        requested_by="MED director Prizren",
    )
    review = ReviewRecordedEvent(
        id=uuid4(),
        source="/dmap/reporting",
        time=NOW,
        subject=PLAN_ID,
        data=ReviewRecorded(
            review_id=uuid4(),
            plan_id=PLAN_ID,
            version=1,
            decision="request_changes",
            reviewer="MED director Prizren",
            reviewer_token_id=uuid4(),
            items=(ReviewItem(target="priority:child_labour", text="Add a target."),),
        ),
    )
    amendment = AmendmentRecordedEvent(
        id=uuid4(),
        source="/dmap/reporting",
        time=NOW,
        subject=PLAN_ID,
        data=AmendmentRecorded.model_validate(
            {
                "amendment_id": uuid4(),
                "plan_id": PLAN_ID,
                "version": 1,
                "revision": 1,
                "change": {"kind": "pin_priority", "category": "child_labour"},
                "reason": "Agreed by the municipal working group.",
                "author": "DKA Prizren",
            }
        ),
    )
    report = SchoolMonthlyReport(
        report_id=uuid4(),
        plan_id=PLAN_ID,
        municipality="prizren",
        reporter="SHFMU Lidhja e Prizrenit prevention team",
        submitted_at=NOW,
        school="SHFMU Lidhja e Prizrenit",
        month="2026-11",
        counts=SchoolCounts(
            ews_flagged=7,
            home_visits=5,
            csw_referrals=2,
            returns_to_school=1,
            dropouts=0,
            non_enrolled_identified=1,
        ),
    )
    alert = Alert(
        key=f"action_overdue:{PLAN_ID}:CL-1",
        kind="action_overdue",
        plan_id=PLAN_ID,
        municipality="prizren",
        subject="CL-1",
        due=date(2026, 11, 30),
        message="CL-1 was due by the end of 2026-11 and is not started; lead: med",
    )
    monitoring = "/dmap/monitoring"
    followed = start(adopted_plan())
    for done in (school_report(), med_report()):
        outcome = apply_report(followed, done, today=TODAY, scope=ReporterScope())
        assert isinstance(outcome, Recorded), outcome
        followed = outcome.progress
    met = record_meeting(followed, meeting(), today=TODAY, municipalities=None)
    assert isinstance(met, MeetingKept), met
    followed = met.progress
    snapshot = tracking(followed, alerts(followed, TODAY), TODAY)
    samples: list[tuple[str, str, EventEnvelope[Any]]] = [
        (CONSULTATIONS, "prizren", recorded_event(consultation, NOW)),
        (
            CONSULTATIONS,
            "prizren",
            corrected_event(consultation, 2, Superseded(revision=1, instance_id=uuid4()), NOW),
        ),
        (PLANS, PLAN_ID, plan_event(plan, None, NOW)),
        (PLANS, PLAN_ID, plan_event(revised, plan, NOW, diff)),
        (PLANS, PLAN_ID, version_issued_event(issued, None, NOW, None)),
        (PLANS, PLAN_ID, status_changed_event(change, NOW)),
        (PLANS, PLAN_ID, refused_event(NOW, PLAN_ID, refusal)),
        (PLAN_REVIEWS, PLAN_ID, review),
        (PLAN_AMENDMENTS, PLAN_ID, amendment),
        (
            PLAN_PROGRESS,
            PLAN_ID,
            ProgressReportedEvent(
                id=uuid4(),
                source=monitoring,
                time=NOW,
                subject=PLAN_ID,
                data=ProgressReported(report=report),
            ),
        ),
        (
            PLAN_ALERTS,
            PLAN_ID,
            AlertRaisedEvent(
                id=uuid4(),
                source=monitoring,
                time=NOW,
                subject=PLAN_ID,
                data=AlertRaised(alert=alert, raised_on=date(2026, 12, 1)),
            ),
        ),
        (
            PLAN_ALERTS,
            PLAN_ID,
            AlertClearedEvent(
                id=uuid4(),
                source=monitoring,
                time=NOW,
                subject=PLAN_ID,
                data=AlertCleared(alert=alert, cleared_on=date(2026, 12, 8)),
            ),
        ),
        (PLAN_TRACKING, snapshot.plan_id, tracking_event(snapshot, NOW)),
        (
            PLAN_PROGRESS,
            followed.plan_id,
            MeetingRecordedEvent(
                id=uuid4(),
                source=monitoring,
                time=NOW,
                subject=followed.plan_id,
                data=MeetingRecorded(meeting=meeting()),
            ),
        ),
        (MUNICIPAL_STATISTICS, "prizren", statistics_event(NOW)),
    ]
    assert {type(e) for _, _, e in samples} == set(EVENTS.values()), "a type has no sample"
    return samples


def statistics_event(now: datetime) -> EventEnvelope[Any]:
    rows = (
        StatisticsRow(
            level="lower_secondary", gender="female", community="roma", enrolled=40, dropped_out=3
        ),
        StatisticsRow(
            level="lower_secondary",
            gender="male",
            community="albanian",
            enrolled=900,
            dropped_out=12,
            not_enrolled=4,
        ),
    )
    recorded = date(2026, 10, 1)
    stats = MunicipalStatisticsRecorded(
        statistics_id=statistics_id("prizren", "2025-2026", "EMIS", recorded),
        municipality="prizren",
        school_year="2025-2026",
        source="EMIS",
        recorded_on=recorded,
        rows=rows,
    )
    return statistics_recorded(stats, now)
