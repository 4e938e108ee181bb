"""The follow-up page words each open alert in the reader's language from its kind,
subject and due date (monitoring's `message` is English and is not shown)."""

import re

import pytest

from schemas.progress import Alert, PlanTracking
from services.reporting.i18n.languages import WORKSPACE_LANGS
from services.reporting.rendering import formats
from services.reporting.rendering.follow_up import alert_sentence, follow_up_view
from tests.unit.monitoring_plans import SCHOOLS
from tests.unit.test_follow_up_page import _snapshot

pytestmark = pytest.mark.unit
LANGS = ("en", "sq", "sr", "sr-Cyrl", "tr", "bs")
EXPECTED = {  # a word each language's sentence of each kind must use
    "action_overdue": {
        "en": "was due by",
        "sq": "duhej përfunduar",
        "sr": "trebalo",
        "sr-Cyrl": "требало",
        "tr": "tamamlanması gerekiyordu",
        "bs": "trebala je biti završena",
    },
    "school_missing": {
        "en": "monthly report",
        "sq": "raporti mujor",
        "sr": "mesečni izveštaj",
        "sr-Cyrl": "месечни извештај",
        "tr": "aylık rapor",
        "bs": "mjesečni izvještaj",
    },
    "med_missing": {
        "en": "quarterly report",
        "sq": "Raporti tremujor",
        "sr": "Tromesečni izveštaj",
        "sr-Cyrl": "Тромесечни извештај",
        "tr": "Belediye Eğitim Müdürlüğünün",
        "bs": "tromjesečni izvještaj ODO",
    },
    "indicator_off_track": {
        "en": "expected on the way",
        "sq": "pritej",
        "sr": "očekivano",
        "sr-Cyrl": "очекивано",
        "tr": "bekleniyordu",
        "bs": "očekivano",
    },
}


def test_alerts_are_worded_in_every_workspace_language() -> None:
    assert LANGS == WORKSPACE_LANGS


def _open(snapshot: PlanTracking, kind: str, prefix: str = "") -> Alert:
    return next(a for a in snapshot.open_alerts if a.kind == kind and a.subject.startswith(prefix))


def _med_missing(snapshot: PlanTracking) -> Alert:
    template = _open(snapshot, "report_missing", "school:")
    return template.model_copy(update={"subject": "med:Q2", "key": "report_missing:x:med:Q2"})


@pytest.mark.parametrize("lang", LANGS)
def test_each_kind_of_alert_is_a_sentence_in_the_readers_language(lang: str) -> None:
    snapshot = _snapshot()
    overdue = _open(snapshot, "action_overdue")
    school = _open(snapshot, "report_missing", f"school:{SCHOOLS[0]}:")
    off_track = _open(snapshot, "indicator_off_track")
    cases = {
        "action_overdue": overdue,
        "school_missing": school,
        "med_missing": _med_missing(snapshot),
        "indicator_off_track": off_track,
    }
    for key, alert in cases.items():
        sentence = alert_sentence(alert, snapshot, lang)  # type: ignore[arg-type]
        assert EXPECTED[key][lang] in sentence, (key, sentence)
        assert sentence != alert.message
        assert "{" not in sentence  # every placeholder filled
        if key != "indicator_off_track":
            assert formats.day(alert.due, lang) in sentence  # type: ignore[arg-type]
        if lang != "en":
            assert "was due by" not in sentence
            assert "expected" not in sentence
        if lang == "sr-Cyrl":
            assert re.search("[а-я]", sentence)
    assert SCHOOLS[0] in alert_sentence(school, snapshot, lang)  # type: ignore[arg-type]
    assert overdue.subject in alert_sentence(overdue, snapshot, lang)  # type: ignore[arg-type]


def test_an_off_track_indicator_names_the_measured_and_expected_values() -> None:
    snapshot = _snapshot()
    alert = _open(snapshot, "indicator_off_track")
    [indicator] = [i for i in snapshot.indicators if i.action_id == alert.subject]
    point = indicator.points[-1]
    sentence = alert_sentence(alert, snapshot, "sq")
    assert formats.number(point.value, "sq") in sentence
    assert formats.month(point.period, "sq") in sentence


def test_the_view_gives_each_open_alert_its_sentence() -> None:
    snapshot = _snapshot()
    view = follow_up_view(snapshot, None, "sq")
    assert len(view["alerts"]) == len(snapshot.open_alerts)
    assert all(x["sentence"] and x["sentence"] != x["a"].message for x in view["alerts"])
