"""The parts of a plan's document that take wording: title, status, approval, an action's
facts, the budget. Interface words come from the `document` catalogue, the plan's own
texts from the plan (`i18n.content`)."""

from dataclasses import dataclass
from datetime import date

from schemas.plans import Bilingual, Indicator, Plan, PlannedAction
from services.reporting.i18n import N_, words
from services.reporting.i18n.content import category, text
from services.reporting.i18n.languages import Lang, municipality_name
from services.reporting.rendering import formats
from services.reporting.rendering.budget import Budget, action_months, budget_summary

COST_BANDS = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}
SEVERITIES = {
    "low": N_("low"),
    "medium": N_("medium"),
    "high": N_("high"),
    "critical": N_("critical"),
}
ADOPTING_BODIES = {
    "Municipal Education Directorate": N_("Municipal Education Directorate"),
    "Municipal Assembly": N_("Municipal Assembly"),
}
# Names of the fields a working group edits (`ActionFields`, `PlannedAction.amended`).
FIELDS: dict[str, str] = {
    "label": N_("description"),
    "responsible": N_("lead body"),
    "focal_point": N_("focal point"),
    "partners": N_("partners"),
    "start_month": N_("timeline"),
    "end_month": N_("timeline"),
    "cost_eur": N_("cost"),
    "funding_source": N_("funding source"),
    "budget_line": N_("budget line"),
    "indicator": N_("indicator"),
    "baseline_value": N_("baseline"),
    "baseline_date": N_("baseline"),
    "target_value": N_("target"),
    "target_unit": N_("target"),
    "target_date": N_("target"),
    "pinned": N_("kept among the priorities"),
    "rank": N_("rank"),
    "objective": N_("objective"),
}


def field_names(fields: tuple[str, ...] | list[str], lang: Lang) -> str:
    """Field codes as a readable list, each named once, in the order given."""
    _ = words(lang)
    return ", ".join(dict.fromkeys(_(FIELDS[f]) if f in FIELDS else f for f in fields))


def title(plan: Plan, lang: Lang) -> str:
    """ "Projektplani ..." until a version is approved, then "Plani ... (i miratuar)"; the
    title names what the plan is for, as the Administrative Instruction does."""
    _ = words(lang)
    head = (
        _(
            "Municipal action plan for the prevention of and response to dropout and "
            "non-enrolment (adopted)"
        )
        if plan.status == "approved"
        else _(
            "Draft municipal action plan for the prevention of and response to dropout and "
            "non-enrolment"
        )
    )
    place = municipality_name(plan.municipality.value, lang)
    return _("{title} — {place}, school year {cycle}", title=head, place=place, cycle=plan.cycle)


def letterhead(plan: Plan, lang: Lang) -> tuple[str, ...]:
    """The head of page 1 in the plan's language: the state, the municipality, the MED
    that drafts the plan, the working group it is prepared for and the date (the status
    line follows the title). A draft is dated by its latest evidence (the same evidence
    gives the same document), an issued version by its issue."""
    _ = words(lang)
    place = municipality_name(plan.municipality.value, lang)
    if plan.issued is not None:
        dated = _("Issued on {d}", d=formats.day(plan.issued.issued_at.date(), lang))
    elif plan.drafted_as_of is not None:
        dated = _("Drafted on the evidence up to {d}", d=formats.day(plan.drafted_as_of, lang))
    else:
        dated = ""
    lines = (
        _("Republic of Kosovo"),
        _("Municipality of {place}", place=place),
        _("Municipal Education Directorate"),
        _("Prepared for the Municipal Working Group (MWG)"),
    )
    return (*lines, dated) if dated else lines


def _issued(plan: Plan, lang: Lang) -> str:
    if plan.issued is None:
        return ""
    i = plan.issued
    _ = words(lang)
    return _(
        "issued from revision {r} on {d} by {who}",
        r=i.from_revision,
        d=formats.day(i.issued_at.date(), lang),
        who=i.submitted_by,
    )


def status_line(plan: Plan, lang: Lang) -> str:
    """Where the plan stands: working draft, version N in review, changes asked, adopted."""
    _ = words(lang)
    if plan.status == "draft":
        line = _("Draft version {n} (revision {r})", r=plan.revision, n=plan.version)
    else:
        line = {
            "in_review": _("Version {n} in review", n=plan.version),
            "changes_requested": _("Version {n} · changes requested", n=plan.version),
            "approved": _("Version {n} · adopted", n=plan.version),
        }[plan.status]
        # An adopted version's approval block says how it was issued.
        if plan.issued and not approval(plan, lang):
            line += f" · {_issued(plan, lang)}"
    if plan.last_approved_version and plan.status != "approved":
        line += " · " + _("adopted version in force: {n}", n=plan.last_approved_version)
    return line


def engine_line(plan: Plan, lang: Lang) -> str:
    """The catalogue and the classifier the draft was made with (the learned model's
    version beside the rules' when one took part)."""
    _ = words(lang)
    line = _("catalogue {c} · rules {r}", c=plan.catalogue_version, r=plan.rules_version)
    if plan.model_version:
        line += " · " + _("model {m}", m=plan.model_version)
    return line


def approval(plan: Plan, lang: Lang) -> tuple[tuple[str, str], ...]:
    """The approval block of an adopted version; empty on any other."""
    a = plan.adoption
    if plan.status != "approved" or a is None:
        return ()
    _ = words(lang)
    body = _(ADOPTING_BODIES[a.adopted_by]) if a.adopted_by in ADOPTING_BODIES else a.adopted_by
    version = str(plan.version)
    if plan.issued:
        version += f", {_issued(plan, lang)}"
    return (
        (_("Adopted by"), body),
        (_("Decision number"), a.decision_number),
        (_("Decision date"), formats.day(a.decision_date, lang)),
        (_("Signatories"), "; ".join(a.signatories)),
        (_("Version"), version),
    )


@dataclass(frozen=True)
class ActionView:
    """One action's facts, formatted; optional ones are "" when not set."""

    action_id: str
    label: str
    marks: tuple[str, ...]
    responsible: str
    partners: str
    timeline: str
    cost_and_funding: str
    indicator: str
    baseline: str
    target: str
    consultations: int
    target_notes: tuple[str, ...] = ()  # how it is broken down (gender, community)


def _labelled(label: Bilingual | None, raw: str, lang: Lang) -> str:
    """A catalogue term in `lang`, else the working group's own wording."""
    return text(label, lang) if label is not None else raw


def _baseline(i: Indicator, lang: Lang) -> str:
    if i.baseline_value is None:
        return _labelled(i.baseline_label, i.baseline_source, lang)
    value = formats.number(i.baseline_value, lang)
    if i.baseline_period:  # from municipal statistics: the value, its source and year
        unit = i.target_unit or ""
        value = (
            formats.percent(value, lang) if unit == "%" else f"{value} {unit}" if unit else value
        )
        source = _labelled(i.baseline_label, i.baseline_source, lang)
        return f"{value} ({source}, {i.baseline_period})"
    return f"{value} ({formats.day(i.baseline_date, lang)})" if i.baseline_date else value


def _target(i: Indicator, lang: Lang) -> str:
    if i.target_value is None:
        return _labelled(i.target_label, i.target, lang)
    out = formats.number(i.target_value, lang)
    if i.target_unit:
        out = formats.percent(out, lang) if i.target_unit == "%" else f"{out} {i.target_unit}"
    if i.target_date:  # the date first where the language says it first (Turkish)
        _ = words(lang)
        out = _("{value} by {d}", value=out, d=formats.day(i.target_date, lang))
    return out


def action_view(a: PlannedAction, cycle: str, lang: Lang) -> ActionView:
    _ = words(lang)
    marks = []
    if a.tailored_because or a.tailored_label:
        marks.append(_labelled(a.tailored_label, a.tailored_because or "", lang))
    if a.origin == "local":
        marks.append(_("local action, agreed by the working group"))
    if a.amended:
        marks.append(
            _("amended by the working group: {fields}", fields=field_names(a.amended, lang))
        )
    if a.start_month or a.end_month:
        timeline = formats.period(*action_months(a, cycle), lang)
    else:
        timeline = formats.quarters(a.start, a.end, lang)
    cost = formats.eur(a.cost_eur, lang) if a.cost_eur is not None else _(COST_BANDS[a.cost_band])
    if is_estimate(a):
        cost += " " + _("(estimate)")
    money = f"{cost} · {_labelled(a.funding_label, a.funding_source, lang)}"
    if a.budget_line:
        money += "; " + _("budget line {line}", line=a.budget_line)
    lead = text(a.responsible_label, lang) or a.responsible
    if a.focal_point:
        lead += " " + _("(focal point: {name})", name=a.focal_point)
    return ActionView(
        action_id=a.action_id,
        label=text(a.label, lang),
        marks=tuple(marks),
        responsible=lead,
        partners=", ".join(text(b, lang) for b in a.partner_labels),
        timeline=timeline,
        cost_and_funding=money,
        indicator=text(a.indicator.label, lang),
        baseline=_baseline(a.indicator, lang),
        target=_target(a.indicator, lang),
        consultations=len(a.consultation_ids),
        target_notes=(text(a.indicator.breakdown, lang),) if a.indicator.breakdown else (),
    )


def is_estimate(a: PlannedAction) -> bool:
    """The cost is planning's estimate from the catalogue, not a figure the group entered."""
    return a.cost_basis is not None and a.cost_eur is not None and "cost_eur" not in a.amended


def outcome_row(i: Indicator, lang: Lang) -> tuple[str, str, str]:
    """A result indicator's label, baseline and target, formatted."""
    return text(i.label, lang), _baseline(i, lang), _target(i, lang)


def period_line(plan: Plan, lang: Lang) -> str:
    """When the actions run and where the baselines come from."""
    _ = words(lang)
    line = _("Timelines are months of the school year {cycle}.", cycle=plan.cycle)
    if plan.drafted_as_of:
        opens = _next_month(plan.drafted_as_of)
        # The draft is dated by its latest record: a consultation, or the statistics when
        # they were recorded after every consultation.
        last = plan.situation.last_consultation if plan.situation else None
        by_statistics = plan.statistics is not None and (
            last is None or plan.statistics.recorded_on > last
        )
        after = (
            _(
                "No action starts before {month}, the month after the municipal statistics "
                "were recorded ({day}).",
                month=formats.month(opens, lang),
                day=formats.day(plan.drafted_as_of, lang),
            )
            if by_statistics
            else _(
                "No action starts before {month}, the month after the latest consultation ({day}).",
                month=formats.month(opens, lang),
                day=formats.day(plan.drafted_as_of, lang),
            )
        )
        line += " " + after
        # The adoption window, as the budget note says it: an expected date, in which
        # actions only prepare, and nothing is charged before the month after it.
        charged = [a.charged_from for p in plan.priorities for a in p.actions if a.charged_from]
        if charged and min(charged) > opens:
            line += " " + _(
                "The working group is expected to amend the plan and the Municipal Assembly "
                "to adopt it in {window}: actions starting then only prepare, and nothing is "
                "charged before {month}; should adoption take longer, the working group moves "
                "the actions' months by amendment.",
                window=formats.period(opens, _month_before(min(charged)), lang),
                month=formats.month(min(charged), lang),
            )
    s = plan.statistics
    if s is None:
        line += " " + _(
            "No municipal statistics are recorded yet: baselines and targets of the result "
            "indicators wait for them."
        )
    else:
        line += " " + _(
            "Baselines: municipal statistics of {year} ({source}, recorded on {day}).",
            year=s.school_year,
            source=_source(s.source, lang),
            day=formats.day(s.recorded_on, lang),
        )
    return line


def _source(source: str, lang: Lang) -> str:
    _ = words(lang)
    return _(STATISTICS_SOURCES[source]) if source in STATISTICS_SOURCES else source


STATISTICS_SOURCES = {"EMIS": N_("EMIS"), "MED records": N_("MED records")}


def _month_before(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year - 1:04d}-12" if number == 1 else f"{year:04d}-{number - 1:02d}"


def _next_month(day: date) -> str:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return f"{year:04d}-{month:02d}"


@dataclass(frozen=True)
class BudgetTable:
    heading: tuple[str, str]
    rows: tuple[tuple[str, str], ...]
    total: tuple[str, str]


@dataclass(frozen=True)
class BudgetView:
    caption: str
    tables: tuple[BudgetTable, ...]
    note: str


def budget_view(plan: Plan, lang: Lang) -> BudgetView | None:
    """The budget tables once any cost is entered; None before."""
    b: Budget | None = budget_summary(plan)
    if b is None:
        return None
    _ = words(lang)
    total = (_("Total"), formats.eur(b.total, lang))
    ranks = {p.category: p.rank for p in plan.priorities}
    sources = {
        " ".join(a.funding_source.split()): _labelled(a.funding_label, a.funding_source, lang)
        for p in plan.priorities
        for a in p.actions
    }
    tables = (
        (_("Funding source"), [(sources.get(s, s), v) for s, v in b.by_funding_source]),
        (
            _("Priority"),
            [
                (f"{ranks[c]}. {category(c, lang, plan.category_labels)}", v)
                for c, v in b.by_priority
            ],
        ),
        (_("Fiscal year"), [(str(y), v) for y, v in b.by_fiscal_year]),
    )
    actions = b.costed + b.not_costed
    coverage = (
        _("{n} of {m} actions are not yet costed.", n=b.not_costed, m=actions)
        if b.not_costed
        else _("All {m} actions are costed.", m=actions)
    )
    note = _("Costs are split over the fiscal years pro rata to each action's months.")
    # One fiscal year when nothing is charged before January (the adoption window).
    caption = (
        _("School year {cycle} · fiscal year {year}", cycle=b.cycle, year=b.fiscal_years[0])
        if len(b.fiscal_years) == 1
        else _(
            "School year {cycle} · fiscal years {years}",
            cycle=b.cycle,
            years=", ".join(map(str, b.fiscal_years)),
        )
    )
    return BudgetView(
        caption=caption,
        tables=tuple(
            BudgetTable(
                heading=(head, "EUR"),
                rows=tuple((label, formats.eur(v, lang)) for label, v in rows),
                total=total,
            )
            for head, rows in tables
        ),
        note=f"{coverage} {note}",
    )
