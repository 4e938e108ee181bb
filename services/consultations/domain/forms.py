"""Submissions from KoboToolbox and ODK Central, mapped to a consultation.

Kobo's REST service posts flat JSON whose keys carry group paths
(`grp/municipality`, repeat entries as lists of `issues/issue_description`);
ODK Central's JSON nests groups as objects (`{"meta": {"instanceID": ...}}`).
Both are reduced to the XLSForm's field names. The submission's instance id
becomes the consultation id, so a resent submission is recognised.
"""

from typing import Any
from uuid import UUID

from services.consultations.domain.intake import IntakeError

FORM_ID = "dmap_consultation"
FORM_VERSION = "2026.11.1"


def _flatten(payload: dict[str, Any]) -> dict[str, Any]:
    """Field name (last path segment) -> value; nested groups are walked into."""
    out: dict[str, Any] = {}
    for key, value in payload.items():
        name = key.rsplit("/", 1)[-1]
        if isinstance(value, dict):
            for inner, v in _flatten(value).items():
                out.setdefault(inner, v)
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
            out[name] = [_flatten(v) for v in value]
        else:
            out.setdefault(name, value)
    return out


def instance_id(payload: dict[str, Any]) -> UUID:
    flat = _flatten(payload)
    for key in ("instanceID", "__id", "_uuid"):
        raw = flat.get(key) or payload.get(key)
        if raw:
            try:
                return UUID(str(raw).removeprefix("uuid:"))
            except ValueError:
                raise IntakeError(
                    "meta.instanceID", f"'{raw}' is not a UUID", f"'{raw}' nuk është UUID"
                ) from None
    raise IntakeError(
        "meta.instanceID",
        "missing: the form submission has no instance id",
        "mungon: dërgesa nuk ka instanceID",
    )


def to_submission_dict(payload: dict[str, Any]) -> dict[str, Any]:
    flat = _flatten(payload)
    issues = []
    for entry in flat.get("issues") or []:
        issue: dict[str, Any] = {"description": entry.get("issue_description", "")}
        for field in ("category", "severity", "affected_students"):
            value = entry.get(f"issue_{field}")
            if value not in (None, ""):
                issue[field] = value
        groups = entry.get("issue_affected_groups")
        if groups:
            issue["affected_groups"] = str(groups).split()
        issues.append(issue)
    out: dict[str, Any] = {
        "consultation_id": str(instance_id(payload)),
        "municipality": flat.get("municipality"),
        "stakeholder_group": flat.get("stakeholder_group"),
        "consultation_date": str(flat.get("consultation_date", ""))[:10] or None,
        "language": flat.get("language"),
        "participant_count": flat.get("participant_count"),
        "raised_issues": issues,
        "recommendations": [
            line.strip()
            for line in str(flat.get("recommendations") or "").splitlines()
            if line.strip()
        ],
        "source": "odk" if "__id" in payload or "__system" in payload else "kobo",
    }
    if flat.get("school_level") or flat.get("school_name"):
        out["school"] = {"name": flat.get("school_name") or None, "level": flat.get("school_level")}
    return out
