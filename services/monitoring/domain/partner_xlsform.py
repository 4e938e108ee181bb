"""A partner's quarterly report (CSW, MOCR, mediators, NGO) as an XLSForm, for KoboToolbox
or ODK Collect offline.

The questions are the fields of `PartnerQuarterlyReport` (counts of referrals and
visits, never a child's name), built with the school monthly form's generator
(`xlsform.question`, same languages and columns). The partner kind may be left
empty: the token's organisation is taken, as in the partner spreadsheet.
"""

from typing import Final, get_args

from schemas.plans import Quarter
from schemas.progress import PartnerKind
from services.fieldforms import xlsform
from services.fieldforms.xlsform import COUNT_HINT, LANGUAGES, Text
from services.monitoring.domain.xlsform import (
    COUNT_RULE,
    MUNICIPALITY,
    REPORTED_BY,
    SURVEY_HEADER,
    form_fields,
    question,
)

FORM_ID: Final = "dmap_partner_quarterly"
FORM_VERSION: Final = "2026.12.1"
# Versions whose submissions map correctly; an older deployed form is refused.
ACCEPTED_VERSIONS: Final = frozenset({FORM_VERSION})
REQUIRED_COUNTS: Final = ("referrals_received", "referrals_assessed", "referrals_closed")
OPTIONAL_COUNTS: Final = ("learning_centre_attendance", "mediator_visits")

_COUNT_LABELS: dict[str, Text] = {
    "referrals_received": (
        "Referrals received",
        "Referime të pranuara",
        "Primljena upućivanja",
        "Alınan yönlendirmeler",
        "Primljena upućivanja",
    ),
    "referrals_assessed": (
        "Referrals assessed",
        "Referime të vlerësuara",
        "Procenjena upućivanja",
        "Değerlendirilen yönlendirmeler",
        "Procijenjena upućivanja",
    ),
    "referrals_closed": (
        "Referrals closed",
        "Referime të mbyllura",
        "Zatvorena upućivanja",
        "Kapatılan yönlendirmeler",
        "Zatvorena upućivanja",
    ),
    "learning_centre_attendance": (
        "Children attending the learning centre (if any)",
        "Fëmijë që ndjekin qendrën mësimore (nëse ka)",
        "Deca koja pohađaju centar za učenje (ako ih ima)",
        "Öğrenme merkezine devam eden çocuklar (varsa)",
        "Djeca koja pohađaju centar za učenje (ako ih ima)",
    ),
    "mediator_visits": (
        "Mediator visits (if any)",
        "Vizita të ndërmjetësve (nëse ka)",
        "Posete medijatora (ako ih ima)",
        "Arabulucu ziyaretleri (varsa)",
        "Posjete medijatora (ako ih ima)",
    ),
}
PARTNER_LABELS: dict[str, Text] = {
    "csw": (
        "Centre for Social Work",
        "Qendra për Punë Sociale",
        "Centar za socijalni rad",
        "Sosyal Hizmetler Merkezi",
        "Centar za socijalni rad",
    ),
    "mocr": (
        "Municipal Office for Communities and Returns",
        "Zyra Komunale për Komunitete dhe Kthim",
        "Opštinska kancelarija za zajednice i povratak",
        "Belediye Topluluklar ve Geri Dönüş Ofisi",
        "Općinska kancelarija za zajednice i povratak",
    ),
    "mediator": ("Mediators", "Ndërmjetësit", "Medijatori", "Arabulucular", "Medijatori"),
    "ngo": ("NGO", "OJQ", "NVO", "STK", "NVO"),
}
# The codes are the plan's (Q1 to Q4 in every language, as the workspace's partner form
# lists them); the months say which is which.
QUARTER_LABELS: dict[str, Text] = {
    "Q1": (
        "Q1 (September–November)",
        "Q1 (shtator–nëntor)",
        "Q1 (septembar–novembar)",
        "Q1 (Eylül–Kasım)",
        "Q1 (septembar–novembar)",
    ),
    "Q2": (
        "Q2 (December–February)",
        "Q2 (dhjetor–shkurt)",
        "Q2 (decembar–februar)",
        "Q2 (Aralık–Şubat)",
        "Q2 (decembar–februar)",
    ),
    "Q3": (
        "Q3 (March–May)",
        "Q3 (mars–maj)",
        "Q3 (mart–maj)",
        "Q3 (Mart–Mayıs)",
        "Q3 (mart–maj)",
    ),
    "Q4": (
        "Q4 (June–August)",
        "Q4 (qershor–gusht)",
        "Q4 (jun–avgust)",
        "Q4 (Haziran–Ağustos)",
        "Q4 (juni–august)",
    ),
}

SURVEY = [
    MUNICIPALITY,
    question(
        "text",
        "cycle",
        ("School year", "Viti shkollor", "Školska godina", "Öğretim yılı", "Školska godina"),
        (
            "As in the adopted plan, e.g. 2026-2027",
            "Si në planin e miratuar",
            "Kao u planu",
            "Onaylanan plandaki gibi, örn. 2026-2027",
            "Kao u usvojenom planu, npr. 2026-2027",
        ),
        "yes",
        (
            "regex(., '^[0-9]{4}-[0-9]{4}$')",
            (
                "A school year such as 2026-2027",
                "Një vit si 2026-2027",
                "Godina kao 2026-2027",
                "2026-2027 gibi bir öğretim yılı",
                "Školska godina kao 2026-2027",
            ),
        ),
    ),
    question(
        "select_one quarter",
        "quarter",
        (
            "Quarter reported",
            "Tremujori i raportuar",
            "Prijavljeno tromesečje",
            "Raporlanan çeyrek",
            "Prijavljeni kvartal",
        ),
        required="yes",
    ),
    question(
        "select_one partner",
        "partner",
        ("Reporting for", "Raporton për", "Izveštava za", "Raporlayan kurum", "Izvještava za"),
        (
            "Leave empty: your token's organisation",
            "Lëreni bosh: organizata e tokenit tuaj",
            "Ostavite prazno: organizacija vašeg tokena",
            "Boş bırakın: erişim anahtarınızın kurumu alınır",
            "Ostavite prazno: organizacija vašeg tokena",
        ),
    ),
    question(
        "text",
        "reporter",
        REPORTED_BY,
        (
            "The body or its officer's role, never a child",
            "Institucioni ose roli i zyrtarit, kurrë një fëmijë",
            "Ustanova ili uloga službenika, nikada dete",
            "Kurum ya da görevlinin görevi; asla bir çocuğun adı yazılmaz",
            "Ustanova ili uloga službenika, nikada dijete",
        ),
        required="yes",
    ),
    *(
        question(
            "integer",
            n,
            _COUNT_LABELS[n],
            COUNT_HINT,
            "" if n in OPTIONAL_COUNTS else "yes",
            COUNT_RULE,
        )
        for n in _COUNT_LABELS
    ),
    *form_fields(FORM_ID, FORM_VERSION),
]


def _choices() -> list[list[str]]:
    rows = xlsform.municipality_choices()
    rows += [["quarter", q, *xlsform.in_languages(QUARTER_LABELS[q])] for q in get_args(Quarter)]
    rows += [
        ["partner", p, *xlsform.in_languages(PARTNER_LABELS[p])] for p in get_args(PartnerKind)
    ]
    return rows


FORM = xlsform.Form("DMAP partner quarterly report", FORM_ID, FORM_VERSION, LANGUAGES, LANGUAGES[0])


def build() -> bytes:
    """The XLSForm workbook (survey, choices, settings)."""
    return xlsform.workbook(FORM, SURVEY_HEADER, SURVEY, _choices())
