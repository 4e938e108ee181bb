"""Months, dates, quarters, money and numbers as a MED writes them, in each language."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel.dates import format_date, get_month_names

from schemas.vocabulary.cyrillic import to_cyrillic
from services.reporting.i18n import words
from services.reporting.i18n.languages import LOCALES, Lang

CENT = Decimal("0.01")


@cache
def _months(lang: Lang) -> tuple[str, ...]:
    # English plans abbreviate ("Sep 2026"); the others write the month out.
    if lang == "en":
        names = get_month_names("abbreviated", context="format", locale="en")
    else:
        names = get_month_names("wide", context="format", locale=LOCALES[lang])
    return tuple(str(names[m]) for m in range(1, 13))


def month(value: str, lang: Lang) -> str:
    """`2026-09` as "Sep 2026", "shtator 2026", "septembar 2026", "септембар 2026"."""
    year, number = value.split("-")
    return f"{_months(lang)[int(number) - 1]} {year}"


def period(start: str, end: str, lang: Lang) -> str:
    return month(start, lang) if start == end else f"{month(start, lang)} – {month(end, lang)}"


# A date names its month in the genitive in Serbian and Bosnian ("30. juna 2027."); CLDR
# gives the nominative only.
_GENITIVE = {
    "sr": [
        "januara",
        "februara",
        "marta",
        "aprila",
        "maja",
        "juna",
        "jula",
        "avgusta",
        "septembra",
        "oktobra",
        "novembra",
        "decembra",
    ],
    "bs": [
        "januara",
        "februara",
        "marta",
        "aprila",
        "maja",
        "juna",
        "jula",
        "augusta",
        "septembra",
        "oktobra",
        "novembra",
        "decembra",
    ],
}


def day(value: date, lang: Lang) -> str:
    """A date as "30 Jun 2027", "30 qershor 2027", "30. juna 2027.", "30 Haziran 2027"."""
    if lang == "en":
        return f"{value.day} {_months(lang)[value.month - 1]} {value.year}"
    if lang in ("sr", "sr-Cyrl", "bs"):
        month = _GENITIVE["bs" if lang == "bs" else "sr"][value.month - 1]
        text = f"{value.day}. {month} {value.year}."
        return to_cyrillic(text) if lang == "sr-Cyrl" else text
    return str(format_date(value, "long", locale=LOCALES[lang]))


def quarter(code: str, lang: Lang) -> str:
    """A school-year quarter: Q1 in English, T1 in Albanian (tremujori), ..."""
    _ = words(lang)
    return _("Q{n}", n=code[1:])


def quarters(start: str, end: str, lang: Lang) -> str:
    a, b = quarter(start, lang), quarter(end, lang)
    return a if a == b else f"{a}–{b}"


def cents(amount: float | Decimal) -> Decimal:
    """EUR rounded to the cent, half up (floats go through their shortest repr)."""
    value = amount if isinstance(amount, Decimal) else Decimal(repr(amount))
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _grouped(value: Decimal, thousands: str, decimal_mark: str) -> str:
    whole, _, frac = f"{abs(value):,.2f}".partition(".")
    text = whole.replace(",", thousands)
    if frac != "00":
        text += decimal_mark + frac
    return ("-" if value < 0 else "") + text


def eur(amount: float | Decimal, lang: Lang) -> str:
    """`€1,250` in English, `1.250 €` in the other languages; cents only when there are any."""
    value = cents(amount)
    if lang == "en":
        return f"€{_grouped(value, ',', '.')}"
    return f"{_grouped(value, '.', ',')} €"


def number(value: float, lang: Lang) -> str:
    """A measured value without a spurious `.0`; a decimal comma outside English."""
    text = format(Decimal(repr(value)).normalize(), "f")
    return text if lang == "en" else text.replace(".", ",")


def percent(number: str, lang: Lang, spaced: bool = False) -> str:
    """A formatted number as a percentage: "%9,7" in Turkish, which writes the sign first;
    "9,7%" elsewhere ("9,7 %" when `spaced`, as the progress reports write it)."""
    if lang == "tr":
        return f"%{number}"
    return f"{number} %" if spaced else f"{number}%"


def share(part: float | None, lang: Lang) -> str:
    """A share (0-1) as the reports write it, in whole percent: "40 %", "%40"; "—" unknown."""
    return "—" if part is None else percent(number(round(100 * part), lang), lang, spaced=True)
