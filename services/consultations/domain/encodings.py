"""Bytes of an uploaded CSV to text, in the encodings spreadsheets in Kosovo are saved in.

UTF-8 (with or without BOM) and UTF-16 with a BOM are certain. Otherwise
charset-normalizer scores Windows-1250, -1251 and -1252 (and BOM-less
UTF-16); a file is refused rather than guessed when no candidate reads as
text in some language, or when candidates that read equally cleanly give
different text (a short Cyrillic file can read as clean Latin-2 mojibake).
One tie is resolved: Windows-1250 over -1252, which agree on Albanian ë and ç
and differ on the Serbian/Bosnian č, ć, đ that only Windows-1250 has.
"""

import codecs

from charset_normalizer import CharsetMatch, from_bytes

CANDIDATES = ("cp1250", "cp1251", "cp1252", "utf_16_le", "utf_16_be")
NAMES = {
    "cp1250": "Windows-1250",
    "cp1251": "Windows-1251",
    "cp1252": "Windows-1252",
    "utf_16_le": "UTF-16",
    "utf_16_be": "UTF-16",
}
# Mess ratios closer than this are a tie: the detector cannot prefer one.
TIE = 0.01
# Text in any of these languages reads with a mess ratio near 0; binary
# garbage that happens to decode scores 0.1 and more.
MAX_CHAOS = 0.08
SAVE_AS = "save it as CSV UTF-8"


class EncodingRefused(ValueError):
    """The text encoding of a file is unknown or ambiguous."""


def decode(data: bytes) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise EncodingRefused(
                    f"The file starts as {encoding.upper()} but is not valid {encoding.upper()}"
                    f" text; {SAVE_AS}."
                ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    matches = [m for m in from_bytes(data, cp_isolation=list(CANDIDATES)) if m.chaos <= MAX_CHAOS]
    if not matches:
        raise EncodingRefused(f"The file is not text in a known encoding; {SAVE_AS}.")
    least = min(m.chaos for m in matches)
    tied = {m.encoding: m for m in matches if m.chaos <= least + TIE}
    if "cp1250" in tied:
        tied.pop("cp1252", None)
    texts = {str(m): m for m in tied.values()}
    [(text, match), *others] = texts.items()
    if others or (match.coherence == 0 and len(matches) > 1):
        # Equally clean readings, or the cleanest is no language while another is.
        raise EncodingRefused(f"The file's encoding is ambiguous ({_names(matches)}); {SAVE_AS}.")
    if match.coherence == 0:  # decodes, but into no language
        raise EncodingRefused(
            f"The file does not read as text in Windows-1250/1251/1252 or UTF-8; {SAVE_AS}."
        )
    return text


def _names(matches: list[CharsetMatch]) -> str:
    return "it could be " + " or ".join(sorted({NAMES[m.encoding] for m in matches}))
