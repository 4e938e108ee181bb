"""Idempotency keys: the first request with a key does the work, retries get its answer.

Shared by the services that take client-keyed writes (intake, progress reports); each
keeps the table `<schema>.idempotency_keys` in its own schema.
"""

import hashlib
import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fastapi.responses import JSONResponse

from services.runtime.connections import Connection


def request_sha256(body: Any) -> str:
    """What a retry must repeat: the request body's JSON, keys sorted."""
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def key_reused() -> JSONResponse:
    """`409`: an earlier request with this key had another body (never replayed)."""
    return JSONResponse(
        {
            "detail": "This Idempotency-Key was used with a different request body.",
            "errors": [{"field": "Idempotency-Key", "reason": "reused with another body"}],
        },
        409,
    )


@dataclass(frozen=True, slots=True)
class Remembered:
    request_sha256: str
    status_code: int
    response: dict[str, Any]


class IdempotencyKeys:
    """Idempotency keys per token, inside the caller's unit of work."""

    def __init__(self, conn: Connection, schema: str) -> None:
        self._conn = conn
        self._table = f"{schema}.idempotency_keys"  # a schema name of ours, never input

    async def claim(self, token_id: UUID, key: str, request_sha256: str) -> Remembered | None:
        """Claim the key for this transaction, or return what an earlier request answered.

        A concurrent request with the same key waits on the row lock until the
        first commits, then sees its stored answer.
        """
        claimed = await self._conn.fetchval(
            f"INSERT INTO {self._table} (token_id, key, request_sha256) "
            "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key",
            token_id,
            key,
            request_sha256,
        )
        if claimed is not None:
            return None
        row = await self._conn.fetchrow(
            f"SELECT request_sha256, status_code, response FROM {self._table} "
            "WHERE token_id = $1 AND key = $2",
            token_id,
            key,
        )
        assert row is not None  # the conflicting row committed before we could read it
        return Remembered(row["request_sha256"], row["status_code"], row["response"])

    async def remember(self, token_id: UUID, key: str, response: JSONResponse) -> None:
        """Keep the answer a retry with this key gets, exactly."""
        await self._conn.execute(
            f"UPDATE {self._table} SET status_code = $3, response = $4 "
            "WHERE token_id = $1 AND key = $2",
            token_id,
            key,
            response.status_code,
            json.loads(bytes(response.body)),
        )
