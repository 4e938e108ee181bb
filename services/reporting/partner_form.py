"""A partner's quarterly report form (CSW, MOCR, mediator, NGO): from the posted fields to
the report monitoring takes (`PartnerQuarterlyReport`), and its refusals back on them.

Pure, like `progress_form`, whose count and refusal helpers it shares. The partner kind
is the signed-in token's, never a field: a form cannot report for another body.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from schemas.progress import PlanTracking
from services.reporting.progress_form import FormErrors, counts_of, form_id, refusal_fields
from services.reporting.quarterly_form import QUARTERS

COUNTS: Final = (
    "referrals_received",
    "referrals_assessed",
    "referrals_closed",
    "learning_centre_attendance",
    "mediator_visits",
)
OPTIONAL: Final = frozenset({"learning_centre_attendance", "mediator_visits"})
FIELDS: Final = ("quarter", *COUNTS)


def partner_body(
    form: Mapping[str, str],
    reporter: str,
    partner: str,
    tracking: PlanTracking,
    now: datetime,
    words: Mapping[str, str],
) -> tuple[dict[str, Any], FormErrors]:
    """The JSON body of `POST /progress` (`partner_quarterly`), and what is wrong."""
    errors: dict[str, str] = {}
    quarter = form.get("quarter", "").strip()
    if quarter not in QUARTERS:
        errors["quarter"] = f"{quarter or '—'}: not a quarter (Q1–Q4)"
    counts = counts_of(form, COUNTS, errors, words, OPTIONAL)
    body: dict[str, Any] = {
        "kind": "partner_quarterly",
        "report_id": str(form_id(form.get("report_id", ""))),
        "plan_id": tracking.plan_id,
        "municipality": str(tracking.municipality),
        "reporter": reporter[:200],
        "submitted_at": now.isoformat(),
        "partner": partner,
        "cycle": tracking.cycle,
        "quarter": quarter,
        **counts,
    }
    return body, FormErrors(errors)


def partner_refusals(errors: list[dict[str, Any]], body: Mapping[str, Any]) -> FormErrors:
    """Monitoring's refusals on the form's inputs (the rest is about the whole form)."""
    return refusal_fields(errors, body, FIELDS)
