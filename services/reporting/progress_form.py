"""The school team's monthly report form: from the posted fields to the report monitoring
takes (`SchoolMonthlyReport`), and monitoring's refusals back onto the form's fields.

Pure: the handler passes the form, who is signed in, the plan's tracking and the time.
A field the browser already constrains (numbers, a status) is checked again here,
since a form can be posted without the page.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, get_args
from uuid import UUID, uuid4

from schemas.progress import ActionStatus, PlanTracking, SchoolCounts, TrackedAction

# The contract's counts, in its order: a count added there is asked here too.
COUNTS: Final[tuple[str, ...]] = tuple(SchoolCounts.model_fields)
STATUSES: Final[tuple[str, ...]] = get_args(ActionStatus)
SCHOOL_BODIES: Final = frozenset({"school_team", "school"})  # what a school team reports on
_ACTION_ITEM = re.compile(r"^actions[\[.](\d+)\]?(?:\.(\w+))?$")
_MAX_COUNT = 1_000_000


@dataclass(frozen=True, slots=True)
class FormErrors:
    """Reasons by form field name (`month`, `dropouts`, `status-AB-1`, `form`)."""

    fields: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.fields)


def school_actions(tracking: PlanTracking) -> list[TrackedAction]:
    """The actions a school team reports on: led by the school team or the school."""
    return [
        a for a in tracking.actions if a.responsible in SCHOOL_BODIES and a.status != "cancelled"
    ]


def school_months(cycle: str) -> list[str]:
    """September to June of the school year `YYYY-YYYY`."""
    first = int(cycle[:4])
    return [f"{first}-{m:02d}" for m in range(9, 13)] + [
        f"{first + 1}-{m:02d}" for m in range(1, 7)
    ]


def report_body(
    form: Mapping[str, str],
    reporter: str,
    school: str,
    tracking: PlanTracking,
    now: datetime,
    words: Mapping[str, str],
) -> tuple[dict[str, Any], FormErrors]:
    """The JSON body of `POST /progress`, and what is wrong with the form if anything."""
    errors: dict[str, str] = {}
    month = form.get("month", "").strip()
    if month not in school_months(tracking.cycle):
        errors["month"] = f"{month or '—'}: not a school month of {tracking.cycle}"
    counts = counts_of(form, COUNTS, errors, words)
    actions = []
    for action in school_actions(tracking):
        status = form.get(f"status-{action.action_id}", "").strip()
        if not status:
            continue  # not reported this month
        if status not in STATUSES:
            errors[f"status-{action.action_id}"] = f"{status}: not a status"
            continue
        item: dict[str, Any] = {
            "action_id": action.action_id,
            "status": status,
            "evidence": form.get(f"evidence-{action.action_id}", "").strip()[:2000],
        }
        spent = form.get(f"spent-{action.action_id}", "").strip().replace(",", ".")
        if spent:
            try:
                item["spent_eur"] = float(spent)
                if not 0 <= item["spent_eur"] < 1e9:
                    raise ValueError(spent)
            except ValueError:
                errors[f"spent-{action.action_id}"] = words["amount"]
        actions.append(item)
    body = {
        "kind": "school_monthly",
        "report_id": str(form_id(form.get("report_id", ""))),
        "plan_id": tracking.plan_id,
        "municipality": str(tracking.municipality),
        "reporter": reporter[:200],
        "submitted_at": now.isoformat(),
        "school": school,
        "month": month,
        "counts": counts,
        "actions": actions,
    }
    return body, FormErrors(errors)


def counts_of(
    form: Mapping[str, str],
    names: tuple[str, ...],
    errors: dict[str, str],
    words: Mapping[str, str],
    optional: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """The whole-number fields `names` (an empty `optional` one is left out); each other
    value named in `errors`."""
    counts: dict[str, int] = {}
    for name in names:
        raw = form.get(name, "").strip()
        if not raw and name in optional:
            continue
        if not raw.isdigit() or int(raw) > _MAX_COUNT:
            errors[name] = words["whole_number"]
        else:
            counts[name] = int(raw)
    return counts


def form_id(sent: str) -> UUID:
    """The id the form was rendered with (a double submit is one report), else a new one."""
    try:
        return UUID(sent)
    except ValueError:
        return uuid4()


def refusal_fields(
    errors: list[dict[str, Any]],
    body: Mapping[str, Any],
    fields: tuple[str, ...] = ("month", *COUNTS),
) -> FormErrors:
    """Monitoring's `{field, reason}` refusals as the form's field names (`fields`: the
    form's own inputs; anything else is about the whole form)."""
    out: dict[str, str] = {}
    actions = body.get("actions", [])
    for err in errors:
        where, reason = str(err.get("field", "")), str(err.get("reason", ""))
        name = where.removeprefix("counts.")
        item = _ACTION_ITEM.match(where)
        if item and int(item.group(1)) < len(actions):
            part = item.group(2) or "status"
            prefix = (
                "spent" if part == "spent_eur" else "evidence" if part == "evidence" else "status"
            )
            name = f"{prefix}-{actions[int(item.group(1))]['action_id']}"
        elif name not in fields:
            name = "form"
        out[name] = f"{out[name]}; {reason}" if name in out else reason
    return FormErrors(out)
