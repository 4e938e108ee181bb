"""The MED's quarterly action statuses as a spreadsheet (CSV or XLSX), one row per action
per quarter, read with the school import's conventions (`spreadsheet`: the reading,
limits, row numbers as shown, `{row, column, reason}`).

Monitoring keeps one MED report per plan and quarter (a second one is a duplicate), so
the rows of one municipality, cycle and quarter make one `MedQuarterlyReport`, each row
one of its actions. A row that is wrong on its own is named and left out of its
quarter's report; the report id derives from plan and quarter unless the rows give one,
so the same file sent again records nothing twice.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from pydantic import ValidationError

from schemas.progress import MedQuarterlyReport
from services.monitoring.domain.spreadsheet import Layout, RowError

COLUMNS = (
    "report_id",
    "municipality",
    "cycle",
    "quarter",
    "reporter",
    "action_id",
    "status",
    "evidence",
    "spent_eur",
)
REQUIRED = ("municipality", "cycle", "quarter", "reporter", "action_id", "status", "evidence")
LAYOUT = Layout(COLUMNS, REQUIRED)
EXAMPLE = {
    "municipality": "ferizaj",
    "cycle": "2026-2027",
    "quarter": "Q1",
    "reporter": "MED focal officer",
    "action_id": "AB-1",
    "status": "on_track",
    "evidence": "Home visits began in October; 40 families visited",
    "spent_eur": "1200",
}
_IDS = UUID("0f7d4e2a-9c31-4b68-a5e0-7d2c1b9f3e46")
NEEDS_EVIDENCE = "the MED reports each status with its evidence"


@dataclass(slots=True)
class QuarterRows:
    """The rows of one plan's quarter and the report they make (None: none is valid)."""

    rows: list[int]
    report: MedQuarterlyReport | None = None
    errors: list[RowError] = field(default_factory=list)

    def row_of(self, index: int) -> int | None:
        """The spreadsheet row the report's `actions[index]` came from."""
        return self.rows[index] if 0 <= index < len(self.rows) else None


def _report_dict(cells: dict[str, str], now: datetime) -> dict[str, Any]:
    municipality, cycle = cells.get("municipality", ""), cells.get("cycle", "")
    action: dict[str, Any] = {
        "action_id": cells.get("action_id", ""),
        "status": cells.get("status", ""),
        "evidence": cells.get("evidence", ""),
    }
    if spent := cells.get("spent_eur", "").replace(",", "."):
        action["spent_eur"] = spent
    return {
        "kind": "med_quarterly",
        "report_id": cells.get("report_id") or str(_IDS),  # checked here, set per quarter
        "plan_id": f"{municipality}:{cycle}",
        "municipality": municipality or None,
        "reporter": cells.get("reporter") or None,
        "submitted_at": now.isoformat(),
        "cycle": cycle or None,
        "quarter": cells.get("quarter") or None,
        "actions": [action],
    }


def _column(loc: tuple[Any, ...]) -> str:
    """The column a validation error of a one-action report points at."""
    if len(loc) >= 3 and loc[0] == "actions":
        return str(loc[2])
    return str(loc[0]) if loc else "row"


def _one_row(
    number: int, cells: dict[str, str], now: datetime
) -> MedQuarterlyReport | list[RowError]:
    if cells.get("status") and not cells.get("evidence", "").strip():
        return [RowError(number, "evidence", NEEDS_EVIDENCE)]
    try:
        return MedQuarterlyReport.model_validate(_report_dict(cells, now))
    except ValidationError as exc:
        # The plan id is built from municipality and cycle: their own errors say it.
        return [
            RowError(number, _column(tuple(e["loc"])), e["msg"])
            for e in exc.errors()
            if tuple(e["loc"])[:1] != ("plan_id",)
        ]


def parse_quarters(rows: list[dict[str, str]], now: datetime) -> list[QuarterRows]:
    """Rows grouped into one report per (plan, quarter), in the order they first appear;
    rows refused on their own are returned in a group without a report."""
    refused = QuarterRows(rows=[])
    groups: dict[tuple[str, str], list[tuple[int, MedQuarterlyReport]]] = defaultdict(list)
    given: dict[tuple[str, str], set[UUID]] = defaultdict(set)
    for i, cells in enumerate(rows):
        number = i + 2  # the header is row 1
        if not any(cells.values()):
            continue
        found = _one_row(number, cells, now)
        if isinstance(found, list):
            refused.rows.append(number)
            refused.errors += found
            continue
        key = (found.plan_id, found.quarter)
        [action] = found.actions
        earlier = [n for n, r in groups[key] if r.actions[0].action_id == action.action_id]
        if earlier:
            reason = f"{action.action_id} is already on row {earlier[0]} for {found.quarter}"
            refused.rows.append(number)
            refused.errors.append(RowError(number, "action_id", reason))
            continue
        groups[key].append((number, found))
        if cells.get("report_id"):
            given[key].add(found.report_id)
    out = [_merged(key, members, given[key]) for key, members in groups.items()]
    return out + ([refused] if refused.rows else [])


def _merged(
    key: tuple[str, str], members: list[tuple[int, MedQuarterlyReport]], given: set[UUID]
) -> QuarterRows:
    # One id named on the rows is the client's; none (or several) and it is derived.
    report_id = next(iter(given)) if len(given) == 1 else uuid5(_IDS, f"{key[0]}|med|{key[1]}")
    report = members[0][1].model_copy(
        update={"report_id": report_id, "actions": tuple(r.actions[0] for _, r in members)}
    )
    return QuarterRows(rows=[n for n, _ in members], report=report)


def without(group: QuarterRows, drop: set[int]) -> QuarterRows:
    """The group less the actions at positions `drop` (their rows named elsewhere)."""
    assert group.report is not None
    keep = [i for i in range(len(group.rows)) if i not in drop]
    actions = tuple(group.report.actions[i] for i in keep)
    report = group.report.model_copy(update={"actions": actions}) if actions else None
    return QuarterRows(rows=[group.rows[i] for i in keep], report=report)
