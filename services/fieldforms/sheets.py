"""Reading the CSV and XLSX files people fill in, and writing their templates.

A file is read into one dict per row, keyed by column name, after its header
is checked against the layout; bounds are checked while it is read, so an
oversized file is refused before the rest is parsed. Each service says its
own bounds, how its CSV bytes become text and what a date cell means.
"""

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from openpyxl import Workbook, load_workbook
from pydantic import ValidationError
from pydantic_core import ErrorDetails

Table = Iterable[Sequence[str]]
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
T = TypeVar("T")


class FileError(Exception):
    """The file as a whole cannot be read (encoding, format, header, size)."""


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str
    reason: str


@dataclass(frozen=True, slots=True)
class Layout:
    """A spreadsheet's columns and the ones every file must have."""

    columns: tuple[str, ...]
    required: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rules:
    """How one service reads its files."""

    max_rows: int  # filled rows; empty ones are scanned up to twice as many
    max_unpacked: int  # bytes an XLSX may unzip to: a zip bomb stops here
    decode: Callable[[bytes], str]  # CSV bytes to text, raising FileError
    date_text: Callable[[date], str] = date.isoformat  # what a date cell reads as
    # Refuse a sheet whose declared size (<dimension>) is over max_rows before reading it.
    check_declared_rows: bool = False
    csv_hint: str = ""  # appended to "cannot be read as CSV"
    unpacked_hint: str = ""  # appended to "unpacks to N bytes"


def read_csv(data: bytes, layout: Layout, rules: Rules) -> list[dict[str, str]]:
    text = rules.decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _rows(reader, layout, rules)
    except csv.Error as exc:  # a cell over the field limit, a broken quote
        raise FileError(
            f"Row {reader.line_num}: the file cannot be read as CSV ({exc}).{rules.csv_hint}"
        ) from exc


def read_xlsx(data: bytes, layout: Layout, rules: Rules) -> list[dict[str, str]]:
    _check_unpacked_size(data, rules)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        kind = type(exc).__name__
        raise FileError(f"The file is not a readable .xlsx workbook ({kind}).") from exc
    sheet = book.worksheets[0]
    declared = getattr(sheet, "max_row", None)  # from <dimension>, when the file has one
    if rules.check_declared_rows and isinstance(declared, int) and declared - 1 > rules.max_rows:
        book.close()
        raise FileError(f"The sheet declares {declared - 1} rows: the limit is {rules.max_rows}.")
    try:
        cells = sheet.iter_rows(values_only=True)
        return _rows(([cell_text(v, rules.date_text) for v in row] for row in cells), layout, rules)
    finally:
        book.close()


def read_table(
    data: bytes, filename: str, content_type: str, layout: Layout, rules: Rules
) -> list[dict[str, str]]:
    """A CSV or XLSX upload, told apart by its name or media type; anything else is refused."""
    name = filename.lower()
    if name.endswith(".xlsx") or content_type == XLSX_MEDIA_TYPE:
        return read_xlsx(data, layout, rules)
    if name.endswith((".csv", ".txt")) or content_type.startswith("text/"):
        return read_csv(data, layout, rules)
    raise FileError("Send a .csv or .xlsx file (see the templates).")


def _check_unpacked_size(data: bytes, rules: Rules) -> None:
    """Refuse a workbook whose parts unzip to more than the limit (sizes from the zip index;
    the zip reader never inflates an entry past its declared size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileError("The file is not a readable .xlsx workbook (not a zip archive).") from exc
    if unpacked > rules.max_unpacked:
        raise FileError(
            f"The workbook unpacks to {unpacked:,} bytes: the limit is "
            f"{rules.max_unpacked:,}.{rules.unpacked_hint}"
        )


def cell_text(value: Any, date_text: Callable[[date], str] = date.isoformat) -> str:
    """An XLSX cell as the text a CSV would hold (whole floats without `.0`)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return date_text(value.date())
    if isinstance(value, date):
        return date_text(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(table: Table, layout: Layout, rules: Rules) -> list[dict[str, str]]:
    """Rows as dicts by column name, read one at a time: stops at the row limit."""
    rows = iter(table)
    first = next(rows, None)
    if first is None:
        raise FileError("The file is empty; the first row must hold the column names.")
    header = [str(h).strip().lower() for h in first]
    unknown = [h for h in header if h and h not in layout.columns]
    missing = [c for c in layout.required if c not in header]
    if unknown or missing:
        raise FileError(
            f"Row 1 (column names): unknown {unknown or 'none'}, missing {missing or 'none'}. "
            "Download the template for the layout."
        )
    out = []
    filled = 0
    for seen, cells in enumerate(rows, start=1):
        # Empty rows count too: a tiny XLSX with one cell at row 5,000,000 and no declared
        # size would otherwise be read row by row to the end.
        if seen > 2 * rules.max_rows:
            raise FileError(
                f"More than {2 * rules.max_rows} rows, empty ones included: the limit is "
                f"{rules.max_rows} filled rows per file; delete the empty rows and send it again."
            )
        if any(str(c).strip() for c in cells):
            filled += 1
            if filled > rules.max_rows:
                raise FileError(
                    f"More than {rules.max_rows} rows: the limit is {rules.max_rows} per file."
                )
        out.append({h: str(c).strip() for h, c in zip(header, cells, strict=False) if h})
    return out


def validated_rows(
    rows: Sequence[Mapping[str, str]],
    validate: Callable[[Mapping[str, str]], T],
    column: Callable[[tuple[Any, ...]], str],
    kept: Callable[[list[ErrorDetails]], list[ErrorDetails]] = list,
) -> Iterator[tuple[int, T | None, list[RowError]]]:
    """Each filled row as the spreadsheet numbers it (the header is row 1): what `validate`
    made of it, or its validation errors (those `kept`) named by `column`."""
    for i, cells in enumerate(rows):
        number = i + 2
        if not any(cells.values()):
            continue
        try:
            value = validate(cells)
        except ValidationError as exc:
            errors = [
                RowError(number, column(tuple(e["loc"])), e["msg"]) for e in kept(exc.errors())
            ]
            yield number, None, errors
            continue
        yield number, value, []


def template_csv(columns: Sequence[str], example: Mapping[str, str]) -> bytes:
    """The header and one example row; with a BOM, so Excel opens it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerow([example.get(c, "") for c in columns])
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(
    columns: Sequence[str],
    example: Mapping[str, str],
    title: str,
    allowed: Mapping[str, Sequence[str]] | None = None,
) -> bytes:
    """The header and one example row; `allowed` values, if given, on a second sheet."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append(list(columns))
    sheet.append([example.get(c, "") for c in columns])
    if allowed is not None:
        values = book.create_sheet("allowed values")
        for col, (name, choices) in enumerate(allowed.items(), start=1):
            values.cell(row=1, column=col, value=name)
            for row, value in enumerate(choices, start=2):
                values.cell(row=row, column=col, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
