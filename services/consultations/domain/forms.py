"""Submissions from KoboToolbox and ODK Central, mapped to a consultation.

Both servers' JSON is reduced to the XLSForm's field names first
(`services.fieldforms.submissions`).

Identity: the consultation id is the id of the *first* version of the form
instance, so an edit replaces the record instead of adding one. KoboToolbox
carries it as `meta/rootUuid`, ODK Central as `__id`; without either, an edit
(`meta/deprecatedID`) is resolved through the stored instance ids, and an
unedited submission's own `meta/instanceID` is its root.

Which form: KoboToolbox replaces the XLSForm's form_id and version with its
own (asset uid, `__version__`), so the form carries its id and version in two
hidden `calculate` fields that every server submits unchanged; ODK Central's
`__system.formVersion`, when present, must agree too.
"""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from services.consultations.domain.intake import IntakeError
from services.fieldforms import submissions
from services.fieldforms.submissions import flatten
from services.fieldforms.xlsform import FORM_ID_FIELD, FORM_VERSION_FIELD

FORM_ID = "dmap_consultation"
FORM_VERSION = "2026.11.2"
# Versions whose submissions map correctly; an older deployed form is refused.
ACCEPTED_VERSIONS = frozenset({FORM_VERSION})


def _uuid(raw: Any, field: str) -> UUID | None:
    try:
        return submissions.uuid_of(raw)
    except ValueError:
        raise IntakeError(field, f"'{raw}' is not a UUID", f"'{raw}' nuk është UUID") from None


@dataclass(frozen=True, slots=True)
class Identity:
    """Which form instance a submission is, and which version it replaces."""

    instance_id: UUID
    root_id: UUID | None  # first version's instance id, when the server says it
    deprecated_id: UUID | None  # the version this edit replaces

    @property
    def is_edit(self) -> bool:
        return self.deprecated_id is not None


def identity(payload: dict[str, Any]) -> Identity:
    flat = flatten(payload)
    instance = None
    for key in ("instanceID", "_uuid", "__id"):
        instance = instance or _uuid(flat.get(key) or payload.get(key), "meta.instanceID")
    if instance is None:
        raise IntakeError(
            "meta.instanceID",
            "missing: the form submission has no instance id",
            "mungon: dërgesa nuk ka instanceID",
        )
    root = _uuid(flat.get("rootUuid"), "meta.rootUuid") or _uuid(payload.get("__id"), "__id")
    deprecated = _uuid(flat.get("deprecatedID"), "meta.deprecatedID")
    if deprecated == instance:
        deprecated = None
    return Identity(instance, root, deprecated)


def instance_id(payload: dict[str, Any]) -> UUID:
    """The consultation id when nothing is stored yet: the root, else this instance."""
    ident = identity(payload)
    return ident.root_id or ident.deprecated_id or ident.instance_id


def check_form(payload: dict[str, Any]) -> None:
    """Refuse a submission of another form or of a form version intake no longer maps."""
    flat = flatten(payload)
    form_id = flat.get(FORM_ID_FIELD)
    if form_id != FORM_ID:
        raise IntakeError(
            FORM_ID_FIELD,
            f"is '{form_id}', not '{FORM_ID}': not the DMAP consultation form"
            if form_id
            else "missing: not submitted with the DMAP consultation form",
            f"është '{form_id}', jo '{FORM_ID}': nuk është formulari i konsultimit DMAP"
            if form_id
            else "mungon: nuk është dërguar me formularin e konsultimit DMAP",
        )
    system = payload.get("__system")
    versions = {flat.get(FORM_VERSION_FIELD)}
    if isinstance(system, dict) and system.get("formVersion"):
        versions.add(system["formVersion"])
    for version in versions:
        if version is None:
            raise IntakeError(
                FORM_VERSION_FIELD,
                "missing: the form version is unknown; deploy the current form",
                "mungon: versioni i formularit nuk dihet; vendosni formularin aktual",
            )
        if version not in ACCEPTED_VERSIONS:
            raise IntakeError(
                FORM_VERSION_FIELD,
                f"form version '{version}' is outdated: deploy version {FORM_VERSION}"
                " (download /forms/consultation.xlsx)",
                f"versioni '{version}' i formularit është i vjetëruar: vendosni versionin"
                f" {FORM_VERSION} (shkarkoni /forms/consultation.xlsx)",
            )


def to_submission_dict(payload: dict[str, Any]) -> dict[str, Any]:
    flat = flatten(payload)
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
