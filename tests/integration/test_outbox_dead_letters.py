"""An outbox row the producer can never send (over its 8 MB request limit), or the
broker never take (over its 1 MB message.max.bytes after compression), is moved to the
outbox's dead letters with the reason; the rows after it are published; the operators'
tooling lists it and replays it once."""

import os
from pathlib import Path

from dmap.dlq import list_outbox_dead_letters, replay_outbox
from services.runtime.kafka import MAX_REQUEST_BYTES, build_producer
from services.runtime.outbox import OutboxMessage, OutboxRelay, enqueue
from services.runtime.outbox_dead_letters import waiting
from services.runtime.settings import Settings
from tests.integration.outbox_checks import own_outbox, published, settled, tear_down


async def test_an_oversized_row_is_dead_lettered_and_the_rows_after_it_leave(
    settings: Settings, tmp_path: Path
) -> None:
    schema, topic, pool = await own_outbox(settings, tmp_path, "oversized")
    producer = build_producer(settings, "relay-oversized-test")
    await producer.start()
    relay = OutboxRelay(pool, producer, schema, poll_interval_s=0.05)
    # Random bytes: what the limit applies to is the size before compression anyway.
    huge = os.urandom(MAX_REQUEST_BYTES + 1024)
    # Under the producer's limit, but incompressible: the broker would refuse it, and
    # the idempotent producer would then fail the partition's next batch too.
    large = os.urandom(2 * 1024 * 1024)
    try:
        async with pool.acquire() as conn:
            await enqueue(
                conn,
                schema,
                [
                    OutboxMessage(topic, "k", b"before"),
                    OutboxMessage(topic, "k", huge, {"ce_id": "huge-1"}),
                    OutboxMessage(topic, "k", large),
                    OutboxMessage(topic, "k", b"after"),
                ],
            )
        relay.start()
        await settled(pool, schema, buried=2)
        assert await published(settings, topic, 2) == [b"before", b"after"]

        async with pool.acquire() as conn:
            assert await waiting(conn, schema) == 2
            kept = await conn.fetchrow(
                f"SELECT value, headers, reason FROM {schema}.outbox_dead_letters ORDER BY id"
            )
            second = await conn.fetchval(
                f"SELECT reason FROM {schema}.outbox_dead_letters ORDER BY id OFFSET 1"
            )
        assert kept is not None
        assert kept["value"] == huge
        assert kept["headers"] == {"ce_id": "huge-1"}
        # Each refused before it reached the producer: over the broker's limit compressed.
        assert "MessageSizeTooLargeError" in kept["reason"]
        assert "message.max.bytes" in second

        letters = await list_outbox_dead_letters(settings, schema)
        assert [(b.topic, b.key, b.size) for b in letters] == [
            (topic, "k", len(huge)),
            (topic, "k", len(large)),
        ]
        assert all(b.replayed_at is None for b in letters)

        # Replayed: back in the outbox once; still too large, so buried again as new entries.
        replayed = await replay_outbox(settings, schema)
        assert [b.id for b in replayed] == [b.id for b in letters]
        await settled(pool, schema, buried=4)
        letters = await list_outbox_dead_letters(settings, schema)
        assert [b.replayed_at is not None for b in letters] == [True, True, False, False]
        again = [b.id for b in await replay_outbox(settings, schema)]
        assert again == [b.id for b in letters[2:]]

        # The producer is still sound: a row after all that is published.
        async with pool.acquire() as conn:
            await enqueue(conn, schema, [OutboxMessage(topic, "k", b"later")])
        await settled(pool, schema, buried=6)
        assert await published(settings, topic, 3) == [b"before", b"after", b"later"]
    finally:
        await tear_down(relay, producer, pool, schema)
