"""Who may decide on or amend a plan: the API token a request came with, from `auth.tokens`."""

from datetime import datetime
from uuid import UUID

from services.planning.domain.lifecycle import Refusal
from services.runtime.auth.roles import PERMISSIONS, Permission, Role, covers
from services.runtime.connections import Connection

_TOKEN = "SELECT role, revoked_at, expires_at, municipalities FROM auth.tokens WHERE token_id = $1"


class PostgresDeciders:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def refusal(
        self, token_id: UUID, decided_at: datetime, permission: Permission, municipality: str
    ) -> Refusal | None:
        """Why this token could not do `permission` on `municipality`'s plan then, or None.

        Judged at the decision's time, so a request applied late (planning lagging, a DLQ
        replay) is not refused for a revocation or expiry that came after it.
        """
        row = await self._conn.fetchrow(_TOKEN, token_id)
        if row is None:
            return Refusal(f"token {token_id} is unknown")
        if row["revoked_at"] is not None and row["revoked_at"] <= decided_at:
            return Refusal(f"token {token_id} was revoked")
        if row["expires_at"] is not None and row["expires_at"] <= decided_at:
            return Refusal(f"token {token_id} had expired")
        role = Role(row["role"])
        if permission not in PERMISSIONS[role]:
            return Refusal(f"token {token_id} may not {permission.value} (role {role.value})")
        if not covers(row["municipalities"], municipality):
            return Refusal(f"token {token_id} does not act for {municipality}")
        return None
