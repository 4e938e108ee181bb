"""Jinja environment of the workspace: templates and the filters that label codes."""

from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates

from schemas.vocabulary import (
    AFFECTED_GROUP_LABELS,
    CATEGORY_INFO,
    LEVEL_LABELS,
    MUNICIPALITY_BY_CODE,
    STAKEHOLDER_LABELS,
    AffectedGroup,
    IssueCategory,
    SchoolLevel,
    StakeholderGroup,
)
from services.reporting.rendering.print_view import register_filters
from services.reporting.rendering.triage import confidence, made_by, provenance

TEMPLATES = Path(__file__).parent / "templates"


def _index(lang: str) -> int:
    return 0 if lang == "en" else 1


def build_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATES)
    register_filters(templates.env)  # the print view, before any template compiles
    f = templates.env.filters

    def category(code: str, lang: str = "en") -> str:
        info = CATEGORY_INFO[IssueCategory(code)]
        return info.label_en if lang == "en" else info.label_sq

    f["category_label"] = category
    f["group_label"] = lambda code, lang="en": STAKEHOLDER_LABELS[StakeholderGroup(code)][
        _index(lang)
    ]
    f["level_label"] = lambda code, lang="en": LEVEL_LABELS[SchoolLevel(code)][_index(lang)]
    f["affected_label"] = lambda code, lang="en": AFFECTED_GROUP_LABELS[AffectedGroup(code)][
        _index(lang)
    ]
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
