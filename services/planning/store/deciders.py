"""Who may decide on a plan: the API token a review came with, read from `auth.tokens`."""

from datetime import datetime
from uuid import UUID

from services.planning.domain.lifecycle import Refusal
from services.runtime.auth.roles import PERMISSIONS, Permission, Role
from services.runtime.connections import Connection

_TOKEN = "SELECT role, revoked_at, expires_at FROM auth.tokens WHERE token_id = $1"


class PostgresDeciders:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def refusal(self, token_id: UUID, decided_at: datetime) -> Refusal | None:
        """Why this token could not decide on plans when the decision was made, or None.

        Judged at the decision's time, so a review applied late (planning lagging, a DLQ
        replay) is not refused for a revocation or expiry that came after it.
        """
        row = await self._conn.fetchrow(_TOKEN, token_id)
        if row is None:
            return Refusal(f"token {token_id} is unknown")
        if row["revoked_at"] is not None and row["revoked_at"] <= decided_at:
            return Refusal(f"token {token_id} was revoked")
        if row["expires_at"] is not None and row["expires_at"] <= decided_at:
            return Refusal(f"token {token_id} had expired")
        if Permission.REVIEW not in PERMISSIONS[Role(row["role"])]:
            return Refusal(f"token {token_id} may not review plans (role {row['role']})")
        return None
