"""What flows on each topic: its messages, key, who publishes it and who consumes it.

The source of the AsyncAPI document (`schemas/asyncapi.py`); a unit test holds
it to the services' subscriptions and the broker's ACLs.
"""

from dataclasses import dataclass

from schemas.topics import (
    CONSULTATIONS,
    MUNICIPAL_STATISTICS,
    PLAN_ALERTS,
    PLAN_AMENDMENTS,
    PLAN_PROGRESS,
    PLAN_REVIEWS,
    PLAN_SNAPSHOTS,
    PLAN_TRACKING,
    PLANS,
)

PLAN_KEY = "The plan id, `<municipality>:<school year>` (e.g. `prizren:2026-2027`)."
MUNICIPALITY_KEY = "The municipality code (e.g. `prizren`), see schemas/vocabulary."


@dataclass(frozen=True, slots=True)
class Message:
    """One kind of message: an event (its envelope schema) or a plain JSON value."""

    name: str
    schema: str
    summary: str
    municipality: str
    """Where the municipality code is in the message."""


@dataclass(frozen=True, slots=True)
class Flow:
    topic: str
    title: str
    description: str
    key: str
    messages: tuple[Message, ...]
    publisher: str
    consumers: tuple[tuple[str, str], ...]
    """(service, consumer group) pairs."""


_IN_PLAN_ID = "`data.plan_id` before the colon; `subject` is the plan id"
_IN_PLAN = "`data.plan.municipality`; `subject` is the plan id"

FLOWS: tuple[Flow, ...] = (
    Flow(
        CONSULTATIONS,
        "Consultations",
        "Every consultation accepted by intake. Consumers must handle both types: a "
        "correction replaces the consultation with the same `consultation_id` (keep the "
        "highest `revision`).",
        MUNICIPALITY_KEY,
        (
            Message(
                "ConsultationRecorded",
                "consultation-recorded-event.v1",
                "A consultation accepted by intake (revision 1).",
                "`data.municipality`; `subject` is the municipality code",
            ),
            Message(
                "ConsultationCorrected",
                "consultation-corrected-event.v1",
                "An edited form submission: the whole corrected record replaces the original.",
                "`data.record.municipality`; `subject` is the municipality code",
            ),
        ),
        "consultations",
        (("planning", "dmap-planning"), ("reporting", "dmap-reporting-consultations.v1")),
    ),
    Flow(
        PLANS,
        "Plan events",
        "The history of every plan: working-draft revisions, issued versions, status "
        "changes after review, and requests planning refused. What integrators follow.",
        PLAN_KEY,
        (
            Message("PlanDrafted", "plan-drafted-event.v1", "A plan's first draft.", _IN_PLAN),
            Message(
                "PlanRevised",
                "plan-revised-event.v1",
                "A new revision of the working draft, with the whole plan and a diff.",
                _IN_PLAN,
            ),
            Message(
                "PlanVersionIssued",
                "plan-version-issued-event.v1",
                "A working draft submitted for review, frozen as version N.",
                _IN_PLAN,
            ),
            Message(
                "PlanStatusChanged",
                "plan-status-changed-event.v1",
                "A review decision applied to a version (approved, changes requested...).",
                _IN_PLAN_ID,
            ),
            Message(
                "PlanRequestRefused",
                "plan-request-refused-event.v1",
                "A review decision or amendment planning could not apply, and why.",
                _IN_PLAN_ID,
            ),
        ),
        "planning",
        (("reporting", "dmap-reporting-plans.v1"), ("monitoring", "dmap-monitoring-plans")),
    ),
    Flow(
        PLAN_SNAPSHOTS,
        "Plan snapshots",
        "The current working draft of every plan, compacted: the last value of each key is "
        "the whole plan. Not CloudEvents: the value is the plan itself (`plan.v1`), with "
        "`content-type: application/json` and `plan_version`, `plan_revision`, `event_time` "
        "headers. "
        "Read it from the beginning to start with every plan, then follow plans.v1.",
        PLAN_KEY,
        (Message("PlanSnapshot", "plan.v1", "A plan's working draft.", "`municipality`"),),
        "planning",
        (),
    ),
    Flow(
        PLAN_REVIEWS,
        "Review decisions",
        "Planners' decisions on an issued version (from the workspace, the JSON API or "
        "`dmap review`); planning applies each once and answers on plans.v1.",
        PLAN_KEY,
        (
            Message(
                "ReviewRecorded",
                "review-recorded-event.v1",
                "A submission, approval, request for changes or comment.",
                _IN_PLAN_ID,
            ),
        ),
        "reporting",
        (("planning", "dmap-planning-reviews"), ("reporting", "dmap-reporting-plan-reviews.v1")),
    ),
    Flow(
        PLAN_AMENDMENTS,
        "Amendments",
        "Planners' amendments to a working draft; planning applies each once and "
        "publishes the revised draft on plans.v1.",
        PLAN_KEY,
        (
            Message(
                "AmendmentRecorded",
                "amendment-recorded-event.v1",
                "One amendment to the working draft, by a named planner.",
                _IN_PLAN_ID,
            ),
        ),
        "reporting",
        (
            ("planning", "dmap-planning-amendments"),
            ("reporting", "dmap-reporting-plan-amendments.v1"),
        ),
    ),
)

FLOWS += (
    Flow(
        PLAN_PROGRESS,
        "Progress reports",
        "Every progress report monitoring accepted for an adopted plan: a school team's "
        "month, the MED's quarter or a partner's quarter (`data.report.kind`), and each "
        "meeting of the municipal working group the MED director recorded. Counts only, "
        "no child is named. Monitoring applies each once to the tracked actions.",
        PLAN_KEY,
        (
            Message(
                "ProgressReported",
                "progress-reported-event.v1",
                "One accepted report, a union on `data.report.kind`.",
                "`data.report.municipality`; `subject` is the plan id",
            ),
            Message(
                "MeetingRecorded",
                "meeting-recorded-event.v1",
                "One meeting of the municipal working group, recorded by the MED director: "
                "bodies present, decisions (one may set an action's status), minutes.",
                "`data.meeting.municipality`; `subject` is the plan id",
            ),
        ),
        "monitoring",
        (("monitoring", "dmap-monitoring-progress"),),
    ),
    Flow(
        PLAN_ALERTS,
        "Alerts",
        "Alerts for the MED director on an adopted plan: an action overdue, an indicator off "
        "track, a report missing. Raised when an alert comes into force, cleared when it "
        "ends; `data.alert.key` is stable while it is in force, and event ids derive from "
        "it and the day, so a recomputation repeats an id rather than a fact.",
        PLAN_KEY,
        (
            Message(
                "AlertRaised",
                "alert-raised-event.v1",
                "An alert came into force.",
                "`data.alert.municipality`; `subject` is the plan id",
            ),
            Message(
                "AlertCleared",
                "alert-cleared-event.v1",
                "An alert is no longer in force.",
                "`data.alert.municipality`; `subject` is the plan id",
            ),
        ),
        "monitoring",
        (),
    ),
    Flow(
        PLAN_TRACKING,
        "Plan tracking",
        "The whole monitoring state of an adopted plan, published after every change to it "
        "(tracking started or re-tracked, a report applied, alerts raised or cleared, "
        "minutes recorded): tracked actions, indicators with their measured points, reports "
        "received, school months, open alerts and what the next cycle carries over. "
        "Compacted: the newest event per key is the plan's current state.",
        PLAN_KEY,
        (
            Message(
                "PlanTracking",
                "tracking-snapshot-event.v1",
                "One adopted plan's monitoring state, whole.",
                "`data.municipality`; `subject` is the plan id",
            ),
        ),
        "monitoring",
        (
            ("reporting", "dmap-reporting-plan-tracking.v1"),
            ("planning", "dmap-planning-tracking"),
        ),
    ),
    Flow(
        MUNICIPAL_STATISTICS,
        "Municipal statistics",
        "A municipality's enrolment, dropout and non-enrolment counts for one school year "
        "(per level, gender and community; aggregates only), from EMIS or the MED's records. "
        "A later `recorded_on` for the same year and source supersedes an earlier one. "
        "Planning takes them as the baselines of each plan's result indicators.",
        MUNICIPALITY_KEY,
        (
            Message(
                "MunicipalStatisticsRecorded",
                "municipal-statistics-recorded-event.v1",
                "One school year's counts as one source recorded them.",
                "`data.municipality`; `subject` is the municipality code",
            ),
        ),
        "consultations",
        (("planning", "dmap-planning-statistics"),),
    ),
)

DEAD_LETTER_HEADERS = {
    "dlq_error": "Why it failed (at most 2,000 characters).",
    "dlq_service": "The service that dead-lettered it (planning, reporting, monitoring).",
    "dlq_time": "When (ISO 8601, UTC).",
    "dlq_origin": "Where it was read: `<topic>/<partition>/<offset>`.",
}
