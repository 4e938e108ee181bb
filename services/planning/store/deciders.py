"""Who may decide on a plan: the API token a review came with, read from `auth.tokens`."""

from uuid import UUID

from services.planning.domain.lifecycle import Refusal
from services.runtime.auth.roles import PERMISSIONS, Permission, Role
from services.runtime.connections import Connection

_TOKEN = "SELECT role, revoked_at FROM auth.tokens WHERE token_id = $1"


class PostgresDeciders:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def refusal(self, token_id: UUID) -> Refusal | None:
        """Why this token may not decide on plans, or None when it may."""
        row = await self._conn.fetchrow(_TOKEN, token_id)
        if row is None:
            return Refusal(f"token {token_id} is unknown")
        if row["revoked_at"] is not None:
            return Refusal(f"token {token_id} was revoked")
        if Permission.REVIEW not in PERMISSIONS[Role(row["role"])]:
            return Refusal(f"token {token_id} may not review plans (role {row['role']})")
        return None
