"""A plan's progress, and what a report does to it: recorded once, or refused with reasons.

`apply_report` reads no clock and no database: `today`, the reporter's scope
and the schools' enrolments (where known) are arguments. A report is
recorded once by its id and once per (reporter, period); a repeat is a
`Duplicate` and changes nothing.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

from schemas.plans import Plan
from schemas.progress import (
    ActionStatusReport,
    MedQuarterlyReport,
    PartnerQuarterlyReport,
    SchoolMonthlyReport,
    StatusUpdate,
    TrackedAction,
)
from services.monitoring.domain.refusals import Problem, Refused
from services.monitoring.domain.reports import (
    Report,
    ReporterScope,
    action_problems,
    enrolment_problems,
    measurement_problems,
    period_bounds,
    period_problems,
    reporter_and_period,
    scope_problems,
    unknown_actions,
)
from services.monitoring.domain.state import PlanProgress, RecordedReport, SchoolMonth
from services.monitoring.domain.tracking import retrack, track


@dataclass(frozen=True, slots=True)
class Recorded:
    progress: PlanProgress


@dataclass(frozen=True, slots=True)
class Duplicate:
    """Already recorded (this id, or this reporter's report for the period)."""

    report_id: UUID  # the one recorded


def start(plan: Plan, schools: tuple[str, ...] | None = None) -> PlanProgress:
    """Progress of a newly adopted plan; the schools default to those the plan heard."""
    actions = track(plan)
    assert plan.adoption is not None
    heard = plan.situation.schools if plan.situation else ()
    return PlanProgress(
        plan_id=plan.plan_id,
        municipality=plan.municipality,
        cycle=plan.cycle,
        version=plan.version,
        adopted_on=plan.adoption.decision_date,
        actions=actions,
        schools=tuple(sorted(schools if schools is not None else heard)),
    )


def adopt_amended(progress: PlanProgress, plan: Plan) -> PlanProgress:
    """A later adopted version: actions re-tracked, reports and measurements kept."""
    return replace(progress, version=plan.version, actions=retrack(progress.actions, plan))


def apply_report(
    progress: PlanProgress | None,
    report: Report,
    *,
    today: date,
    scope: ReporterScope,
    enrolments: Mapping[str, int] | None = None,
) -> Recorded | Duplicate | Refused:
    """Record `report` once, or say field by field why it cannot be recorded."""
    if progress is None or progress.plan_id != report.plan_id:
        return Refused(
            (Problem("plan_id", f"{report.plan_id} has no adopted version to report on"),)
        )
    scoped = scope_problems(report, scope)
    if scoped:
        return Refused(scoped)
    # An action the plan does not have is refused even in a report already recorded, so
    # a file sent twice names the same bad rows both times (not "already accepted").
    unknown = unknown_actions(progress, report)
    if unknown:
        return Refused(unknown)
    reporter, period = reporter_and_period(report)
    for seen in progress.reports:
        if seen.report_id == report.report_id or (seen.reporter, seen.period) == (reporter, period):
            return Duplicate(seen.report_id)
    problems = period_problems(progress, report, today) + action_problems(progress, report)
    if isinstance(report, SchoolMonthlyReport):
        problems += enrolment_problems(report, _enrolment(progress, report, enrolments))
    if isinstance(report, MedQuarterlyReport):
        problems += measurement_problems(progress, report.measurements, today)
    if problems:
        return Refused(problems)
    return Recorded(_record(progress, report, reporter, period))


def _enrolment(
    progress: PlanProgress, report: SchoolMonthlyReport, known: Mapping[str, int] | None
) -> int | None:
    """The enrolment a school's counts are held to: the report's own, else the one the
    shell knows, else the latest the school gave in an earlier month."""
    if report.enrolled is not None:
        return report.enrolled
    if known and report.school in known:
        return known[report.school]
    given = [m for m in progress.school_months if m.school == report.school and m.enrolled]
    return max(given, key=lambda m: m.month).enrolled if given else None


def _record(progress: PlanProgress, report: Report, reporter: str, period: str) -> PlanProgress:
    _, ends = period_bounds(report)
    updates: tuple[ActionStatusReport, ...] = (
        () if isinstance(report, PartnerQuarterlyReport) else report.actions
    )
    by_id = {u.action_id: u for u in updates}
    who = report.school if isinstance(report, SchoolMonthlyReport) else report.reporter
    actions = tuple(
        _update(a, by_id[a.action_id], ends, who, report, period) if a.action_id in by_id else a
        for a in progress.actions
    )
    school_months = progress.school_months
    if isinstance(report, SchoolMonthlyReport):
        month = SchoolMonth(report.school, report.month, report.counts, report.enrolled)
        school_months += (month,)
    measurements = progress.measurements
    if isinstance(report, MedQuarterlyReport):
        measurements += report.measurements
    recorded = RecordedReport(report.report_id, report.kind, reporter, period, report.submitted_at)
    return replace(
        progress,
        actions=actions,
        reports=(*progress.reports, recorded),
        school_months=school_months,
        measurements=measurements,
    )


def _update(
    action: TrackedAction,
    item: ActionStatusReport,
    on: date,
    who: str,
    report: Report,
    period: str,
) -> TrackedAction:
    update = StatusUpdate(
        status=item.status,
        on=on,
        evidence=item.evidence,
        reported_by=who,
        report_id=report.report_id,
        period=period,
    )
    return action.model_copy(
        update={
            "status": item.status,
            "history": (*action.history, update),
            "spent_eur": action.spent_eur + (item.spent_eur or 0.0),
        }
    )
