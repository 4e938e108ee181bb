"""Reporting's calls to monitoring: the workspace's forms (a school team's month, the MED
focal officer's quarter to `POST /progress`, the MED director's meeting to `POST /meetings`).

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
    """Monitoring's answer to a progress report, or None when it could not be reached."""
    return await send(settings, session_id, "/progress", body)


async def send_meeting(settings: Settings, session_id: str, body: dict[str, Any]) -> Answer | None:
    """Monitoring's answer to a working group's meeting, or None when unreachable."""
    return await send(settings, session_id, "/meetings", body)


async def send(
    settings: Settings, session_id: str, path: str, body: dict[str, Any]
) -> Answer | None:
    """POST `body` to monitoring's `path` as the signed-in person (their session)."""
    headers = {FORWARDED_SESSION: session_id}
    try:
        async with httpx.AsyncClient(
            base_url=settings.service_url("monitoring"), timeout=TIMEOUT_S
        ) as client:
            resp = await client.post(path, json=body, headers=headers)
    except httpx.HTTPError:
        return None
    try:
        parsed = resp.json()
    except ValueError:
        parsed = {}
    return Answer(resp.status_code, parsed if isinstance(parsed, dict) else {})
