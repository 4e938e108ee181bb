"""Removing children's personal data from free text before it is stored or published.

Typed placeholders replace what is found; callers learn how many of each type
were removed, never the values.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

_UPPER = "A-ZÇËŠŽĆČĐÀ-ÖØ-ÞА-ЯЂЈЉЊЋЏ"
_LOWER = "a-zçëšžćčđß-öø-ÿа-яђјљњћџ"
_NAME_WORD = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"

# Words after which a capitalised word is a child's name (Albanian, Serbian
# Latin and Cyrillic, English), optionally with "named"/"me emrin"/"po imenu".
_TRIGGERS = (
    "nxënës",
    "nxenes",
    "nxënëse",
    "nxenese",
    "nxënësi",
    "nxenesi",
    "nxënësja",
    "nxenesja",
    "nxënësen",
    "nxënësin",
    "djali",
    "djalin",
    "vajza",
    "vajzën",
    "vajzen",
    "fëmija",
    "femija",
    "učenik",
    "ucenik",
    "učenika",
    "učenica",
    "ucenica",
    "učenicu",
    "dečak",
    "decak",
    "devojčica",
    "devojcica",
    "dete",
    "ученик",
    "ученица",
    "ученика",
    "дечак",
    "девојчица",
    "student",
    "pupil",
    "boy",
    "girl",
    "child",
    "son",
    "daughter",
)
_NAMED = r"(?:(?:named|called|me emrin|quajtur|po imenu|по имену)\s+)?"
NAME = re.compile(
    rf"(?i:\b(?:{'|'.join(_TRIGGERS)})\b)[,:]?\s+{_NAMED}({_NAME_WORD}(?:\s+{_NAME_WORD})?)"
)
# Linear time: a match may only start where the local part starts. Without the
# look-behind the engine retried from every position of a long run of word
# characters, each time scanning to its end for an "@" (100,000 chars: ~30 s).
# The first match found is the same, since any match inside a run also matches
# from the run's first character.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# International (+383 44 123 456, 00383-49-123-456) and Kosovo local mobiles and
# landlines (044 123 456, 049/123-456, 038 512 345).
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\d{1,3}[\s./-]?(?:\(?\d{1,4}\)?[\s./-]?){2,4}\d{2,4}"
    r"|0[3-4]\d[\s./-]?\d{3}[\s./-]?\d{3})(?!\w)"
)
PERSONAL_NUMBER = re.compile(r"(?<!\d)\d{10}(?!\d)")


@dataclass(frozen=True, slots=True)
class Redacted:
    text: str
    counts: dict[str, int] = field(default_factory=dict)


def redact(text: str) -> Redacted:
    counts: Counter[str] = Counter()

    def sub(pattern: re.Pattern[str], kind: str, s: str) -> str:
        def repl(m: re.Match[str]) -> str:
            counts[kind] += 1
            if kind == "name":  # keep the trigger word, drop the name
                start, end = m.span(1)
                return m.group(0)[: start - m.start()] + "[NAME]" + m.group(0)[end - m.start() :]
            return f"[{kind.upper()}]"

        return pattern.sub(repl, s)

    out = sub(EMAIL, "email", text)
    out = sub(PHONE, "phone", out)
    out = sub(PERSONAL_NUMBER, "personal_number", out)
    out = sub(NAME, "name", out)
    return Redacted(out, dict(sorted(counts.items())))
