"""Who is consulted, at which school level, in which language, about whom."""

from enum import StrEnum
from typing import NamedTuple


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


class Labels(NamedTuple):
    """A label in each language plans are written in; `[0]` is English, `[1]` Albanian.

    Serbian is in Latin script (Cyrillic renderings transliterate it)."""

    en: str
    sq: str
    sr: str
    tr: str
    bs: str


# Labels for sentences and tables in plans (nominative: they stand in lists).
STAKEHOLDER_LABELS: dict[StakeholderGroup, Labels] = {
    StakeholderGroup.MED: Labels("the MED", "DKA", "ODO", "Belediye Eğitim Müdürlüğü", "ODO"),
    StakeholderGroup.SCHOOL_MANAGER: Labels(
        "school managers",
        "drejtorët e shkollave",
        "direktori škola",
        "okul müdürleri",
        "direktori škola",
    ),
    StakeholderGroup.TEACHER: Labels(
        "teachers", "mësimdhënësit", "nastavnici", "öğretmenler", "nastavnici"
    ),
    StakeholderGroup.STUDENT: Labels("students", "nxënësit", "učenici", "öğrenciler", "učenici"),
    StakeholderGroup.PARENT: Labels("parents", "prindërit", "roditelji", "veliler", "roditelji"),
    StakeholderGroup.OTHER: Labels(
        "others (CSW, mediators, NGOs)",
        "të tjerë (QPS, ndërmjetës, OJQ)",
        "ostali (CSR, medijatori, NVO)",
        "diğerleri (SHM, arabulucular, STK'lar)",
        "ostali (CSR, medijatori, NVO)",
    ),
}
LEVEL_LABELS: dict[SchoolLevel, Labels] = {
    SchoolLevel.PRESCHOOL: Labels(
        "preschool", "parashkollor", "predškolsko", "okul öncesi", "predškolsko"
    ),
    SchoolLevel.PRIMARY: Labels(
        "primary (grades 1-5)",
        "fillor (klasat 1-5)",
        "osnovno (razredi 1-5)",
        "ilkokul (1-5. sınıflar)",
        "osnovno (razredi 1-5)",
    ),
    SchoolLevel.LOWER_SECONDARY: Labels(
        "lower secondary (grades 6-9)",
        "i mesëm i ulët (klasat 6-9)",
        "niže srednje (razredi 6-9)",
        "ortaokul (6-9. sınıflar)",
        "niže srednje (razredi 6-9)",
    ),
    SchoolLevel.UPPER_SECONDARY: Labels(
        "upper secondary (grades 10-12)",
        "i mesëm i lartë (klasat 10-12)",
        "više srednje (razredi 10-12)",
        "lise (10-12. sınıflar)",
        "više srednje (razredi 10-12)",
    ),
}
AFFECTED_GROUP_LABELS: dict[AffectedGroup, Labels] = {
    AffectedGroup.RAE: Labels(
        "Roma, Ashkali and Egyptian pupils",
        "nxënësit romë, ashkali dhe egjiptianë",
        "romski, aškalijski i egipćanski učenici",
        "Rom, Aşkali ve Mısırlı öğrenciler",
        "romski, aškalijski i egipćanski učenici",
    ),
    AffectedGroup.SPECIAL_NEEDS: Labels(
        "pupils with special needs",
        "nxënësit me nevoja të veçanta",
        "učenici sa posebnim potrebama",
        "özel gereksinimli öğrenciler",
        "učenici s posebnim potrebama",
    ),
    AffectedGroup.GIRLS: Labels("girls", "vajzat", "devojčice", "kız öğrenciler", "djevojčice"),
    AffectedGroup.RURAL: Labels(
        "pupils in rural areas",
        "nxënësit nga zonat rurale",
        "učenici iz seoskih sredina",
        "kırsal kesimdeki öğrenciler",
        "učenici iz seoskih sredina",
    ),
    AffectedGroup.LOW_INCOME: Labels(
        "pupils from low-income families",
        "nxënësit nga familjet me të ardhura të ulëta",
        "učenici iz porodica sa niskim primanjima",
        "düşük gelirli ailelerin çocukları",
        "učenici iz porodica s niskim primanjima",
    ),
    AffectedGroup.RETURNEES: Labels(
        "returnee pupils",
        "nxënësit e kthyer",
        "učenici povratnici",
        "geri dönen öğrenciler",
        "učenici povratnici",
    ),
    AffectedGroup.OTHER_MINORITY: Labels(
        "pupils from other non-majority communities",
        "nxënësit nga komunitetet e tjera joshumicë",
        "učenici iz drugih nevećinskih zajednica",
        "diğer çoğunlukta olmayan toplulukların öğrencileri",
        "učenici iz drugih nevećinskih zajednica",
    ),
}
