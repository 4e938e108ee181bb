"""Rebuilding reporting's read models from the topics, from offset zero.

Reads every partition of the projected topics up to its current end; then, in
one unit of work, empties the read models, reads what arrived since, and applies
every event again through the same handlers as the live subscribers. A running reporting
service blocks on the table locks meanwhile and then finds each event it
receives already applied, so it can keep running.

Poison is skipped as the live subscribers skip it: a record that does not
parse, or that fails on its own when applied (a NUL character PostgreSQL
refuses), is left out and reported; the live subscribers dead-lettered it. A
chunk is applied in a savepoint; when it fails, each of its records is
applied again in its own savepoint. Transient failures abort the rebuild
(nothing is committed).

`--from-snapshots` (`from_snapshots=True`) first restores each plan's working
draft from its newest record on plan-snapshots.v1 and then skips the drafts on
plans.v1 that snapshot holds; the rest is read as above (snapshots.py names
each read model's source, docs/events.md what the mode gives up).
"""

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg
import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from schemas.topics import PLAN_SNAPSHOTS, PLANS
from services.reporting.projector import SUBSCRIPTIONS
from services.reporting.snapshots import Snapshot, newest, parse_snapshot, restore
from services.reporting.snapshots import covered as is_covered
from services.reporting.unit import ReportingUnit
from services.runtime.dead_letters import KafkaRecord, is_transient
from services.runtime.kafka import client_args
from services.runtime.settings import Settings
from services.runtime.subscriber import Handler, dispatch
from services.runtime.unit_of_work import Transactions

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class RebuildReport:
    read: int
    applied: int
    skipped_invalid: int
    skipped_failed: int = 0
    skipped: tuple[str, ...] = ()  # "topic/partition/offset" of every skipped record
    restored: int = 0  # plans whose working draft came from its snapshot
    covered: int = 0  # drafts on plans.v1 not applied: a restored snapshot holds them


CHUNK = 500  # records per savepoint, as many as a live batch
_RESTORE: Mapping[type, Handler[ReportingUnit]] = {Snapshot: restore}


async def partitions_of(settings: Settings, topic: str) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(**client_args(settings))
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
    finally:
        await admin.close()
    return sorted(TopicPartition(topic, p["partition"]) for p in described["partitions"])


Ends = dict[TopicPartition, int]
STALL_S = 30.0  # a partition that gives nothing for this long, short of its end, fails


async def read_all(
    settings: Settings, topic: str, since: Ends | None = None
) -> tuple[list[KafkaRecord], Ends]:
    """Every record of `topic` from `since` (the start when None) up to the end offsets
    seen when called, in partition order; and those end offsets."""
    partitions = await partitions_of(settings, topic)
    consumer = AIOKafkaConsumer(
        **client_args(settings),
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        for tp, offset in (since or {}).items():
            consumer.seek(tp, offset)
        ends = await consumer.end_offsets(partitions)
        out: list[KafkaRecord] = []
        loop = asyncio.get_running_loop()
        for tp in partitions:
            last = loop.time()
            while await consumer.position(tp) < ends[tp]:
                batch = await consumer.getmany(tp, timeout_ms=1000)
                got = [r for r in batch.get(tp, []) if r.offset < ends[tp]]
                if got:
                    last = loop.time()
                elif loop.time() - last > STALL_S:  # a leader gone: fail, do not hang
                    raise TimeoutError(f"{tp.topic}/{tp.partition}: nothing for {STALL_S:.0f}s")
                out += got
        return out, ends
    finally:
        await consumer.stop()


async def rebuild(
    settings: Settings,
    pool: asyncpg.Pool,
    before_locking: Callable[[], Awaitable[None]] | None = None,
    *,
    from_snapshots: bool = False,
) -> RebuildReport:
    """`before_locking` runs between the two reads (tests use it to land an event there).
    With `from_snapshots`, the working drafts come from plan-snapshots.v1 and the drafts
    on plans.v1 they hold are not applied again."""
    read = applied = covered = 0
    skipped: list[str] = []
    invalid = 0
    restored: dict[str, int] = {}
    names = ([PLAN_SNAPSHOTS] if from_snapshots else []) + [s.topic for s in SUBSCRIPTIONS]
    # Most of the log is read before any lock is taken: the workspace and the live
    # subscribers keep working meanwhile.
    first = {t: await read_all(settings, settings.topic(t)) for t in names}
    if before_locking is not None:
        await before_locking()
    units = Transactions(settings, pool, None, "reporting", ReportingUnit)
    async with units() as unit:
        # Then the read models are emptied, and TRUNCATE's locks make the live
        # subscribers wait: every event they applied before is below the end offsets
        # read now, and every later one reaches them after the commit, as not yet
        # applied. Only what came since the first read is read under the locks. A draft
        # that reached plans.v1 before its snapshot reached the snapshot topic is newer
        # than the snapshot read, so it is applied from plans.v1 (`is_covered`).
        await unit.clear_read_models()
        log_now: dict[str, list[KafkaRecord]] = {}
        for name in names:
            records, ends = first[name]
            since, _ = await read_all(settings, settings.topic(name), ends)
            log_now[name] = records + since
        if from_snapshots:
            read += len(log_now[PLAN_SNAPSHOTS])
            restored, refused, broken = await _restore(unit, log_now[PLAN_SNAPSHOTS])
            invalid += len(refused)
            skipped += refused + broken
        topics = [(s, log_now[s.topic]) for s in SUBSCRIPTIONS]
        for sub, records in topics:
            if restored and sub.topic == PLANS:
                kept = [r for r in records if not is_covered(r.value, restored)]
                covered += len(records) - len(kept)
                read += len(records) - len(kept)
                records = kept
            events: list[tuple[KafkaRecord, object]] = []
            for record in records:
                read += 1
                try:
                    events.append((record, sub.parse(record.value or b"")))
                except ValueError:  # refused by the parser, as the live subscriber does
                    invalid += 1  # (so it is in the DLQ already)
                    skipped.append(_origin(record))
            for start in range(0, len(events), CHUNK):
                chunk = events[start : start + CHUNK]
                done, failed = await _apply_isolated(unit, sub.handlers, chunk)
                applied += done
                skipped += failed
    report = RebuildReport(
        read, applied, invalid, len(skipped) - invalid, tuple(skipped), len(restored), covered
    )
    log.info(
        "reporting_rebuilt",
        from_snapshots=from_snapshots,
        read=read,
        applied=applied,
        restored=report.restored,
        covered=covered,
        skipped_invalid=report.skipped_invalid,
        skipped_failed=report.skipped_failed,
        skipped=list(report.skipped),
    )
    return report


async def _restore(
    unit: ReportingUnit, records: Sequence[KafkaRecord]
) -> tuple[dict[str, int], list[str], list[str]]:
    """Each plan's newest snapshot applied: the revision restored per plan, and the
    origins of the snapshots refused by the parser and of those that failed."""
    latest: list[tuple[KafkaRecord, Snapshot]] = []
    refused: list[str] = []
    today = datetime.now(UTC).date()
    for record in newest(records):
        try:
            latest.append((record, parse_snapshot(record, today)))
        except ValueError:  # nobody consumes this topic live: only reported here
            refused.append(_origin(record))  # (its plan's drafts come from plans.v1)
    restored: dict[str, int] = {}
    failed: list[str] = []
    for start in range(0, len(latest), CHUNK):
        chunk = latest[start : start + CHUNK]
        _, gone = await _apply_isolated(unit, _RESTORE, chunk)
        failed += gone
        restored.update(
            (s.plan.plan_id, s.plan.revision) for r, s in chunk if _origin(r) not in gone
        )
    return restored, refused, failed


async def _apply_isolated(
    unit: ReportingUnit,
    handlers: Mapping[type, Handler[ReportingUnit]],
    chunk: Sequence[tuple[KafkaRecord, object]],
) -> tuple[int, list[str]]:
    """Applied count and skipped origins: the chunk in one savepoint, else one by one."""
    try:
        async with unit.savepoint():
            return len((await dispatch(handlers, unit, [e for _, e in chunk])).applied), []
    except Exception as exc:
        if is_transient(exc):
            raise
        if len(chunk) == 1:
            log.warning("rebuild_record_skipped", origin=_origin(chunk[0][0]), exc_info=exc)
            return 0, [_origin(chunk[0][0])]
    applied, skipped = 0, []
    for item in chunk:
        done, failed = await _apply_isolated(unit, handlers, [item])
        applied += done
        skipped += failed
    return applied, skipped


def _origin(record: KafkaRecord) -> str:
    return f"{record.topic}/{record.partition}/{record.offset}"
