"""The languages DMAP writes in: their codes, names, scripts and gettext locales."""

from typing import Literal, get_args

from schemas.vocabulary import MUNICIPALITY_BY_CODE
from schemas.vocabulary.cyrillic import to_cyrillic

# `sr` is Serbian in Latin script, `sr-Cyrl` the same text in Cyrillic.
Lang = Literal["en", "sq", "sr", "sr-Cyrl", "tr", "bs"]
LANGS: tuple[Lang, ...] = get_args(Lang)
# The workspace (every page) and the reports after adoption speak all of them, as the
# plan documents do.
WORKSPACE_LANGS: tuple[Lang, ...] = LANGS

NAMES: dict[Lang, str] = {
    "en": "English",
    "sq": "Shqip",
    "sr": "Srpski",
    "sr-Cyrl": "Српски",
    "tr": "Türkçe",
    "bs": "Bosanski",
}
# Babel / gettext locale of each language.
LOCALES: dict[Lang, str] = {
    "en": "en",
    "sq": "sq",
    "sr": "sr_Latn",
    "sr-Cyrl": "sr_Cyrl",
    "tr": "tr",
    "bs": "bs",
}
_ALIASES: dict[str, Lang] = {
    "sr-latn": "sr",
    "sr_latn": "sr",
    "sr-cyrl": "sr-Cyrl",
    "sr_cyrl": "sr-Cyrl",
    "al": "sq",
}


def parse_lang(value: str | None) -> Lang | None:
    """A language code as people and browsers write it (`sr-cyrl`, `sr_Latn`), or None."""
    if not value:
        return None
    key = value.strip().lower()
    for lang in LANGS:
        if key == lang.lower():
            return lang
    return _ALIASES.get(key)


def content_lang(lang: Lang) -> str:
    """The key of a plan text (`Bilingual`) a language reads: Cyrillic reads `sr`."""
    return "sr" if lang == "sr-Cyrl" else lang


def default_lang(municipality: str) -> Lang:
    """A plan's language unless another is asked for: its municipality's majority
    language, Serbian in Cyrillic (the script Serbian municipalities write in)."""
    m = MUNICIPALITY_BY_CODE.get(municipality)
    majority = m.majority_language if m else "sq"
    return "sr-Cyrl" if majority == "sr" else parse_lang(majority) or "sq"


def municipality_name(municipality: str, lang: Lang) -> str:
    """The name a reader of `lang` knows; both official names in Albanian and English."""
    m = MUNICIPALITY_BY_CODE[municipality]
    if lang == "sr-Cyrl":
        return to_cyrillic(m.name_sr)
    if lang in ("sr", "bs"):
        return m.name_sr
    return m.name_sq if m.name_sq == m.name_sr else f"{m.name_sq} / {m.name_sr}"
