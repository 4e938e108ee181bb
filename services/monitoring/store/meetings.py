"""SQL for the working group's meetings: accepted at the API, applied by the consumer."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from schemas.progress import WorkingGroupMeeting
from services.monitoring.domain.state import OutcomeName
from services.runtime.connections import Connection


@dataclass(frozen=True, slots=True)
class MeetingOutcome:
    meeting: WorkingGroupMeeting
    outcome: OutcomeName
    problems: list[Any]
    received_at: datetime


def _json(meeting: WorkingGroupMeeting) -> Any:
    return json.loads(meeting.model_dump_json())


class PostgresMeetings:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def submit(self, meeting: WorkingGroupMeeting) -> MeetingOutcome | None:
        """Keep a meeting accepted at the API; the earlier one of its id, else None.

        A refused meeting of the same id is replaced: it is the corrected record.
        """
        await self._conn.execute(
            "DELETE FROM monitoring.meetings WHERE meeting_id = $1 AND outcome = 'refused'",
            meeting.meeting_id,
        )
        inserted = await self._conn.fetchval(
            "INSERT INTO monitoring.meetings "
            "(meeting_id, plan_id, quarter, held_on, payload, token_id) "
            "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING meeting_id",
            meeting.meeting_id,
            meeting.plan_id,
            meeting.quarter,
            meeting.held_on,
            _json(meeting),
            meeting.recorder_token_id,
        )
        return None if inserted is not None else await self.outcome(meeting.meeting_id)

    async def applied(self, meeting: WorkingGroupMeeting) -> None:
        """The consumer applied it (a meeting produced straight to the topic gets its row)."""
        await self._conn.execute(
            "INSERT INTO monitoring.meetings "
            "(meeting_id, plan_id, quarter, held_on, payload, token_id, outcome, decided_at) "
            "VALUES ($1, $2, $3, $4, $5, $6, 'applied', now()) "
            "ON CONFLICT (meeting_id) DO UPDATE SET payload = excluded.payload, "
            "outcome = 'applied', problems = NULL, decided_at = now()",
            meeting.meeting_id,
            meeting.plan_id,
            meeting.quarter,
            meeting.held_on,
            _json(meeting),
            meeting.recorder_token_id,
        )

    async def refused(self, meeting_id: UUID, problems: Sequence[dict[str, str]]) -> None:
        await self._conn.execute(
            "UPDATE monitoring.meetings SET outcome = 'refused', problems = $2, "
            "decided_at = now() WHERE meeting_id = $1",
            meeting_id,
            list(problems),
        )

    async def outcome(self, meeting_id: UUID) -> MeetingOutcome | None:
        row = await self._conn.fetchrow(
            "SELECT payload, outcome, problems, received_at FROM monitoring.meetings "
            "WHERE meeting_id = $1",
            meeting_id,
        )
        if row is None:
            return None
        return MeetingOutcome(
            WorkingGroupMeeting.model_validate(row["payload"]),
            row["outcome"],
            row["problems"] or [],
            row["received_at"],
        )
