"""`dmap reporting rebuild --from-snapshots` on the real stack: the read models it
restores are the live ones, while the live reporting service keeps running."""

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime
from uuid import uuid4

import asyncpg
import httpx

from schemas.plans import Adoption
from schemas.reviews import Decision, ReviewRecorded, ReviewRecordedEvent
from schemas.topics import PLAN_REVIEWS, PLAN_SNAPSHOTS
from services.reporting.rebuild import rebuild
from services.reporting.snapshots import PARTIAL
from services.runtime.database import create_pool
from services.runtime.kafka import build_producer
from services.runtime.settings import Settings
from tests.factories import submission
from tests.integration.read_models import quiet, reporting_caught_up, snapshot, topic_ends

# A past school year: its plan id is this test's alone, whatever else uses the municipality.
M, CYCLE = "novoberde", "2024-2025"
PID = f"{M}:{CYCLE}"
# An applied amendment's outcome is dated by the snapshot, not by the first draft with it.
OMIT = {"request_outcomes": ("event_time",)}


async def _consult(intake: httpx.AsyncClient, days: range) -> None:
    groups = ["teacher", "student", "parent", "med"]
    for day in days:
        body = submission(
            municipality=M,
            consultation_date=f"2024-10-{day:02d}",
            stakeholder_group=groups[day % 4],
        )
        assert (await intake.post("/consultations", json=body)).status_code == 201


async def _plan_when(pool: asyncpg.Pool, ready: Callable[[asyncpg.Record], bool]) -> asyncpg.Record:
    for _ in range(160):
        row = await pool.fetchrow("SELECT * FROM reporting.latest_plans WHERE plan_id = $1", PID)
        if row is not None and ready(row):
            return row
        await asyncio.sleep(0.25)
    raise AssertionError(f"{PID} not ready: {row and dict(row)}")


async def _decide(settings: Settings, decision: Decision, reviewer: str, **fields: object) -> None:
    data = ReviewRecorded.model_validate(
        {
            "review_id": uuid4(),
            "plan_id": PID,
            "version": 1,
            "decision": decision,
            "reviewer": reviewer,
            **fields,
        }
    )
    event = ReviewRecordedEvent(
        id=uuid4(), source="/dmap/test", time=datetime.now(UTC), subject=PID, data=data
    )
    producer = build_producer(settings, "test")
    await producer.start()
    try:
        topic = settings.topic(PLAN_REVIEWS)
        await producer.send_and_wait(topic, event.model_dump_json().encode(), key=PID.encode())
    finally:
        await producer.stop()


def _count(row: asyncpg.Record) -> int:
    return int(row["content"]["consultation_count"])  # jsonb decoded by the pool


async def test_rebuild_from_snapshots_restores_the_live_read_models(
    settings: Settings, intake: httpx.AsyncClient, reporting: httpx.AsyncClient
) -> None:
    pool = await create_pool(settings.dsn, 2)
    try:
        await _consult(intake, range(1, 3))
        draft = await _plan_when(pool, lambda r: _count(r) == 2)
        await _decide(
            settings, "submit_for_review", "Planner Novobërdë", revision=draft["revision"]
        )
        await _plan_when(pool, lambda r: r["status"] == "in_review")
        adoption = Adoption(
            decision_number="01-016/2024-77",
            decision_date=date.today(),
            signatories=("Director of Education",),
        )
        await _decide(settings, "approve", "Director Novobërdë", adoption=adoption)
        await _plan_when(pool, lambda r: r["status"] == "approved")
        await _consult(intake, range(3, 6))  # the next version's draft moves on
        await _plan_when(pool, lambda r: _count(r) == 5)
        await reporting_caught_up(reporting)

        # As in the full rebuild's test: an attempt during which the topics grew (other
        # tests' services publishing) compares two histories and is tried again.
        for _ in range(3):
            ends = await topic_ends(settings, PLAN_SNAPSHOTS)
            before = await quiet(pool, reporting, omit=OMIT)
            report = await rebuild(settings, pool, from_snapshots=True)
            after = await snapshot(pool, OMIT)
            same = all(after[t] == before[t] for t in before if t not in PARTIAL)
            if same or await topic_ends(settings, PLAN_SNAPSHOTS) == ends:
                break
        for table in before:
            if table in PARTIAL:  # a subset: the drafts a snapshot stands for are left out
                assert set(after[table]) <= set(before[table]), table
            else:
                assert after[table] == before[table], table
        assert report.restored >= 1
        assert report.covered >= 3  # at least this plan's drafts up to its snapshot
        assert len(after["draft_revisions"]) < len(before["draft_revisions"])
        row = await _plan_when(pool, lambda r: r["status"] == "approved")
        assert (row["version"], row["adopted_version"], _count(row)) == (2, 1, 5)
        versions = await pool.fetch(
            "SELECT version, status FROM reporting.plan_versions WHERE plan_id = $1", PID
        )
        assert [tuple(v) for v in versions] == [(1, "approved")]
    finally:
        # The full rebuild gives the other tests of the session their revision history back.
        await rebuild(settings, pool)
        await pool.close()
