"""Reporting's one call to monitoring: a school team's monthly report from the workspace.

The signed-in person's session goes along in `X-DMAP-Session` (reporting never holds
the token), so monitoring checks the same role and school scope as for the token.
The form carries the report id it was rendered with, so a form sent twice is one
report (monitoring answers `already_accepted`); no Idempotency-Key, since a resent
form is stamped with a new `submitted_at` and would read as another body.
"""

from dataclasses import dataclass
from typing import Any

import httpx

from services.runtime.auth.http import FORWARDED_SESSION
from services.runtime.settings import Settings

TIMEOUT_S = 10.0


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: dict[str, Any]


async def send_report(settings: Settings, session_id: str, body: dict[str, Any]) -> Answer | None:
    """Monitoring's answer, or None when it could not be reached."""
    headers = {FORWARDED_SESSION: session_id}
    try:
        async with httpx.AsyncClient(
            base_url=settings.service_url("monitoring"), timeout=TIMEOUT_S
        ) as client:
            resp = await client.post("/progress", json=body, headers=headers)
    except httpx.HTTPError:
        return None
    try:
        parsed = resp.json()
    except ValueError:
        parsed = {}
    return Answer(resp.status_code, parsed if isinstance(parsed, dict) else {})
