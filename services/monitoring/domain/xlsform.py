"""The school team's monthly report as an XLSForm, for KoboToolbox or ODK Collect offline.

The questions are the fields of `SchoolMonthlyReport` (counts of pupils, never a
name); choice lists come from the vocabulary and the contract, so the form offers
only what monitoring accepts. Labels, hints and messages are in English, Albanian
and Serbian, Latin and Cyrillic (transliterated from the Latin).
"""

import io
from typing import Final, get_args

from openpyxl import Workbook

from schemas.progress import ActionStatus
from schemas.vocabulary import MUNICIPALITIES
from schemas.vocabulary.cyrillic import to_cyrillic

FORM_ID: Final = "dmap_school_monthly"
FORM_VERSION: Final = "2026.12.1"
# Versions whose submissions map correctly; an older deployed form is refused.
ACCEPTED_VERSIONS: Final = frozenset({FORM_VERSION})
FORM_ID_FIELD: Final = "dmap_form_id"  # servers rename the form's own id and version
FORM_VERSION_FIELD: Final = "dmap_form_version"
COUNTS: Final = (
    "ews_flagged",
    "home_visits",
    "csw_referrals",
    "returns_to_school",
    "dropouts",
    "non_enrolled_identified",
)

# "Name (code)" with an IANA primary subtag, as pyxform checks: both Serbian scripts are
# `sr`, told apart by their names (Collect lists the names).
LANGUAGES = ("English (en)", "Shqip (sq)", "Srpski (sr)", "Српски (sr)")
Text = tuple[str, str, str]  # English, Albanian, Serbian (Latin)
NONE: Text = ("", "", "")
COUNT_RULE = (". >= 0 and . <= 100000", ("Zero or more", "Zero ose më shumë", "Nula ili više"))


def _each(text: Text) -> list[str]:
    en, sq, sr = text
    return [en, sq, sr, to_cyrillic(sr)] if any(text) else ["", "", "", ""]


def _columns(kind: str) -> list[str]:
    return [f"{kind}::{name}" for name in LANGUAGES]


SURVEY_HEADER = [
    "type",
    "name",
    *_columns("label"),
    *_columns("hint"),
    "required",
    "constraint",
    *_columns("constraint_message"),
    "appearance",
    "calculation",
]


def _q(
    kind: str,
    name: str,
    label: Text = NONE,
    hint: Text = NONE,
    required: str = "",
    rule: tuple[str, Text] = ("", NONE),
    appearance: str = "",
    calculation: str = "",
) -> list[str]:
    constraint, message = rule
    return [
        kind,
        name,
        *_each(label),
        *_each(hint),
        required,
        constraint,
        *_each(message),
        appearance,
        calculation,
    ]


_COUNT_LABELS: dict[str, Text] = {
    "ews_flagged": (
        "Pupils flagged by the early-warning system",
        "Nxënës të sinjalizuar nga sistemi i paralajmërimit të hershëm",
        "Učenici označeni sistemom ranog upozorenja",
    ),
    "home_visits": ("Home visits made", "Vizita në shtëpi të bëra", "Obavljene kućne posete"),
    "csw_referrals": (
        "Referrals to the Centre for Social Work",
        "Referime në Qendrën për Punë Sociale",
        "Upućivanja Centru za socijalni rad",
    ),
    "returns_to_school": (
        "Pupils who returned to school",
        "Nxënës që u kthyen në shkollë",
        "Učenici koji su se vratili u školu",
    ),
    "dropouts": ("Pupils who dropped out", "Nxënës që braktisën", "Učenici koji su napustili"),
    "non_enrolled_identified": (
        "Children found not enrolled",
        "Fëmijë të identifikuar të paregjistruar",
        "Pronađena neupisana deca",
    ),
}
_COUNT_HINT: Text = ("Count only: no names", "Vetëm numri: pa emra", "Samo broj: bez imena")

SURVEY = [
    _q(
        "select_one municipality",
        "municipality",
        ("Municipality", "Komuna", "Opština"),
        required="yes",
    ),
    _q(
        "text",
        "school",
        ("School", "Shkolla", "Škola"),
        (
            "As on your team's DMAP token",
            "Si në tokenin DMAP të ekipit tuaj",
            "Kao na DMAP tokenu vašeg tima",
        ),
        required="yes",
    ),
    _q(
        "date",
        "month",
        ("Month reported", "Muaji i raportuar", "Izveštajni mesec"),
        ("Due by the 5th of the next month", "Afati: data 5 e muajit pasues", "Rok: 5. u mesecu"),
        required="yes",
        rule=(
            ". <= today()",
            (
                "The month cannot be in the future",
                "Muaji nuk mund të jetë në të ardhmen",
                "Mesec ne može biti u budućnosti",
            ),
        ),
        appearance="month-year",
    ),
    _q(
        "text",
        "reporter",
        ("Reported by", "Raportuar nga", "Izvestio"),
        (
            "The team or its coordinator's role, never a pupil",
            "Ekipi ose roli i koordinatorit, kurrë një nxënës",
            "Tim ili uloga koordinatora, nikada učenik",
        ),
        required="yes",
    ),
    _q(
        "integer",
        "enrolled",
        ("Pupils enrolled (if known)", "Nxënës të regjistruar (nëse dihet)", "Upisani učenici"),
        ("From EMIS", "Nga SMIA", "Iz EMIS-a"),
        rule=COUNT_RULE,
    ),
    *(_q("integer", n, _COUNT_LABELS[n], _COUNT_HINT, "yes", COUNT_RULE) for n in COUNTS),
    _q(
        "begin_repeat", "actions", ("Actions the school leads", "Veprimet e shkollës", "Aktivnosti")
    ),
    _q(
        "text",
        "action_id",
        ("Action code", "Kodi i veprimit", "Šifra aktivnosti"),
        ("As in the adopted plan, e.g. AB-1", "Si në planin e miratuar", "Kao u planu, npr. AB-1"),
        "yes",
        (
            "regex(., '^[A-Za-z0-9-]{1,40}$')",
            ("A code such as AB-1", "Një kod si AB-1", "Šifra kao AB-1"),
        ),
    ),
    _q("select_one status", "status", ("Status", "Statusi", "Status"), required="yes"),
    _q(
        "text",
        "evidence",
        ("What was done", "Çfarë u bë", "Šta je urađeno"),
        (
            "No names, phones or personal numbers",
            "Pa emra, numra telefoni ose numra personalë",
            "Bez imena, brojeva telefona ili ličnih brojeva",
        ),
        rule=(
            "string-length(.) <= 2000",
            ("At most 2,000 characters", "Së shumti 2.000 shenja", "Najviše 2.000 znakova"),
        ),
    ),
    _q("end_repeat", ""),
    _q("calculate", FORM_ID_FIELD, calculation=f"'{FORM_ID}'"),
    _q("calculate", FORM_VERSION_FIELD, calculation=f"'{FORM_VERSION}'"),
]

STATUS_LABELS: dict[str, Text] = {
    "not_started": ("Not started", "Nuk ka filluar", "Nije započeto"),
    "on_track": ("On track", "Në rrugë të mbarë", "Po planu"),
    "delayed": ("Delayed", "Me vonesë", "Kasni"),
    "done": ("Done", "E kryer", "Završeno"),
    "cancelled": ("Cancelled", "E anuluar", "Otkazano"),
}


def _choices() -> list[list[str]]:
    rows = [
        [
            "municipality",
            m.code,
            f"{m.name_sq} / {m.name_sr}",
            m.name_sq,
            m.name_sr,
            to_cyrillic(m.name_sr),
        ]
        for m in MUNICIPALITIES
    ]
    rows += [["status", s, *_each(STATUS_LABELS[s])] for s in get_args(ActionStatus)]
    return rows


def build() -> bytes:
    """The XLSForm workbook (survey, choices, settings)."""
    book = Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    survey.append(SURVEY_HEADER)
    for row in SURVEY:
        survey.append(row)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", *_columns("label")])
    for row in _choices():
        choices.append(row)
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append(["DMAP school monthly report", FORM_ID, FORM_VERSION, LANGUAGES[0]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
