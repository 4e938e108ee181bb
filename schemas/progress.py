"""Following an adopted plan: tracked actions, progress reports, measurements, alerts.

A `ProgressReported` event on `plan-progress.v1` carries one report (a school
team's monthly report, the MED's quarterly report or a partner's quarterly
report); `AlertRaised` / `AlertCleared` on `plan-alerts.v1` say when an action
is overdue, an indicator off track or a report missing. Only aggregates: case
data stays in EMIS/EWS and CSW systems. Rules that need a clock or the tracked
state (a period in the future, an unknown action, a count above enrolment) are
the monitoring domain's, not the schema's (docs/monitoring.md).
"""

from datetime import date, datetime
from typing import Annotated, Final, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.amendments import Month
from schemas.envelope import EventEnvelope
from schemas.plans import Bilingual, Indicator, Quarter

# Topics of the monitoring service, keyed by plan id (in `schemas.topics.TOPICS`).
from schemas.topics import PLAN_ALERTS as PLAN_ALERTS
from schemas.topics import PLAN_PROGRESS as PLAN_PROGRESS
from schemas.topics import PLAN_TRACKING as PLAN_TRACKING
from schemas.vocabulary import IssueCategory, MunicipalityCode

PROGRESS_REPORTED_V1: Final = "org.dmap.progress.reported.v1"
ALERT_RAISED_V1: Final = "org.dmap.alert.raised.v1"
ALERT_CLEARED_V1: Final = "org.dmap.alert.cleared.v1"
TRACKING_SNAPSHOT_V1: Final = "org.dmap.tracking.snapshot.v1"
MEETING_RECORDED_V1: Final = "org.dmap.meeting.recorded.v1"

_FROZEN = ConfigDict(frozen=True, extra="forbid")

ReportKind = Literal["school_monthly", "med_quarterly", "partner_quarterly"]
ActionStatus = Literal["not_started", "on_track", "delayed", "done", "cancelled"]
AlertKind = Literal["action_overdue", "indicator_off_track", "report_missing"]
PartnerKind = Literal["csw", "mocr", "mediator", "ngo"]
Cycle = Annotated[str, Field(pattern=r"^\d{4}-\d{4}$", examples=["2026-2027"])]
Count = Annotated[int, Field(ge=0, le=1_000_000)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Evidence = Annotated[str, Field(max_length=2000)]
PlanId = Annotated[
    str,
    Field(
        pattern=r"^[a-z-]+:\d{4}-\d{4}$",
        description="`<municipality>:<cycle>`.",
        examples=["ferizaj:2026-2027"],
    ),
]


class StatusUpdate(BaseModel):
    """One change of a tracked action's status, with the evidence behind it."""

    model_config = _FROZEN

    status: ActionStatus
    on: date = Field(description="The last day of the period reported, or the adoption date.")
    evidence: Evidence = Field("", description="What was done, in the reporter's words.")
    reported_by: Name = Field(examples=["SHFMU Ismail Qemali", "MED focal officer"])
    report_id: UUID | None = Field(None, description="The report it came in; none for a re-track.")
    period: str = Field("", description="The period reported on.", examples=["2026-10", "Q1"])


class TrackedAction(BaseModel):
    """An action of an adopted plan version, followed until it is done or cancelled."""

    model_config = _FROZEN

    plan_id: PlanId
    version: int = Field(ge=1, description="The adopted version it comes from.")
    action_id: str = Field(examples=["AB-1"])
    category: IssueCategory = Field(description="The priority it serves.")
    label: Bilingual
    responsible: str = Field(description="Lead body code (`school_team`, `med`, `csw`, ...).")
    focal_point: str | None = Field(None, description="Named focal unit or person.")
    partners: tuple[str, ...] = ()
    start_month: Month = Field(description="From the plan, or the first month of its quarter.")
    end_month: Month = Field(description="From the plan, or the last month of its quarter.")
    cost_eur: float | None = Field(None, ge=0, description="Budget in EUR, once costed.")
    funding_source: str = Field("", examples=["Municipal budget"])
    budget_line: str | None = None
    indicator: Indicator = Field(description="Output indicator with baseline and target.")
    status: ActionStatus = "not_started"
    history: tuple[StatusUpdate, ...] = Field((), description="Every status update, oldest first.")
    spent_eur: float = Field(0.0, ge=0, description="Spending reported so far.")


class SchoolCounts(BaseModel):
    """A school's monthly counts from its early-warning system (pupils, never names)."""

    model_config = _FROZEN

    ews_flagged: Count = Field(description="Pupils the EWS flagged this month.")
    home_visits: Count = Field(description="Home visits by the prevention team.")
    csw_referrals: Count = Field(description="Referrals to the Centre for Social Work.")
    returns_to_school: Count = Field(description="Pupils who came back to school.")
    dropouts: Count = Field(description="Pupils who dropped out.")
    non_enrolled_identified: Count = Field(description="Children found not enrolled.")


class ActionStatusReport(BaseModel):
    """A reporter's status of one tracked action, with evidence."""

    model_config = _FROZEN

    action_id: str = Field(pattern=r"^[A-Za-z0-9-]{1,40}$", examples=["AB-1"])
    status: ActionStatus
    evidence: Evidence = ""
    spent_eur: float | None = Field(None, ge=0, description="Spent in the period, EUR.")


class IndicatorMeasurement(BaseModel):
    """A value of an action's indicator for a period, who entered it and who verified it."""

    model_config = _FROZEN

    indicator_ref: str = Field(
        pattern=r"^[A-Za-z0-9-]{1,40}$",
        description="The action whose indicator is measured.",
        examples=["AB-1"],
    )
    period: Month = Field(description="The month the value describes.")
    value: float
    unit: str | None = Field(None, max_length=40, examples=["%", "pupils"])
    entered_by: Name
    verified_by: Name | None = Field(None, description="Another person who checked it.")
    source: str = Field("", max_length=200, examples=["EMIS", "EWS"])

    @model_validator(mode="after")
    def _consistent(self) -> "IndicatorMeasurement":
        if not (self.unit or "").strip():
            raise ValueError("a value needs a unit (%, pupils, visits, ...)")
        if self.verified_by and self.verified_by.strip().casefold() == (
            self.entered_by.strip().casefold()
        ):
            raise ValueError("verified_by must be another person than entered_by")
        return self


class EmisValue(BaseModel):
    """One semester value from EMIS, by community and gender."""

    model_config = _FROZEN

    indicator: Literal["dropout_rate", "non_enrolment_rate", "attendance_rate"]
    community: Literal[
        "all", "albanian", "serbian", "turkish", "bosniak", "gorani", "roma", "ashkali", "egyptian"
    ] = "all"
    gender: Literal["all", "girls", "boys"] = "all"
    value: float = Field(ge=0, le=100, description="Percent.")
    unit: Literal["%"] = "%"


class _Report(BaseModel):
    model_config = _FROZEN

    report_id: UUID = Field(description="Client-chosen id; a repeat is recognised, not doubled.")
    plan_id: PlanId
    municipality: MunicipalityCode
    reporter: Name = Field(description="Who reports (a body or a person's role, not a child).")
    submitted_at: datetime
    reporter_token_id: UUID | None = None

    @model_validator(mode="after")
    def _same_municipality(self) -> "_Report":
        if self.plan_id.split(":", 1)[0] != str(self.municipality):
            raise ValueError(f"plan {self.plan_id} is not a plan of {self.municipality}")
        return self


class SchoolMonthlyReport(_Report):
    """A school dropout-prevention team's report for one month, due by the 5th."""

    kind: Literal["school_monthly"] = "school_monthly"
    school: Name = Field(examples=["SHFMU Ismail Qemali"])
    month: Month
    counts: SchoolCounts
    enrolled: Count | None = Field(
        None,
        description="Pupils enrolled at the school that month (EMIS), when known: no count "
        "of its pupils may exceed it. Without it, the last enrolment the school gave holds.",
        examples=[412],
    )
    actions: tuple[ActionStatusReport, ...] = Field(
        (), max_length=100, description="Status of the actions the school leads."
    )


class MedQuarterlyReport(_Report):
    """The MED focal officer's quarterly report: every action's status with evidence."""

    kind: Literal["med_quarterly"] = "med_quarterly"
    cycle: Cycle
    quarter: Quarter = Field(description="School-year quarter: Q1 Sep–Nov … Q4 Jun–Aug.")
    actions: tuple[ActionStatusReport, ...] = Field(max_length=200)
    semester: Literal["S1", "S2"] | None = Field(None, description="Set when EMIS values come.")
    emis: tuple[EmisValue, ...] = Field((), max_length=200)
    measurements: tuple[IndicatorMeasurement, ...] = Field((), max_length=200)

    @model_validator(mode="after")
    def _evidence_and_semester(self) -> "MedQuarterlyReport":
        for i, action in enumerate(self.actions):
            if not action.evidence.strip():
                raise ValueError(f"actions[{i}] ({action.action_id}) needs evidence")
        if self.emis and self.semester is None:
            raise ValueError("EMIS values need the semester they describe (S1 or S2)")
        return self


class PartnerQuarterlyReport(_Report):
    """A CSW, MOCR, mediator or NGO's quarterly report."""

    kind: Literal["partner_quarterly"] = "partner_quarterly"
    partner: PartnerKind
    cycle: Cycle
    quarter: Quarter
    referrals_received: Count
    referrals_assessed: Count
    referrals_closed: Count
    learning_centre_attendance: Count | None = Field(None, description="Children attending.")
    mediator_visits: Count | None = None


ProgressReport = Annotated[
    SchoolMonthlyReport | MedQuarterlyReport | PartnerQuarterlyReport,
    Field(discriminator="kind"),
]


class ProgressReported(BaseModel):
    """A report monitoring accepted."""

    model_config = _FROZEN

    report: ProgressReport


class Alert(BaseModel):
    """Something the MED director should act on."""

    model_config = _FROZEN

    key: str = Field(
        description="`<kind>:<plan id>:<subject>`, stable while the alert is in force.",
        examples=["action_overdue:ferizaj:2026-2027:AB-1"],
    )
    kind: AlertKind
    plan_id: PlanId
    municipality: MunicipalityCode
    subject: str = Field(examples=["AB-1", "school:SHFMU Ismail Qemali:2026-10", "med:Q1"])
    due: date = Field(description="When it was due, or the date measured.")
    message: str = Field(description="The alert in English (kept as it was for consumers).")
    messages: dict[str, str] = Field(
        default_factory=dict,
        description="The alert in each workspace language, keyed `en`, `sq`, `sr` (Latin), "
        "`sr-Cyrl`, `tr` and `bs`, worded from the workspace's catalogue; empty on alerts "
        "raised before it was added, the first four only on alerts worded before `tr` and "
        "`bs` were (monitoring's next alert pass rewords the alerts in force).",
        examples=[
            {
                "en": "AB-1 Mentoring was due by 2026-12-31 and is delayed.",
                "sq": "AB-1 Mentorimi duhej përfunduar deri më 2026-12-31 dhe është vonuar.",
            }
        ],
    )
    addressed_to: Literal["med_director"] = "med_director"


class AlertRaised(BaseModel):
    model_config = _FROZEN

    alert: Alert
    raised_on: date


class AlertCleared(BaseModel):
    model_config = _FROZEN

    alert: Alert
    cleared_on: date


class CarriedOverAction(BaseModel):
    """An unfinished action the next school year's draft carries over."""

    model_config = _FROZEN

    action: TrackedAction
    carried_over: Literal[True] = True
    reason: str


class OffTrackCategory(BaseModel):
    """A category whose indicator is off track: its priority rises, with the reason."""

    model_config = _FROZEN

    category: IssueCategory
    action_id: str
    reason: str


class AchievedResult(BaseModel):
    """A finished action that met its target: reported as a result."""

    model_config = _FROZEN

    action_id: str
    category: IssueCategory
    label: Bilingual
    target_value: float
    achieved_value: float
    unit: str


class CycleCarryOver(BaseModel):
    """What the next school year's draft learns from the one followed."""

    model_config = _FROZEN

    plan_id: PlanId
    next_cycle: Cycle
    carried_over: tuple[CarriedOverAction, ...] = ()
    off_track: tuple[OffTrackCategory, ...] = ()
    results: tuple[AchievedResult, ...] = ()


class IndicatorPoint(BaseModel):
    """One measured value of an indicator, judged against its trajectory."""

    model_config = _FROZEN

    period: Month
    value: float
    unit: str | None = None
    entered_by: Name
    verified_by: Name | None = None
    source: str = ""
    expected: float | None = Field(
        None, description="The trajectory's value at the end of the period; none without one."
    )
    on_track: bool | None = Field(None, description="None when there is no trajectory.")


class TrackedIndicator(BaseModel):
    """An action's indicator over time: baseline, target and every measured point."""

    model_config = _FROZEN

    action_id: str = Field(examples=["AB-1"])
    category: IssueCategory
    label: Bilingual
    unit: str | None = Field(None, examples=["%", "pupils"])
    baseline_value: float | None = None
    baseline_date: date | None = None
    target_value: float | None = None
    target_date: date | None = None
    points: tuple[IndicatorPoint, ...] = Field((), description="One per period, oldest first.")
    on_track: bool | None = Field(
        None, description="The newest point's judgement; none without a trajectory or a point."
    )


class ReportReceived(BaseModel):
    """A report applied to the plan, and whether it came after its deadline."""

    model_config = _FROZEN

    report_id: UUID
    kind: ReportKind
    reporter: str = Field(examples=["school:SHFMU Ismail Qemali", "med", "csw:CSW Ferizaj"])
    period: str = Field(examples=["2026-10", "2026-2027:Q1"])
    submitted_at: datetime | None = Field(None, description="As the reporter stated it.")
    late: bool = Field(description="Submitted after the period's deadline.")


class SchoolMonthTotals(BaseModel):
    """A school's counts for one month, as its team reported them."""

    model_config = _FROZEN

    school: Name
    month: Month
    counts: SchoolCounts


# What a working group may decide about an action's status (it does not un-start one).
DecidedStatus = Literal["on_track", "delayed", "done", "cancelled"]
Body = Annotated[
    str,
    Field(
        min_length=1,
        max_length=120,
        description="A body or a role, never a person's name.",
        examples=["MED", "CSW", "school directors"],
    ),
]


class Decision(BaseModel):
    """One decision of the municipal working group, optionally about one tracked action."""

    model_config = _FROZEN

    text: str = Field(min_length=1, max_length=2000, examples=["Re-plan the bus route survey"])
    action_id: str | None = Field(
        None, pattern=r"^[A-Za-z0-9-]{1,40}$", description="The action it concerns."
    )
    responsible: Body | None = Field(None, description="Who acts on it.")
    due_month: Month | None = Field(None, description="By when.")
    sets_status: DecidedStatus | None = Field(
        None, description="The action's new status (cancelled, delayed, ...), as decided."
    )
    reason: str = Field(
        "", max_length=2000, description="Why the status changes; required with sets_status."
    )

    @model_validator(mode="after")
    def _status_needs_action_and_reason(self) -> "Decision":
        if self.sets_status is not None:
            if self.action_id is None:
                raise ValueError("a decision that sets a status names the action (action_id)")
            if not self.reason.strip():
                raise ValueError("a decision that sets a status says why (reason)")
        return self


class WorkingGroupMeeting(BaseModel):
    """One meeting of the municipal working group on an adopted plan: who attended (bodies,
    not people), what it decided, its minutes. Recorded by the MED director."""

    model_config = _FROZEN

    meeting_id: UUID = Field(description="Client-chosen id; a repeat is recognised, not doubled.")
    plan_id: PlanId
    municipality: MunicipalityCode
    cycle: Cycle
    quarter: Quarter = Field(description="The school-year quarter reviewed: Q1 Sep–Nov … Q4.")
    held_on: date = Field(description="The meeting's date; not in the future.")
    attendees: tuple[Body, ...] = Field(min_length=1, max_length=50)
    decisions: tuple[Decision, ...] = Field((), max_length=50)
    minutes: str = Field("", max_length=8000, description="Free text; personal data redacted.")
    recorded_at: datetime | None = Field(None, description="When monitoring accepted it.")
    recorder_token_id: UUID | None = Field(None, description="Set by monitoring.")

    @model_validator(mode="after")
    def _consistent(self) -> "WorkingGroupMeeting":
        if self.plan_id != f"{self.municipality}:{self.cycle}":
            raise ValueError(
                f"plan {self.plan_id} is not the plan of {self.municipality}, {self.cycle}"
            )
        decided = [d.action_id for d in self.decisions if d.sets_status is not None]
        if len(set(decided)) < len(decided):
            raise ValueError("two decisions of one meeting set the status of the same action")
        return self


class MeetingRecorded(BaseModel):
    """A working group's meeting monitoring accepted."""

    model_config = _FROZEN

    meeting: WorkingGroupMeeting


class PlanTracking(BaseModel):
    """The whole monitoring state of one adopted plan: the newest one per plan is enough."""

    model_config = _FROZEN

    plan_id: PlanId
    municipality: MunicipalityCode
    cycle: Cycle
    version: int = Field(ge=1, description="The adopted version followed.")
    adopted_on: date
    as_of: date = Field(description="Monitoring's date when the snapshot was taken.")
    actions: tuple[TrackedAction, ...] = ()
    indicators: tuple[TrackedIndicator, ...] = ()
    reports: tuple[ReportReceived, ...] = ()
    school_months: tuple[SchoolMonthTotals, ...] = ()
    open_alerts: tuple[Alert, ...] = ()
    next_cycle: CycleCarryOver | None = Field(
        None, description="What the next school year's draft should carry over."
    )
    minutes: tuple[WorkingGroupMeeting, ...] = Field(
        (), description="Every working-group meeting recorded, oldest first."
    )


class ProgressReportedEvent(EventEnvelope[ProgressReported]):
    DATA_SCHEMA = "progress-reported.v1"
    type: Literal["org.dmap.progress.reported.v1"] = PROGRESS_REPORTED_V1


class AlertRaisedEvent(EventEnvelope[AlertRaised]):
    DATA_SCHEMA = "alert-raised.v1"
    type: Literal["org.dmap.alert.raised.v1"] = ALERT_RAISED_V1


class AlertClearedEvent(EventEnvelope[AlertCleared]):
    DATA_SCHEMA = "alert-cleared.v1"
    type: Literal["org.dmap.alert.cleared.v1"] = ALERT_CLEARED_V1


class PlanTrackingEvent(EventEnvelope[PlanTracking]):
    DATA_SCHEMA = "tracking-snapshot.v1"
    type: Literal["org.dmap.tracking.snapshot.v1"] = TRACKING_SNAPSHOT_V1


class MeetingRecordedEvent(EventEnvelope[MeetingRecorded]):
    DATA_SCHEMA = "meeting-recorded.v1"
    type: Literal["org.dmap.meeting.recorded.v1"] = MEETING_RECORDED_V1


# What plan-progress.v1 carries: reports and the working group's meetings, in plan order.
ProgressEvent = Annotated[ProgressReportedEvent | MeetingRecordedEvent, Field(discriminator="type")]
AlertEvent = Annotated[AlertRaisedEvent | AlertClearedEvent, Field(discriminator="type")]
