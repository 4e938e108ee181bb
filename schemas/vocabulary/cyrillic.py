"""Serbian Latin script to Cyrillic, letter for letter (the two scripts map one to one):
the vocabulary's Serbian labels are Latin; forms and documents also print them in Cyrillic.

Placeholders (`{n}`, `%(n)s`), codes and ids (`CL-1`, `0b6f3f1e`, `child_labour`),
and URLs are left as they are.
"""

import re

_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ", "Lj": "Љ", "LJ": "Љ", "Nj": "Њ", "NJ": "Њ"}
_DIGRAPHS |= {"Dž": "Џ", "DŽ": "Џ"}
_LETTERS = dict(
    zip(
        "abcčćdđefghijklmnoprsštuvzž",
        "абцчћдђефгхијклмнопрсштувзж",
        strict=True,
    )
)
_LETTERS |= {k.upper(): v.upper() for k, v in list(_LETTERS.items())}
# Words where the two letters are not one sound (in-jekcija, nad-živeti, kon-jugacija).
_SPLIT = re.compile(r"(?i)(in)(j)(ek)|(nad|pod|od)(ž)|(kon)(j)(u)")
# Kept as written: placeholders, URLs, tokens with a digit, an underscore or `#`, foreign
# words and acronyms (a letter Serbian does not have: EWS, Wi-Fi), and the statistical N
# of "N = 39", a symbol rather than a letter.
_KEEP = re.compile(
    r"\{[^}]*\}|%\([^)]*\)[sd]|https?://\S+|[\w#-]*[\d_#][\w#-]*|\w*[qwxyQWXY]\w*|\bN(?= = )"
)


def _word(text: str) -> str:
    out, i = [], 0
    marked = _SPLIT.sub(lambda m: "\0".join(g for g in m.groups() if g), text)
    while i < len(marked):
        pair = marked[i : i + 2]
        if pair in _DIGRAPHS:
            out.append(_DIGRAPHS[pair])
            i += 2
            continue
        c = marked[i]
        if c != "\0":
            out.append(_LETTERS.get(c, c))
        i += 1
    return "".join(out)


def to_cyrillic(text: str) -> str:
    """Serbian text in Latin script as Cyrillic."""
    out, last = [], 0
    for m in _KEEP.finditer(text):
        out.append(_word(text[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_word(text[last:]))
    return "".join(out)


_LATIN = {v: k for k, v in _LETTERS.items()} | {
    "љ": "lj",
    "њ": "nj",
    "џ": "dž",
    "Љ": "Lj",
    "Њ": "Nj",
    "Џ": "Dž",
}


def to_latin(text: str) -> str:
    """Serbian Cyrillic as Latin script (letter for letter; a Latin plan prints the
    Cyrillic words it quotes in its own script)."""
    return "".join(_LATIN.get(c, c) for c in text)
