"""Text normalisation shared by the classifier's rules and its input.

Serbian Cyrillic is transliterated to Latin, then case and diacritics are
folded (ë→e, ç→c, č/ć→c, š→s, ž→z, đ→dj), so one ASCII stem matches every
spelling a consultant may type, with or without the special letters.
"""

import re
import unicodedata

_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "ђ": "dj",
    "е": "e",
    "ж": "z",
    "з": "z",
    "и": "i",
    "ј": "j",
    "к": "k",
    "л": "l",
    "љ": "lj",
    "м": "m",
    "н": "n",
    "њ": "nj",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "ћ": "c",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "c",
    "ч": "c",
    "џ": "dz",
    "ш": "s",
}
_SPECIAL = {"đ": "dj", "ß": "ss", "æ": "ae", "ø": "o", "ı": "i"}  # ı: Turkish dotless i
_TOKEN = re.compile(r"[a-z0-9]+")


_TRANSLITERATE = str.maketrans({**_CYRILLIC, **_SPECIAL})
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold(text: str) -> str:
    """Lower-case ASCII rendering of `text` (Cyrillic transliterated, accents dropped)."""
    latin = text.lower().translate(_TRANSLITERATE)
    return _COMBINING.sub("", unicodedata.normalize("NFKD", latin))


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


# Where a clause ends: punctuation, or a contrast word ("…, but now …"). A negator,
# a guard's subject or a "solved" marker only acts within its own clause.
_CLAUSE_BREAK = re.compile(
    r"[.;!?:]+|\b(?:but|por|ali|ama|megjithate|medjutim|however|although|though|fakat)\b"
)


def clauses(text: str) -> tuple[list[str], list[int]]:
    """The tokens of `text` and, for each, the number of the clause it is in."""
    toks: list[str] = []
    where: list[int] = []
    for n, part in enumerate(_CLAUSE_BREAK.split(fold(text))):
        found = _TOKEN.findall(part)
        toks += found
        where += [n] * len(found)
    return toks, where


def token_spans(text: str) -> list[tuple[int, int]] | None:
    """Where each token of `clauses(text)` is in `text` itself (start, end), so a matched
    term can be shown as the words the consultant wrote; None in the rare text whose
    letters fold differently one by one than together."""
    origin: list[int] = []
    parts: list[str] = []
    for k, ch in enumerate(text):
        folded = fold(ch)
        parts.append(folded)
        origin += [k] * len(folded)
    flat = "".join(parts)
    breaks = [m.span() for m in _CLAUSE_BREAK.finditer(flat)]
    spans = [
        (origin[m.start()], origin[m.end() - 1] + 1)
        for m in _TOKEN.finditer(flat)
        if not any(a <= m.start() < b for a, b in breaks)
    ]
    return spans if len(spans) == len(clauses(text)[0]) else None
