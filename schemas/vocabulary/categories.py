"""Issue categories: the keys of a municipal action plan (see DOMAIN.md)."""

from dataclasses import dataclass
from enum import StrEnum


class IssueCategory(StrEnum):
    """Barrier to school participation that a plan priority addresses."""

    FADING_INTEREST = "fading_interest"
    CHILD_LABOUR = "child_labour"
    STREET_SITUATION = "street_situation"
    CAREER_GUIDANCE = "career_guidance"
    ABSENTEEISM = "absenteeism"
    LOW_ACHIEVEMENT = "low_achievement"
    POVERTY = "poverty"
    PARENTAL_ENGAGEMENT = "parental_engagement"
    DISCRIMINATION_BULLYING = "discrimination_bullying"
    RAE_INCLUSION = "rae_inclusion"
    SPECIAL_NEEDS = "special_needs"
    GENDER_EARLY_MARRIAGE = "gender_early_marriage"
    DISTANCE_ACCESS = "distance_access"
    MIGRATION_RETURN = "migration_return"
    PSYCHOSOCIAL_SUPPORT = "psychosocial_support"
    GOVERNANCE_MONITORING = "governance_monitoring"
    BUDGET_CAPACITY = "budget_capacity"
    UNCLASSIFIED = "unclassified"


class CategoryGroup(StrEnum):
    INDIVIDUAL = "individual"
    FAMILY = "family"
    SCHOOL = "school"
    SYSTEMIC = "systemic"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class CategoryInfo:
    category: IssueCategory
    label_en: str
    label_sq: str
    group: CategoryGroup


_C, _G = IssueCategory, CategoryGroup
CATEGORY_INFO: dict[IssueCategory, CategoryInfo] = {
    info.category: info
    for info in (
        CategoryInfo(
            _C.FADING_INTEREST,
            "Fading interest in education",
            "Rënia e interesit për arsim",
            _G.INDIVIDUAL,
        ),
        CategoryInfo(_C.CHILD_LABOUR, "Child labour", "Puna e fëmijëve", _G.FAMILY),
        CategoryInfo(
            _C.STREET_SITUATION,
            "Children in street situations",
            "Fëmijët në situata rruge",
            _G.FAMILY,
        ),
        CategoryInfo(
            _C.CAREER_GUIDANCE,
            "Career-guidance obstacles",
            "Pengesat në orientimin në karrierë",
            _G.SCHOOL,
        ),
        CategoryInfo(_C.ABSENTEEISM, "Chronic absenteeism", "Mungesat e shpeshta", _G.INDIVIDUAL),
        CategoryInfo(
            _C.LOW_ACHIEVEMENT,
            "Low achievement and repetition",
            "Suksesi i ulët dhe përsëritja",
            _G.INDIVIDUAL,
        ),
        CategoryInfo(
            _C.POVERTY,
            "Poverty and cost of schooling",
            "Varfëria dhe kostoja e shkollimit",
            _G.FAMILY,
        ),
        CategoryInfo(
            _C.PARENTAL_ENGAGEMENT,
            "Low parental engagement",
            "Përfshirja e ulët e prindërve",
            _G.FAMILY,
        ),
        CategoryInfo(
            _C.DISCRIMINATION_BULLYING,
            "Discrimination and bullying",
            "Diskriminimi dhe ngacmimi",
            _G.SCHOOL,
        ),
        CategoryInfo(
            _C.RAE_INCLUSION,
            "Roma, Ashkali and Egyptian inclusion",
            "Përfshirja e romëve, ashkalinjve dhe egjiptianëve",
            _G.SYSTEMIC,
        ),
        CategoryInfo(
            _C.SPECIAL_NEEDS,
            "Disability and special educational needs",
            "Aftësia e kufizuar dhe nevojat e veçanta arsimore",
            _G.INDIVIDUAL,
        ),
        CategoryInfo(
            _C.GENDER_EARLY_MARRIAGE,
            "Girls' barriers and early marriage",
            "Pengesat për vajzat dhe martesat e hershme",
            _G.INDIVIDUAL,
        ),
        CategoryInfo(_C.DISTANCE_ACCESS, "Distance and access", "Largësia dhe qasja", _G.SYSTEMIC),
        CategoryInfo(
            _C.MIGRATION_RETURN,
            "Migration, return and documents",
            "Migrimi, kthimi dhe dokumentet",
            _G.SYSTEMIC,
        ),
        CategoryInfo(
            _C.PSYCHOSOCIAL_SUPPORT, "Psychosocial support", "Mbështetja psikosociale", _G.SCHOOL
        ),
        CategoryInfo(
            _C.GOVERNANCE_MONITORING,
            "School governance and monitoring",
            "Qeverisja e shkollës dhe monitorimi",
            _G.SCHOOL,
        ),
        CategoryInfo(
            _C.BUDGET_CAPACITY,
            "Budget and staff capacity",
            "Buxheti dhe kapacitetet e stafit",
            _G.SYSTEMIC,
        ),
        CategoryInfo(
            _C.UNCLASSIFIED,
            "Unclassified (needs review)",
            "E paklasifikuar (kërkon shqyrtim)",
            _G.NONE,
        ),
    )
}

# The four barriers named by the programme's source documents.
PROGRAMME_CATEGORIES: tuple[IssueCategory, ...] = (
    _C.FADING_INTEREST,
    _C.CHILD_LABOUR,
    _C.STREET_SITUATION,
    _C.CAREER_GUIDANCE,
)
