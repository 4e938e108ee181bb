"""Reports are recorded once, or refused field by field; nothing recorded is lost."""

from datetime import date
from typing import Any

import pytest

from schemas.progress import ActionStatusReport, SchoolMonthlyReport
from services.monitoring.domain.progress import (
    Duplicate,
    Recorded,
    adopt_amended,
    apply_report,
    start,
)
from services.monitoring.domain.redacting import redact_report
from services.monitoring.domain.refusals import Problem, Refused
from services.monitoring.domain.reports import ReporterScope
from services.monitoring.domain.state import PlanProgress
from tests.unit.monitoring_plans import (
    SCHOOLS,
    TODAY,
    adopted_plan,
    counts,
    measurement,
    med_report,
    partner_report,
    rid,
    school_report,
)

FERIZAJ = ReporterScope(municipalities=frozenset({"ferizaj"}))
SCHOOL_TEAM = ReporterScope(municipalities=frozenset({"ferizaj"}), school=SCHOOLS[0])


def _progress() -> PlanProgress:
    return start(adopted_plan())


def _apply(report: Any, progress: PlanProgress | None = None, **kw: Any) -> Any:
    kw = {"today": TODAY, "scope": FERIZAJ} | kw
    return apply_report(progress or _progress(), report, **kw)


def _problems(outcome: Any) -> list[Problem]:
    assert isinstance(outcome, Refused), outcome
    return list(outcome.problems)


def test_a_school_report_is_recorded_with_its_action_status() -> None:
    outcome = _apply(school_report(), scope=SCHOOL_TEAM)
    assert isinstance(outcome, Recorded)
    progress = outcome.progress
    home = progress.action("AB-1")
    assert home is not None
    assert home.status == "on_track"
    assert home.history[-1].reported_by == SCHOOLS[0]
    assert (home.history[-1].on, home.history[-1].period) == (date(2026, 11, 30), "2026-11")
    assert progress.school_months[0].counts == counts()
    assert progress.schools == tuple(sorted(SCHOOLS))


def test_a_med_report_records_statuses_spending_and_measurements() -> None:
    outcome = _apply(med_report(measurements=(measurement(period="2026-11", value=8.1),)))
    assert isinstance(outcome, Recorded)
    centres = outcome.progress.action("RAE-1")
    assert centres is not None
    assert (centres.status, centres.spent_eur) == ("on_track", 6250.0)
    assert outcome.progress.measurements[0].value == 8.1


def test_a_partner_report_is_recorded() -> None:
    outcome = _apply(partner_report())
    assert isinstance(outcome, Recorded)
    assert outcome.progress.reports[0].reporter == "csw:QPS Ferizaj"


def test_the_same_report_twice_is_recorded_once() -> None:
    first = _apply(school_report())
    assert isinstance(first, Recorded)
    again = _apply(school_report(), first.progress)
    assert again == Duplicate(rid(f"{SCHOOLS[0]}:2026-11"))


def test_a_second_report_for_the_same_month_from_the_same_school_is_not_doubled() -> None:
    first = _apply(school_report())
    assert isinstance(first, Recorded)
    resent = school_report(report_id=rid("resent from the phone"), counts=counts(dropouts=2))
    assert _apply(resent, first.progress) == Duplicate(rid(f"{SCHOOLS[0]}:2026-11"))
    other_school = _apply(school_report(school=SCHOOLS[1]), first.progress)
    assert isinstance(other_school, Recorded)
    assert len(other_school.progress.school_months) == 2


def test_a_report_for_a_plan_not_adopted_is_refused() -> None:
    outcome = apply_report(None, school_report(), today=TODAY, scope=FERIZAJ)
    assert _problems(outcome) == [
        Problem("plan_id", "ferizaj:2026-2027 has no adopted version to report on")
    ]


def test_a_month_in_the_future_is_refused() -> None:
    (problem,) = _problems(_apply(school_report(month="2027-03")))
    assert problem.field == "month"
    assert "after today (2027-02-10)" in problem.reason


def test_a_quarter_in_the_future_is_refused() -> None:
    (problem,) = _problems(_apply(med_report(quarter="Q3")))
    assert (problem.field, problem.reason) == (
        "quarter",
        "2026-2027:Q3 begins on 2027-03-01, after today (2027-02-10)",
    )


def test_the_current_month_may_be_reported() -> None:
    assert isinstance(_apply(school_report(month="2027-02")), Recorded)


def test_a_month_outside_the_school_year_is_refused() -> None:
    (problem,) = _problems(_apply(school_report(month="2026-08")))
    assert "outside the school year 2026-2027" in problem.reason


def test_an_unknown_action_is_refused() -> None:
    unknown = ActionStatusReport(action_id="XX-9", status="done", evidence="?")
    (problem,) = _problems(_apply(school_report(actions=(unknown,))))
    assert problem == Problem("actions[0].action_id", "XX-9 is no action of ferizaj:2026-2027")


def test_an_unknown_action_is_named_even_in_a_copy_of_a_recorded_report() -> None:
    # A file imported twice names the same bad rows, whether or not the first import
    # was applied yet (not "already accepted" for a row that never was).
    first = _apply(school_report())
    assert isinstance(first, Recorded)
    unknown = ActionStatusReport(action_id="XX-9", status="done", evidence="?")
    listed = (*school_report().actions, unknown)
    (problem,) = _problems(_apply(school_report(actions=listed), first.progress))
    assert problem == Problem("actions[1].action_id", "XX-9 is no action of ferizaj:2026-2027")


def test_a_school_reports_only_on_actions_schools_lead() -> None:
    csw = ActionStatusReport(action_id="CL-1", status="done")
    (problem,) = _problems(_apply(school_report(actions=(csw,))))
    assert problem.reason == "CL-1 is led by csw, not a school"


def test_a_cancelled_action_takes_no_more_reports() -> None:
    kept = [p for p in adopted_plan().priorities if p.category != "child_labour"]
    plan = adopted_plan(*kept, version=2)
    progress = adopt_amended(_progress(), plan)
    (problem,) = _problems(_apply(med_report(), progress))
    assert problem.reason == "CL-1 was cancelled; it takes no reports"


def test_a_count_above_the_schools_enrolment_is_refused() -> None:
    report = school_report(counts=counts(ews_flagged=700, dropouts=2))
    problems = _problems(_apply(report, enrolments={SCHOOLS[0]: 612}))
    assert problems == [
        Problem(
            "counts.ews_flagged", "700 is more than the 612 pupils enrolled at SHFMU Ismail Qemali"
        )
    ]
    assert isinstance(_apply(report, enrolments={SCHOOLS[1]: 300}), Recorded)


@pytest.mark.parametrize(
    ("scope", "report", "field"),
    [
        (SCHOOL_TEAM, school_report(school=SCHOOLS[1]), "school"),
        (ReporterScope(frozenset({"prizren"})), school_report(), "municipality"),
        (SCHOOL_TEAM, med_report(), "kind"),
    ],
)
def test_a_report_outside_the_tokens_scope_is_refused(
    scope: ReporterScope, report: Any, field: str
) -> None:
    (problem,) = _problems(_apply(report, scope=scope))
    assert problem.field == field


@pytest.mark.parametrize(
    ("m", "field", "reason"),
    [
        (measurement(unit="pupils"), "unit", "RAE-1 is measured in %, not pupils"),
        (measurement(value=130.0), "value", "130.0 % is outside the indicator's range"),
        (measurement(ref="CL-1", unit="pupils", value=-3), "value", "outside"),
        (measurement(ref="ZZ-1"), "indicator_ref", "ZZ-1 is no action"),
        (measurement(period="2027-04"), "period", "2027-04 has not begun"),
    ],
)
def test_a_bad_measurement_is_refused(m: Any, field: str, reason: str) -> None:
    (problem,) = _problems(_apply(med_report(quarter="Q2", measurements=(m,))))
    assert problem.field == f"measurements[0].{field}"
    assert reason in problem.reason


def test_a_refusal_changes_nothing_already_recorded() -> None:
    recorded = _apply(school_report())
    assert isinstance(recorded, Recorded)
    before = recorded.progress
    _problems(_apply(school_report(school=SCHOOLS[1], month="2027-05"), before))
    assert before == recorded.progress
    assert len(before.reports) == 1


def test_a_count_above_the_enrolment_the_school_gives_is_refused() -> None:
    (problem,) = _problems(_apply(school_report(enrolled=12)))  # 14 EWS-flagged
    assert (problem.field, problem.reason) == (
        "counts.ews_flagged",
        f"14 is more than the 12 pupils enrolled at {SCHOOLS[0]}",
    )


def test_the_last_enrolment_a_school_gave_holds_for_its_later_months() -> None:
    first = _apply(school_report(enrolled=300))
    assert isinstance(first, Recorded)
    later = school_report(month="2026-12", counts=counts(ews_flagged=301))
    (problem,) = _problems(_apply(later, first.progress))
    assert problem.field == "counts.ews_flagged"
    assert "300 pupils enrolled" in problem.reason
    # Another school's enrolment is not this one's.
    other = school_report(school=SCHOOLS[1], counts=counts(ews_flagged=301))
    assert isinstance(_apply(other, first.progress), Recorded)


def test_evidence_is_redacted_and_counted_before_it_is_kept() -> None:
    leaky = ActionStatusReport(
        action_id="AB-1",
        status="on_track",
        evidence="Nxënësja Arta Krasniqi u vizitua; nëna: arta.k@gmail.com, 044 123 456",
    )
    redacted, counts_removed = redact_report(school_report(actions=(leaky,)))
    assert isinstance(redacted, SchoolMonthlyReport)
    assert redacted.actions[0].evidence == "Nxënësja [NAME] u vizitua; nëna: [EMAIL], [PHONE]"
    assert counts_removed == {"email": 1, "name": 1, "phone": 1}
    assert redact_report(redacted) == (redacted, {})
    assert redact_report(partner_report()) == (partner_report(), {})
