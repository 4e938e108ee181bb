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
    AffectedGroup,
    Language,
    SchoolLevel,
    Severity,
    StakeholderGroup,
    SubmissionSource,
)

__all__ = [
    "CATEGORY_INFO",
    "MUNICIPALITIES",
    "MUNICIPALITY_BY_CODE",
    "PROGRAMME_CATEGORIES",
    "AffectedGroup",
    "CategoryGroup",
    "CategoryInfo",
    "IssueCategory",
    "Language",
    "Municipality",
    "MunicipalityCode",
    "SchoolLevel",
    "Severity",
    "StakeholderGroup",
    "SubmissionSource",
]
