"""A workbook that hides its size (no <dimension>) is still refused at the row limit."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from services.consultations.domain.spreadsheet import (
    COLUMNS,
    MAX_SCANNED_ROWS,
    FileError,
    read_xlsx,
)


def workbook_with_a_far_cell(row: int) -> bytes:
    """A few kilobytes: the header, and one cell far below it, without a declared size."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    sheet.cell(row=row, column=1, value="x")
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<dimension [^>]*/>", b"", data)
            dst.writestr(item, data)
    return out.getvalue()


def test_empty_rows_count_toward_the_limit_when_the_size_is_not_declared() -> None:
    data = workbook_with_a_far_cell(1_000_000)
    assert len(data) < 20_000
    with pytest.raises(FileError, match=f"More than {MAX_SCANNED_ROWS} rows"):
        read_xlsx(data)
