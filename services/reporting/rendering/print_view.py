"""The `plan_document` filter `print.html` lays out: a plan's stored JSON as its `Document`."""

from typing import Any

from jinja2 import Environment

from schemas.plans import Plan
from services.reporting.i18n.languages import Lang
from services.reporting.rendering.document import Document
from services.reporting.rendering.plan_document import build


def print_document(plan: Plan | dict[str, Any], lang: Lang = "en") -> Document:
    """The document of a plan (a `Plan` or its stored JSON) in one language."""
    if not isinstance(plan, Plan):
        plan = Plan.model_validate(plan)
    return build(plan, lang)


def register_filters(env: Environment) -> None:
    """Give a Jinja environment the `plan_document` filter `print.html` lays out."""
    env.filters["plan_document"] = print_document
