"""Jinja environment of the workspace: templates and the filters that label codes."""

from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates

from schemas.vocabulary import MUNICIPALITY_BY_CODE, StakeholderGroup
from services.reporting.i18n import content, words
from services.reporting.i18n.languages import Lang
from services.reporting.i18n.workspace import target_label
from services.reporting.rendering.formats import quarter
from services.reporting.rendering.plan_parts import SEVERITIES
from services.reporting.rendering.print_view import register_filters
from services.reporting.rendering.triage import confidence, made_by, provenance

TEMPLATES = Path(__file__).parent / "templates"


def consultations(n: int, lang: Lang = "en") -> str:
    """`6 consultations` counted as the plans count them, with the language's plural
    forms ("6 konsultacija", "6 istişare"), never a heading lower-cased after a number."""
    return words(lang).ngettext("{n} consultation", "{n} consultations", n)


def build_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATES)
    register_filters(templates.env)  # the print view, before any template compiles
    f = templates.env.filters
    f["tx"] = content.text
    f["category_label"] = content.category
    f["group_label"] = content.group
    f["target_label"] = target_label
    f["level_label"] = content.level
    f["affected_label"] = content.affected
    f["severity_label"] = lambda code, lang="en": (
        words(lang)(SEVERITIES[code]) if code in SEVERITIES else code
    )
    f["quarter"] = quarter
    f["consultations"] = consultations
    f["municipality_name"] = lambda code: MUNICIPALITY_BY_CODE[code].name_sq
    f["municipality_name_sr"] = lambda code: MUNICIPALITY_BY_CODE[code].name_sr
    f["short_id"] = lambda value: str(value)[:8]

    def by_group(counts: dict[str, Any]) -> list[tuple[str, Any]]:
        # jsonb does not keep key order: list counts in the vocabulary's order.
        return [(g.value, counts[g.value]) for g in StakeholderGroup if g.value in counts]

    f["by_group"] = by_group
    f["provenance"] = provenance
    f["made_by"] = made_by
    f["confidence"] = confidence
    return templates
