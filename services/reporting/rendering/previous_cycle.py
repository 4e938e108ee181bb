"""The plan's "previous school year" section: what the followed plan carries into this one.

Planning records the facts (`Plan.previous_cycle`); the sentences are built
here from the document catalogue, so they read in every language.
"""

from schemas.plans import CarriedAction, Plan, Priority, RaisedCategory
from services.reporting.i18n import N_, Words
from services.reporting.i18n.content import category, text
from services.reporting.i18n.languages import Lang
from services.reporting.rendering import formats
from services.reporting.rendering.document import Block, Bullets, Paragraph, Run, Table, plain

STATUSES = {
    "not_started": N_("not started"),
    "on_track": N_("on track"),
    "delayed": N_("delayed"),
}


def _month(value: str, lang: Lang) -> str:
    """A reported period as people read it: a month by name, a quarter as the plan names it
    (`2026-2027:Q4` is monitoring's key of the MED's fourth quarter)."""
    if len(value) == 7 and value[4] == "-":
        return formats.month(value, lang)
    cycle, _, quarter = value.rpartition(":")
    if quarter in ("Q1", "Q2", "Q3", "Q4"):
        named = formats.quarter(quarter, lang)
        return f"{named} {cycle}" if cycle else named
    return value


def raised_line(r: RaisedCategory, lang: Lang, _: Words) -> str:
    """Why a category's priority was raised, measured against expected."""
    points = formats.number(r.points, lang)
    if r.value is None or r.expected is None:
        return _("Priority raised by {points} points: its indicator was off track.", points=points)
    unit = f" {r.unit}" if r.unit else ""
    return _(
        "Priority raised by {points} points: {indicator} was {value} in {period} "
        "against {expected} expected.",
        points=points,
        indicator=text(r.indicator, lang) or r.action_id,
        value=formats.number(r.value, lang) + unit,
        period=_month(r.period, lang),
        expected=formats.number(round(r.expected, 1), lang) + unit,
    )


def carried_mark(plan: Plan, action_id: str, _: Words) -> str | None:
    """The activity matrix's note on an action carried over, or None."""
    previous = plan.previous_cycle
    if previous is None or all(c.action_id != action_id for c in previous.carried_over):
        return None
    return _("carried over from {cycle}, unfinished", cycle=previous.cycle)


def raised_for(plan: Plan, p: Priority) -> RaisedCategory | None:
    previous = plan.previous_cycle
    if previous is None:
        return None
    return next((r for r in previous.raised if r.category == p.category), None)


def _why(c: CarriedAction, cycle: str, lang: Lang, _: Words) -> str:
    why = _(
        "{status} when the {cycle} plan was last followed; planned to end {month}",
        status=_(STATUSES[c.status]),
        cycle=cycle,
        month=_month(c.planned_end, lang),
    )
    if c.evidence:
        why += "; " + _(
            "last report ({period}): {evidence}",
            period=_month(c.period, lang) if c.period else "—",
            evidence=c.evidence,
        )
    return why


def previous_cycle_blocks(plan: Plan, lang: Lang, _: Words) -> list[Block]:
    previous = plan.previous_cycle
    if previous is None:
        return []
    out: list[Block] = [
        Paragraph(
            plain(
                _(
                    "This draft learns from the adopted plan of {cycle} (version {version}) "
                    "as monitoring followed it.",
                    cycle=previous.cycle,
                    version=previous.version,
                )
            )
        )
    ]
    if previous.raised:
        out.append(Paragraph((Run(_("Priorities raised") + ":", "bold"),)))
        lines = (
            f"{category(r.category, lang)}: {raised_line(r, lang, _)}" for r in previous.raised
        )
        out.append(Bullets(tuple(plain(line) for line in lines)))
    if previous.carried_over:
        out.append(Paragraph((Run(_("Actions carried over") + ":", "bold"),)))
        yes, no = _("yes"), _("no, its category is not a priority this year")
        rows = tuple(
            (
                (plain(c.action_id),),
                (plain(text(c.label, lang)),),
                (plain(text(c.responsible_label, lang) or c.responsible),),
                (plain(_why(c, previous.cycle, lang, _)),),
                (plain(yes if c.placed else no),),
            )
            for c in previous.carried_over
        )
        header = ("#", _("Action"), _("Responsible"), _("Why carried over"), _("In this plan"))
        out.append(Table(header, rows, widths=(0.6, 3.0, 1.8, 4.0, 1.6)))
    if previous.results:
        out.append(Paragraph((Run(_("Results of the previous cycle") + ":", "bold"),)))
        rows = tuple(
            (
                (plain(r.action_id),),
                (plain(text(r.label, lang)),),
                (plain(category(r.category, lang)),),
                (plain(f"{formats.number(r.target_value, lang)} {r.unit}".strip()),),
                (plain(f"{formats.number(r.achieved_value, lang)} {r.unit}".strip()),),
            )
            for r in previous.results
        )
        header = ("#", _("Action"), _("Category"), _("Target"), _("Achieved"))
        out.append(Table(header, rows, numeric=frozenset({3, 4})))
    return out
