"""Building an XLSForm workbook (survey, choices, settings) in four languages.

A text is written once as English, Albanian and Serbian (Latin); the Serbian
Cyrillic column is transliterated from the Latin, so the two never drift.
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from openpyxl import Workbook

from schemas.vocabulary import MUNICIPALITIES
from schemas.vocabulary.cyrillic import to_cyrillic

Text = tuple[str, str, str]  # English, Albanian, Serbian (Latin)
NONE: Final[Text] = ("", "", "")
# Hidden `calculate` fields every form submits unchanged: servers such as
# KoboToolbox replace the XLSForm's own form id and version with theirs.
FORM_ID_FIELD: Final = "dmap_form_id"
FORM_VERSION_FIELD: Final = "dmap_form_version"


def in_languages(text: Text) -> list[str]:
    """The four language columns of one text: en, sq, sr (Latin), sr (Cyrillic)."""
    en, sq, sr = text
    return [en, sq, sr, to_cyrillic(sr)]


def columns(kind: str, languages: Sequence[str]) -> list[str]:
    """`label::English (en)` and its siblings: XLSForm names a column's language so."""
    return [f"{kind}::{name}" for name in languages]


def municipality_choices() -> list[list[str]]:
    """The `municipality` choice list: both official names, Serbian in both scripts."""
    return [
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
