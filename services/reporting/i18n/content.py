"""A plan's own texts in the reader's language, from the plan or its stored JSON.

A text the catalogue wrote carries every language; one the working group wrote
is kept as written (`en` and `sq` alike, no `sr`): it is shown as is, never
transliterated.
"""

from collections.abc import Mapping
from typing import Any

from schemas.plans import Bilingual
from schemas.vocabulary import (
    AFFECTED_GROUP_LABELS,
    CATEGORY_INFO,
    LEVEL_LABELS,
    STAKEHOLDER_LABELS,
    AffectedGroup,
    IssueCategory,
    Labels,
    SchoolLevel,
    StakeholderGroup,
)
from schemas.vocabulary.cyrillic import to_cyrillic
from services.reporting.i18n.languages import Lang, content_lang


def text(value: Bilingual | Mapping[str, Any] | None, lang: Lang) -> str:
    """The text in `lang`: Serbian Cyrillic transliterates `sr`; a language the text
    does not have reads its English, the working group's own words."""
    if value is None:
        return ""
    data = value.model_dump() if isinstance(value, Bilingual) else value
    key = content_lang(lang)
    found = data.get(key)
    if not found:
        return str(data.get("en") or "")
    return to_cyrillic(str(found)) if lang == "sr-Cyrl" else str(found)


def _label(labels: Labels, lang: Lang) -> str:
    found = str(getattr(labels, content_lang(lang)))
    return to_cyrillic(found) if lang == "sr-Cyrl" else found


def category(
    code: IssueCategory | str, lang: Lang, labels: Mapping[IssueCategory, Bilingual] | None = None
) -> str:
    """The category's name: the plan's own (`Plan.category_labels`: "Roma inclusion" where
    only Roma are named) or the vocabulary's."""
    if labels and IssueCategory(code) in labels:
        return text(labels[IssueCategory(code)], lang)
    found = CATEGORY_INFO[IssueCategory(code)].label(content_lang(lang))
    return to_cyrillic(found) if lang == "sr-Cyrl" else found


def group(code: StakeholderGroup | str, lang: Lang) -> str:
    return _label(STAKEHOLDER_LABELS[StakeholderGroup(code)], lang)


def level(code: SchoolLevel | str, lang: Lang) -> str:
    return _label(LEVEL_LABELS[SchoolLevel(code)], lang)


def affected(
    code: AffectedGroup | str, lang: Lang, labels: Mapping[AffectedGroup, Bilingual] | None = None
) -> str:
    """The affected group's name: the plan's own (`Plan.group_labels`) or the vocabulary's."""
    if labels and AffectedGroup(code) in labels:
        return text(labels[AffectedGroup(code)], lang)
    return _label(AFFECTED_GROUP_LABELS[AffectedGroup(code)], lang)
