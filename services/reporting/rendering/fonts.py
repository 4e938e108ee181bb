"""Where the documents' font lives: DejaVu Sans from Debian's `fonts-dejavu-core`
(Bitstream Vera licence, free to embed), which covers Albanian ë/ç and Serbian Latin and
Cyrillic. The PDF embeds it; the DOCX's chart images are drawn with it. The fonts are
not kept in this repository."""

from functools import cache
from pathlib import Path

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


class FontsMissing(RuntimeError):
    """The DejaVu fonts are not installed."""


@cache
def font_dir() -> Path:
    for d in FONT_DIRS:
        if (d / "DejaVuSans.ttf").exists():
            return d
    raise FontsMissing(
        "PDF export and DOCX charts need the DejaVu fonts (Debian: fonts-dejavu-core)."
    )
