"""The municipal working group's quarterly agenda, addressed to the MED director: each
open alert becomes an agenda point (overdue actions, indicators off track, missing
reports), followed by the decisions and minutes the group recorded (`minutes` of the
tracking snapshot, recorded by the MED director through monitoring's `POST /meetings`)."""

from collections.abc import Mapping
from typing import Final, get_args

from schemas.plans import Quarter
from schemas.progress import Decision
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

QUARTERS: Final[tuple[Quarter, ...]] = get_args(Quarter)


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


def _minutes(
    f: PlanFigures, quarter: Quarter, lang: Lang, _: Words, bodies: Mapping[str, str]
) -> list[Block]:
    """Every meeting the group recorded for this quarter or an earlier one, oldest first:
    who was there, what it decided (an action's new status with the reason), its minutes."""
    upto = QUARTERS.index(quarter)
    recorded = [m for m in f.tracking.minutes if QUARTERS.index(m.quarter) <= upto]
    # Where the director records this meeting (the workspace's form for it).
    form = f"/ui/plans/{f.tracking.municipality}/meeting?quarter={quarter}"
    where = Paragraph(plain(_("Record this meeting in the workspace: {path}", path=form)))
    if not recorded:
        return [Paragraph(plain(_("No decision or minutes recorded yet."))), where]
    names = {a.action.action_id: action_name(a, lang) for a in f.actions}
    out: list[Block] = []
    for m in recorded:
        head = _(
            "Meeting of {day}, review of {quarter}",
            day=formats.day(m.held_on, lang),
            quarter=formats.quarter(m.quarter, lang),
        )
        out.append(Paragraph((Run(head, "bold"),)))
        out.append(Paragraph(plain(_("Present: {bodies}", bodies=", ".join(m.attendees)))))
        if m.decisions:
            out.append(Bullets(tuple(_decision(d, names, lang, _, bodies) for d in m.decisions)))
        else:
            out.append(Paragraph(plain(_("No decision recorded."))))
        if m.minutes.strip():
            out.append(Paragraph((Run(_("Minutes:"), "bold"), Run(f" {m.minutes.strip()}"))))
    return [*out, where]


def _decision(
    d: Decision, names: Mapping[str, str], lang: Lang, _: Words, bodies: Mapping[str, str]
) -> Inline:
    action = names.get(d.action_id, d.action_id) if d.action_id else ""
    who = bodies.get(d.responsible, d.responsible) if d.responsible else ""
    status = (
        _("status set to {status}: {reason}", status=_(STATUSES[d.sets_status]), reason=d.reason)
        if d.sets_status
        else ""
    )
    return _point(
        d.text,
        _("action {action}", action=action) if action else "",
        _("who acts: {body}", body=who) if who else "",
        _("by {month}", month=formats.month(d.due_month, lang)) if d.due_month else "",
        status,
    )


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
        (
            "minutes",
            _("Decisions and minutes recorded"),
            _minutes(f, quarter, lang, _, bodies or {}),
        ),
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
