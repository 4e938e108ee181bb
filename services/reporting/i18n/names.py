"""Proper names and quoted words in the script of the document that prints them.

School names are written as the consultations wrote them, in Albanian or Serbian Latin
("SHFMU Fan Noli", "Srednja tehnička škola Gračanica"). A Serbian Cyrillic document
prints a Serbian one in Cyrillic, letter for letter (`schemas.vocabulary.cyrillic`), and
an Albanian one as written: a school's name is its own, and "ШФМУ" names no school a
reader could find. Quoted words of Albanian take the conventional Albanian-to-Serbian
table (sh ш, xh џ, gj ђ, q ћ, ë е ...).
"""

import re

from schemas.vocabulary.cyrillic import to_cyrillic, to_latin
from services.reporting.i18n.languages import Lang

# Albanian letters and digraphs in Serbian Cyrillic, longest first.
_ALBANIAN = {
    "dh": "д", "gj": "ђ", "ll": "л", "nj": "њ", "rr": "р", "sh": "ш",
    "th": "т", "xh": "џ", "zh": "ж",
    "a": "а", "b": "б", "c": "ц", "ç": "ч", "d": "д", "e": "е", "ë": "е", "f": "ф",
    "g": "г", "h": "х", "i": "и", "j": "ј", "k": "к", "l": "л", "m": "м", "n": "н",
    "o": "о", "p": "п", "q": "ћ", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в",
    "x": "дз", "y": "и", "z": "з",
}  # fmt: skip
_ALBANIAN_WORD = re.compile(r"[ëçqxyw]|sh|xh|zh|gj|dh|th|ll|rr", re.I)
_SERBIAN_WORD = re.compile(r"[čćšžđ]", re.I)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[^\W\d_]+")


def _albanian_word(word: str) -> str:
    out, i = [], 0
    while i < len(word):
        pair, c = word[i : i + 2], word[i]
        if pair.lower() in _ALBANIAN:
            found, i = _ALBANIAN[pair.lower()], i + 2
            source = pair
        else:
            found, i = _ALBANIAN.get(c.lower(), c), i + 1
            source = c
        # "Sh" -> "Ш", "SH" -> "Ш", "sh" -> "ш"
        out.append(found[:1].upper() + found[1:] if source[:1].isupper() else found)
    result = "".join(out)
    return result.upper() if word.isupper() and len(word) > 1 else result


def guess_language(word: str) -> str | None:
    """ "sr" for Cyrillic or Serbian Latin letters, "sq" for Albanian ones, else None."""
    if _CYRILLIC.search(word) or _SERBIAN_WORD.search(word):
        return "sr"
    if _ALBANIAN_WORD.search(word):
        return "sq"
    return None


def name_to_cyrillic(name: str) -> str:
    """A proper name in Serbian Cyrillic, each word by the table of its language."""

    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        if guess_language(w) == "sq" and not _SERBIAN_WORD.search(w):
            return _albanian_word(w)
        return to_cyrillic(w) if not w.isupper() or len(w) == 1 else to_cyrillic(w).upper()

    return _WORD.sub(word, name)


def albanian_name(name: str) -> bool:
    """Whether a name is Albanian by its letters ("SHFMU Fan Noli"): some word of it is
    and none has a Serbian letter."""
    words = _WORD.findall(name)
    return any(guess_language(w) == "sq" for w in words) and not _SERBIAN_WORD.search(name)


def school(name: str, lang: Lang) -> str:
    """A school's name as a document in `lang` prints it: an Albanian one as written in
    every script, a Serbian one in the document's script."""
    if lang == "sr-Cyrl" and albanian_name(name):
        return name
    return proper(name, lang)


def proper(name: str, lang: Lang) -> str:
    """A proper name (or a quoted word) as a document in `lang` prints it: one script
    per document, so Latin Serbian and Bosnian ones print Cyrillic words in Latin."""
    if lang == "sr-Cyrl":
        return name_to_cyrillic(name)
    return to_latin(name) if lang in ("sr", "bs") else name


def names(values: tuple[str, ...] | list[str], lang: Lang) -> str:
    """School names, listed."""
    return ", ".join(school(v, lang) for v in values)
