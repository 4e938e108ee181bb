"""`dmap dlq list | replay`: inspect dead letters and send them back once fixed.

Dead letters keep the original bytes and key, plus `dlq_error`, `dlq_service`,
`dlq_time` and `dlq_origin` headers. `replay` republishes the original message
to its topic (a fixed consumer, or a corrected schema, will now accept it) and
commits its position in the consumer group `dmap-dlq-replay`, so an entry is
replayed once.

Outbox rows the broker can never take (larger than the producer may send) are
dead letters too, kept in each service's `outbox_dead_letters` table since they
cannot travel on a topic: `--outbox SCHEMA` lists and replays those.
"""

from dataclasses import dataclass

import asyncpg
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from dmap.errors import START_HINT, CliError
from schemas.topics import TOPICS, dlq
from services.reporting.rebuild import partitions_of, read_all
from services.runtime.kafka import build_producer, client_args
from services.runtime.outbox import channel
from services.runtime.outbox_dead_letters import BuriedRow, buried, replay_buried
from services.runtime.settings import Settings

REPLAY_GROUP = "dmap-dlq-replay"


@dataclass(frozen=True, slots=True)
class DeadLetter:
    topic: str
    offset: int
    key: str
    size: int
    service: str
    time: str
    error: str

    @classmethod
    def of(cls, topic: str, record: ConsumerRecord) -> "DeadLetter":
        h = _headers(record)
        return cls(
            topic=topic,
            offset=record.offset,
            key=(record.key or b"").decode(errors="replace"),
            size=len(record.value or b""),
            service=h.get("dlq_service", "?"),
            time=h.get("dlq_time", "?"),
            error=h.get("dlq_error", "?").splitlines()[0][:160],
        )


def dlq_topics() -> list[str]:
    return [t.name for t in TOPICS if t.name.endswith(".dlq")]


def _headers(record: ConsumerRecord) -> dict[str, str]:
    return {k: v.decode(errors="replace") for k, v in (record.headers or ())}


async def list_dead_letters(settings: Settings, topic: str) -> list[DeadLetter]:
    out = []
    records, _ = await read_all(settings, settings.topic(topic))
    for record in records:
        out.append(DeadLetter.of(topic, record))
    return out


async def replay(settings: Settings, topic: str) -> list[DeadLetter]:
    """Republish every dead letter of `topic` not replayed before; returns those replayed."""
    source = settings.topic(topic)
    target = source.removesuffix(".dlq")
    if f"{target}.dlq" != source or topic not in {dlq(t.name) for t in TOPICS}:
        raise ValueError(f"{topic} is not a DMAP dead-letter topic")
    partitions = await partitions_of(settings, source)
    consumer = AIOKafkaConsumer(
        **client_args(settings),
        group_id=f"{settings.topic_prefix}{REPLAY_GROUP}",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    producer = build_producer(settings, "dmap-dlq-replay")
    await consumer.start()
    await producer.start()
    replayed: list[DeadLetter] = []
    try:
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        for tp in partitions:
            committed = await consumer.committed(tp)
            consumer.seek(tp, committed or 0)
            while await consumer.position(tp) < ends[tp]:
                batch = await consumer.getmany(tp, timeout_ms=1000)
                for record in batch.get(tp, []):
                    if record.offset >= ends[tp]:
                        break
                    original = [
                        (k, v) for k, v in (record.headers or ()) if not k.startswith("dlq_")
                    ]
                    await producer.send_and_wait(
                        target, record.value, key=record.key, headers=original
                    )
                    replayed.append(DeadLetter.of(topic, record))
                    await consumer.commit(
                        {TopicPartition(tp.topic, tp.partition): record.offset + 1}
                    )
    finally:
        await producer.stop()
        await consumer.stop()
    return replayed


async def _outbox_conn(settings: Settings) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(settings.dsn, timeout=5)
    except (OSError, TimeoutError) as exc:
        raise CliError(f"PostgreSQL is not reachable ({exc}); {START_HINT}") from None


async def list_outbox_dead_letters(settings: Settings, schema: str) -> list[BuriedRow]:
    """Rows `schema`'s relay could never publish (none for a schema not migrated yet)."""
    conn = await _outbox_conn(settings)
    try:
        return await buried(conn, schema)
    except asyncpg.UndefinedTableError:  # the service has not started since this table came
        return []
    finally:
        await conn.close()


async def replay_outbox(settings: Settings, schema: str) -> list[BuriedRow]:
    """Put `schema`'s outbox dead letters not replayed before back into its outbox; its
    relay (notified on commit) publishes them, or buries them again if still too large."""
    conn = await _outbox_conn(settings)
    try:
        async with conn.transaction():
            rows = await replay_buried(conn, schema)
            if rows:
                await conn.execute("SELECT pg_notify($1, '')", channel(schema))
        return rows
    except asyncpg.UndefinedTableError:
        return []
    finally:
        await conn.close()
