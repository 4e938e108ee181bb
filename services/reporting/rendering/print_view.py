"""The `plan_document` filter `print.html` lays out: a plan's stored JSON as its `Document`."""

from typing import Any

from jinja2 import Environment

from schemas.plans import Plan
from services.reporting.i18n import words
from services.reporting.i18n.languages import Lang
from services.reporting.rendering.document import Block, Document
from services.reporting.rendering.plan_document import build
from services.reporting.rendering.previous_cycle import previous_cycle_blocks


def print_document(plan: Plan | dict[str, Any], lang: Lang = "en") -> Document:
    """The document of a plan (a `Plan` or its stored JSON) in one language."""
    if not isinstance(plan, Plan):
        plan = Plan.model_validate(plan)
    return build(plan, lang)


def previous_cycle(
    plan: Plan | dict[str, Any], lang: Lang = "en"
) -> tuple[str, list[Block]] | None:
    """The plan page's "previous school year" heading and blocks, or None for a first cycle."""
    if not isinstance(plan, Plan):
        plan = Plan.model_validate(plan)
    _ = words(lang)
    found = previous_cycle_blocks(plan, lang, _)
    return (_("The previous school year"), found) if found else None


def register_filters(env: Environment) -> None:
    """Give a Jinja environment the `plan_document` filter `print.html` lays out, and the
    plan page's `previous_cycle`."""
    env.filters["plan_document"] = print_document
    env.filters["previous_cycle"] = previous_cycle
