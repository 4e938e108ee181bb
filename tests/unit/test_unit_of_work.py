"""The PostgreSQL unit of work, against a recording stand-in for asyncpg's pool.

The in-memory fakes re-implement commit and rollback for the handler tests;
this checks the real `Transactions` keeps the order those tests rely on:
outbox rows written inside the transaction, relay woken only after commit,
nothing written or woken when the body fails.
"""

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import pytest

from schemas.topics import CONSULTATIONS
from services.consultations.domain.intake import recorded_event
from services.runtime.settings import Settings
from services.runtime.unit_of_work import Transactions, UnitOfWork
from tests.factories import record

SETTINGS = Settings(topic_prefix="u.", acquire_timeout_s=3.5)


class Journal:
    def __init__(self) -> None:
        self.steps: list[str] = []


class FakeConnection:
    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    @asynccontextmanager
    async def transaction(self, **options: Any) -> AsyncIterator[None]:
        self.journal.steps.append("begin" + (" readonly" if options.get("readonly") else ""))
        try:
            yield
        except BaseException:
            self.journal.steps.append("rollback")
            raise
        self.journal.steps.append("commit")

    async def execute(self, sql: str, *args: Any) -> None:
        if "pg_notify" in sql:
            self.journal.steps.append(f"pg_notify {args[0]}")
            return
        assert sql.strip().startswith("INSERT INTO consultations.outbox")
        topics, keys, values, _ = args
        self.journal.steps += [
            f"outbox {t} key={k} type={json.loads(v)['type']}"
            for t, k, v in zip(topics, keys, values, strict=True)
        ]


class FakePool:
    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    @asynccontextmanager
    async def acquire(self, timeout: float) -> AsyncIterator[FakeConnection]:  # noqa: ASYNC109 - asyncpg's signature
        self.journal.steps.append(f"acquire timeout={timeout}")
        yield FakeConnection(self.journal)


class FakeRelay:
    def __init__(self, journal: Journal, leads: bool = True) -> None:
        self.journal = journal
        self.leads = leads

    def notify(self) -> None:
        self.journal.steps.append("notify relay")


def transactions(
    journal: Journal, relay: bool = True, leads: bool = True
) -> Transactions[UnitOfWork]:
    return Transactions(
        SETTINGS,
        FakePool(journal),  # type: ignore[arg-type]
        FakeRelay(journal, leads) if relay else None,  # type: ignore[arg-type]
        "consultations",
        lambda conn, settings: UnitOfWork(settings),
    )


def event() -> Any:
    return recorded_event(record(), datetime(2026, 11, 20, tzinfo=UTC))


async def test_emitted_events_reach_the_outbox_before_commit_and_the_relay_after() -> None:
    journal = Journal()
    e = event()
    async with transactions(journal)() as unit:
        unit.emit(CONSULTATIONS, "prizren", e)
    assert journal.steps == [
        "acquire timeout=3.5",
        "begin",
        f"outbox u.consultations.v1 key=prizren type={e.type}",
        "commit",
        "notify relay",
    ]


async def test_rows_notify_postgresql_when_another_instances_relay_leads() -> None:
    journal = Journal()
    e = event()
    async with transactions(journal, leads=False)() as unit:
        unit.emit(CONSULTATIONS, "prizren", e)
    assert journal.steps == [
        "acquire timeout=3.5",
        "begin",
        f"outbox u.consultations.v1 key=prizren type={e.type}",
        "pg_notify dmap_outbox_consultations",  # delivered with the commit
        "commit",
        "notify relay",
    ]


async def test_a_failing_body_writes_no_outbox_row_and_wakes_no_relay() -> None:
    journal = Journal()

    async def failing_handler() -> None:
        async with transactions(journal)() as unit:
            unit.emit(CONSULTATIONS, "prizren", event())
            raise LookupError("handler bug")

    with pytest.raises(LookupError):
        await failing_handler()
    assert journal.steps == ["acquire timeout=3.5", "begin", "rollback"]


async def test_a_unit_that_emits_nothing_does_not_wake_the_relay() -> None:
    journal = Journal()
    async with transactions(journal)():
        pass
    assert journal.steps == ["acquire timeout=3.5", "begin", "commit"]


async def test_a_unit_without_a_relay_refuses_to_emit_and_rolls_back() -> None:
    journal = Journal()

    async def emit_without_relay() -> None:
        async with transactions(journal, relay=False)() as unit:
            unit.emit(CONSULTATIONS, "prizren", event())

    with pytest.raises(RuntimeError, match="nothing publishes the outbox"):
        await emit_without_relay()
    assert journal.steps == ["acquire timeout=3.5", "begin", "rollback"]


async def test_reading_is_a_read_only_transaction_and_may_not_emit() -> None:
    journal = Journal()

    async def emit_while_reading() -> None:
        async with transactions(journal).reading() as unit:
            unit.emit(CONSULTATIONS, "prizren", event())

    with pytest.raises(RuntimeError, match="read-only"):
        await emit_while_reading()
    assert journal.steps == ["acquire timeout=3.5", "begin readonly", "rollback"]
