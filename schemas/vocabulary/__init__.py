"""Shared vocabulary from DOMAIN.md: municipalities, categories, stakeholders."""

from schemas.vocabulary.categories import (
    CATEGORY_INFO,
    PROGRAMME_CATEGORIES,
    CategoryGroup,
    CategoryInfo,
    IssueCategory,
)
from schemas.vocabulary.municipalities import (
    MUNICIPALITIES,
    MUNICIPALITY_BY_CODE,
    Municipality,
    MunicipalityCode,
)
from schemas.vocabulary.people import (
    AFFECTED_GROUP_LABELS,
    LEVEL_LABELS,
    STAKEHOLDER_LABELS,
    AffectedGroup,
    Labels,
    Language,
    SchoolLevel,
    Severity,
    StakeholderGroup,
    SubmissionSource,
)

__all__ = [
    "AFFECTED_GROUP_LABELS",
    "CATEGORY_INFO",
    "LEVEL_LABELS",
    "MUNICIPALITIES",
    "MUNICIPALITY_BY_CODE",
    "PROGRAMME_CATEGORIES",
    "STAKEHOLDER_LABELS",
    "AffectedGroup",
    "CategoryGroup",
    "CategoryInfo",
    "IssueCategory",
    "Labels",
    "Language",
    "Municipality",
    "MunicipalityCode",
    "SchoolLevel",
    "Severity",
    "StakeholderGroup",
    "SubmissionSource",
]
