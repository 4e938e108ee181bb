"""The municipal working group's quarterly agenda, addressed to the MED director: each
open alert becomes an agenda point (overdue actions, indicators off track, missing
reports), followed by the decisions and minutes the group recorded."""

from collections.abc import Mapping
from typing import Any

from schemas.plans import Quarter
from services.reporting.i18n import Words
from services.reporting.i18n.content import text
from services.reporting.i18n.languages import Lang
from services.reporting.rendering import formats
from services.reporting.rendering.document import (
    Block,
    Bullets,
    Document,
    Inline,
    Pairs,
    Paragraph,
    Run,
    Section,
    plain,
)
from services.reporting.reports.figures import PlanFigures, figures
from services.reporting.reports.periods import last_day, quarter_months
from services.reporting.reports.snapshot import PlanTracking
from services.reporting.reports.wording import (
    STATUSES,
    action_name,
    lead,
    missing_line,
    place,
    report_words,
)
from services.reporting.reports.wording import period as period_name


def _point(head: str, *details: str) -> Inline:
    return (Run(head, "bold"), *(Run(f" — {d}") for d in details if d))


def _overdue(f: PlanFigures, lang: Lang, _: Words, bodies: Mapping[str, str]) -> list[Block]:
    due = {a.subject for a in f.tracking.open_alerts if a.kind == "action_overdue"}
    items = tuple(
        _point(
            action_name(a, lang),
            _("due by {day}", day=formats.day(last_day(a.action.end_month), lang)),
            _("status: {status}", status=_(STATUSES[a.status])),
            _("lead: {lead}", lead=lead(a, bodies)),
            _("to decide: finish, re-plan or cancel, with a new date and who acts"),
        )
        for a in f.actions
        if a.action.action_id in due or a.standing == "overdue"
    )
    return [Bullets(items)] if items else [Paragraph(plain(_("No action is overdue.")))]


def _off_track(f: PlanFigures, lang: Lang, _: Words) -> list[Block]:
    items = []
    for i in f.off_track:
        p = i.latest
        assert p is not None  # off track means a point was judged
        unit = p.unit or i.indicator.unit or ""
        expected = "—" if p.expected is None else formats.number(round(p.expected, 1), lang)
        items.append(
            _point(
                f"{i.indicator.action_id} {text(i.indicator.label, lang)}",
                _(
                    "{value} {unit} in {month}, {expected} {unit} expected",
                    value=formats.number(p.value, lang),
                    unit=unit,
                    month=period_name(p.period, lang),
                    expected=expected,
                ),
                _("to decide: what changes so the indicator gets back on its way"),
            )
        )
    return [Bullets(tuple(items))] if items else [Paragraph(plain(_("No indicator is off track.")))]


def _missing(f: PlanFigures, lang: Lang, _: Words) -> list[Block]:
    items = tuple(
        _point(missing_line(a, lang, _), _("to decide: who follows it up, and by when"))
        for a in f.missing
    )
    return [Bullets(items)] if items else [Paragraph(plain(_("No report is missing.")))]


def _minutes(tracking: PlanTracking, lang: Lang, _: Words) -> list[Block]:
    """The decisions and minutes recorded (monitoring's write side adds them to the
    snapshot); none yet is said so."""
    recorded: tuple[Any, ...] = getattr(tracking, "minutes", ()) or ()
    if not recorded:
        return [Paragraph(plain(_("No decision or minutes recorded yet.")))]
    out: list[Block] = []
    for m in recorded:
        held = getattr(m, "held_on", None)
        head = _("Meeting of {day}", day=formats.day(held, lang)) if held else _("Meeting")
        out.append(Paragraph((Run(head, "bold"),)))
        summary = str(getattr(m, "summary", "") or "")
        if summary:
            out.append(Paragraph(plain(summary)))
        decisions = tuple(plain(str(d)) for d in getattr(m, "decisions", ()) or ())
        if decisions:
            out.append(Bullets(decisions))
    return out


def build(
    tracking: PlanTracking, quarter: Quarter, lang: Lang, bodies: Mapping[str, str] | None = None
) -> Document:
    _ = report_words(lang)
    months = quarter_months(tracking.cycle, quarter)
    f = figures(tracking, last_day(months[-1]), months)
    q = formats.quarter(quarter, lang)
    where = place(tracking, lang)
    header = Pairs(
        (
            (
                _("To"),
                _("The director of the Municipal Education Directorate, {place}", place=where),
            ),
            (_("From"), _("The municipal working group on school dropout")),
            (
                _("Meeting"),
                _(
                    "Quarterly review of {quarter}, school year {cycle}",
                    quarter=q,
                    cycle=tracking.cycle,
                ),
            ),
            (_("Open alerts"), str(len(tracking.open_alerts))),
            (_("Figures as of"), formats.day(f.day, lang)),
        )
    )
    parts: list[tuple[str, str, list[Block]]] = [
        ("overdue", _("Overdue actions"), _overdue(f, lang, _, bodies or {})),
        ("off_track", _("Indicators off track"), _off_track(f, lang, _)),
        ("missing", _("Missing reports"), _missing(f, lang, _)),
        ("minutes", _("Decisions and minutes recorded"), _minutes(tracking, lang, _)),
    ]
    title = _(
        "Agenda of the municipal working group, {quarter} — {place}, school year {cycle}",
        quarter=q,
        place=where,
        cycle=tracking.cycle,
    )
    return Document(
        lang=lang,
        title=title,
        marker=title,
        meta=(_("Adopted plan, version {version}", version=tracking.version),),
        approval=Section("addressed", 0, _("Addressed to"), (header,)),
        sections=tuple(
            Section(key, n, heading, tuple(blocks))
            for n, (key, heading, blocks) in enumerate(parts, start=1)
        ),
    )
