"""The follow-up page and the school team's form, without a server: the chart, the view,
the form's checks and monitoring's refusals mapped back onto its fields."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest

from schemas.progress import PlanTracking
from services.monitoring.domain.alerts import alerts
from services.monitoring.domain.progress import Recorded, apply_report, start
from services.monitoring.domain.reports import ReporterScope
from services.monitoring.domain.snapshot import tracking
from services.reporting.i18n.following import ACTION_STATUS, ALERT_KIND, REPORT_KIND
from services.reporting.i18n.languages import WORKSPACE_LANGS
from services.reporting.i18n.workspace import label_of, translator
from services.reporting.progress_form import refusal_fields, report_body, school_actions
from services.reporting.rendering.follow_up import follow_up_view
from services.reporting.rendering.indicator_chart import ChartWords, indicator_svg
from services.reporting.templating import build_templates
from tests.unit.monitoring_plans import (
    SCHOOLS,
    TODAY,
    adopted_plan,
    measurement,
    med_report,
    school_report,
)

WORDS = ChartWords("RAE-1: dropout rate", "baseline", "target", "No measurement yet.")
SVG = "{http://www.w3.org/2000/svg}"
NOW = datetime(2027, 2, 10, 9, 0, tzinfo=UTC)


def _snapshot() -> PlanTracking:
    progress = start(adopted_plan())
    q1 = med_report(
        measurements=(
            measurement(ref="RAE-1", period="2026-10", value=7.5),
            measurement(ref="RAE-1", period="2026-11", value=8.6),
        )
    )
    for report in (school_report(), q1):
        outcome = apply_report(progress, report, today=TODAY, scope=ReporterScope())
        assert isinstance(outcome, Recorded), outcome
        progress = outcome.progress
    return tracking(progress, alerts(progress, TODAY), TODAY)


def test_the_chart_draws_the_trajectory_and_marks_each_point_on_or_off_track() -> None:
    rae = next(i for i in _snapshot().indicators if i.action_id == "RAE-1")
    svg = ET.fromstring(str(indicator_svg(rae, WORDS)))
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == "RAE-1: dropout rate"
    assert len(svg.findall(f"{SVG}line[@class='trajectory']")) == 1
    states = [c.get("data-on-track") for c in svg.findall(f"{SVG}circle")]
    assert states == ["on", "off"]
    # the off-track November point lies above the line (a dropout rate should fall)
    circles = svg.findall(f"{SVG}circle")
    assert float(circles[1].get("cy") or 0) < float(circles[0].get("cy") or 0)


def test_an_indicator_without_baseline_or_points_says_so() -> None:
    labour = next(i for i in _snapshot().indicators if i.action_id == "CL-1")
    bare = labour.model_copy(update={"baseline_value": None, "points": ()})
    svg = str(indicator_svg(bare, WORDS))
    assert "No measurement yet." in svg
    assert "<circle" not in svg


def test_the_view_marks_overdue_actions_and_late_or_missing_reports() -> None:
    view = follow_up_view(_snapshot(), None, "en")
    lights = {r["a"].action_id: r["light"] for r in view["actions"]}
    assert lights["AB-1"] == "overdue"  # ended in January, on track but not done
    about = {x["a"].key.split(":")[0] + ":" + x["a"].subject: x["about"] for x in view["alerts"]}
    assert about["action_overdue:AB-1"].startswith("AB-1 Home visits")
    assert about[f"report_missing:school:{SCHOOLS[0]}:2026-12"] == f"{SCHOOLS[0]} · 2026-12"
    grid = view["grid"]
    first = next(r for r in grid["rows"] if r["who"] == SCHOOLS[0])
    by_month = dict(zip(grid["months"], first["cells"], strict=True))
    assert by_month["2026-11"] == "on_time"
    assert by_month["2026-12"] == "missing"  # due by 5 January, today is 10 February
    assert by_month["2027-02"] == ""  # not due yet
    assert grid["med"][:2] == ["on_time", ""]  # Q2 is due by 15 March


@pytest.mark.parametrize("lang", WORKSPACE_LANGS)
def test_the_page_renders_in_every_workspace_language(lang: str) -> None:
    snapshot = _snapshot()
    page = build_templates().env.get_template("follow_up.html")
    html = page.render(
        t=translator(lang),  # type: ignore[arg-type]
        lang=lang,
        languages=[],
        municipality="ferizaj",
        user=None,
        tracking=snapshot,
        view=follow_up_view(snapshot, None, lang),  # type: ignore[arg-type]
        may_report=True,
        may_read_plans=True,
        reported=None,
        action_status=label_of(ACTION_STATUS, lang),  # type: ignore[arg-type]
        alert_kind=label_of(ALERT_KIND, lang),  # type: ignore[arg-type]
        report_kind=label_of(REPORT_KIND, lang),  # type: ignore[arg-type]
    )
    t = translator(lang)  # type: ignore[arg-type]
    assert t["tracked_actions"] in html
    assert html.count("<svg") == len(snapshot.indicators)
    assert 'id="tracked-AB-1"' in html
    assert t["missing"] in html


def _form(**fields: str) -> dict[str, str]:
    base = {
        "report_id": "4d5c3a8e-2f1b-4c6d-9e7a-1b2c3d4e5f60",
        "month": "2027-01",
        "ews_flagged": "5",
        "home_visits": "4",
        "csw_referrals": "1",
        "returns_to_school": "2",
        "dropouts": "0",
        "non_enrolled_identified": "1",
        "status-AB-1": "on_track",
        "evidence-AB-1": "Four families visited.",
        "spent-AB-1": "120,50",
    }
    return base | fields


def test_the_form_becomes_a_school_monthly_report() -> None:
    snapshot = _snapshot()
    assert [a.action_id for a in school_actions(snapshot)] == ["AB-1"]
    body, errors = report_body(
        _form(), "Prevention team", SCHOOLS[0], snapshot, NOW, translator("en")
    )
    assert not errors
    assert body["counts"]["ews_flagged"] == 5
    assert body["actions"] == [
        {
            "action_id": "AB-1",
            "status": "on_track",
            "evidence": "Four families visited.",
            "spent_eur": 120.5,
        }
    ]
    assert (body["school"], body["month"], body["plan_id"]) == (
        SCHOOLS[0],
        "2027-01",
        snapshot.plan_id,
    )


def test_bad_fields_are_named_in_the_readers_language() -> None:
    t = translator("sq")
    _, errors = report_body(
        _form(dropouts="-1", home_visits="", month="2027-08", **{"spent-AB-1": "a lot"}),
        "Prevention team",
        SCHOOLS[0],
        _snapshot(),
        NOW,
        t,
    )
    assert set(errors.fields) == {"dropouts", "home_visits", "month", "spent-AB-1"}
    assert errors.fields["dropouts"] == t["whole_number"] != "a whole number, 0 or more"


def test_monitorings_refusals_land_on_the_fields_they_name() -> None:
    body, _ = report_body(
        _form(), "Prevention team", SCHOOLS[0], _snapshot(), NOW, translator("en")
    )
    refused = refusal_fields(
        [
            {"field": "month", "reason": "2027-03 begins after today"},
            {"field": "counts.dropouts", "reason": "more than enrolled"},
            {"field": "actions[0].action_id", "reason": "AB-1 was cancelled"},
            {"field": "school", "reason": "this token reports for another school"},
        ],
        body,
    )
    assert refused.fields == {
        "month": "2027-03 begins after today",
        "dropouts": "more than enrolled",
        "status-AB-1": "AB-1 was cancelled",
        "form": "this token reports for another school",
    }
