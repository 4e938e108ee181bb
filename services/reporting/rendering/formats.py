"""Months, dates, money and numbers as a MED writes them, in English or Albanian."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Lang = Literal["en", "sq"]

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_SQ = (
    "janar",
    "shkurt",
    "mars",
    "prill",
    "maj",
    "qershor",
    "korrik",
    "gusht",
    "shtator",
    "tetor",
    "nëntor",
    "dhjetor",
)
CENT = Decimal("0.01")


def month(value: str, lang: Lang) -> str:
    """`2026-09` as "Sep 2026" / "shtator 2026"."""
    year, number = value.split("-")
    names = MONTHS_EN if lang == "en" else MONTHS_SQ
    return f"{names[int(number) - 1]} {year}"


def period(start: str, end: str, lang: Lang) -> str:
    return month(start, lang) if start == end else f"{month(start, lang)} – {month(end, lang)}"


def day(value: date, lang: Lang) -> str:
    """A date as "30 Jun 2027" / "30 qershor 2027"."""
    names = MONTHS_EN if lang == "en" else MONTHS_SQ
    return f"{value.day} {names[value.month - 1]} {value.year}"


def quarter(code: str, lang: Lang) -> str:
    # Albanian plans number the quarters T1–T4 (tremujori).
    return code if lang == "en" else code.replace("Q", "T")


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
    """`€1,250` in English, `1.250 €` in Albanian; cents only when there are any."""
    value = cents(amount)
    if lang == "en":
        return f"€{_grouped(value, ',', '.')}"
    return f"{_grouped(value, '.', ',')} €"


def number(value: float, lang: Lang) -> str:
    """A measured value without a spurious `.0`; Albanian uses a decimal comma."""
    text = format(Decimal(repr(value)).normalize(), "f")
    return text if lang == "en" else text.replace(".", ",")
