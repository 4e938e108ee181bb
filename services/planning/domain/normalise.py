"""Text normalisation shared by the classifier's rules and its input.

Serbian Cyrillic is transliterated to Latin, then case and diacritics are
folded (ë→e, ç→c, č/ć→c, š→s, ž→z, đ→dj), so one ASCII stem matches every
spelling a consultant may type, with or without the special letters.
"""

import functools
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
    parts = list(map(_fold_char, text))
    flat = "".join(parts)
    if len(flat) == len(text) and "" not in parts:
        origin: range | list[int] = range(len(text))  # every letter folds to one letter
    else:
        origin = [k for k, folded in enumerate(parts) for _ in folded]
    inside_break: set[int] = set()
    for m in _CLAUSE_BREAK.finditer(flat):
        inside_break.update(range(*m.span()))
    spans = [
        (origin[m.start()], _past_marks(parts, origin[m.end() - 1] + 1))
        for m in _TOKEN.finditer(flat)
        if m.start() not in inside_break
    ]
    return spans if len(spans) == len(clauses(text)[0]) else None


def _past_marks(parts: list[str], end: int) -> int:
    """`end` moved past the letters that fold to nothing (a combining accent typed on
    its own), so "e" + "\u0308" is shown whole."""
    while end < len(parts) and not parts[end]:
        end += 1
    return end


@functools.lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    # Folding letter by letter for the spans was half of a classification; texts share letters.
    return fold(ch)
