"""Tracking snapshots of adopted plans for the report tests: Graçanicë's golden plan as a
working group follows it through the school year 2026-2027 (statuses, spending, an
indicator off its trajectory, late and missing reports), and a second plan for the
cross-municipality reports. Institutions and counts only: no child is named."""

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid5

from schemas.progress import (
    Alert,
    Decision,
    SchoolCounts,
    StatusUpdate,
    TrackedAction,
    WorkingGroupMeeting,
)
from schemas.vocabulary import MunicipalityCode
from services.monitoring.domain.tracking import track
from services.reporting.reports.snapshot import (
    IndicatorPoint,
    PlanTracking,
    ReportReceived,
    SchoolMonthTotals,
    TrackedIndicator,
)
from tests.unit.test_plan_renderings import ADOPTED

AS_OF = date(2027, 6, 20)  # T4 of the school year; T3's MED report was due on 15 June
SCHOOLS = ("SHFMU Fan Noli", "SHML Shkolla Teknike")
_NS = UUID("8c3e2f0a-51d4-4b7e-9f26-3a1d7c5e0b42")


def _update(status: str, on: date, evidence: str, period: str = "") -> StatusUpdate:
    return StatusUpdate(
        status=status,  # type: ignore[arg-type]
        on=on,
        evidence=evidence,
        reported_by="MED focal officer",
        period=period,
    )


# Action id -> (status now, its history after adoption, spent EUR).
_PROGRESS: dict[str, tuple[str, tuple[StatusUpdate, ...], float]] = {
    "DA-1": (
        "done",
        (
            _update("on_track", date(2027, 2, 28), "Bus route to Livadhe running", "Q2"),
            _update("done", date(2027, 5, 31), "Transport contract signed for the year", "Q3"),
        ),
        1180.0,
    ),
    "DA-2": (
        "delayed",
        (_update("delayed", date(2027, 2, 28), "Police assessment postponed twice", "Q2"),),
        300.0,
    ),
    "CG-1": (
        "on_track",
        (_update("on_track", date(2027, 5, 31), "Six sessions held in grade 8", "Q3"),),
        0.0,
    ),
    "GM-2S": (
        "on_track",
        (_update("on_track", date(2027, 2, 28), "Every reported case followed up", "Q2"),),
        0.0,
    ),
    "BC-2": (
        "cancelled",
        (_update("cancelled", date(2027, 3, 20), "Training moved to next year's plan", "Q3"),),
        0.0,
    ),
}


def _actions(tracked: tuple[TrackedAction, ...]) -> tuple[TrackedAction, ...]:
    out = []
    for a in tracked:
        status, history, spent = _PROGRESS.get(a.action_id, ("not_started", (), 0.0))
        out.append(a.model_copy(update={"status": status, "history": history, "spent_eur": spent}))
    return tuple(out)


def _indicator(a: TrackedAction, *points: IndicatorPoint) -> TrackedIndicator:
    i = a.indicator
    return TrackedIndicator(
        action_id=a.action_id,
        category=a.category,
        label=i.label,
        unit=i.target_unit,
        baseline_value=i.baseline_value,
        baseline_date=i.baseline_date,
        target_value=i.target_value,
        target_date=i.target_date,
        points=points,
        on_track=points[-1].on_track if points else None,
    )


def _point(period: str, value: float, expected: float, on_track: bool) -> IndicatorPoint:
    return IndicatorPoint(
        period=period,
        value=value,
        unit="%",
        entered_by="MED focal officer",
        verified_by="MED statistics officer",
        source="EMIS",
        expected=expected,
        on_track=on_track,
    )


def _report(kind: Any, reporter: str, period: str, day: date, late: bool = False) -> ReportReceived:
    return ReportReceived(
        report_id=uuid5(_NS, f"{reporter}:{period}"),
        kind=kind,
        reporter=reporter,
        period=period,
        submitted_at=datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC),
        late=late,
    )


def _alert(plan_id: str, municipality: str, kind: str, subject: str, due: date) -> Alert:
    return Alert(
        key=f"{kind}:{plan_id}:{subject}",
        kind=kind,  # type: ignore[arg-type]
        plan_id=plan_id,
        municipality=municipality,  # type: ignore[arg-type]
        subject=subject,
        due=due,
        message=f"{kind} {subject}",
    )


def _months(*months: str) -> tuple[SchoolMonthTotals, ...]:
    counts = SchoolCounts(
        ews_flagged=6,
        home_visits=4,
        csw_referrals=1,
        returns_to_school=2,
        dropouts=0,
        non_enrolled_identified=1,
    )
    return tuple(SchoolMonthTotals(school=SCHOOLS[0], month=m, counts=counts) for m in months)


def gracanice(**overrides: Any) -> PlanTracking:
    """Graçanicë's plan on 20 June 2027: DA-1 done, DA-2 overdue (due by Feb), PS-2 overdue
    and never started, DA-1's indicator off track in April, T3's MED report missing."""
    actions = _actions(track(ADOPTED))
    by_id = {a.action_id: a for a in actions}
    pid = ADOPTED.plan_id
    fields: dict[str, Any] = {
        "plan_id": pid,
        "municipality": "gracanice",
        "cycle": "2026-2027",
        "version": ADOPTED.version,
        "adopted_on": date(2027, 1, 15),
        "as_of": AS_OF,
        "actions": actions,
        "indicators": (
            _indicator(
                by_id["DA-1"],
                _point("2027-02", 10.0, 9.7, True),
                _point("2027-04", 11.0, 8.3, False),
            ),
        ),
        "reports": (
            _report("school_monthly", f"school:{SCHOOLS[0]}", "2027-03", date(2027, 4, 3)),
            _report("school_monthly", f"school:{SCHOOLS[0]}", "2027-04", date(2027, 5, 9), True),
            _report("med_quarterly", "med", "2026-2027:Q2", date(2027, 3, 14)),
            _report("partner_quarterly", "csw:QPS Graçanicë", "2026-2027:Q3", date(2027, 6, 8)),
        ),
        "school_months": _months("2027-03", "2027-04"),
        "open_alerts": (
            _alert(pid, "gracanice", "action_overdue", "DA-2", date(2027, 2, 28)),
            _alert(pid, "gracanice", "action_overdue", "PS-2", date(2027, 2, 28)),
            _alert(pid, "gracanice", "indicator_off_track", "DA-1", date(2027, 4, 30)),
            _alert(
                pid, "gracanice", "report_missing", f"school:{SCHOOLS[1]}:2027-03", date(2027, 4, 5)
            ),
            _alert(pid, "gracanice", "report_missing", "med:Q3", date(2027, 6, 15)),
        ),
        "minutes": minutes(pid),
    }
    return PlanTracking(**(fields | overrides))


def _meeting(plan_id: str, quarter: str, held_on: date, **fields: Any) -> WorkingGroupMeeting:
    return WorkingGroupMeeting(
        meeting_id=uuid5(_NS, f"meeting:{quarter}:{held_on}"),
        plan_id=plan_id,
        municipality=MunicipalityCode(plan_id.split(":")[0]),
        cycle="2026-2027",
        quarter=quarter,  # type: ignore[arg-type]
        held_on=held_on,
        recorded_at=datetime.combine(held_on, datetime.min.time(), UTC),
        **fields,
    )


def minutes(plan_id: str) -> tuple[WorkingGroupMeeting, ...]:
    """The working group's meetings, oldest first: T2's review in March (DA-2 delayed, to
    be redone with the police by September), T3's in June with no decision, and an early
    T4 meeting (not on T3's agenda)."""
    return (
        _meeting(
            plan_id,
            "Q2",
            date(2027, 3, 12),
            attendees=("DKA", "QPS", "Policia e Kosovës", "drejtorët e shkollave"),
            decisions=(
                Decision(
                    text="Vlerësimi i rrugëve bëhet bashkë me policinë",
                    action_id="DA-2",
                    responsible="med",
                    due_month="2027-09",
                    sets_status="delayed",
                    reason="Policia e shtyu vlerësimin dy herë",
                ),
                Decision(text="Ftohen këshillat e prindërve në takimin e ardhshëm"),
            ),
            minutes="Grupi shqyrtoi veprimet me afat të kaluar dhe raportet që mungojnë.",
        ),
        _meeting(plan_id, "Q3", date(2027, 6, 10), attendees=("DKA", "QPS")),
        _meeting(
            plan_id,
            "Q4",
            date(2027, 6, 18),
            attendees=("DKA",),
            decisions=(Decision(text="Takim i jashtëzakonshëm për transportin në verë"),),
        ),
    )


def second_plan() -> PlanTracking:
    """Another municipality's plan (the same actions, all on track) for the semester report
    and the dashboard."""
    g = gracanice()
    actions = tuple(
        a.model_copy(update={"plan_id": "ferizaj:2026-2027", "status": "on_track", "history": ()})
        for a in g.actions
    )
    return g.model_copy(
        update={
            "plan_id": "ferizaj:2026-2027",
            "municipality": MunicipalityCode("ferizaj"),
            "actions": actions,
            "indicators": (),
            "open_alerts": (),
            "reports": (),
        }
    )
