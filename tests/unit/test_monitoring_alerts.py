"""Alerts from the tracked state and a fixed clock; the events that say what changed."""

from dataclasses import replace
from datetime import date

import pytest

from schemas.progress import ActionStatusReport, AlertClearedEvent, AlertRaisedEvent
from services.monitoring.domain.alerts import alerts, diff_alerts
from services.monitoring.domain.progress import Recorded, apply_report, start
from services.monitoring.domain.reports import ReporterScope
from services.monitoring.domain.state import PlanProgress
from services.wording.catalogue import LANGS, reader_lang, workspace_words
from tests.unit.monitoring_plans import (
    NOW,
    PLAN_ID,
    SCHOOLS,
    TODAY,
    adopted_plan,
    measurement,
    med_report,
    school_report,
)

ANYONE = ReporterScope()


def _with(*reports: object, today: date = TODAY) -> PlanProgress:
    progress = start(adopted_plan())
    for report in reports:
        outcome = apply_report(progress, report, today=today, scope=ANYONE)  # type: ignore[arg-type]
        assert isinstance(outcome, Recorded), outcome
        progress = outcome.progress
    return progress


def _keys(progress: PlanProgress, today: date = TODAY) -> set[str]:
    return {a.key for a in alerts(progress, today)}


def test_an_action_past_its_end_month_and_not_done_is_overdue() -> None:
    found = [a for a in alerts(_with(), TODAY) if a.kind == "action_overdue"]
    assert [a.subject for a in found] == ["AB-1"]
    assert found[0].due == date(2027, 1, 31)
    assert found[0].addressed_to == "med_director"
    assert "not started" in found[0].message
    assert f"action_overdue:{PLAN_ID}:AB-1" not in _keys(_with(), date(2027, 1, 31))


def test_a_done_action_is_not_overdue() -> None:
    done = ActionStatusReport(action_id="AB-1", status="done", evidence="all flagged visited")
    progress = _with(school_report(month="2027-01", actions=(done,)))
    assert f"action_overdue:{PLAN_ID}:AB-1" not in _keys(progress)


def test_a_school_report_is_missing_after_the_fifth_of_the_next_month() -> None:
    key = f"report_missing:{PLAN_ID}:school:{SCHOOLS[0]}:2027-01"
    assert key not in _keys(_with(), date(2027, 2, 5))
    assert key in _keys(_with(), date(2027, 2, 6))
    assert key not in _keys(_with(school_report(month="2027-01")), date(2027, 2, 6))


def test_months_before_adoption_are_not_asked_for() -> None:
    missing = {a.subject for a in alerts(_with(), TODAY) if a.subject.startswith("school:")}
    months = {s.rsplit(":", 1)[1] for s in missing}
    assert months == {"2026-10", "2026-11", "2026-12", "2027-01"}
    assert len(missing) == 4 * len(SCHOOLS)


def test_the_meds_quarterly_report_is_missing_after_its_deadline() -> None:
    key = f"report_missing:{PLAN_ID}:med:Q1"
    assert key not in _keys(_with(), date(2026, 12, 15))
    assert key in _keys(_with(), date(2026, 12, 16))
    assert key not in _keys(_with(med_report()), date(2026, 12, 16))
    assert f"report_missing:{PLAN_ID}:med:Q2" not in _keys(_with())  # due 15 March


def test_an_indicator_above_its_falling_trajectory_is_off_track() -> None:
    late = med_report(quarter="Q2", measurements=(measurement(period="2027-01", value=7.9),))
    (alert,) = [a for a in alerts(_with(late), TODAY) if a.kind == "indicator_off_track"]
    assert alert.subject == "RAE-1"
    assert "7.9 % in 2027-01, 6.4 % expected" in alert.message
    good = med_report(quarter="Q2", measurements=(measurement(period="2027-01", value=6.5),))
    assert not [a for a in alerts(_with(good), TODAY) if a.kind == "indicator_off_track"]


WORDS = {lang: workspace_words(lang) for lang in LANGS}


def test_alerts_are_worded_in_every_workspace_language_beside_the_english_message() -> None:
    late = med_report(quarter="Q2", measurements=(measurement(period="2027-01", value=7.9),))
    found = {(a.kind, a.subject): a for a in alerts(_with(late), TODAY, words=WORDS)}
    overdue = found[("action_overdue", "AB-1")]
    assert overdue.message.startswith("AB-1 (Home visits")  # unchanged for its consumers
    assert set(overdue.messages) == {"en", "sq", "sr", "sr-Cyrl", "tr", "bs"}
    assert overdue.messages["en"] == (
        "AB-1 Home visits within two weeks for every pupil the EWS flags was due by "
        "2027-01-31 and is not started."
    )
    assert overdue.messages["sq"].startswith("AB-1 Vizita në shtëpi")
    assert "duhej përfunduar deri më 2027-01-31 dhe është pa filluar." in overdue.messages["sq"]
    assert "je trebalo da bude završena do 2027-01-31" in overdue.messages["sr"]
    assert "је требало да буде завршена до 2027-01-31" in overdue.messages["sr-Cyrl"]
    # Turkish and Bosnian from the same catalogue, the action named in the reader's language.
    turkish, bosnian = overdue.messages["tr"], overdue.messages["bs"]
    assert "2027-01-31 tarihine kadar tamamlanması gerekiyordu; durumu: başlamadı." in turkish
    assert "trebala je biti završena do 2027-01-31; status: nije započeto." in bosnian
    assert "was due by" not in turkish + bosnian
    med = found[("report_missing", "med:Q1")]
    assert (
        med.messages["sq"] == "Raporti tremujor i DKA-së për Q1 duhej dorëzuar deri më 2026-12-15."
    )
    off = found[("indicator_off_track", "RAE-1")]
    assert "7.9 %" in off.messages["sq"]
    assert "6.4 %" in off.messages["sr"]


def test_an_action_is_named_in_the_language_its_plan_writes_it_in() -> None:
    progress = _with()
    written = {"sr": "Kućne posete", "tr": "Ev ziyaretleri", "bs": "Kućne posjete"}
    actions = tuple(
        a.model_copy(update={"label": a.label.model_copy(update=written)})
        if a.action_id == "AB-1"
        else a
        for a in progress.actions
    )
    found = alerts(replace(progress, actions=actions), TODAY, words=WORDS)
    overdue = next(a for a in found if a.kind == "action_overdue" and a.subject == "AB-1")
    assert overdue.messages["tr"].startswith("AB-1 Ev ziyaretleri: ")
    assert overdue.messages["bs"].startswith("Aktivnost AB-1 Kućne posjete trebala je")
    assert overdue.messages["sr-Cyrl"].startswith("AB-1 Кућне посете ")
    # A language the label is not written in reads the English, never a transliteration.
    assert overdue.messages["sq"].startswith("AB-1 Vizita")
    bare = next(a for a in alerts(progress, TODAY, words=WORDS) if a.subject == "AB-1")
    assert bare.messages["tr"].startswith("AB-1 Home visits within two weeks")
    assert bare.messages["sr-Cyrl"].startswith("AB-1 Home visits within two weeks")


def test_without_words_an_alert_has_its_english_message_only() -> None:
    assert all(a.messages == {} and a.message for a in alerts(_with(), TODAY))


def test_alerts_are_deterministic_and_sorted() -> None:
    progress = _with(med_report())
    first = alerts(progress, TODAY)
    assert first == alerts(progress, TODAY)
    assert [a.key for a in first] == sorted(a.key for a in first)


def test_the_diff_raises_new_alerts_and_clears_those_no_longer_in_force() -> None:
    before = alerts(_with(), date(2026, 12, 16))
    after = alerts(_with(med_report()), TODAY)
    events = diff_alerts(before, after, TODAY, NOW)
    raised = {e.data.alert.key for e in events if isinstance(e, AlertRaisedEvent)}
    cleared = {e.data.alert.key for e in events if isinstance(e, AlertClearedEvent)}
    assert cleared == {f"report_missing:{PLAN_ID}:med:Q1"}
    assert f"action_overdue:{PLAN_ID}:AB-1" in raised
    assert f"report_missing:{PLAN_ID}:school:{SCHOOLS[2]}:2027-01" in raised
    assert raised.isdisjoint(a.key for a in before)
    assert {e.type for e in events} == {"org.dmap.alert.raised.v1", "org.dmap.alert.cleared.v1"}
    assert {e.subject for e in events} == {PLAN_ID}


def test_recomputing_the_diff_gives_the_same_event_ids() -> None:
    before = alerts(_with(), date(2026, 12, 16))
    after = alerts(_with(med_report()), TODAY)
    once = diff_alerts(before, after, TODAY, NOW)
    assert [e.id for e in once] == [e.id for e in diff_alerts(before, after, TODAY, NOW)]
    assert diff_alerts(after, after, TODAY, NOW) == ()


@pytest.mark.parametrize(
    ("asked", "accept", "lang"),
    [
        ("sq", "sr", "sq"),
        (None, "sq-AL,sq;q=0.9", "sq"),
        (None, "sr-Latn-RS", "sr"),
        (None, "sr", "sr-Cyrl"),
        (None, "de-DE", "en"),
        ("tr", None, "tr"),
        ("bs", "sq", "bs"),
        (None, "tr-TR,tr;q=0.9", "tr"),
        (None, "bs-BA", "bs"),
        (None, "hr-HR", "bs"),  # ijekavian in Latin script: Bosnian reads closest
        ("xx", None, "en"),  # an unknown `?lang=` never reaches here: the API refuses it
    ],
)
def test_the_api_answers_in_the_reader_s_language(
    asked: str | None, accept: str | None, lang: str
) -> None:
    assert reader_lang(asked, accept) == lang
