"""What a report is about and who sent it, and the reasons one cannot be recorded.

Each check returns problems (field, reason), never raises: the API turns them
into a 4xx, a spreadsheet into a per-row error.
"""

from dataclasses import dataclass
from datetime import date

from schemas.progress import (
    IndicatorMeasurement,
    MedQuarterlyReport,
    PartnerQuarterlyReport,
    SchoolMonthlyReport,
)
from services.monitoring.domain.periods import first_day, in_cycle, last_day, quarter_months
from services.monitoring.domain.refusals import Problem
from services.monitoring.domain.state import PlanProgress

Report = SchoolMonthlyReport | MedQuarterlyReport | PartnerQuarterlyReport
SCHOOL_BODIES = frozenset({"school_team", "school"})  # what a school team may report on
# Counts of a school's own pupils, so never above its enrolment.
_PUPIL_COUNTS = ("ews_flagged", "csw_referrals", "dropouts")


@dataclass(frozen=True, slots=True)
class ReporterScope:
    """What the reporter's token covers: municipalities (None: all), at most one school,
    the kinds of report its role sends (None: any) and, for a partner, its organisation."""

    municipalities: frozenset[str] | None = None
    school: str | None = None
    kinds: frozenset[str] | None = None
    organisation: str | None = None


def reporter_and_period(report: Report) -> tuple[str, str]:
    if isinstance(report, SchoolMonthlyReport):
        return f"school:{report.school}", report.month
    if isinstance(report, MedQuarterlyReport):
        return "med", f"{report.cycle}:{report.quarter}"
    return f"{report.partner}:{report.reporter}", f"{report.cycle}:{report.quarter}"


def period_bounds(report: Report) -> tuple[date, date]:
    if isinstance(report, SchoolMonthlyReport):
        return first_day(report.month), last_day(report.month)
    first, last = quarter_months(report.cycle, report.quarter)
    return first_day(first), last_day(last)


def scope_problems(report: Report, scope: ReporterScope) -> tuple[Problem, ...]:
    municipality = str(report.municipality)
    if scope.municipalities is not None and municipality not in scope.municipalities:
        return (Problem("municipality", f"this token does not report for {municipality}"),)
    if scope.kinds is not None and report.kind not in scope.kinds:
        sends = " or ".join(sorted(scope.kinds)) or "no report"
        return (Problem("kind", f"this token sends {sends} reports, not {report.kind}"),)
    if scope.organisation is not None and (
        not isinstance(report, PartnerQuarterlyReport) or report.partner != scope.organisation
    ):
        got = report.partner if isinstance(report, PartnerQuarterlyReport) else report.kind
        return (Problem("partner", f"this token reports for a {scope.organisation}, not {got}"),)
    if scope.school is None:
        return ()
    if not isinstance(report, SchoolMonthlyReport):
        return (Problem("kind", f"a school team's token reports only {scope.school}'s month"),)
    if report.school.strip().casefold() != scope.school.strip().casefold():
        return (Problem("school", f"this token reports for {scope.school}, not {report.school}"),)
    return ()


def period_problems(progress: PlanProgress, report: Report, today: date) -> tuple[Problem, ...]:
    field = "month" if isinstance(report, SchoolMonthlyReport) else "quarter"
    begins, _ = period_bounds(report)
    _, period = reporter_and_period(report)
    if isinstance(report, SchoolMonthlyReport):
        if not in_cycle(report.month, progress.cycle):
            return (Problem(field, f"{period} is outside the school year {progress.cycle}"),)
    elif report.cycle != progress.cycle:
        return (Problem("cycle", f"the plan is for {progress.cycle}, not {report.cycle}"),)
    if begins > today:
        return (Problem(field, f"{period} begins on {begins}, after today ({today})"),)
    return ()


def unknown_actions(progress: PlanProgress, report: Report) -> tuple[Problem, ...]:
    """The report's actions that the plan does not have (never right, even in a copy of
    a report already recorded)."""
    if isinstance(report, PartnerQuarterlyReport):
        return ()
    return tuple(
        Problem(f"actions[{i}].action_id", f"{item.action_id} is no action of {progress.plan_id}")
        for i, item in enumerate(report.actions)
        if progress.action(item.action_id) is None
    )


def action_problems(progress: PlanProgress, report: Report) -> tuple[Problem, ...]:
    if isinstance(report, PartnerQuarterlyReport):
        return ()
    problems = []
    for i, item in enumerate(report.actions):
        field = f"actions[{i}].action_id"
        action = progress.action(item.action_id)
        if action is None:  # named by unknown_actions, before the duplicate check
            continue
        if action.status == "cancelled":
            problems.append(Problem(field, f"{item.action_id} was cancelled; it takes no reports"))
        elif isinstance(report, SchoolMonthlyReport) and action.responsible not in SCHOOL_BODIES:
            problems.append(
                Problem(field, f"{item.action_id} is led by {action.responsible}, not a school")
            )
    return tuple(problems)


def enrolment_problems(report: SchoolMonthlyReport, enrolment: int | None) -> tuple[Problem, ...]:
    if enrolment is None:
        return ()
    return tuple(
        Problem(
            f"counts.{name}",
            f"{getattr(report.counts, name)} is more than the {enrolment} pupils enrolled "
            f"at {report.school}",
        )
        for name in _PUPIL_COUNTS
        if getattr(report.counts, name) > enrolment
    )


def measurement_problems(
    progress: PlanProgress, measurements: tuple[IndicatorMeasurement, ...], today: date
) -> tuple[Problem, ...]:
    problems = []
    for i, m in enumerate(measurements):
        field = f"measurements[{i}]"
        action = progress.action(m.indicator_ref)
        unit = (m.unit or "").strip()
        expected = (action.indicator.target_unit or "").strip() if action else ""
        if action is None:
            problems.append(Problem(f"{field}.indicator_ref", f"{m.indicator_ref} is no action"))
        elif expected and unit.casefold() != expected.casefold():
            reason = f"{m.indicator_ref} is measured in {expected}, not {unit}"
            problems.append(Problem(f"{field}.unit", reason))
        elif (unit == "%" and not 0 <= m.value <= 100) or m.value < 0:
            reason = f"{m.value} {unit} is outside the indicator's range"
            problems.append(Problem(f"{field}.value", reason))
        if first_day(m.period) > today:
            problems.append(Problem(f"{field}.period", f"{m.period} has not begun ({today})"))
    return tuple(problems)
