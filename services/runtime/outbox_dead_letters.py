"""Outbox rows the broker can never take: buried with the reason, listed, replayed.

A row larger than the broker's message.max.bytes after compression, or than the
producer's `max_request_size` before it, fails the same way on every attempt; left
in the outbox it would hold back every row after it. The relay moves it to
`<schema>.outbox_dead_letters` (in the transaction that marks the rest sent) and
goes on. An operator lists them with `dmap dlq list` and, once the cause is
fixed (a smaller event, a larger limit), `dmap dlq replay --outbox SCHEMA` puts each
back at the end of the outbox, once.
"""

from dataclasses import dataclass
from datetime import datetime

from services.runtime.connections import Connection

# One statement: the rows leave the outbox and land here together, reasons in order.
_BURY = """
WITH moved AS (
    DELETE FROM {schema}.outbox WHERE id = any($1::bigint[])
    RETURNING id, topic, key, value, headers, created_at
)
INSERT INTO {schema}.outbox_dead_letters
    (outbox_id, topic, key, value, headers, reason, created_at)
SELECT m.id, m.topic, m.key, m.value, m.headers, r.reason, m.created_at
FROM moved m JOIN unnest($1::bigint[], $2::text[]) AS r(id, reason) ON r.id = m.id
"""
_LIST = """
SELECT id, outbox_id, topic, key, octet_length(value) AS size, reason, buried_at, replayed_at
FROM {schema}.outbox_dead_letters ORDER BY id
"""
_WAITING = "SELECT count(*) FROM {schema}.outbox_dead_letters WHERE replayed_at IS NULL"
# Back at the end of the outbox (a new id), and marked so it is replayed only once.
_REPLAY = """
WITH taken AS (
    UPDATE {schema}.outbox_dead_letters SET replayed_at = now()
    WHERE replayed_at IS NULL
    RETURNING id, outbox_id, topic, key, value, headers, reason
), queued AS (
    INSERT INTO {schema}.outbox (topic, key, value, headers)
    SELECT topic, key, value, headers FROM taken ORDER BY id
)
SELECT id, outbox_id, topic, key, octet_length(value) AS size, reason FROM taken ORDER BY id
"""


@dataclass(frozen=True, slots=True)
class BuriedRow:
    id: int
    outbox_id: int
    topic: str
    key: str
    size: int
    reason: str
    buried_at: datetime | None = None
    replayed_at: datetime | None = None


async def bury(conn: Connection, schema: str, rows: list[tuple[int, str]]) -> None:
    """Move outbox rows (id, reason) to the dead letters, inside the caller's transaction."""
    if rows:
        await conn.execute(
            _BURY.format(schema=schema), [i for i, _ in rows], [r[:2000] for _, r in rows]
        )


async def buried(conn: Connection, schema: str) -> list[BuriedRow]:
    return [BuriedRow(**dict(r)) for r in await conn.fetch(_LIST.format(schema=schema))]


async def waiting(conn: Connection, schema: str) -> int:
    """Dead letters not replayed yet (the `dmap_outbox_dead_letters` gauge)."""
    return int(await conn.fetchval(_WAITING.format(schema=schema)))


async def replay_buried(conn: Connection, schema: str) -> list[BuriedRow]:
    """Re-enqueue every dead letter not replayed before, inside the caller's transaction."""
    return [BuriedRow(**dict(r)) for r in await conn.fetch(_REPLAY.format(schema=schema))]
