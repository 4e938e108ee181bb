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


def fold(text: str) -> str:
    """Lower-case ASCII rendering of `text` (Cyrillic transliterated, accents dropped)."""
    lowered = text.lower()
    latin = "".join(_CYRILLIC.get(ch, _SPECIAL.get(ch, ch)) for ch in lowered)
    decomposed = unicodedata.normalize("NFKD", latin)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))
