"""The school team's monthly report as an XLSForm, for KoboToolbox or ODK Collect offline.

The questions are the fields of `SchoolMonthlyReport` (counts of pupils, never a
name); choice lists come from the vocabulary and the contract, so the form offers
only what monitoring accepts. Labels, hints and messages are in English, Albanian,
Serbian, Latin and Cyrillic (transliterated from the Latin), Turkish and Bosnian.
"""

from typing import Final, get_args

from schemas.progress import ActionStatus, SchoolCounts
from services.fieldforms import xlsform
from services.fieldforms.xlsform import (
    COUNT_HINT,
    FORM_ID_FIELD,
    FORM_VERSION_FIELD,
    LANGUAGES,
    NO_NAMES,
    NONE,
    ZERO_OR_MORE,
    Text,
)

FORM_ID: Final = "dmap_school_monthly"
FORM_VERSION: Final = "2026.12.1"
# Versions whose submissions map correctly; an older deployed form is refused.
ACCEPTED_VERSIONS: Final = frozenset({FORM_VERSION})
# The contract's counts, in its order: a count added there is asked here too.
COUNTS: Final[tuple[str, ...]] = tuple(SchoolCounts.model_fields)

COUNT_RULE = (". >= 0 and . <= 100000", ZERO_OR_MORE)
SURVEY_HEADER = [
    "type",
    "name",
    *xlsform.columns("label", LANGUAGES),
    *xlsform.columns("hint", LANGUAGES),
    "required",
    "constraint",
    *xlsform.columns("constraint_message", LANGUAGES),
    "appearance",
    "calculation",
]


def question(
    kind: str,
    name: str,
    label: Text = NONE,
    hint: Text = NONE,
    required: str = "",
    rule: tuple[str, Text] = ("", NONE),
    appearance: str = "",
    calculation: str = "",
) -> list[str]:
    """One survey row of monitoring's forms (columns as in SURVEY_HEADER)."""
    constraint, message = rule
    return [
        kind,
        name,
        *xlsform.in_languages(label),
        *xlsform.in_languages(hint),
        required,
        constraint,
        *xlsform.in_languages(message),
        appearance,
        calculation,
    ]


def form_fields(form_id: str, version: str) -> list[list[str]]:
    """The hidden fields naming the form and its version in every submission."""
    return [
        question("calculate", FORM_ID_FIELD, calculation=f"'{form_id}'"),
        question("calculate", FORM_VERSION_FIELD, calculation=f"'{version}'"),
    ]


MUNICIPALITY: Final = question(
    "select_one municipality",
    "municipality",
    ("Municipality", "Komuna", "Opština", "Belediye", "Općina"),
    required="yes",
)
REPORTED_BY: Final[Text] = ("Reported by", "Raportuar nga", "Izvestio", "Raporlayan", "Izvijestio")

_COUNT_LABELS: dict[str, Text] = {
    "ews_flagged": (
        "Pupils flagged by the early-warning system",
        "Nxënës të sinjalizuar nga sistemi i paralajmërimit të hershëm",
        "Učenici označeni sistemom ranog upozorenja",
        "Erken uyarı sisteminin işaretlediği öğrenciler",
        "Učenici označeni u sistemu ranog upozoravanja",
    ),
    "home_visits": (
        "Home visits made",
        "Vizita në shtëpi të bëra",
        "Obavljene kućne posete",
        "Yapılan ev ziyaretleri",
        "Obavljene kućne posjete",
    ),
    "csw_referrals": (
        "Referrals to the Centre for Social Work",
        "Referime në Qendrën për Punë Sociale",
        "Upućivanja Centru za socijalni rad",
        "Sosyal Hizmetler Merkezine yönlendirmeler",
        "Upućivanja Centru za socijalni rad",
    ),
    "returns_to_school": (
        "Pupils who returned to school",
        "Nxënës që u kthyen në shkollë",
        "Učenici koji su se vratili u školu",
        "Okula dönen öğrenciler",
        "Učenici koji su se vratili u školu",
    ),
    "dropouts": (
        "Pupils who dropped out",
        "Nxënës që braktisën",
        "Učenici koji su napustili",
        "Okulu terk eden öğrenciler",
        "Učenici koji su napustili školu",
    ),
    "non_enrolled_identified": (
        "Children found not enrolled",
        "Fëmijë të identifikuar të paregjistruar",
        "Pronađena neupisana deca",
        "Okula kaydı olmadığı tespit edilen çocuklar",
        "Pronađena neupisana djeca",
    ),
}

SURVEY = [
    MUNICIPALITY,
    question(
        "text",
        "school",
        ("School", "Shkolla", "Škola", "Okul", "Škola"),
        (
            "As on your team's DMAP token",
            "Si në tokenin DMAP të ekipit tuaj",
            "Kao na DMAP tokenu vašeg tima",
            "Ekibinizin DMAP erişim anahtarındaki gibi",
            "Kao na DMAP tokenu vašeg tima",
        ),
        required="yes",
    ),
    question(
        "date",
        "month",
        (
            "Month reported",
            "Muaji i raportuar",
            "Izveštajni mesec",
            "Raporlanan ay",
            "Mjesec izvještaja",
        ),
        (
            "Due by the 5th of the next month",
            "Afati: data 5 e muajit pasues",
            "Rok: 5. u mesecu",
            "Son gün: izleyen ayın 5'i",
            "Rok: 5. dan narednog mjeseca",
        ),
        required="yes",
        rule=(
            ". <= today()",
            (
                "The month cannot be in the future",
                "Muaji nuk mund të jetë në të ardhmen",
                "Mesec ne može biti u budućnosti",
                "Ay gelecekte olamaz",
                "Mjesec ne može biti u budućnosti",
            ),
        ),
        appearance="month-year",
    ),
    question(
        "text",
        "reporter",
        REPORTED_BY,
        (
            "The team or its coordinator's role, never a pupil",
            "Ekipi ose roli i koordinatorit, kurrë një nxënës",
            "Tim ili uloga koordinatora, nikada učenik",
            "Ekip ya da koordinatörünün görevi; asla bir öğrencinin adı yazılmaz",
            "Tim ili uloga koordinatora, nikada učenik",
        ),
        required="yes",
    ),
    question(
        "integer",
        "enrolled",
        (
            "Pupils enrolled (if known)",
            "Nxënës të regjistruar (nëse dihet)",
            "Upisani učenici",
            "Kayıtlı öğrenciler (biliniyorsa)",
            "Upisani učenici (ako je poznato)",
        ),
        ("From EMIS", "Nga SMIA", "Iz EMIS-a", "EMIS'ten", "Iz EMIS-a"),
        rule=COUNT_RULE,
    ),
    *(question("integer", n, _COUNT_LABELS[n], COUNT_HINT, "yes", COUNT_RULE) for n in COUNTS),
    question(
        "begin_repeat",
        "actions",
        (
            "Actions the school leads",
            "Veprimet e shkollës",
            "Aktivnosti",
            "Okulun yürüttüğü eylemler",
            "Aktivnosti koje vodi škola",
        ),
    ),
    question(
        "text",
        "action_id",
        ("Action code", "Kodi i veprimit", "Šifra aktivnosti", "Eylem kodu", "Šifra aktivnosti"),
        (
            "As in the adopted plan, e.g. AB-1",
            "Si në planin e miratuar",
            "Kao u planu, npr. AB-1",
            "Onaylanan plandaki gibi, örn. AB-1",
            "Kao u usvojenom planu, npr. AB-1",
        ),
        "yes",
        (
            "regex(., '^[A-Za-z0-9-]{1,40}$')",
            (
                "A code such as AB-1",
                "Një kod si AB-1",
                "Šifra kao AB-1",
                "AB-1 gibi bir kod",
                "Šifra kao AB-1",
            ),
        ),
    ),
    question(
        "select_one status",
        "status",
        ("Status", "Statusi", "Status", "Durum", "Status aktivnosti"),
        required="yes",
    ),
    question(
        "text",
        "evidence",
        ("What was done", "Çfarë u bë", "Šta je urađeno", "Ne yapıldı", "Šta je urađeno"),
        NO_NAMES,
        rule=(
            "string-length(.) <= 2000",
            (
                "At most 2,000 characters",
                "Së shumti 2.000 shenja",
                "Najviše 2.000 znakova",
                "En fazla 2.000 karakter",
                "Najviše 2.000 znakova",
            ),
        ),
    ),
    question("end_repeat", ""),
    *form_fields(FORM_ID, FORM_VERSION),
]

STATUS_LABELS: dict[str, Text] = {
    "not_started": ("Not started", "Nuk ka filluar", "Nije započeto", "Başlamadı", "Nije započeto"),
    "on_track": ("On track", "Në rrugë të mbarë", "Po planu", "Planlandığı gibi", "Po planu"),
    "delayed": ("Delayed", "Me vonesë", "Kasni", "Gecikmede", "Kasni"),
    "done": ("Done", "E kryer", "Završeno", "Tamamlandı", "Završeno"),
    "cancelled": ("Cancelled", "E anuluar", "Otkazano", "İptal edildi", "Otkazano"),
}


def _choices() -> list[list[str]]:
    rows = xlsform.municipality_choices()
    rows += [["status", s, *xlsform.in_languages(STATUS_LABELS[s])] for s in get_args(ActionStatus)]
    return rows


FORM = xlsform.Form("DMAP school monthly report", FORM_ID, FORM_VERSION, LANGUAGES, LANGUAGES[0])


def build() -> bytes:
    """The XLSForm workbook (survey, choices, settings)."""
    return xlsform.workbook(FORM, SURVEY_HEADER, SURVEY, _choices())
