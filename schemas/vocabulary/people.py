"""Who is consulted, at which school level, in which language, about whom."""

from enum import StrEnum


class StakeholderGroup(StrEnum):
    """Group a consultation was held with. Students are minors: never named."""

    MED = "med"
    SCHOOL_MANAGER = "school_manager"
    TEACHER = "teacher"
    STUDENT = "student"
    PARENT = "parent"
    OTHER = "other"


class SchoolLevel(StrEnum):
    PRESCHOOL = "preschool"
    PRIMARY = "primary"  # grades 1-5
    LOWER_SECONDARY = "lower_secondary"  # grades 6-9
    UPPER_SECONDARY = "upper_secondary"  # grades 10-12, general and vocational


class AffectedGroup(StrEnum):
    RAE = "rae"
    SPECIAL_NEEDS = "special_needs"
    GIRLS = "girls"
    RURAL = "rural"
    LOW_INCOME = "low_income"
    RETURNEES = "returnees"
    OTHER_MINORITY = "other_minority"


class Language(StrEnum):
    ALBANIAN = "sq"
    SERBIAN = "sr"
    ENGLISH = "en"
    TURKISH = "tr"
    BOSNIAN = "bs"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class SubmissionSource(StrEnum):
    """Channel a record came through."""

    API = "api"
    SPREADSHEET = "spreadsheet"
    KOBO = "kobo"
    ODK = "odk"
    DEMO = "demo"


# Labels for sentences in plans: (English, Albanian).
STAKEHOLDER_LABELS: dict[StakeholderGroup, tuple[str, str]] = {
    StakeholderGroup.MED: ("the MED", "DKA"),
    StakeholderGroup.SCHOOL_MANAGER: ("school managers", "drejtorët e shkollave"),
    StakeholderGroup.TEACHER: ("teachers", "mësuesit"),
    StakeholderGroup.STUDENT: ("students", "nxënësit"),
    StakeholderGroup.PARENT: ("parents", "prindërit"),
    StakeholderGroup.OTHER: ("others (CSW, mediators, NGOs)", "të tjerë (QPS, ndërmjetës, OJQ)"),
}
LEVEL_LABELS: dict[SchoolLevel, tuple[str, str]] = {
    SchoolLevel.PRESCHOOL: ("preschool", "parashkollor"),
    SchoolLevel.PRIMARY: ("primary (grades 1-5)", "fillor (klasat 1-5)"),
    SchoolLevel.LOWER_SECONDARY: ("lower secondary (grades 6-9)", "i mesëm i ulët (klasat 6-9)"),
    SchoolLevel.UPPER_SECONDARY: (
        "upper secondary (grades 10-12)",
        "i mesëm i lartë (klasat 10-12)",
    ),
}
AFFECTED_GROUP_LABELS: dict[AffectedGroup, tuple[str, str]] = {
    AffectedGroup.RAE: (
        "Roma, Ashkali and Egyptian pupils",
        "nxënësit romë, ashkali dhe egjiptianë",
    ),
    AffectedGroup.SPECIAL_NEEDS: ("pupils with special needs", "nxënësit me nevoja të veçanta"),
    AffectedGroup.GIRLS: ("girls", "vajzat"),
    AffectedGroup.RURAL: ("pupils in rural areas", "nxënësit nga zonat rurale"),
    AffectedGroup.LOW_INCOME: (
        "pupils from low-income families",
        "nxënësit nga familjet me të ardhura të ulëta",
    ),
    AffectedGroup.RETURNEES: ("returnee pupils", "nxënësit e kthyer"),
    AffectedGroup.OTHER_MINORITY: ("pupils from other minorities", "nxënësit nga pakicat e tjera"),
}
