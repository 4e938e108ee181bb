"""The field-form helpers intake and monitoring share, on their own: Kobo/ODK payloads
reduced to field names, rows numbered as the spreadsheet shows them, files told apart."""

from collections.abc import Mapping
from datetime import date
from uuid import UUID

import pytest
from pydantic import BaseModel

from services.fieldforms import sheets, submissions

ID = "6f0d8c7a-2b1e-4c3d-9e8f-1a2b3c4d5e6f"
RULES = sheets.Rules(max_rows=3, max_unpacked=10**6, decode=bytes.decode)
LAYOUT = sheets.Layout(("name", "count"), ("name",))


class _Row(BaseModel):
    name: str
    count: int


def test_kobo_paths_and_central_groups_become_field_names() -> None:
    kobo = {"grp/name": "a", "items": [{"items/count": 1}, {"items/count": 2}]}
    central = {"grp": {"name": "a"}, "items": [{"count": 1}, {"count": 2}]}
    expected = {"name": "a", "items": [{"count": 1}, {"count": 2}]}
    assert submissions.flatten(kobo) == expected
    assert submissions.flatten(central) == expected


def test_an_instance_id_is_read_with_or_without_its_prefix() -> None:
    assert submissions.uuid_of(f"uuid:{ID}") == submissions.uuid_of(ID) == UUID(ID)
    assert submissions.uuid_of("") is None
    with pytest.raises(ValueError, match="badly formed"):
        submissions.uuid_of("not-a-uuid")


def test_rows_are_numbered_as_the_sheet_shows_them_and_empty_ones_skipped() -> None:
    rows = [{"name": "a", "count": "1"}, {"name": "", "count": ""}, {"name": "b", "count": "x"}]

    def validate(cells: Mapping[str, str]) -> _Row:
        return _Row.model_validate(cells)

    found = list(sheets.validated_rows(rows, validate, lambda loc: f"col:{loc[0]}"))
    assert [(n, v) for n, v, _ in found] == [(2, _Row(name="a", count=1)), (4, None)]
    [error] = found[1][2]
    assert (error.row, error.column) == (4, "col:count")


def test_a_file_is_read_by_its_name_or_media_type_and_others_refused() -> None:
    data = b"name,count\na,1\n"
    assert sheets.read_table(data, "r.CSV", "", LAYOUT, RULES) == [{"name": "a", "count": "1"}]
    assert sheets.read_table(data, "upload", "text/csv", LAYOUT, RULES)[0]["name"] == "a"
    with pytest.raises(sheets.FileError, match=r"Send a \.csv or \.xlsx"):
        sheets.read_table(data, "r.pdf", "application/pdf", LAYOUT, RULES)


def test_the_row_limit_counts_filled_rows_and_a_bad_header_is_named() -> None:
    with pytest.raises(sheets.FileError, match="More than 3 rows"):
        sheets.read_csv(b"name\n" + b"a\n" * 4, LAYOUT, RULES)
    assert len(sheets.read_csv(b"name\n" + b"a\n" * 3 + b"\n" * 3, LAYOUT, RULES)) == 6
    with pytest.raises(sheets.FileError, match=r"unknown \['age'\], missing \['name'\]"):
        sheets.read_csv(b"age\n1\n", LAYOUT, RULES)


def test_a_date_cell_reads_as_the_service_says() -> None:
    assert sheets.cell_text(date(2026, 11, 3)) == "2026-11-03"
    assert sheets.cell_text(date(2026, 11, 3), lambda d: d.isoformat()[:7]) == "2026-11"
    assert (sheets.cell_text(4.0), sheets.cell_text(None)) == ("4", "")
