"""What KoboToolbox and ODK Central post for a submission, reduced to the form's field names.

Kobo's REST service posts flat JSON whose keys carry group paths
(`grp/municipality`; a repeat is a list of such dicts); ODK Central's JSON
nests groups as objects (`{"meta": {"instanceID": ...}}`).
"""

from typing import Any
from uuid import UUID


def flatten(payload: dict[str, Any]) -> dict[str, Any]:
    """Field name (last path segment) -> value; nested groups are walked into."""
    out: dict[str, Any] = {}
    for key, value in payload.items():
        name = key.rsplit("/", 1)[-1]
        if isinstance(value, dict):
            for inner, v in flatten(value).items():
                out.setdefault(inner, v)
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
            out[name] = [flatten(v) for v in value]
        else:
            out.setdefault(name, value)
    return out


def uuid_of(raw: Any) -> UUID | None:
    """An instance id (`uuid:...` or bare) as a UUID; None when empty.

    Raises ValueError for anything else: each service refuses it in its own words.
    """
    if raw in (None, ""):
        return None
    return UUID(str(raw).removeprefix("uuid:"))
