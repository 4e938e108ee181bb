"""The reports' own words (the `reports` gettext catalogue) and the pieces every report
words the same way: an action's light, a reporter, a report kind, an alert."""

from collections.abc import Mapping
from typing import Final

from schemas.progress import Alert
from services.reporting.i18n import N_, Words, words
from services.reporting.i18n.content import text
from services.reporting.i18n.languages import LANGS, Lang, municipality_name
from services.reporting.rendering import formats
from services.reporting.reports.figures import ActionFigure, Light, Standing
from services.reporting.reports.snapshot import PlanTracking, ReportReceived

# The languages the reports are written in: every language of the plans (their catalogue:
# sq, sr_Latn, tr, bs; sr-Cyrl is sr_Latn transliterated).
REPORT_LANGS: Final[tuple[Lang, ...]] = LANGS

STANDINGS: Final[dict[Standing, str]] = {
    "done": N_("done"),
    "on_track": N_("on track"),
    "delayed": N_("delayed"),
    "overdue": N_("overdue"),
    "late_start": N_("not started, due to have started"),
    "not_due": N_("not started yet, not due"),
    "cancelled": N_("cancelled"),
}
STATUSES: Final[dict[str, str]] = {
    "not_started": N_("not started"),
    "on_track": N_("on track"),
    "delayed": N_("delayed"),
    "done": N_("done"),
    "cancelled": N_("cancelled"),
}
LIGHT_NAMES: Final[dict[Light, str]] = {
    "green": N_("green"),
    "amber": N_("amber"),
    "red": N_("red"),
    "grey": N_("grey"),
}
KINDS: Final[dict[str, str]] = {
    "school_monthly": N_("school monthly report"),
    "med_quarterly": N_("MED quarterly report"),
    "partner_quarterly": N_("partner quarterly report"),
}
PARTNERS: Final[dict[str, str]] = {
    "csw": N_("Centre for Social Work"),
    "mocr": N_("Municipal Office for Communities and Returns"),
    "mediator": N_("Mediator"),
    "ngo": N_("NGO"),
}
ALERT_KINDS: Final[dict[str, str]] = {
    "action_overdue": N_("action overdue"),
    "indicator_off_track": N_("indicator off track"),
    "report_missing": N_("report missing"),
}


def report_words(lang: Lang) -> Words:
    return words(lang, "reports")


def light(f: ActionFigure, _: Words) -> str:
    """ "● green · on track": the light and why, in words (a printout may be grey)."""
    return f"● {_(LIGHT_NAMES[f.light])} · {_(STANDINGS[f.standing])}"


def reporter(key: str, _: Words) -> str:
    """A reporter's key as a reader knows it: the school's name, the MED, the partner."""
    kind, _sep, name = key.partition(":")
    if kind == "school":
        return name
    if kind == "med":
        return _("MED focal officer")
    if kind in PARTNERS:
        return f"{_(PARTNERS[kind])}: {name}" if name else _(PARTNERS[kind])
    return key


def period(value: str, lang: Lang) -> str:
    """`2026-10` as "Oct 2026"; `2026-2027:Q2` or `Q2` as "T2" (in Albanian)."""
    tail = value.rsplit(":", 1)[-1]
    if tail[:1] == "Q":
        return formats.quarter(tail, lang)
    return formats.month(tail, lang) if len(tail) == 7 else value


def received_line(r: ReportReceived, lang: Lang, _: Words) -> str:
    return f"{_(KINDS.get(r.kind, r.kind))}: {reporter(r.reporter, _)}, {period(r.period, lang)}"


def missing_line(alert: Alert, lang: Lang, _: Words) -> str:
    """A `report_missing` alert (subject `school:<name>:<month>` or `med:Q<n>`) in words."""
    kind, _sep, rest = alert.subject.partition(":")
    due = formats.day(alert.due, lang)
    if kind == "school":
        school, _sep, month = rest.rpartition(":")
        return _(
            "{school}: the monthly report for {month}, due by {due}",
            school=school,
            month=period(month, lang),
            due=due,
        )
    if kind == "med":
        return _(
            "MED focal officer: the quarterly report for {quarter}, due by {due}",
            quarter=period(rest, lang),
            due=due,
        )
    return f"{alert.subject}, {due}"


def action_name(f: ActionFigure, lang: Lang) -> str:
    return f"{f.action.action_id} {text(f.action.label, lang)}"


def lead(f: ActionFigure, bodies: Mapping[str, str]) -> str:
    """Who leads the action: its focal point as the working group wrote it, else the lead
    body's name in `lang` (from the adopted plan), else its code."""
    a = f.action
    return a.focal_point or bodies.get(a.responsible) or a.responsible


def place(tracking: PlanTracking, lang: Lang) -> str:
    return municipality_name(tracking.municipality.value, lang)
