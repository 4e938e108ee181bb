"""Idempotency keys: the first request with a key does the work, retries get its answer."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from services.runtime.connections import Connection


@dataclass(frozen=True, slots=True)
class Remembered:
    request_sha256: str
    status_code: int
    response: dict[str, Any]


class IdempotencyKeys:
    """Idempotency keys per token, inside the caller's unit of work."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def claim(self, token_id: UUID, key: str, request_sha256: str) -> Remembered | None:
        """Claim the key for this transaction, or return what an earlier request answered.

        A concurrent request with the same key waits on the row lock until the
        first commits, then sees its stored answer.
        """
        claimed = await self._conn.fetchval(
            "INSERT INTO monitoring.idempotency_keys (token_id, key, request_sha256) "
            "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key",
            token_id,
            key,
            request_sha256,
        )
        if claimed is not None:
            return None
        row = await self._conn.fetchrow(
            "SELECT request_sha256, status_code, response FROM monitoring.idempotency_keys "
            "WHERE token_id = $1 AND key = $2",
            token_id,
            key,
        )
        assert row is not None  # the conflicting row committed before we could read it
        return Remembered(row["request_sha256"], row["status_code"], row["response"])

    async def remember(
        self,
        token_id: UUID,
        key: str,
        status_code: int,
        response: dict[str, Any],
    ) -> None:
        await self._conn.execute(
            "UPDATE monitoring.idempotency_keys SET status_code = $3, response = $4 "
            "WHERE token_id = $1 AND key = $2",
            token_id,
            key,
            status_code,
            response,
        )
