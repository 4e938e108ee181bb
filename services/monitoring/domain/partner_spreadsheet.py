"""Partners' quarterly reports (CSW, MOCR, mediators, NGOs) as a spreadsheet, one row per
report, read with the school import's reader and row loop (`spreadsheet`).

The partner kind is the token's: a row may leave `partner` empty (it is filled in) and
one naming another kind is refused by monitoring's scope check like an API call. A row
without a `report_id` gets one derived from plan, partner, reporter and quarter, so the
same file sent again records nothing twice.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from services.monitoring.domain.spreadsheet import Layout

COUNTS = (
    "referrals_received",
    "referrals_assessed",
    "referrals_closed",
    "learning_centre_attendance",
    "mediator_visits",
)
OPTIONAL_COUNTS = frozenset({"learning_centre_attendance", "mediator_visits"})
COLUMNS = ("report_id", "municipality", "cycle", "quarter", "partner", "reporter", *COUNTS)
REQUIRED = ("municipality", "cycle", "quarter", "reporter", *COUNTS[:3])
LAYOUT = Layout(COLUMNS, REQUIRED)
EXAMPLE = {
    "municipality": "ferizaj",
    "cycle": "2026-2027",
    "quarter": "Q1",
    "partner": "csw",
    "reporter": "CSW Ferizaj",
    "referrals_received": "11",
    "referrals_assessed": "9",
    "referrals_closed": "4",
    "learning_centre_attendance": "",
    "mediator_visits": "",
}
_IDS = UUID("c2a91e57-0b4d-4f3a-8e16-93d7a5f0b2c8")


def row_reader(organisation: str | None) -> Callable[[dict[str, str], datetime], dict[str, Any]]:
    """How a row becomes a `PartnerQuarterlyReport` body for a token of `organisation`."""

    def to_dict(cells: dict[str, str], now: datetime) -> dict[str, Any]:
        municipality, cycle = cells.get("municipality", ""), cells.get("cycle", "")
        quarter, reporter = cells.get("quarter", ""), cells.get("reporter", "")
        partner = cells.get("partner", "").lower() or organisation or ""
        plan_id = f"{municipality}:{cycle}"
        derived = uuid5(_IDS, f"{plan_id}|{partner}|{reporter}|{quarter}")
        out: dict[str, Any] = {
            "kind": "partner_quarterly",
            "report_id": cells.get("report_id") or str(derived),
            "plan_id": plan_id,
            "municipality": municipality or None,
            "reporter": reporter or None,
            "submitted_at": now.isoformat(),
            "partner": partner or None,
            "cycle": cycle or None,
            "quarter": quarter or None,
        }
        for name in COUNTS:
            value = cells.get(name, "")
            if value or name not in OPTIONAL_COUNTS:
                out[name] = value or None
        return out

    return to_dict


def column_of(loc: tuple[Any, ...]) -> str:
    """The column a validation error points at (every field is a column of its own)."""
    return str(loc[0]) if loc else "row"
