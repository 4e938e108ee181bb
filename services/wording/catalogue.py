"""The workspace catalogue's words for a language, for a service other than reporting.

Reporting owns the catalogue (its `.po` files, `make i18n`); a service that words
alerts reads the same files rather than keeping translations of its own. Serbian
Cyrillic is the Serbian Latin text transliterated, as in the workspace.
"""

from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from schemas.vocabulary.cyrillic import to_cyrillic

LOCALE_DIR = Path(__file__).parents[1] / "reporting" / "locale"
# The workspace's languages and their gettext locales.
LOCALES: dict[str, str] = {
    "en": "en",
    "sq": "sq",
    "sr": "sr_Latn",
    "sr-Cyrl": "sr_Latn",
    "tr": "tr",
    "bs": "bs",
}
LANGS: tuple[str, ...] = tuple(LOCALES)
Words = Callable[[str], str]


@cache
def workspace_words(lang: str) -> Words:
    """msgid → its translation in `lang` (the msgid itself where none is filled in)."""
    if lang == "en":
        return lambda msgid: msgid
    path = LOCALE_DIR / LOCALES[lang] / "LC_MESSAGES" / "workspace.po"
    with path.open("rb") as f:
        catalog = read_po(f, locale=LOCALES[lang], domain="workspace")
    table = {m.id: m.string for m in catalog if m.id and isinstance(m.string, str) and m.string}
    if lang == "sr-Cyrl":
        table = {k: to_cyrillic(v) for k, v in table.items()}
    return lambda msgid: table.get(msgid, msgid)


def reader_lang(asked: str | None, accept_language: str | None) -> str:
    """The reader's language: `?lang=` if it is one of LANGS, else what the browser or
    client asks for (`Accept-Language`, as the workspace reads it), else English."""
    if asked in LOCALES:
        return asked
    accept = (accept_language or "").strip().lower()
    if accept.startswith(("sq", "al")):
        return "sq"
    if accept.startswith(("sr-latn", "sr_latn")):
        return "sr"
    if accept.startswith("tr"):
        return "tr"
    if accept.startswith(("bs", "hr")):  # Croatian readers: Bosnian, ijekavian in Latin
        return "bs"
    return "sr-Cyrl" if accept.startswith("sr") else "en"
