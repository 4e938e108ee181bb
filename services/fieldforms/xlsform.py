"""Building an XLSForm workbook (survey, choices, settings) in six languages.

A text is written once as English, Albanian, Serbian (Latin), Turkish and Bosnian;
the Serbian Cyrillic column is transliterated from the Latin, so the two never drift.
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from openpyxl import Workbook

from schemas.vocabulary import MUNICIPALITIES
from schemas.vocabulary.cyrillic import to_cyrillic

Text = tuple[str, str, str, str, str]  # English, Albanian, Serbian (Latin), Turkish, Bosnian
NONE: Final[Text] = ("", "", "", "", "")
# Texts more than one form asks with: written once, here.
COUNT_HINT: Final[Text] = (
    "Count only: no names",
    "Vetëm numri: pa emra",
    "Samo broj: bez imena",
    "Yalnızca sayı: kişi adı yazılmaz",
    "Samo broj: bez imena",
)
NO_NAMES: Final[Text] = (
    "No names, phones or personal numbers",
    "Pa emra, numra telefoni ose numra personalë",
    "Bez imena, brojeva telefona ili ličnih brojeva",
    "Kişi adı, telefon numarası veya kimlik numarası yazılmaz",
    "Bez imena, brojeva telefona ili ličnih brojeva",
)
ZERO_OR_MORE: Final[Text] = (
    "Zero or more",
    "Zero ose më shumë",
    "Nula ili više",
    "Sıfır veya daha fazla",
    "Nula ili više",
)
# The column languages, in the order `in_languages` writes them. XLSForm names a
# column's language as "Name (code)" with an IANA primary subtag, as pyxform checks:
# both Serbian scripts are `sr`, told apart by their names (Collect lists the names).
LANGUAGES: Final = (
    "English (en)",
    "Shqip (sq)",
    "Srpski (sr)",
    "Српски (sr)",
    "Türkçe (tr)",
    "Bosanski (bs)",
)
# Hidden `calculate` fields every form submits unchanged: servers such as
# KoboToolbox replace the XLSForm's own form id and version with theirs.
FORM_ID_FIELD: Final = "dmap_form_id"
FORM_VERSION_FIELD: Final = "dmap_form_version"


def in_languages(text: Text) -> list[str]:
    """The six language columns of one text: en, sq, sr (Latin), sr (Cyrillic), tr, bs."""
    en, sq, sr, tr, bs = text
    return [en, sq, sr, to_cyrillic(sr), tr, bs]


def columns(kind: str, languages: Sequence[str]) -> list[str]:
    """`label::English (en)` and its siblings: XLSForm names a column's language so."""
    return [f"{kind}::{name}" for name in languages]


def municipality_choices() -> list[list[str]]:
    """The `municipality` choice list, named as the plans name a municipality: both
    official names in English and Turkish, the Serbian name in Serbian (both scripts)
    and Bosnian."""
    rows = []
    for m in MUNICIPALITIES:
        both = f"{m.name_sq} / {m.name_sr}"
        rows.append(
            ["municipality", m.code, *in_languages((both, m.name_sq, m.name_sr, both, m.name_sr))]
        )
    return rows


@dataclass(frozen=True, slots=True)
class Form:
    """A form's settings row and the language names of its columns."""

    title: str
    form_id: str
    version: str
    languages: tuple[str, ...]
    default_language: str


def workbook(
    form: Form,
    survey_header: Sequence[str],
    survey: Iterable[Sequence[str]],
    choices: Iterable[Sequence[str]],
) -> bytes:
    """The XLSForm as .xlsx bytes."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    sheet.append(list(survey_header))
    for row in survey:
        sheet.append(list(row))
    choice_sheet = book.create_sheet("choices")
    choice_sheet.append(["list_name", "name", *columns("label", form.languages)])
    for row in choices:
        choice_sheet.append(list(row))
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([form.title, form.form_id, form.version, form.default_language])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
