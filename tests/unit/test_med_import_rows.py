"""The MED's quarterly statuses from a spreadsheet, pure: rows grouped into one report per
plan and quarter, each bad row named with its column, ids stable across a resend."""

from datetime import UTC, datetime

import pytest

from services.monitoring.domain.med_spreadsheet import LAYOUT, parse_quarters, without
from services.monitoring.domain.spreadsheet import FileError, read_csv

pytestmark = pytest.mark.unit
NOW = datetime(2027, 3, 1, tzinfo=UTC)
HEADER = "municipality,cycle,quarter,reporter,action_id,status,evidence,spent_eur"


def _rows(*lines: str) -> list[dict[str, str]]:
    return read_csv("\n".join((HEADER, *lines)).encode())


def _csv(*lines: str) -> list[dict[str, str]]:
    return read_csv("\n".join((HEADER, *lines)).encode(), LAYOUT)


def test_the_rows_of_a_quarter_make_one_report_in_row_order() -> None:
    groups = parse_quarters(
        _csv(
            "viti,2026-2027,Q1,MED,AB-1,on_track,Visits began,120",
            "viti,2026-2027,Q2,MED,AB-1,delayed,Snow,",
            'viti,2026-2027,Q1,MED,CG-1,done,Training held,"1,5"',
        ),
        NOW,
    )
    q1, q2 = groups
    assert q1.rows == [2, 4]
    assert q2.rows == [3]
    assert q1.report is not None
    assert q2.report is not None
    assert (q1.report.plan_id, q1.report.quarter) == ("viti:2026-2027", "Q1")
    assert [(a.action_id, a.spent_eur) for a in q1.report.actions] == [
        ("AB-1", 120.0),
        ("CG-1", 1.5),
    ]
    assert q1.report.report_id != q2.report.report_id
    # The same file again: the same ids, so monitoring records nothing twice.
    again = parse_quarters(_csv("viti,2026-2027,Q2,MED,AB-1,delayed,Snow,"), NOW)
    assert again[0].report is not None
    assert again[0].report.report_id == q2.report.report_id


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("viti,2026-2027,Q1,MED,AB-1,on_track,,", "evidence"),
        ("viti,2026-2027,Q1,MED,AB-1,late,Why,", "status"),
        ("viti,2026-2027,Q5,MED,AB-1,done,Why,", "quarter"),
        ("viti,2026,Q1,MED,AB-1,done,Why,", "cycle"),
        ("atlantis,2026-2027,Q1,MED,AB-1,done,Why,", "municipality"),
        ("viti,2026-2027,Q1,MED,AB 1,done,Why,", "action_id"),
        ("viti,2026-2027,Q1,MED,AB-1,done,Why,-4", "spent_eur"),
        ("viti,2026-2027,Q1,,AB-1,done,Why,", "reporter"),
    ],
)
def test_a_bad_row_is_named_with_its_column_and_left_out(line: str, column: str) -> None:
    good = "viti,2026-2027,Q1,MED,CG-1,done,Training held,"
    groups = parse_quarters(_csv(good, line), NOW)
    kept, refused = groups
    assert kept.rows == [2]
    assert kept.report is not None
    assert refused.report is None
    assert refused.rows == [3]
    assert [(e.row, e.column) for e in refused.errors] == [(3, column)]


def test_an_action_twice_in_one_quarter_is_refused_on_the_second_row() -> None:
    groups = parse_quarters(
        _csv("viti,2026-2027,Q1,MED,AB-1,done,Once,", "viti,2026-2027,Q1,MED,AB-1,done,Twice,"),
        NOW,
    )
    assert [e.reason for e in groups[1].errors] == ["AB-1 is already on row 2 for Q1"]


def test_one_report_id_on_the_rows_is_kept() -> None:
    header = "report_id," + HEADER
    rid = "1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7081"
    table = read_csv(f"{header}\n{rid},viti,2026-2027,Q1,MED,AB-1,done,Held,".encode(), LAYOUT)
    [group] = parse_quarters(table, NOW)
    assert group.report is not None
    assert str(group.report.report_id) == rid


def test_without_drops_the_refused_actions_and_their_rows() -> None:
    [group] = parse_quarters(
        _csv("viti,2026-2027,Q1,MED,AB-1,done,A,", "viti,2026-2027,Q1,MED,ZZ-9,done,B,"), NOW
    )
    rest = without(group, {1})
    assert rest.rows == [2]
    assert rest.report is not None
    assert [a.action_id for a in rest.report.actions] == ["AB-1"]
    assert without(rest, {0}).report is None


def test_the_school_layout_refuses_the_med_columns() -> None:
    with pytest.raises(FileError, match="unknown"):
        _rows("viti,2026-2027,Q1,MED,AB-1,done,A,")
