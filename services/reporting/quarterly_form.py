"""The MED focal officer's quarterly report form: from the posted fields to the report
monitoring takes (`MedQuarterlyReport`), and monitoring's refusals back onto the fields.

Pure, like `progress_form`: the handler passes the form, who is signed in, the plan's
tracking and the time. Fields are named per action (`status-AB-1`, `m-AB-1-value`) and
per EMIS row (`emis-0-value`), so a refusal of `actions[2]` or `measurements[0]`, which
count only what was filled in, is put back on the input it came from.
"""

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Final, get_args

from schemas.plans import Quarter
from schemas.progress import EmisValue, PlanTracking, TrackedAction
from services.reporting.progress_form import STATUSES, FormErrors, form_id

QUARTERS: Final[tuple[str, ...]] = get_args(Quarter)
_FIRST_MONTH: Final = {"Q1": 9, "Q2": 12, "Q3": 3, "Q4": 6}  # of the school-year quarter
EMIS_INDICATORS: Final = get_args(EmisValue.model_fields["indicator"].annotation)
EMIS_COMMUNITIES: Final = get_args(EmisValue.model_fields["community"].annotation)
EMIS_GENDERS: Final = get_args(EmisValue.model_fields["gender"].annotation)
EMIS_ROWS: Final = 9  # the three rates for all, girls, boys; any row may be re-aimed
MEASURE: Final = ("value", "period", "unit", "entered", "verified", "source")
_ITEM = re.compile(r"^(actions|measurements|emis)[\[.](\d+)\]?(?:\.(\w+))?$")
_MEASURE_FIELD: Final = {
    "indicator_ref": "value",
    "entered_by": "entered",
    "verified_by": "verified",
}


def quarter_begins(cycle: str, quarter: str) -> date:
    first = int(cycle[:4])
    month = _FIRST_MONTH[quarter]
    return date(first if month >= 9 else first + 1, month, 1)


def open_quarters(tracking: PlanTracking) -> list[str]:
    """The quarters that have begun by monitoring's date (a later one is refused)."""
    begun = [q for q in QUARTERS if quarter_begins(tracking.cycle, q) <= tracking.as_of]
    return begun or [QUARTERS[0]]


def cycle_months(cycle: str) -> list[str]:
    """September to August of the school year: the months a measurement may describe."""
    first = int(cycle[:4])
    return [f"{first}-{m:02d}" for m in range(9, 13)] + [
        f"{first + 1}-{m:02d}" for m in range(1, 9)
    ]


def med_actions(tracking: PlanTracking) -> list[TrackedAction]:
    """Every action still followed: the MED reports on all of them."""
    return [a for a in tracking.actions if a.status != "cancelled"]


def emis_defaults() -> dict[str, str]:
    """The EMIS rows as first shown: each rate for all pupils, girls and boys."""
    out: dict[str, str] = {}
    for n in range(EMIS_ROWS):
        out[f"emis-{n}-indicator"] = EMIS_INDICATORS[n % 3]
        out[f"emis-{n}-community"] = "all"
        out[f"emis-{n}-gender"] = EMIS_GENDERS[n // 3]
    return out


def quarterly_body(
    form: Mapping[str, str],
    reporter: str,
    tracking: PlanTracking,
    now: datetime,
    words: Mapping[str, str],
) -> tuple[dict[str, Any], FormErrors]:
    """The JSON body of `POST /progress` (`med_quarterly`), and what is wrong if anything."""
    errors: dict[str, str] = {}
    quarter = form.get("quarter", "").strip()
    if quarter not in QUARTERS:
        errors["quarter"] = f"{quarter or '—'}: not a quarter (Q1–Q4)"
    actions: list[dict[str, Any]] = []
    measurements: list[dict[str, Any]] = []
    for action in med_actions(tracking):
        if item := _status(form, action.action_id, errors, words):
            actions.append(item)
        if found := _measurement(form, action, reporter, tracking.cycle, errors, words):
            measurements.append(found)
    semester = form.get("semester", "").strip()
    emis = _emis(form, errors, words)
    if emis and semester not in ("S1", "S2"):
        errors["semester"] = words["semester_needed"]
    if not (actions or measurements or emis):
        errors["form"] = words["nothing_reported"]
    body: dict[str, Any] = {
        "kind": "med_quarterly",
        "report_id": str(form_id(form.get("report_id", ""))),
        "plan_id": tracking.plan_id,
        "municipality": str(tracking.municipality),
        "reporter": reporter[:200],
        "submitted_at": now.isoformat(),
        "cycle": tracking.cycle,
        "quarter": quarter,
        "actions": actions,
        "measurements": measurements,
        "emis": emis,
    }
    if emis:
        body["semester"] = semester
    return body, FormErrors(errors)


def _status(
    form: Mapping[str, str], action_id: str, errors: dict[str, str], words: Mapping[str, str]
) -> dict[str, Any] | None:
    status = form.get(f"status-{action_id}", "").strip()
    if not status:
        return None  # not reported this quarter
    if status not in STATUSES:
        errors[f"status-{action_id}"] = f"{status}: not a status"
        return None
    evidence = form.get(f"evidence-{action_id}", "").strip()[:2000]
    if not evidence:
        errors[f"evidence-{action_id}"] = words["evidence_needed"]
    item: dict[str, Any] = {"action_id": action_id, "status": status, "evidence": evidence}
    spent = form.get(f"spent-{action_id}", "").strip().replace(",", ".")
    if spent:
        amount = _number(spent)
        if amount is None or not 0 <= amount < 1e9:
            errors[f"spent-{action_id}"] = words["amount"]
        else:
            item["spent_eur"] = amount
    return item


def _measurement(
    form: Mapping[str, str],
    action: TrackedAction,
    reporter: str,
    cycle: str,
    errors: dict[str, str],
    words: Mapping[str, str],
) -> dict[str, Any] | None:
    key = f"m-{action.action_id}"
    raw = form.get(f"{key}-value", "").strip().replace(",", ".")
    if not raw:
        return None
    value = _number(raw)
    if value is None:
        errors[f"{key}-value"] = words["a_number"]
        return None
    period = form.get(f"{key}-period", "").strip()
    if period not in cycle_months(cycle):
        errors[f"{key}-period"] = f"{period or '—'}: not a month of {cycle}"
    unit = form.get(f"{key}-unit", "").strip() or (action.indicator.target_unit or "")
    if not unit:
        errors[f"{key}-unit"] = words["unit_needed"]
    found: dict[str, Any] = {
        "indicator_ref": action.action_id,
        "period": period,
        "value": value,
        "unit": unit[:40],
        "entered_by": (form.get(f"{key}-entered", "").strip() or reporter)[:200],
        "source": form.get(f"{key}-source", "").strip()[:200],
    }
    if verified := form.get(f"{key}-verified", "").strip():
        if verified.casefold() == found["entered_by"].casefold():
            errors[f"{key}-verified"] = words["verified_other"]
        found["verified_by"] = verified[:200]
    return found


def _emis(
    form: Mapping[str, str], errors: dict[str, str], words: Mapping[str, str]
) -> list[dict[str, Any]]:
    rows = []
    for n in range(EMIS_ROWS):
        raw = form.get(f"emis-{n}-value", "").strip().replace(",", ".")
        if not raw:
            continue
        value = _number(raw)
        if value is None or not 0 <= value <= 100:
            errors[f"emis-{n}-value"] = words["a_percentage"]
            continue
        row: dict[str, Any] = {"value": value}
        for part, allowed in (
            ("indicator", EMIS_INDICATORS),
            ("community", EMIS_COMMUNITIES),
            ("gender", EMIS_GENDERS),
        ):
            chosen = form.get(f"emis-{n}-{part}", "").strip()
            if chosen not in allowed:
                errors[f"emis-{n}-{part}"] = f"{chosen or '—'}: not one of {', '.join(allowed)}"
            row[part] = chosen
        rows.append(row)
    return rows


def _number(raw: str) -> float | None:
    try:
        return float(raw)
    except ValueError:
        return None


def quarterly_refusals(
    errors: list[dict[str, Any]], body: Mapping[str, Any], form: Mapping[str, str]
) -> FormErrors:
    """Monitoring's `{field, reason}` refusals as the form's field names."""
    out: dict[str, str] = {}
    # Which form row each EMIS value came from (rows left empty were not sent).
    emis_rows = [n for n in range(EMIS_ROWS) if form.get(f"emis-{n}-value", "").strip()]
    for err in errors:
        where, reason = str(err.get("field", "")), str(err.get("reason", ""))
        name = _field_of(where, body, emis_rows)
        out[name] = f"{out[name]}; {reason}" if name in out else reason
    return FormErrors(out)


def _field_of(where: str, body: Mapping[str, Any], emis_rows: list[int]) -> str:
    if where in ("quarter", "semester"):
        return where
    item = _ITEM.match(where)
    if item is None:
        return "form"
    group, index, part = item.group(1), int(item.group(2)), item.group(3) or ""
    listed = body.get(group, [])
    if index >= len(listed):
        return "form"
    if group == "actions":
        prefix = "spent" if part == "spent_eur" else "evidence" if part == "evidence" else "status"
        return f"{prefix}-{listed[index]['action_id']}"
    if group == "measurements":
        part = _MEASURE_FIELD.get(part, part)
        return f"m-{listed[index]['indicator_ref']}-{part if part in MEASURE else 'value'}"
    if index >= len(emis_rows):
        return "form"
    column = part if part in ("indicator", "community", "gender") else "value"
    return f"emis-{emis_rows[index]}-{column}"
