"""Submissions of monitoring's XLSForms (the school team's month, a partner's quarter)
from KoboToolbox or ODK Central, as reports.

Both servers' JSON is reduced to the form's field names first
(`services.fieldforms.submissions`).

The report id is the id of the submission's first version (KoboToolbox's
`meta/rootUuid`, Central's `__id`, else `meta/instanceID`): a resent
submission is the same report, recorded once. An edit (a new instance id) keeps
the root id, so it is answered as the report already recorded, unless that one
was refused: then the edit is the corrected report.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final
from uuid import UUID

from services.fieldforms import submissions
from services.fieldforms.submissions import flatten
from services.fieldforms.xlsform import FORM_ID_FIELD, FORM_VERSION_FIELD
from services.monitoring.domain import partner_xlsform
from services.monitoring.domain.refusals import Problem
from services.monitoring.domain.xlsform import ACCEPTED_VERSIONS, COUNTS, FORM_ID, FORM_VERSION


class FormRefused(ValueError):
    """A submission that is not a report of this form (its problem names the field)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.problem = Problem(field, reason)


def _uuid(raw: Any, field: str) -> UUID | None:
    try:
        return submissions.uuid_of(raw)
    except ValueError:
        raise FormRefused(field, f"'{raw}' is not a UUID") from None


def report_id(payload: dict[str, Any]) -> UUID:
    """The id of the submission's first version: the report's id."""
    flat = flatten(payload)
    root = _uuid(flat.get("rootUuid"), "meta.rootUuid") or _uuid(payload.get("__id"), "__id")
    instance = _uuid(flat.get("instanceID") or flat.get("_uuid"), "meta.instanceID")
    found = root or instance
    if found is None:
        raise FormRefused("meta.instanceID", "missing: the submission has no instance id")
    return found


@dataclass(frozen=True, slots=True)
class DeployedForm:
    """A form monitoring takes submissions of: what it is called, and where to get it."""

    title: str
    version: str
    accepted: frozenset[str]
    download: str


FORMS: Final = {
    FORM_ID: DeployedForm(
        "school monthly report", FORM_VERSION, ACCEPTED_VERSIONS, "/forms/school-monthly.xlsx"
    ),
    partner_xlsform.FORM_ID: DeployedForm(
        "partner quarterly report",
        partner_xlsform.FORM_VERSION,
        partner_xlsform.ACCEPTED_VERSIONS,
        "/forms/partner-quarterly.xlsx",
    ),
}


def check_form(payload: dict[str, Any]) -> str:
    """The form id of a submission; refused when it is another form, or a version whose
    fields no longer map."""
    flat = flatten(payload)
    form_id = flat.get(FORM_ID_FIELD)
    form = FORMS.get(str(form_id))
    if form is None:
        names = " or ".join(f"'{f}'" for f in FORMS)
        raise FormRefused(
            FORM_ID_FIELD,
            f"is '{form_id}', not {names}: not the DMAP school monthly or partner quarterly report"
            if form_id
            else "missing: not submitted with a DMAP progress report form",
        )
    version = flat.get(FORM_VERSION_FIELD)
    if version not in form.accepted:
        raise FormRefused(
            FORM_VERSION_FIELD,
            f"form version '{version}' is not {form.version}: deploy the current form "
            f"(download {form.download})",
        )
    return str(form_id)


def cycle_of(month: str) -> str:
    """The school year (September to August) a month `YYYY-MM` belongs to."""
    year, mon = int(month[:4]), int(month[5:7])
    first = year if mon >= 9 else year - 1
    return f"{first}-{first + 1}"


def _submitted_at(flat: dict[str, Any]) -> str:
    for key in ("_submission_time", "submissionDate", "end"):
        value = flat.get(key)
        if value:
            text = str(value)
            return text if ("+" in text[10:] or text.endswith("Z")) else f"{text}+00:00"
    return datetime.now(UTC).isoformat()


def to_report_dict(payload: dict[str, Any]) -> dict[str, Any]:
    """The submission as the fields of a `SchoolMonthlyReport` (validated by the caller)."""
    flat = flatten(payload)
    month = str(flat.get("month") or "")[:7]
    municipality = str(flat.get("municipality") or "")
    valid_month = len(month) == 7 and month[4] == "-" and month.replace("-", "").isdigit()
    actions = [
        {
            "action_id": entry.get("action_id"),
            "status": entry.get("status"),
            "evidence": entry.get("evidence") or "",
        }
        for entry in flat.get("actions") or []
    ]
    out: dict[str, Any] = {
        "kind": "school_monthly",
        "report_id": str(report_id(payload)),
        "plan_id": f"{municipality}:{cycle_of(month)}" if valid_month else "",
        "municipality": municipality or None,
        "reporter": flat.get("reporter"),
        "submitted_at": _submitted_at(flat),
        "school": flat.get("school"),
        "month": month or None,
        "counts": {name: flat.get(name) for name in COUNTS},
        "actions": actions,
    }
    if flat.get("enrolled") not in (None, ""):
        out["enrolled"] = flat["enrolled"]
    return out


def to_partner_dict(payload: dict[str, Any], organisation: str | None) -> dict[str, Any]:
    """The submission as the fields of a `PartnerQuarterlyReport` (validated by the
    caller); an empty partner kind is the token's `organisation`."""
    flat = flatten(payload)
    municipality, cycle = str(flat.get("municipality") or ""), str(flat.get("cycle") or "")
    partner = str(flat.get("partner") or "").lower() or organisation or ""
    out: dict[str, Any] = {
        "kind": "partner_quarterly",
        "report_id": str(report_id(payload)),
        "plan_id": f"{municipality}:{cycle}",
        "municipality": municipality or None,
        "reporter": flat.get("reporter"),
        "submitted_at": _submitted_at(flat),
        "partner": partner or None,
        "cycle": cycle or None,
        "quarter": flat.get("quarter"),
    }
    for name in partner_xlsform.REQUIRED_COUNTS:
        out[name] = flat.get(name)
    for name in partner_xlsform.OPTIONAL_COUNTS:
        if flat.get(name) not in (None, ""):
            out[name] = flat[name]
    return out
