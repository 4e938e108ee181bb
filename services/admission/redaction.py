"""Removing children's personal data from free text before it is stored or published.

Typed placeholders replace what is found — `[NAME]`, `[PHONE]`, `[EMAIL]`,
`[PERSONAL_NUMBER]`, `[ADDRESS]` — and callers learn how many of each type were
removed, never the values.

Design: four passes over the text, each linear in its length.

1. E-mails, plain and obfuscated (`name(at)gmail.com`, `name at yahoo dot com`).
2. Digit runs (groups joined by spaces, dots, dashes, slashes, brackets) are
   classified by their digits: Kosovo/Serbian/international phones, 13-digit
   JMBG and 10-digit Kosovo personal numbers. Judging digits rather than shapes
   keeps dates, years and counts out.
3. Addresses: a street/village word (or a Turkish/English street suffix, or a
   Serbian adjectival street name) with a house number.
4. Names: a word scan against a gazetteer of first names and surnames
   (`data/names_*.txt`, Latin and Cyrillic) with case endings stripped by rule,
   plus role words ("nxënësja", "dečaka", "sestra od") that make the next
   capitalised word a name. Adjacent name words become one `[NAME]`. Words in
   school, street and institution names, places and acronyms are never names.

Why not Microsoft Presidio: its analyzer needs an NLP engine (spaCy with a
downloaded model, none for Albanian) even when only pattern recognisers are
used, and its pattern recognisers are regular expressions plus context words —
what this module does — so it would add a large dependency and a model download
for no recall we do not get here. The simpler option wins.

All patterns start at word boundaries and have bounded repetitions, so no input
makes them backtrack more than a constant per position (100,000 characters take
well under a second).
"""

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files

_UPPER = "A-ZÇËŠŽĆČĐÀ-ÖØ-ÞĞİŞА-ЯЂЈЉЊЋЏ"
_LOWER = "a-zçëšžćčđß-öø-ÿğışа-яђјљњћџ"
_CAP_WORD = rf"[{_UPPER}][{_LOWER}{_UPPER}'’]*"
_LETTERS = r"[^\W\d_]"
_QUOTE = "\"„“”«»'‘’"

# --- data ---------------------------------------------------------------------------------

_FOLD = str.maketrans(
    {
        "ë": "e", "ç": "c", "č": "c", "ć": "c", "š": "s", "ž": "z", "đ": "dj",
        "ı": "i", "ş": "s", "ğ": "g", "ö": "o", "ü": "u", "â": "a", "î": "i",
        "é": "e", "è": "e", "á": "a", "ó": "o", "\u0307": "",
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "е": "e",
        "ж": "z", "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj",
        "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s",
        "т": "t", "ћ": "c", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "c",
        "џ": "dz", "ш": "s", "’": "'",
    }
)  # fmt: skip


def fold(word: str) -> str:
    """Lower case, Latin script, no diacritics: how words are compared."""
    return word.lower().translate(_FOLD)


def _lines(name: str) -> Iterator[str]:
    text = (files("services.admission") / "data" / name).read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


@cache
def _data_files() -> list[str]:
    return sorted(p.name for p in (files("services.admission") / "data").iterdir())


def _words(text: str) -> list[str]:
    return text.split()


def _folded(names: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(n) for n in names)


FIRST_NAMES = _folded(n for f in _data_files() if f.startswith("names_first_") for n in _lines(f))
SURNAMES = _folded(n for f in _data_files() if f.startswith("names_surname_") for n in _lines(f))
PLACES = _folded(_lines("places.txt"))
NEVER_NAMES = _folded(_lines("institutions.txt"))
_SCHOOL_LINES = list(_lines("schools.txt"))
SCHOOL_PREFIXES = tuple(s for s in _SCHOOL_LINES if not s.startswith("-"))
SCHOOL_SUFFIXES = tuple(s[1:] for s in _SCHOOL_LINES if s.startswith("-"))

# Names that are also everyday words ("drita" light, "shpresa" hope, "vera"
# summer/faith): a name only when not first in a sentence, or next to a surname.
AMBIGUOUS = _folded(
    _words(
        "Shpresa Jeta Era Besa Bora Lule Yll Ylli Agim Gëzim Lirim Flamur Trim Ylber Lumi Vesa "
        "Valon Vera Nada Zora Mira Vuk Sunce Slava Deniz Umut Nur Gül Behar Fitore Mark"
    )
)

# Case endings (Albanian definite/oblique, Serbian/Bosnian cases, folded) and the
# stem endings they may have replaced: "Artës" -> "art" + "a", "Marka" -> "mark" + "o".
_SUFFIXES = (
    "ave", "ove", "om", "em", "it", "in", "es", "en", "se", "ve", "ja", "ut", "un",
    "ës", "ën", "i", "a", "u", "e", "s", "n", "o",
)  # fmt: skip
_STEM_ENDS = ("", "a", "e", "o", "i")


def _lookup(word: str, table: frozenset[str]) -> bool:
    w = fold(word)
    if "'" in w:  # English possessive, Turkish case suffix: Arta's, Ayşe'nin
        w = w.split("'", 1)[0]
    if w in table:
        return True
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            stem = w[: len(w) - len(suffix)]
            if any(stem + end in table for end in _STEM_ENDS):
                return True
    return False


# --- e-mails ------------------------------------------------------------------------------

_AT = r"(?:\s*[(\[{<]\s*(?:at|et|@)\s*[)\]}>]\s*|\s*@\s*)"
_DOT = r"(?:\s*[(\[{<]\s*(?:dot|pika|pikë|tačka|точка|nokta)\s*[)\]}>]\s*|\.)"
_SPOKEN_DOT = (
    r"(?:\s+(?:dot|pika|pikë|tačka|nokta)\s+|\s*[(\[{<]\s*(?:dot|pika|pikë)\s*[)\]}>]\s*|\.)"
)
_TLD = r"(?:com|net|org|al|rs|ks|eu|de|ch|at|info|edu|gov|io|me|tr|ba|mk|uk|fr|it|se)"
EMAIL = re.compile(
    rf"(?i)(?<![\w.+-])[\w.+-]{{0,64}}\w{_AT}[\w-]{{1,63}}(?:{_DOT}[\w-]{{1,63}}){{1,4}}"
    # "name at yahoo dot com": spoken "at" only with a known top-level domain
    rf"|(?<![\w.+-])[\w.+-]{{0,64}}\w(?:\s+(?:dot|pika)\s+\w{{1,63}}){{0,3}}"
    r"\s+(?:at|et)\s+[\w-]{1,63}"
    rf"(?:{_SPOKEN_DOT}[\w-]{{1,63}}){{0,3}}{_SPOKEN_DOT}{_TLD}\b"
)

# --- phones and personal numbers ----------------------------------------------------------

# Digit groups joined by at most a few separator characters; classified by _classify.
_DIGIT_RUN = re.compile(r"(?<![\w+])(?:\+\s?|\(\s?)?\d+(?:[ \t./()\-]{1,3}\d+)*")
_GROUP = re.compile(r"\d+")
_PHONE_CUE = re.compile(
    r"(?i)(?:tel|mob|phone|telefon\w*|cel\w*|gsm|тел\w*|моб\w*|kontakt\w*)\W{0,4}$"
)
_COUNTRY_CODES = ("383", "381", "382", "387", "389", "385", "386", "355", "49", "41", "43", "44")


def _classify(groups: list[str], international: bool, cue: bool) -> str | None:
    digits = "".join(groups)
    n = len(digits)
    last_ok = len(groups) == 1 or len(groups[-1]) >= 2
    if international or digits.startswith("00"):
        rest = digits[2:] if digits.startswith("00") else digits
        for cc in _COUNTRY_CODES:
            if rest.startswith(cc):
                national = rest[len(cc) :].lstrip("0")
                return "phone" if 7 <= len(national) <= 10 and last_ok else None
        return "phone" if international and 8 <= len(rest) <= 13 and last_ok else None
    if n == 13 and 1 <= int(digits[:2]) <= 31 and 1 <= int(digits[2:4]) <= 12:
        return "personal_number"  # JMBG: DDMMYYY + region + serial + check digit
    if digits[0] == "0" and digits[1] != "0" and last_ok:
        if digits[1] == "4":  # Kosovo mobiles 043-049: 0 + 8 digits
            return "phone" if n == 9 else None
        return "phone" if n in (9, 10) else None  # landlines 028/038/0280, Serbia 06x/011
    if n == 10 and len(groups) <= 4 and all(len(g) >= 2 for g in groups):
        return "personal_number"  # Kosovo personal number
    if cue and 8 <= n <= 9 and digits[0] in "46" and last_ok:
        return "phone"  # "tel. 44 123 456", prefix 0 left out
    return None


def _redact_numbers(text: str, counts: Counter[str]) -> str:
    out: list[str] = []
    pos = 0
    for m in _DIGIT_RUN.finditer(text):
        spans = [(g.start(), g.end()) for g in _GROUP.finditer(m.group())]
        groups = [m.group()[a:b] for a, b in spans]
        base = m.start()
        cue = bool(_PHONE_CUE.search(text, max(0, base - 16), base))
        ends = [0]
        for g in groups:
            ends.append(ends[-1] + len(g))
        i = 0
        while i < len(groups):
            for j in range(min(len(groups), i + 7), i, -1):  # longest reading first
                if not 8 <= ends[j] - ends[i] <= 16:
                    continue  # too few or too many digits for any reading
                plus = i == 0 and m.group().startswith("+")
                kind = _classify(groups[i:j], plus, cue)
                if kind:
                    start = base if i == 0 else base + spans[i][0]
                    out.append(text[pos:start])
                    out.append(f"[{kind.upper()}]")
                    pos = base + spans[j - 1][1]
                    counts[kind] += 1
                    i = j
                    break
            else:
                i += 1
    out.append(text[pos:])
    return "".join(out)


# --- addresses ----------------------------------------------------------------------------

_STREET_WORD = (
    r"rr\.|rr|rruga|rrugës|rrugën|rruges|rrugen|bulevardi|bulevardin|bul\.|blv\.|sheshi|"
    r"ul\.|ulica|ulici|ulicu|ulice|ул\.|улица|улици|улицу|булевар|bulevar|trg|трг|"
    r"street|str\.|road|avenue|caddesi|cad\.|sokak|sokağı|"
    r"lagjja|lagjen|lagja|lagjes|lagjia|mahalla|mahallën|mahala|naselje|насеље|"
    r"fshati|fshatin|fshatit|fshatrat|fsh\.|selo|selu|село|селу|village|köyü|mahallesi"
)
_HOUSE = (
    r"(?:(?:house|shtëpia|shtëpinë|shtëpi|kuća|kuca|кућа|kuću)\s)?"
    r"(?:(?:nr|no|br|бр|broj|број|numër|numri|number|house|shtëpia|shtëpinë|kuća|kuca|"
    r"кућа|ev|kapı)\s?[.:]?\s?)?"
    r"(?:\d{1,4}[a-zA-Zа-я]?(?:\s?/\s?\d{1,4}[a-zA-Z]?)?|bb|b\.b\.|б\.б\.|p\.n\.)"
    r"(?![\d%]|[.,]\d)"
)
_STREET_NAME = (
    rf"(?:\d{{1,3}}|[{_QUOTE}]?(?:\d{{1,2}}\.?\s)?{_CAP_WORD}"
    rf"(?:[ -](?:e |i |të |od |of |de )?{_CAP_WORD}){{0,4}}[{_QUOTE}]?)"
)
# Entrance, flat and floor after a house number: "hyrja 3, banesa 14", "ulaz 2, stan 11".
_UNIT = (
    r"(?:,?\s(?i:hyrja|hyrje|banesa|banesë|kati|ulaz|stan|sprat|стан|улаз|спрат|daire|kat|"
    r"apt\.?|apartment|flat|floor)\s?[.:]?\s?\d{1,4}[a-zA-Zа-я]?)"
)
_SUFFIX_WORD = (
    r"Caddesi|Cad\.|Sokak|Sokağı|Sk\.|Street|St\.|Road|Rd\.|Avenue|Ave\.|Square|Boulevard|"
    r"Lane|Köyü|Mahallesi"
)
ADDRESS = re.compile(
    rf"(?:(?<!\w)(?i:{_STREET_WORD})\s?(?:of\s|e\s)?{_STREET_NAME},?\s{{1,2}}(?i:{_HOUSE})"
    # a neighbourhood with entrance and flat but no house number: "Lagja Dardania, hyrja 3"
    rf"|(?<!\w)(?i:{_STREET_WORD})\s?{_STREET_NAME}(?={_UNIT})"
    # English, number first: "12 Mother Teresa Street"
    rf"|(?<![\w/.-])\d{{1,4}}[a-zA-Z]?,?\s{_CAP_WORD}(?: {_CAP_WORD}){{0,3}} (?:{_SUFFIX_WORD})"
    rf"|(?<!\w){_CAP_WORD}(?: {_CAP_WORD}){{0,2}} (?:{_SUFFIX_WORD}),?\s?(?i:{_HOUSE})"
    # Serbian adjectival street names: "Kosovska 22", "Косовска 22", "Vidovdanska 3/2"
    rf"|(?<!\w)[{_UPPER}][{_LOWER}]+(?:ska|ška|čka|ова|ева|ска|шка|чка|ova|eva)\s"
    r"\d{1,4}[a-zA-Zа-я]?(?:/\d{1,4})?(?![\d%]|[.,]\d)"
    # "Adem Jashari nr. 5": two capitalised words and an explicit house-number word
    rf"|(?<!\w){_CAP_WORD}(?: {_CAP_WORD}){{1,3}},?\s(?i:(?:nr|br|бр|no)\s?[.:]\s?)\d{{1,4}}"
    r"[a-zA-Z]?(?:/\d{1,4})?)"
    rf"{_UNIT}{{0,3}}"
)

# --- names --------------------------------------------------------------------------------

# Role words after which a capitalised word is a person's name; inflected and
# plural forms included because consultants write "Nxënësit Arben dhe Blerim".
_TRIGGERS = _folded(
    """
    nxënës nxënësi nxënësja nxënësit nxënësin nxënëse nxënësen nxënëses nxënësve nxënëset
    djali djalin djalit djalë djemtë djemve vajza vajzën vajzës vajzat vajzave vajzë
    fëmija fëmijën fëmijës fëmijët fëmijëve motra motrën motrës vëllai vëllain vëllait
    vëllezërit babai babait babain nëna nënës nënën prindi prindit prindin prindërit
    kujdestari kujdestarit gjyshi gjyshja xhaxhai halla daja tezja shoku shoqja
    učenik učenika učeniku učenikom učenici učenica učenicu učenice dečak dečaka dečaku
    dečakom dečaci devojčica devojčicu devojčice djevojčica djevojčicu dete dijete deteta
    djeteta sin sina sinu ćerka ćerku kći kćerka brat brata bratu sestra sestru sestre
    otac oca majka majke majku roditelj staratelj drug drugarica
    ученик ученика ученику ученици ученица ученицу дечак дечака девојчица девојчицу дете
    брат брата сестра сестру отац мајка
    student students pupil pupils boy boys girl girls child children son daughter
    brother sister mother father parent guardian
    öğrenci öğrencisi kızı oğlu çocuk kardeşi annesi babası
    """.split()  # noqa: SIM905
)
# Words that may stand between a role word and the name: "Vajza e quajtur Elira",
# "sestra od Marka", "the pupil named John", "nëna e saj, Shqipe".
_LINKS = _folded(
    """
    e i të me emrin emër quajtur quajtura i quajturi tij saj tyre njëri njëra
    named called name by the of po imenu imena od po по имену од
    adlı isimli
    """.split()  # noqa: SIM905
)
_AND = frozenset({"dhe", "e", "and", "i", "и", "ve", "ili", "or", "apo", "&"})
_TOKEN = re.compile(rf"{_LETTERS}+(?:['’\-]{_LETTERS}+)*|\[[A-Z_]+\]")
_SENTENCE_END = ".!?:;\n•–—*"

_SCHOOL_HEAD = "|".join(
    re.escape(p).replace(r"\ ", r"\s+") for p in sorted(SCHOOL_PREFIXES, key=len, reverse=True)
)
# Names that are part of a proper name: schools, streets, institutions, villages.
# "shkolla Naim Frashëri", OŠ „Vuk Karadžić“, "rruga Adem Jashari", "fshati Dobërçan".
_PROPER_HEAD = (
    rf"{_SCHOOL_HEAD}|shkoll[ëe]n|shkoll[ëe]s|gjimnazin|gjimnazit|škol[eiu]|школ[аеиу]|"
    r"gimnazij[eiu]|universiteti|universitetin|univerzitet|qendra|qendrën|qendrës|"
    r"fondacioni|shoqata|udruženje|spitali|bolnica|biblioteka|dom\s+zdravlja|dom\s+kulture|"
    rf"{_STREET_WORD}"
)
_PROPER_WORD = rf"(?:{_CAP_WORD}|[{_UPPER}]\.)"  # initials too: "Fan S. Noli"
PROPER_NAME = re.compile(
    rf"(?<!\w)(?i:{_PROPER_HEAD})(?!\w)\s{{0,2}}[{_QUOTE}]?\s?{_PROPER_WORD}"
    rf"(?:[ -](?:e |i |të |od |për |and |of )?[{_QUOTE}]?{_PROPER_WORD}){{0,4}}[{_QUOTE}]?"
    rf"|[{_QUOTE}]?{_PROPER_WORD}(?: {_PROPER_WORD}){{0,3}}[{_QUOTE}]? "
    rf"(?:{'|'.join(re.escape(s) for s in SCHOOL_SUFFIXES)}|Shkolla|shkolla|school|"
    rf"{_SUFFIX_WORD})(?!\w)"
)


def _is_cap(word: str) -> bool:
    return word[0].isupper()


# Words repeat across records, and these two answer from the word alone: a bounded cache
# takes most of the gazetteer's cost off every text (intake, planning and reporting redact).
@lru_cache(maxsize=1 << 16)
def _never(word: str) -> bool:
    w = fold(word)
    if w in NEVER_NAMES or w in _TRIGGERS or _lookup(word, PLACES):
        return True
    if w not in FIRST_NAMES and w not in SURNAMES and _lookup(word, NEVER_NAMES):
        return True  # an inflected month or institution word: "Shkurtit", "Komunës"
    # acronyms (DKA, MASHTI) unless they spell a known name in capitals
    return word.isupper() and len(word) <= 6 and not _known(word)


@lru_cache(maxsize=1 << 16)
def _known(word: str) -> bool:
    if "-" in word:  # "Ana-Marija", "Krasniqi-Gashi"
        return any(_known(part) for part in word.split("-") if part)
    return _lookup(word, FIRST_NAMES) or _lookup(word, SURNAMES)


# An age right after a word marks it as a name: "Zana (14)", "Dion, 16 vjeç".
_AGE_AFTER = re.compile(
    r"\s?\(\d{1,2}\b|,\s\d{1,2}\s?(?:-\s?)?(?i:vjeç|vjeçe|vjet|vjeçar|godin|god\.|"
    r"yaşında|years|year-old|год)"
)


def _redact_names(text: str, counts: Counter[str]) -> str:
    protected = [m.span() for m in PROPER_NAME.finditer(text)]
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    n = len(tokens)
    is_name = [False] * n
    guarded = [False] * n
    p = 0
    for k, (a, _end, _) in enumerate(tokens):
        while p < len(protected) and protected[p][1] <= a:
            p += 1
        guarded[k] = p < len(protected) and protected[p][0] <= a < protected[p][1]

    def adjacent(k: int) -> bool:  # token k+1 follows token k after one space
        return k + 1 < n and text[tokens[k][1] : tokens[k + 1][0]] in (" ", "  ")

    def sentence_start(k: int) -> bool:
        a = tokens[k][0]
        before = text[max(0, a - 12) : a].rstrip(" \t" + _QUOTE + "(")
        if not before and a > 12:
            return False  # a long run of spaces: no sentence mark nearby
        return not before or before[-1] in _SENTENCE_END

    def candidate(k: int) -> bool:
        w = tokens[k][2]
        return _is_cap(w) and not w.startswith("[") and not guarded[k] and not _never(w)

    # 1. gazetteer
    for k in range(n):
        if not candidate(k):
            continue
        w = tokens[k][2]
        if not _known(w):
            if _AGE_AFTER.match(text, tokens[k][1]) and len(w) >= 3:
                is_name[k] = True
            continue
        if fold(w) in AMBIGUOUS and sentence_start(k):
            neighbours = k + 1 < n and adjacent(k) and candidate(k + 1) and _known(tokens[k + 1][2])
            if not neighbours:
                continue
        is_name[k] = True
    # 2. role words: the capitalised words after them are names
    for k in range(n):
        if fold(tokens[k][2]) not in _TRIGGERS:
            continue
        j = k + 1
        while j < n and j <= k + 4 and fold(tokens[j][2]) in _LINKS and not _is_cap(tokens[j][2]):
            j += 1
        while j < n and candidate(j):
            is_name[j] = True
            if adjacent(j) and j + 1 < n and candidate(j + 1):
                is_name[j + 1] = True  # surname
                j += 1
            # "Nxënësit Arben dhe Blerim"
            if j + 2 < n and fold(tokens[j + 1][2]) in _AND and candidate(j + 2):
                j += 2
                continue
            break
    # 3. an unknown capitalised word next to a known name is its other half
    for k in range(n):
        if not is_name[k]:
            continue
        if adjacent(k) and candidate(k + 1) and not is_name[k + 1]:
            nxt = tokens[k + 1][2]
            if len(nxt) >= 3 and not sentence_start(k + 1):
                is_name[k + 1] = True
        if k > 0 and adjacent(k - 1) and candidate(k - 1) and not is_name[k - 1]:
            prev = tokens[k - 1][2]
            if _lookup(tokens[k][2], SURNAMES) and len(prev) >= 3:
                is_name[k - 1] = True
    out: list[str] = []
    pos = 0
    k = 0
    while k < n:
        if not is_name[k]:
            k += 1
            continue
        start = tokens[k][0]
        initial = k > 0 and len(tokens[k - 1][2]) == 1 and _is_cap(tokens[k - 1][2])
        if initial and text[tokens[k - 1][1] : start] in (". ", "."):
            start = tokens[k - 1][0]  # "A. Krasniqi"
        end = tokens[k][1]
        while k + 1 < n and is_name[k + 1] and adjacent(k):
            k += 1
            end = tokens[k][1]
        out.append(text[pos:start])
        out.append("[NAME]")
        counts["name"] += 1
        pos = end
        k += 1
    out.append(text[pos:])
    return "".join(out)


# --- the whole pass -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Redacted:
    text: str
    counts: dict[str, int] = field(default_factory=dict)


def _sub(pattern: re.Pattern[str], kind: str, text: str, counts: Counter[str]) -> str:
    def repl(m: re.Match[str]) -> str:
        counts[kind] += 1
        return f"[{kind.upper()}]"

    return pattern.sub(repl, text)


# What every e-mail and every address needs somewhere in the text (a superset of what the
# patterns accept): most texts have neither, and the full patterns try every position.
_MAY_BE_EMAIL = re.compile(r"@|[(\[{<]|(?i:\s(?:at|et)\s)")
_MAY_BE_ADDRESS = re.compile(r"\d|(?i:bb|b\.b\.|б\.б\.|p\.n\.)")


def redact(text: str) -> Redacted:
    counts: Counter[str] = Counter()
    out = _sub(EMAIL, "email", text, counts) if _MAY_BE_EMAIL.search(text) else text
    out = _redact_numbers(out, counts)
    if _MAY_BE_ADDRESS.search(out):
        out = _sub(ADDRESS, "address", out, counts)
    out = _redact_names(out, counts)
    return Redacted(out, dict(sorted(counts.items())))


def is_school_name(name: str) -> bool:
    """A school field that names a school ("SHFMU "Naim Frashëri"", "OŠ Vuk Karadžić")."""
    folded = " ".join(fold(name).split())
    for prefix in SCHOOL_PREFIXES:
        if folded.startswith(fold(prefix)) and len(folded) > len(prefix):
            rest = folded[len(prefix) :]
            if rest[0] in " \"'„“”«».":
                return True
    return any(folded.endswith(" " + fold(s)) for s in SCHOOL_SUFFIXES)


def redact_school_name(name: str) -> Redacted:
    """A school's name is kept when it reads as one; anything else is redacted as free text."""
    return Redacted(name) if is_school_name(name) else redact(name)
