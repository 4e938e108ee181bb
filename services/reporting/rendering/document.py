"""The parts of a plan every rendering prints alike, as plain text in one language.

Markdown, the print HTML, DOCX and PDF lay these out; none of them words a
status, an approval, an action's facts or the budget on its own.
"""

from dataclasses import dataclass

from schemas.plans import Bilingual, Indicator, Plan, PlannedAction
from schemas.vocabulary import CATEGORY_INFO, MUNICIPALITY_BY_CODE, IssueCategory
from services.reporting.rendering import formats
from services.reporting.rendering.budget import Budget, action_months, budget_summary
from services.reporting.rendering.formats import Lang
from services.reporting.rendering.labels import (
    COST_BANDS,
    adopting_body,
    field_names,
    funding,
    word,
)

Pairs = tuple[tuple[str, str], ...]


def text(value: Bilingual | None, lang: Lang) -> str:
    return "" if value is None else (value.en if lang == "en" else value.sq)


def category(code: IssueCategory, lang: Lang) -> str:
    info = CATEGORY_INFO[code]
    return info.label_en if lang == "en" else info.label_sq


def title(plan: Plan, lang: Lang) -> str:
    """ "Projektplani ..." until a version is approved, then "Plani ... (i miratuar)"."""
    m = MUNICIPALITY_BY_CODE[plan.municipality.value]
    head = word("title_adopted" if plan.status == "approved" else "title_draft", lang)
    return f"{head} — {m.name_sq} / {m.name_sr}, {word('school_year', lang)} {plan.cycle}"


def _issued(plan: Plan, lang: Lang) -> str:
    if plan.issued is None:
        return ""
    i = plan.issued
    return word("issued", lang).format(
        r=i.from_revision, d=formats.day(i.issued_at.date(), lang), who=i.submitted_by
    )


def status_line(plan: Plan, lang: Lang) -> str:
    """Where the plan stands: working draft, version N in review, changes asked, adopted."""
    if plan.status == "draft":
        line = word("working_draft", lang).format(r=plan.revision, n=plan.version)
    else:
        line = word(plan.status, lang).format(n=plan.version)
        # An adopted version's approval block says how it was issued.
        if plan.issued and not approval(plan, lang):
            line += f" · {_issued(plan, lang)}"
    if plan.last_approved_version and plan.status != "approved":
        line += " · " + word("last_approved", lang).format(n=plan.last_approved_version)
    return line


def engine_line(plan: Plan, lang: Lang) -> str:
    """The catalogue and the classifier the draft was made with (the learned model's
    version beside the rules' when one took part)."""
    line = word("engine", lang).format(c=plan.catalogue_version, r=plan.rules_version)
    if plan.model_version:
        line += " · " + word("engine_model", lang).format(m=plan.model_version)
    return line


def approval(plan: Plan, lang: Lang) -> Pairs:
    """The approval block of an adopted version; empty on any other."""
    a = plan.adoption
    if plan.status != "approved" or a is None:
        return ()
    rows = [
        (word("adopted_by", lang), adopting_body(a.adopted_by, lang)),
        (word("decision_number", lang), a.decision_number),
        (word("decision_date", lang), formats.day(a.decision_date, lang)),
        (word("signatories", lang), "; ".join(a.signatories)),
    ]
    version = str(plan.version)
    if plan.issued:
        version += f", {_issued(plan, lang)}"
    rows.append((word("version", lang), version))
    return tuple(rows)


@dataclass(frozen=True)
class ActionView:
    """One action's facts, formatted; optional ones are "" when not set."""

    action_id: str
    label: str
    marks: tuple[str, ...]
    responsible: str
    focal_point: str
    partners: str
    timeline: str
    cost: str
    funding: str
    budget_line: str
    indicator: str
    baseline: str
    target: str

    def lead(self, lang: Lang) -> str:
        """The lead body and, when named, its focal point."""
        if not self.focal_point:
            return self.responsible
        return f"{self.responsible} ({word('focal_point', lang)}: {self.focal_point})"

    def cost_and_funding(self, lang: Lang) -> str:
        line = f"; {word('budget_line', lang)} {self.budget_line}" if self.budget_line else ""
        return f"{self.cost} · {self.funding}{line}"


def _baseline(i: Indicator, lang: Lang) -> str:
    if i.baseline_value is None:
        return i.baseline_source
    value = formats.number(i.baseline_value, lang)
    return f"{value} ({formats.day(i.baseline_date, lang)})" if i.baseline_date else value


def _target(i: Indicator, lang: Lang) -> str:
    if i.target_value is None:
        return i.target
    out = formats.number(i.target_value, lang)
    if i.target_unit:
        out += i.target_unit if i.target_unit == "%" else f" {i.target_unit}"
    if i.target_date:
        out += " " + word("by_date", lang).format(d=formats.day(i.target_date, lang))
    return out


def action_view(a: PlannedAction, cycle: str, lang: Lang) -> ActionView:
    marks = []
    if a.origin == "local":
        marks.append(word("local", lang))
    if a.amended:
        marks.append(f"{word('amended', lang)}: {field_names(a.amended, lang)}")
    if a.start_month or a.end_month:
        timeline = formats.period(*action_months(a, cycle), lang)
    else:
        timeline = formats.quarters(a.start, a.end, lang)
    band = COST_BANDS[a.cost_band][0 if lang == "en" else 1]
    label = text(a.label, lang) + (f" ({a.tailored_because})" if a.tailored_because else "")
    return ActionView(
        action_id=a.action_id,
        label=label,
        marks=tuple(marks),
        responsible=text(a.responsible_label, lang) or a.responsible,
        focal_point=a.focal_point or "",
        partners=", ".join(text(b, lang) for b in a.partner_labels),
        timeline=timeline,
        cost=formats.eur(a.cost_eur, lang) if a.cost_eur is not None else band,
        funding=funding(a.funding_source, lang),
        budget_line=a.budget_line or "",
        indicator=text(a.indicator.label, lang),
        baseline=_baseline(a.indicator, lang),
        target=_target(a.indicator, lang),
    )


@dataclass(frozen=True)
class BudgetTable:
    heading: tuple[str, str]
    rows: Pairs
    total: tuple[str, str]


@dataclass(frozen=True)
class BudgetView:
    caption: str
    tables: tuple[BudgetTable, ...]
    note: str
    coverage: str


def budget_view(plan: Plan, lang: Lang) -> BudgetView | None:
    """The budget tables once any cost is entered; None before."""
    b: Budget | None = budget_summary(plan)
    if b is None:
        return None
    total = (word("total", lang), formats.eur(b.total, lang))
    ranks = {p.category: p.rank for p in plan.priorities}
    tables = (
        (word("funding_source", lang), [(funding(s, lang), v) for s, v in b.by_funding_source]),
        (
            word("priority", lang),
            [(f"{ranks[c]}. {category(c, lang)}", v) for c, v in b.by_priority],
        ),
        (word("fiscal_year", lang), [(str(y), v) for y, v in b.by_fiscal_year]),
    )
    actions = b.costed + b.not_costed
    coverage = (
        word("not_costed", lang).format(n=b.not_costed, m=actions)
        if b.not_costed
        else word("all_costed", lang).format(m=actions)
    )
    return BudgetView(
        caption=word("budget_caption", lang).format(
            cycle=b.cycle, years=", ".join(map(str, b.fiscal_years))
        ),
        tables=tuple(
            BudgetTable(
                heading=(head, word("amount", lang)),
                rows=tuple((label, formats.eur(v, lang)) for label, v in rows),
                total=total,
            )
            for head, rows in tables
        ),
        note=word("split_note", lang),
        coverage=coverage,
    )
