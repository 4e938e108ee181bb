"""The semester report to MESTI across municipalities: each adopted plan's implementation
side by side, the overdue actions and off-track indicators, and the schools' monthly
counts added up (pupils, never names)."""

from collections.abc import Sequence
from decimal import Decimal

from services.reporting.i18n import N_, Words
from services.reporting.i18n.content import text
from services.reporting.i18n.languages import Lang
from services.reporting.rendering import formats
from services.reporting.rendering.document import (
    Block,
    Document,
    Paragraph,
    Section,
    Table,
    plain,
)
from services.reporting.reports.figures import PlanFigures, figures
from services.reporting.reports.periods import Semester, last_day, semester_months
from services.reporting.reports.snapshot import PlanTracking
from services.reporting.reports.wording import action_name, place, report_words


def _side_by_side(all_: Sequence[PlanFigures], lang: Lang, _: Words) -> list[Block]:
    header = (
        _("Municipality"),
        _("Actions"),
        _("Done or on track"),
        _("Overdue"),
        _("Indicators off track"),
        _("Reports missing"),
        _("Budget planned"),
        _("Spent so far"),
    )
    rows = tuple(
        (
            (plain(place(f.tracking, lang)),),
            (plain(str(len(f.live))),),
            (plain(formats.share(f.share("done", "on_track"), lang)),),
            (plain(str(len(f.overdue))),),
            (plain(str(len(f.off_track))),),
            (plain(str(len(f.missing))),),
            (plain(formats.eur(f.planned_eur, lang)),),
            (plain(formats.eur(f.spent_eur, lang)),),
        )
        for f in all_
    )
    planned = sum((f.planned_eur for f in all_), start=Decimal(0))
    spent = sum((f.spent_eur for f in all_), start=Decimal(0))
    live = sum(len(f.live) for f in all_)
    on = sum(f.count("done", "on_track") for f in all_)
    total = (
        _("Total"),
        str(live),
        formats.share(on / live if live else None, lang),
        str(sum(len(f.overdue) for f in all_)),
        str(sum(len(f.off_track) for f in all_)),
        str(sum(len(f.missing) for f in all_)),
        formats.eur(planned, lang),
        formats.eur(spent, lang),
    )
    widths = (2.4, 1.0, 1.4, 1.0, 1.4, 1.2, 1.5, 1.5)
    return [Table(header, rows, numeric=frozenset(range(1, 8)), total=total, widths=widths)]


def _overdue(all_: Sequence[PlanFigures], lang: Lang, _: Words) -> list[Block]:
    rows = tuple(
        (
            (plain(place(f.tracking, lang)),),
            (plain(action_name(a, lang)),),
            (plain(formats.day(last_day(a.action.end_month), lang)),),
        )
        for f in all_
        for a in f.overdue
    )
    if not rows:
        return [Paragraph(plain(_("No action is overdue.")))]
    return [Table((_("Municipality"), _("Action"), _("Due by")), rows, widths=(2.0, 5.0, 1.6))]


def _off_track(all_: Sequence[PlanFigures], lang: Lang, _: Words) -> list[Block]:
    rows = []
    for f in all_:
        for i in f.off_track:
            p = i.latest
            assert p is not None
            unit = p.unit or i.indicator.unit or ""
            expected = "—" if p.expected is None else formats.number(round(p.expected, 1), lang)
            rows.append(
                (
                    (plain(place(f.tracking, lang)),),
                    (plain(f"{i.indicator.action_id} {text(i.indicator.label, lang)}"),),
                    (plain(f"{formats.number(p.value, lang)} {unit}".strip()),),
                    (plain(f"{expected} {unit}".strip()),),
                )
            )
    if not rows:
        return [Paragraph(plain(_("No indicator is off track.")))]
    header = (_("Municipality"), _("Indicator"), _("Latest value"), _("Expected"))
    return [Table(header, tuple(rows), numeric=frozenset({2, 3}), widths=(2.0, 4.4, 1.3, 1.3))]


COUNTS = (
    ("ews_flagged", N_("Pupils flagged by the EWS")),
    ("home_visits", N_("Home visits")),
    ("csw_referrals", N_("Referrals to the CSW")),
    ("returns_to_school", N_("Returns to school")),
    ("dropouts", N_("Dropouts")),
    ("non_enrolled_identified", N_("Children found not enrolled")),
)


def _schools(
    all_: Sequence[PlanFigures], months: tuple[str, ...], lang: Lang, _: Words
) -> list[Block]:
    header = (_("Municipality"), *(_(label) for _key, label in COUNTS))
    rows = []
    for f in all_:
        mine = [m for m in f.tracking.school_months if m.month in months]
        sums = [sum(getattr(m.counts, key) for m in mine) for key, _label in COUNTS]
        rows.append(((plain(place(f.tracking, lang)),), *((plain(str(n)),) for n in sums)))
    return [Table(header, tuple(rows), numeric=frozenset(range(1, 7)))]


def build(
    trackings: Sequence[PlanTracking], cycle: str, semester: Semester, lang: Lang
) -> Document:
    _ = report_words(lang)
    months = semester_months(cycle, semester)
    day = last_day(months[-1])
    mine = sorted((t for t in trackings if t.cycle == cycle), key=lambda t: t.municipality.value)
    all_ = [figures(t, day, months) for t in mine]
    s = _("first semester") if semester == "S1" else _("second semester")
    title = _("Semester report to MESTI — {semester}, school year {cycle}", semester=s, cycle=cycle)
    meta = (
        _(
            "{n} municipalities with an adopted plan; {first} – {last}",
            n=len(mine),
            first=formats.month(months[0], lang),
            last=formats.month(months[-1], lang),
        ),
    )
    if all_:
        parts: list[tuple[str, str, list[Block]]] = [
            ("municipalities", _("Implementation by municipality"), _side_by_side(all_, lang, _)),
            ("overdue", _("Overdue actions"), _overdue(all_, lang, _)),
            ("indicators", _("Indicators off track"), _off_track(all_, lang, _)),
            ("schools", _("Schools' monthly counts, added up"), _schools(all_, months, lang, _)),
        ]
    else:
        parts = [
            (
                "municipalities",
                _("Implementation by municipality"),
                [Paragraph(plain(_("No municipality has an adopted plan followed yet.")))],
            )
        ]
    return Document(
        lang=lang,
        title=title,
        marker=title,
        meta=meta,
        approval=None,
        sections=tuple(
            Section(key, n, heading, tuple(blocks))
            for n, (key, heading, blocks) in enumerate(parts, start=1)
        ),
    )
