"""The consultation form as an XLSForm, for KoboToolbox or ODK Central (offline collection).

Built from the vocabulary so its choice lists always match what intake accepts.
"""

from schemas.vocabulary import (
    AFFECTED_GROUP_LABELS,
    CATEGORY_INFO,
    LEVEL_LABELS,
    STAKEHOLDER_LABELS,
    AffectedGroup,
    IssueCategory,
    Labels,
    Language,
    SchoolLevel,
    Severity,
    StakeholderGroup,
)
from services.consultations.domain.forms import FORM_ID, FORM_VERSION
from services.fieldforms import xlsform
from services.fieldforms.xlsform import FORM_ID_FIELD, FORM_VERSION_FIELD, NONE, Text
from services.fieldforms.xlsform import in_languages as _each

# The form speaks English, Albanian, Serbian (Latin and Cyrillic script: the Cyrillic
# is transliterated from the Latin), Turkish and Bosnian, as monitoring's forms do.
LANGUAGES = xlsform.LANGUAGES
FORM = xlsform.Form("DMAP consultation record", FORM_ID, FORM_VERSION, LANGUAGES, LANGUAGES[0])


def _columns(kind: str) -> list[str]:
    return xlsform.columns(kind, LANGUAGES)


SURVEY_HEADER = [
    "type",
    "name",
    *_columns("label"),
    "required",
    "constraint",
    *_columns("constraint_message"),
    *_columns("hint"),
    "calculation",
]
SEVERITY: dict[str, Text] = {
    "low": ("low", "e ulët", "niska", "düşük", "niska"),
    "medium": ("medium", "mesatare", "srednja", "orta", "srednja"),
    "high": ("high", "e lartë", "visoka", "yüksek", "visoka"),
    "critical": ("critical", "kritike", "kritična", "kritik", "kritična"),
}
LANGUAGE_LABELS: dict[str, Text] = {
    "sq": ("Albanian", "Shqip", "Albanski", "Arnavutça", "Albanski"),
    "sr": ("Serbian", "Serbisht", "Srpski", "Sırpça", "Srpski"),
    "en": ("English", "Anglisht", "Engleski", "İngilizce", "Engleski"),
    "tr": ("Turkish", "Turqisht", "Turski", "Türkçe", "Turski"),
    "bs": ("Bosnian", "Boshnjakisht", "Bosanski", "Boşnakça", "Bosanski"),
}

# type, name, label, required, constraint, constraint message, hint.
_QUESTIONS: list[tuple[str, str, Text, str, str, Text, Text]] = [
    (
        "select_one municipality",
        "municipality",
        ("Municipality", "Komuna", "Opština", "Belediye", "Općina"),
        "yes",
        "",
        NONE,
        NONE,
    ),
    (
        "text",
        "school_name",
        (
            "School (institution name, never a pupil's)",
            "Shkolla (emri i institucionit, kurrë i një nxënësi)",
            "Škola (naziv ustanove, nikada ime učenika)",
            "Okul (kurumun adı, asla bir öğrencinin adı değil)",
            "Škola (naziv ustanove, nikada ime učenika)",
        ),
        "no",
        "",
        NONE,
        (
            "Leave empty for consultations at the MED",
            "Lëreni bosh për konsultimet në DKA",
            "Ostavite prazno za konsultacije u ODO",
            "Belediye Eğitim Müdürlüğünde yapılan istişareler için boş bırakın",
            "Ostavite prazno za konsultacije u ODO",
        ),
    ),
    (
        "select_one school_level",
        "school_level",
        (
            "School level",
            "Niveli shkollor",
            "Nivo obrazovanja",
            "Okul kademesi",
            "Nivo obrazovanja",
        ),
        "no",
        "",
        NONE,
        NONE,
    ),
    (
        "select_one stakeholder_group",
        "stakeholder_group",
        (
            "Consulted group",
            "Grupi i konsultuar",
            "Konsultovana grupa",
            "İstişare edilen grup",
            "Konsultovana grupa",
        ),
        "yes",
        "",
        NONE,
        NONE,
    ),
    (
        "date",
        "consultation_date",
        (
            "Date of the consultation",
            "Data e konsultimit",
            "Datum konsultacije",
            "İstişarenin tarihi",
            "Datum konsultacije",
        ),
        "yes",
        ". <= today()",
        (
            "The date cannot be in the future",
            "Data nuk mund të jetë në të ardhmen",
            "Datum ne može biti u budućnosti",
            "Tarih gelecekte olamaz",
            "Datum ne može biti u budućnosti",
        ),
        NONE,
    ),
    (
        "select_one language",
        "language",
        (
            "Language of the notes",
            "Gjuha e shënimeve",
            "Jezik beleški",
            "Notların dili",
            "Jezik bilješki",
        ),
        "yes",
        "",
        NONE,
        NONE,
    ),
    (
        "integer",
        "participant_count",
        (
            "Number of participants",
            "Numri i pjesëmarrësve",
            "Broj učesnika",
            "Katılımcı sayısı",
            "Broj učesnika",
        ),
        "yes",
        ". >= 1 and . <= 500",
        ("Between 1 and 500", "Nga 1 deri në 500", "Od 1 do 500", "1 ile 500 arası", "Od 1 do 500"),
        xlsform.COUNT_HINT,
    ),
    (
        "begin_repeat",
        "issues",
        (
            "Issues raised",
            "Çështjet e ngritura",
            "Pokrenuta pitanja",
            "Dile getirilen konular",
            "Pokrenuta pitanja",
        ),
        "",
        "",
        NONE,
        NONE,
    ),
    (
        "select_one category",
        "issue_category",
        (
            "Issue category (optional)",
            "Kategoria (opsionale)",
            "Kategorija (nije obavezno)",
            "Konunun kategorisi (isteğe bağlı)",
            "Kategorija (nije obavezno)",
        ),
        "no",
        "",
        NONE,
        (
            "Leave empty if unsure: planning classifies the text",
            "Lëreni bosh nëse nuk jeni të sigurt: planifikimi e klasifikon tekstin",
            "Ostavite prazno ako niste sigurni: planiranje razvrstava tekst",
            "Emin değilseniz boş bırakın: planlama metni sınıflandırır",
            "Ostavite prazno ako niste sigurni: planiranje razvrstava tekst",
        ),
    ),
    (
        "text",
        "issue_description",
        ("What was said", "Çfarë u tha", "Šta je rečeno", "Ne söylendi", "Šta je rečeno"),
        "yes",
        "string-length(.) >= 3",
        (
            "At least 3 characters",
            "Së paku 3 shenja",
            "Najmanje 3 znaka",
            "En az 3 karakter",
            "Najmanje 3 znaka",
        ),
        xlsform.NO_NAMES,
    ),
    (
        "select_one severity",
        "issue_severity",
        ("Severity", "Rëndësia", "Ozbiljnost", "Önem derecesi", "Ozbiljnost"),
        "yes",
        "",
        NONE,
        NONE,
    ),
    (
        "integer",
        "issue_affected_students",
        (
            "Students affected (if known)",
            "Nxënës të prekur (nëse dihet)",
            "Pogođeni učenici (ako je poznato)",
            "Etkilenen öğrenci sayısı (biliniyorsa)",
            "Pogođeni učenici (ako je poznato)",
        ),
        "no",
        ". >= 0",
        xlsform.ZERO_OR_MORE,
        NONE,
    ),
    (
        "select_multiple affected_group",
        "issue_affected_groups",
        (
            "Groups concerned",
            "Grupet e prekura",
            "Pogođene grupe",
            "İlgili gruplar",
            "Pogođene grupe",
        ),
        "no",
        "",
        NONE,
        NONE,
    ),
    ("end_repeat", "", NONE, "", "", NONE, NONE),
    (
        "text",
        "recommendations",
        (
            "Recommendations (one per line)",
            "Rekomandimet (një për rresht)",
            "Preporuke (jedna po redu)",
            "Öneriler (her satıra bir tane)",
            "Preporuke (jedna po redu)",
        ),
        "no",
        "",
        NONE,
        NONE,
    ),
]


def _row(q: tuple[str, str, Text, str, str, Text, Text], calculation: str = "") -> list[str]:
    kind, name, label, required, constraint, message, hint = q
    return [
        kind,
        name,
        *_each(label),
        required,
        constraint,
        *_each(message),
        *_each(hint),
        calculation,
    ]


SURVEY = [
    *(_row(q) for q in _QUESTIONS),
    # Submitted with every record so intake can tell this form and version from
    # any other (servers such as KoboToolbox rename the form id and version).
    _row(("calculate", FORM_ID_FIELD, NONE, "", "", NONE, NONE), f"'{FORM_ID}'"),
    _row(("calculate", FORM_VERSION_FIELD, NONE, "", "", NONE, NONE), f"'{FORM_VERSION}'"),
]


def _labels(labels: Labels) -> list[str]:
    return _each((labels.en, labels.sq, labels.sr, labels.tr, labels.bs))


def _choices() -> list[list[str]]:
    rows = xlsform.municipality_choices()
    rows += [["school_level", v.value, *_labels(LEVEL_LABELS[v])] for v in SchoolLevel]
    rows += [
        ["stakeholder_group", v.value, *_labels(STAKEHOLDER_LABELS[v])] for v in StakeholderGroup
    ]
    rows += [["language", v.value, *_each(LANGUAGE_LABELS[v.value])] for v in Language]
    rows += [
        ["category", c.value, *_each((i.label_en, i.label_sq, i.label_sr, i.label_tr, i.label_bs))]
        for c, i in CATEGORY_INFO.items()
        if c != IssueCategory.UNCLASSIFIED
    ]
    rows += [["severity", v.value, *_each(SEVERITY[v.value])] for v in Severity]
    rows += [["affected_group", v.value, *_labels(AFFECTED_GROUP_LABELS[v])] for v in AffectedGroup]
    return rows


def build() -> bytes:
    return xlsform.workbook(FORM, SURVEY_HEADER, SURVEY, _choices())
