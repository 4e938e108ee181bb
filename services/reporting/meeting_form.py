"""The MED director's form for a working-group meeting: from the posted fields to the
`WorkingGroupMeeting` monitoring's `POST /meetings` takes, and its refusals back onto the
fields.

Pure, like `progress_form`. Decisions are rows `decision-<n>-<part>`; a row without text
is not sent, so a refusal of `decisions[1]` is put back on the row it came from.
"""

import re
from collections.abc import Mapping
from datetime import date
from typing import Any, Final, get_args

from schemas.progress import DecidedStatus, PlanTracking
from services.reporting.progress_form import FormErrors, form_id
from services.reporting.quarterly_form import QUARTERS, cycle_months

DECISION_ROWS: Final = 6
DECIDED: Final[tuple[str, ...]] = get_args(DecidedStatus)
DECISION_PARTS: Final = ("text", "action", "responsible", "due", "status", "reason")
_PART_OF: Final = {
    "text": "text",
    "action_id": "action",
    "responsible": "responsible",
    "due_month": "due",
    "sets_status": "status",
    "reason": "reason",
}
_ITEM = re.compile(r"^(decisions|attendees)[\[.](\d+)\]?(?:\.(\w+))?$")
_TOP: Final = ("quarter", "held_on", "attendees", "minutes")


def meeting_body(
    form: Mapping[str, str], tracking: PlanTracking, words: Mapping[str, str]
) -> tuple[dict[str, Any], FormErrors]:
    """The JSON body of `POST /meetings`, and what is wrong with the form if anything."""
    errors: dict[str, str] = {}
    quarter = form.get("quarter", "").strip()
    if quarter not in QUARTERS:
        errors["quarter"] = f"{quarter or '—'}: not a quarter (Q1–Q4)"
    held_on = form.get("held_on", "").strip()
    try:
        date.fromisoformat(held_on)
    except ValueError:
        errors["held_on"] = words["a_date"]
    attendees = _attendees(form.get("attendees", ""))
    if not attendees:
        errors["attendees"] = words["attendees_needed"]
    actions = {a.action_id for a in tracking.actions}
    decisions = []
    for n in range(DECISION_ROWS):
        if found := _decision(form, n, actions, tracking.cycle, errors, words):
            decisions.append(found)
    body = {
        "meeting_id": str(form_id(form.get("meeting_id", ""))),
        "plan_id": tracking.plan_id,
        "municipality": str(tracking.municipality),
        "cycle": tracking.cycle,
        "quarter": quarter,
        "held_on": held_on,
        "attendees": attendees,
        "decisions": decisions,
        "minutes": form.get("minutes", "").strip()[:8000],
    }
    return body, FormErrors(errors)


def _attendees(raw: str) -> list[str]:
    """One body per line (or comma), each once, in the order given."""
    seen: list[str] = []
    for part in re.split(r"[\n,;]", raw):
        body = part.strip()[:200]
        if body and body.casefold() not in {s.casefold() for s in seen}:
            seen.append(body)
    return seen[:50]


def _decision(
    form: Mapping[str, str],
    n: int,
    actions: set[str],
    cycle: str,
    errors: dict[str, str],
    words: Mapping[str, str],
) -> dict[str, Any] | None:
    key = f"decision-{n}"
    got = {part: form.get(f"{key}-{part}", "").strip() for part in DECISION_PARTS}
    if not got["text"]:
        if any(got[p] for p in ("status", "reason", "responsible")):
            errors[f"{key}-text"] = words["decision_text_needed"]
        return None
    decision: dict[str, Any] = {"text": got["text"][:2000], "reason": got["reason"][:2000]}
    if got["action"]:
        if got["action"] not in actions:
            errors[f"{key}-action"] = f"{got['action']}: no action of the plan"
        decision["action_id"] = got["action"]
    if got["responsible"]:
        decision["responsible"] = got["responsible"][:200]
    if got["due"]:
        if got["due"] not in cycle_months(cycle):
            errors[f"{key}-due"] = f"{got['due']}: not a month of {cycle}"
        decision["due_month"] = got["due"]
    if got["status"]:
        if got["status"] not in DECIDED:
            errors[f"{key}-status"] = f"{got['status']}: not a decided status"
        elif not got["action"]:
            errors[f"{key}-action"] = words["status_needs_action"]
        if not got["reason"]:
            errors[f"{key}-reason"] = words["status_needs_reason"]
        decision["sets_status"] = got["status"]
    return decision


def meeting_refusals(errors: list[dict[str, Any]], form: Mapping[str, str]) -> FormErrors:
    """Monitoring's `{field, reason}` refusals as the form's field names."""
    rows = [n for n in range(DECISION_ROWS) if form.get(f"decision-{n}-text", "").strip()]
    out: dict[str, str] = {}
    for err in errors:
        where, reason = str(err.get("field", "")), str(err.get("reason", ""))
        name = where if where in _TOP else "form"
        item = _ITEM.match(where)
        if item and item.group(1) == "attendees":
            name = "attendees"
        elif item and int(item.group(2)) < len(rows):
            part = _PART_OF.get(item.group(3) or "", "text")
            name = f"decision-{rows[int(item.group(2))]}-{part}"
        out[name] = f"{out[name]}; {reason}" if name in out else reason
    return FormErrors(out)
