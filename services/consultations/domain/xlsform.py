"""The consultation form as an XLSForm, for KoboToolbox or ODK Central (offline collection).

Built from the vocabulary so its choice lists always match what intake accepts.
"""

import io

from openpyxl import Workbook

from schemas.vocabulary import (
    AFFECTED_GROUP_LABELS,
    CATEGORY_INFO,
    LEVEL_LABELS,
    MUNICIPALITIES,
    STAKEHOLDER_LABELS,
    AffectedGroup,
    IssueCategory,
    Language,
    SchoolLevel,
    Severity,
    StakeholderGroup,
)
from services.consultations.domain.forms import (
    FORM_ID,
    FORM_ID_FIELD,
    FORM_VERSION,
    FORM_VERSION_FIELD,
)

SURVEY_HEADER = [
    "type",
    "name",
    "label::English (en)",
    "label::Albanian (sq)",
    "required",
    "constraint",
    "constraint_message::English (en)",
    "hint::English (en)",
    "calculation",
]
SEVERITY_SQ = {"low": "e ulët", "medium": "mesatare", "high": "e lartë", "critical": "kritike"}
LANGUAGE_LABELS = {
    "sq": ("Albanian", "Shqip"),
    "sr": ("Serbian", "Serbisht"),
    "en": ("English", "Anglisht"),
    "tr": ("Turkish", "Turqisht"),
    "bs": ("Bosnian", "Boshnjakisht"),
}

SURVEY = [
    ["select_one municipality", "municipality", "Municipality", "Komuna", "yes", "", "", ""],
    [
        "text",
        "school_name",
        "School (institution name, never a pupil's)",
        "Shkolla",
        "no",
        "",
        "",
        "Leave empty for consultations at the MED",
    ],
    [
        "select_one school_level",
        "school_level",
        "School level",
        "Niveli shkollor",
        "no",
        "",
        "",
        "",
    ],
    [
        "select_one stakeholder_group",
        "stakeholder_group",
        "Consulted group",
        "Grupi i konsultuar",
        "yes",
        "",
        "",
        "",
    ],
    [
        "date",
        "consultation_date",
        "Date of the consultation",
        "Data e konsultimit",
        "yes",
        ". <= today()",
        "The date cannot be in the future",
        "",
    ],
    [
        "select_one language",
        "language",
        "Language of the notes",
        "Gjuha e shënimeve",
        "yes",
        "",
        "",
        "",
    ],
    [
        "integer",
        "participant_count",
        "Number of participants",
        "Numri i pjesëmarrësve",
        "yes",
        ". >= 1 and . <= 500",
        "Between 1 and 500",
        "Count only: no names",
    ],
    ["begin_repeat", "issues", "Issues raised", "Çështjet e ngritura", "", "", "", ""],
    [
        "select_one category",
        "issue_category",
        "Issue category (optional)",
        "Kategoria (opsionale)",
        "no",
        "",
        "",
        "Leave empty if unsure: planning classifies the text",
    ],
    [
        "text",
        "issue_description",
        "What was said",
        "Çfarë u tha",
        "yes",
        "string-length(.) >= 3",
        "At least 3 characters",
        "No names, phones or personal numbers",
    ],
    ["select_one severity", "issue_severity", "Severity", "Rëndësia", "yes", "", "", ""],
    [
        "integer",
        "issue_affected_students",
        "Students affected (if known)",
        "Nxënës të prekur (nëse dihet)",
        "no",
        ". >= 0",
        "Zero or more",
        "",
    ],
    [
        "select_multiple affected_group",
        "issue_affected_groups",
        "Groups concerned",
        "Grupet e prekura",
        "no",
        "",
        "",
        "",
    ],
    ["end_repeat", "", "", "", "", "", "", ""],
    [
        "text",
        "recommendations",
        "Recommendations (one per line)",
        "Rekomandimet (një për rresht)",
        "no",
        "",
        "",
        "",
    ],
    # Submitted with every record so intake can tell this form and version from
    # any other (servers such as KoboToolbox rename the form id and version).
    ["calculate", FORM_ID_FIELD, "", "", "", "", "", "", f"'{FORM_ID}'"],
    ["calculate", FORM_VERSION_FIELD, "", "", "", "", "", "", f"'{FORM_VERSION}'"],
]


def _choices() -> list[list[str]]:
    rows = [
        ["municipality", m.code, f"{m.name_sq} / {m.name_sr}", m.name_sq] for m in MUNICIPALITIES
    ]
    rows += [["school_level", v.value, *LEVEL_LABELS[v]] for v in SchoolLevel]
    rows += [["stakeholder_group", v.value, *STAKEHOLDER_LABELS[v]] for v in StakeholderGroup]
    rows += [["language", v.value, *LANGUAGE_LABELS[v.value]] for v in Language]
    rows += [
        ["category", c.value, CATEGORY_INFO[c].label_en, CATEGORY_INFO[c].label_sq]
        for c in IssueCategory
        if c != IssueCategory.UNCLASSIFIED
    ]
    rows += [["severity", v.value, v.value, SEVERITY_SQ[v.value]] for v in Severity]
    rows += [["affected_group", v.value, *AFFECTED_GROUP_LABELS[v]] for v in AffectedGroup]
    return rows


def build() -> bytes:
    book = Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    survey.append(SURVEY_HEADER)
    for row in SURVEY:
        survey.append(row)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::English (en)", "label::Albanian (sq)"])
    for row in _choices():
        choices.append(row)
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append(["DMAP consultation record", FORM_ID, FORM_VERSION, "English (en)"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
