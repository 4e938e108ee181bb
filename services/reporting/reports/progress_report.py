"""The quarterly progress report of one municipality's adopted plan, as a `Document`:
a traffic light per action, the overdue actions, indicator trends against their
trajectory, budget planned against spent, and the reports received and missing."""

from collections.abc import Mapping

from schemas.plans import Quarter
from services.reporting.i18n import Words
from services.reporting.i18n.content import text
from services.reporting.i18n.languages import Lang
from services.reporting.rendering import formats
from services.reporting.rendering.chart_figure import ChartWords, indicator_figure
from services.reporting.rendering.document import (
    Block,
    Bullets,
    Chart,
    Document,
    Heading,
    Pairs,
    Paragraph,
    Run,
    Section,
    Table,
    plain,
)
from services.reporting.rendering.indicator_chart import figure_svg
from services.reporting.rendering.sparkline import trend_bars
from services.reporting.reports.figures import PlanFigures, figures
from services.reporting.reports.periods import last_day, quarter_months
from services.reporting.reports.snapshot import PlanTracking, TrackedIndicator
from services.reporting.reports.wording import (
    STATUSES,
    action_name,
    lead,
    light,
    missing_line,
    place,
    received_line,
    report_words,
)
from services.reporting.reports.wording import period as period_name


def _cell(value: str) -> tuple[tuple[Run, ...], ...]:
    return (plain(value),)


def at_a_glance(f: PlanFigures, lang: Lang, _: Words) -> Pairs:
    """The plan's figures in a few lines (also the semester report's per plan)."""
    live = len(f.live)
    indicators = [i for i in f.indicators if i.on_track is not None]
    return Pairs(
        (
            (_("Actions followed"), str(live)),
            (
                _("Done or on track"),
                f"{f.count('done', 'on_track')} "
                f"({formats.share(f.share('done', 'on_track'), lang)})",
            ),
            (_("Delayed or not started when due"), str(f.count("delayed", "late_start"))),
            (_("Overdue"), str(len(f.overdue))),
            (_("Indicators off track"), f"{len(f.off_track)} / {len(indicators)}"),
            (_("Budget planned"), formats.eur(f.planned_eur, lang)),
            (_("Spent so far"), formats.eur(f.spent_eur, lang)),
            (_("Reports received"), str(len(f.received))),
            (_("Reports missing"), str(len(f.missing))),
        )
    )


def _actions(f: PlanFigures, lang: Lang, _: Words, bodies: Mapping[str, str]) -> list[Block]:
    header = (_("Action"), _("Lead"), _("Months"), _("Light"), _("Latest evidence"))
    rows = tuple(
        (
            _cell(action_name(a, lang)),
            _cell(lead(a, bodies)),
            _cell(formats.period(a.action.start_month, a.action.end_month, lang)),
            _cell(light(a, _)),
            _cell(a.evidence or "—"),
        )
        for a in f.actions
    )
    return [Table(header, rows, widths=(3.2, 2.0, 1.8, 1.8, 3.2))]


def _overdue(f: PlanFigures, lang: Lang, _: Words, bodies: Mapping[str, str]) -> list[Block]:
    if not f.overdue:
        return [Paragraph(plain(_("No action is overdue.")))]
    header = (_("Action"), _("Lead"), _("Due by"), _("Status"))
    rows = tuple(
        (
            _cell(action_name(a, lang)),
            _cell(lead(a, bodies)),
            _cell(formats.day(last_day(a.action.end_month), lang)),
            _cell(_(STATUSES[a.status])),
        )
        for a in f.overdue
    )
    return [Table(header, rows, widths=(4.0, 2.4, 1.6, 1.6))]


def _chart(ind: TrackedIndicator, n: int, lang: Lang, _: Words) -> Chart:
    """The follow-up page's chart of the indicator, worded in the report's language."""
    title = f"{ind.action_id}: {text(ind.label, lang)}"
    words = ChartWords(
        title,
        _("Baseline"),
        _("Target"),
        _("No value measured yet."),
        x_axis=_("Month"),
        y_axis=_("Value"),
        decimal="." if lang == "en" else ",",
    )
    summary = ""
    if ind.points:
        latest = ind.points[-1]
        values = {
            "bars": trend_bars(ind),
            "first": formats.number(ind.points[0].value, lang),
            "latest": formats.number(latest.value, lang),
            "unit": latest.unit or ind.unit or "",
        }
        if ind.baseline_value is not None:
            values["first"] = formats.number(ind.baseline_value, lang)
            summary = _("Trend since the baseline: {bars} ({first} → {latest} {unit})", **values)
        else:
            summary = _("Trend: {bars} ({first} → {latest} {unit})", **values)
        summary = summary.replace(" )", ")")
    return Chart(
        title,
        str(figure_svg(indicator_figure(ind, words))),
        picture=indicator_figure(ind, words, titled=True),
        caption=_("Chart {n}: {title}", n=n, title=title),
        summary=summary,
    )


def indicator_trends(f: PlanFigures, lang: Lang, _: Words) -> list[Block]:
    """Each indicator's points against its trajectory (expected value), oldest first."""
    out: list[Block] = []
    for n, i in enumerate(f.indicators, start=1):
        ind = i.indicator
        unit = ind.unit or ""
        out.append(Heading(f"{ind.action_id} {text(ind.label, lang)}"))
        if ind.baseline_value is not None and ind.target_value is not None:
            line = _(
                "From {baseline} {unit} ({since}) to {target} {unit} by {by}.",
                baseline=formats.number(ind.baseline_value, lang),
                target=formats.number(ind.target_value, lang),
                unit=unit,
                since=formats.day(ind.baseline_date, lang) if ind.baseline_date else "—",
                by=formats.day(ind.target_date, lang) if ind.target_date else "—",
            )
        else:
            line = _("No baseline and target entered: no trajectory to compare with.")
        out.append(Paragraph(plain(" ".join(line.split()))))
        out.append(_chart(ind, n, lang, _))
        if not i.points:
            out.append(Paragraph(plain(_("No value measured yet."))))
            continue
        header = (_("Month"), _("Value"), _("Expected"), _("On track"), _("Source"), _("Verified"))
        rows = tuple(
            (
                _cell(period_name(p.period, lang)),
                _cell(f"{formats.number(p.value, lang)} {p.unit or unit}".strip()),
                _cell("—" if p.expected is None else formats.number(round(p.expected, 1), lang)),
                _cell({True: _("yes"), False: _("no"), None: "—"}[p.on_track]),
                _cell(p.source or "—"),
                _cell(_("yes") if p.verified_by else _("no")),
            )
            for p in i.points
        )
        out.append(
            Table(header, rows, numeric=frozenset({1, 2}), widths=(1.6, 1.4, 1.4, 1.2, 1.6, 1.2))
        )
    return out or [Paragraph(plain(_("The plan has no indicator followed yet.")))]


def budget(f: PlanFigures, lang: Lang, _: Words) -> list[Block]:
    costed = [a for a in f.actions if a.action.cost_eur is not None or a.action.spent_eur]
    rows = tuple(
        (
            _cell(action_name(a, lang)),
            _cell(
                formats.eur(a.action.cost_eur or 0, lang) if a.action.cost_eur is not None else "—"
            ),
            _cell(formats.eur(a.action.spent_eur, lang)),
            _cell(
                formats.share(
                    a.action.spent_eur / a.action.cost_eur if a.action.cost_eur else None, lang
                )
            ),
        )
        for a in costed
    )
    planned, spent = f.planned_eur, f.spent_eur
    total = (
        _("Total"),
        formats.eur(planned, lang),
        formats.eur(spent, lang),
        formats.share(float(spent / planned) if planned else None, lang),
    )
    header = (_("Action"), _("Planned"), _("Spent"), _("Share spent"))
    out: list[Block] = []
    if rows:
        out.append(
            Table(
                header, rows, numeric=frozenset({1, 2, 3}), total=total, widths=(4.0, 1.4, 1.4, 1.2)
            )
        )
    if f.not_costed:
        out.append(
            Paragraph(
                plain(
                    _.ngettext(
                        "{n} action has no cost entered.",
                        "{n} actions have no cost entered.",
                        f.not_costed,
                    )
                )
            )
        )
    return out or [Paragraph(plain(_("No action has a cost or spending entered.")))]


def reports(f: PlanFigures, lang: Lang, _: Words) -> list[Block]:
    out: list[Block] = []
    if f.received:
        header = (_("Report"), _("Submitted"), _("On time"))
        rows = tuple(
            (
                _cell(received_line(r, lang, _)),
                _cell(formats.day(r.submitted_at.date(), lang) if r.submitted_at else "—"),
                _cell(_("no, late") if r.late else _("yes")),
            )
            for r in sorted(f.received, key=lambda r: (r.period, r.reporter))
        )
        out.append(Table(header, rows, widths=(4.0, 1.6, 1.2)))
    else:
        out.append(Paragraph(plain(_("No report was received for this period."))))
    label = _("Reports still missing")
    items = tuple(plain(missing_line(a, lang, _)) for a in f.missing) or (plain(_("none")),)
    return [*out, Paragraph((Run(label + ":", "bold"),)), Bullets(items)]


def build(
    tracking: PlanTracking, quarter: Quarter, lang: Lang, bodies: Mapping[str, str] | None = None
) -> Document:
    """The report for `quarter` of the plan's school year: the plan as it stood at the
    quarter's end (or on the snapshot's date, for the quarter in progress)."""
    _ = report_words(lang)
    bodies = bodies or {}
    months = quarter_months(tracking.cycle, quarter)
    f = figures(tracking, last_day(months[-1]), months)
    q = formats.quarter(quarter, lang)
    parts: list[tuple[str, str, list[Block]]] = [
        ("summary", _("At a glance"), [at_a_glance(f, lang, _)]),
        ("actions", _("Actions and their traffic light"), _actions(f, lang, _, bodies)),
        ("overdue", _("Overdue actions"), _overdue(f, lang, _, bodies)),
        ("indicators", _("Indicator trends"), indicator_trends(f, lang, _)),
        ("budget", _("Budget planned and spent"), budget(f, lang, _)),
        ("reports", _("Reports received and missing"), reports(f, lang, _)),
    ]
    title = _(
        "Quarterly progress report {quarter} — {place}, school year {cycle}",
        quarter=q,
        place=place(tracking, lang),
        cycle=tracking.cycle,
    )
    meta = (
        _(
            "Adopted plan, version {version}, adopted on {adopted}",
            version=tracking.version,
            adopted=formats.day(tracking.adopted_on, lang),
        ),
        _(
            "{quarter}: {first} – {last}; figures as of {day}",
            quarter=q,
            first=formats.month(months[0], lang),
            last=formats.month(months[-1], lang),
            day=formats.day(f.day, lang),
        ),
    )
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
