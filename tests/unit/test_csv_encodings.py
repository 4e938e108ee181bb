"""CSV bytes to text: detected encodings, refusals instead of mojibake."""

import pytest

from services.consultations.domain.encodings import EncodingRefused, decode
from services.consultations.domain.spreadsheet import FileError, read_csv

HEADER = "municipality,school_name,language,issue1_description\n"
SERBIAN = HEADER + (
    "zvecan,ОШ Свети Сава,sr,Ученици раде на пољу током жетве и изостају са наставе.\n"
    "leposavic,ОШ Вук Караџић,sr,Деца путују дуго до школе зими и нема превоза.\n"
)
# High bytes that decode in Windows-1250 and -1251, but as no language.
JUNK = bytes.fromhex(
    "8e9795dcabcec0b689a8eee4dff1c48987ddf7d1e1ecaaadbcbb86add3aca2dcaef2eadddadcf2a9e6f6bffdc7ff"
    "daf4f6d9f4fcb8d3aac4facfcde8"
)
LATIN = HEADER + "kacanik,SHFMU Fan Noli,sq,Fëmijët çdo ditë punojnë; učenici rade u polju.\n"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (SERBIAN, "cp1251"),
        (SERBIAN, "utf-8"),
        (SERBIAN, "utf-8-sig"),
        (SERBIAN, "utf-16"),
        (LATIN, "cp1250"),
        (LATIN.replace("učenici", "nxënësit"), "cp1252"),
    ],
)
def test_detected_encodings_give_the_intended_text(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding)) == text


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"\x81\x8d\x8f\x90\x9d not text", "does not read as text"),
        (HEADER.encode() + JUNK, "not text in a known encoding"),
        ("municipality,school\nzvecan,ОШ Свети Сава\n".encode("cp1251"), "ambiguous"),
        (b"\xef\xbb\xbfmunicipality\n\xff\xfe\n", "not valid"),
    ],
)
def test_undecodable_or_ambiguous_files_are_refused(data: bytes, why: str) -> None:
    with pytest.raises(EncodingRefused, match=why):
        decode(data)
    with pytest.raises(FileError, match="UTF-8"):
        read_csv(data)
