"""Gettext catalogues of the interface strings, compiled from their `.po` sources.

`locale/<locale>/LC_MESSAGES/<domain>.po` are the committed sources (`make i18n`
extracts and merges them with Babel). They are compiled in memory the first time a
language is asked for, so a `.po` edit is live on the next start and no binary
`.mo` is kept in the repository. Serbian Cyrillic has no `.po` of its own: it is
the Serbian Latin catalogue transliterated. Three domains: `document` (the words of
the plan documents: headings, tables, status lines), `workspace` (the pages) and
`reports` (the progress reports, agenda and dashboard after adoption).
"""

import io
from functools import cache
from pathlib import Path
from typing import Literal

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from schemas.vocabulary.cyrillic import to_cyrillic
from services.reporting.i18n.languages import LOCALES, Lang

LOCALE_DIR = Path(__file__).parents[1] / "locale"
Domain = Literal["document", "workspace", "reports"]
DOMAINS: tuple[Domain, ...] = ("document", "workspace", "reports")


def po_path(domain: Domain, locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{domain}.po"


def read_catalog(domain: Domain, locale: str) -> Catalog | None:
    path = po_path(domain, locale)
    if not path.exists():
        return None
    with path.open("rb") as f:
        return read_po(f, locale=locale, domain=domain)


def _transliterated(catalog: Catalog) -> Catalog:
    out = Catalog(locale="sr_Cyrl", domain=catalog.domain)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.string, tuple | list):
            string: str | tuple[str, ...] = tuple(to_cyrillic(s) for s in message.string)
        else:
            string = to_cyrillic(message.string or "")
        out.add(message.id, string, context=message.context, flags=message.flags)
    return out


@cache
def translations(domain: Domain, lang: Lang) -> NullTranslations:
    """The compiled catalogue of `domain` in `lang` (English: the msgids themselves)."""
    if lang == "en":
        return NullTranslations()
    if lang == "sr-Cyrl":
        latin = read_catalog(domain, LOCALES["sr"])
        catalog = _transliterated(latin) if latin else None
    else:
        catalog = read_catalog(domain, LOCALES[lang])
    if catalog is None:
        return NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=domain)
