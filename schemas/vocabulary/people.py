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
