"""What `print.html` shows, prepared in Python so it matches the Markdown, DOCX and PDF.

The workspace renders `print.html` with the plan's stored JSON; the template turns
it into this view through the `plan_print` filter (`register_filters`).
"""

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment

from schemas.plans import Plan
from services.reporting.rendering.document import (
    ActionView,
    BudgetView,
    Pairs,
    action_view,
    approval,
    budget_view,
    category,
    engine_line,
    status_line,
    text,
    title,
)
from services.reporting.rendering.formats import Lang
from services.reporting.rendering.labels import WORDS, field_names, word
from services.reporting.rendering.record import ChangeLine, changes, conflicts


@dataclass(frozen=True)
class PrintAction:
    view: ActionView
    lead: str
    cost_and_funding: str


@dataclass(frozen=True)
class PrintPriority:
    heading: str
    amended: str
    objective: str
    rationale: str
    actions: tuple[PrintAction, ...]


@dataclass(frozen=True)
class PrintView:
    words: dict[str, str]
    title: str
    status: str
    engine: str
    approval: Pairs
    narrative: str
    consulted: str
    priorities: tuple[PrintPriority, ...]
    budget: BudgetView | None
    changes: tuple[ChangeLine, ...]
    conflicts: tuple[str, ...]


def _priority(plan: Plan, index: int, lang: Lang) -> PrintPriority:
    p = plan.priorities[index]
    actions = []
    for a in p.actions:
        v = action_view(a, plan.cycle, lang)
        actions.append(PrintAction(v, v.lead(lang), v.cost_and_funding(lang)))
    amended = f"{word('amended', lang)}: {field_names(p.amended, lang)}" if p.amended else ""
    return PrintPriority(
        heading=f"{p.rank}. {category(p.category, lang)} ({p.score})",
        amended=amended,
        objective=text(p.objective, lang),
        rationale=text(p.rationale, lang),
        actions=tuple(actions),
    )


def print_view(plan: Plan | dict[str, Any], lang: Lang = "en") -> PrintView:
    """The print view of a plan (a `Plan` or its stored JSON) in one language."""
    if not isinstance(plan, Plan):
        plan = Plan.model_validate(plan)
    s = plan.situation
    consulted = (
        word("consulted", lang).format(
            n=s.consultations, p=s.participants, a=s.first_consultation, b=s.last_consultation
        )
        if s
        else ""
    )
    return PrintView(
        words={key: word(key, lang) for key in WORDS},
        title=title(plan, lang),
        status=status_line(plan, lang),
        engine=engine_line(plan, lang),
        approval=approval(plan, lang),
        narrative=plan.narrative or "",
        consulted=consulted,
        priorities=tuple(_priority(plan, i, lang) for i in range(len(plan.priorities))),
        budget=budget_view(plan, lang),
        changes=changes(plan, lang),
        conflicts=conflicts(plan, lang),
    )


def register_filters(env: Environment) -> None:
    """Give a Jinja environment the `plan_print` filter `print.html` lays out."""
    env.filters["plan_print"] = print_view
