"""Intake's own speed (single records, batches, spreadsheets) against a PostgreSQL COPY,
and reporting's rebuild, on one isolated DMAP."""

import asyncio
import json
import time
import uuid
from datetime import date
from typing import Any

import asyncpg
import httpx

from bench.stack import Bench
from bench.watch import settled
from bench.workload import as_csv
from services.reporting.rebuild import RebuildReport, rebuild
from services.runtime.database import create_pool


async def single(b: Bench, items: list[dict[str, Any]], concurrency: int) -> dict[str, Any]:
    """`concurrency` clients each posting one record after another."""
    queue = list(reversed(items))
    statuses: dict[int | str, int] = {}

    async def client_loop(client: Any) -> None:
        while queue:
            try:
                resp = await client.post("/consultations", json=queue.pop())
            except httpx.TransportError as exc:
                statuses[type(exc).__name__] = statuses.get(type(exc).__name__, 0) + 1
                continue
            statuses[resp.status_code] = statuses.get(resp.status_code, 0) + 1

    async with b.client(concurrency) as client:
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {
        "concurrency": concurrency,
        "records": len(items),
        "per_s": len(items) / elapsed,
        "statuses": statuses,
    }


async def batches(b: Bench, items: list[dict[str, Any]], size: int = 500) -> dict[str, Any]:
    async with b.client(1) as client:
        started = time.perf_counter()
        for i in range(0, len(items), size):
            (await client.post("/consultations/batch", json=items[i : i + size])).raise_for_status()
        elapsed = time.perf_counter() - started
    return {"records": len(items), "batch_size": size, "per_s": len(items) / elapsed}


async def spreadsheet(b: Bench, items: list[dict[str, Any]]) -> dict[str, Any]:
    body = as_csv(items)
    async with b.client(1) as client:
        started = time.perf_counter()
        resp = await client.post(
            "/consultations/import", files={"file": ("bench.csv", body, "text/csv")}
        )
        elapsed = time.perf_counter() - started
    resp.raise_for_status()
    stored = resp.json()["accepted"]
    return {"records": len(items), "accepted": stored, "per_s": len(items) / elapsed}


COPY_TABLE = """
CREATE TEMP TABLE bench_copy (LIKE consultations.records INCLUDING DEFAULTS)
"""


async def copy_baseline(b: Bench, items: list[dict[str, Any]]) -> dict[str, Any]:
    """The same records' rows COPYed into a table shaped like intake's (no outbox, no checks)."""
    conn = await asyncpg.connect(b.settings.dsn)
    try:
        await conn.execute(COPY_TABLE)
        columns = ["consultation_id", "municipality", "stakeholder_group", "consultation_date"]
        columns += ["fingerprint", "payload"]
        rows = [
            (
                uuid.UUID(i["consultation_id"]),
                i["municipality"],
                i["stakeholder_group"],
                date.fromisoformat(i["consultation_date"]),
                "",
                json.dumps(i, ensure_ascii=False),
            )
            for i in items
        ]
        started = time.perf_counter()
        async with conn.transaction():
            await conn.copy_records_to_table("bench_copy", records=rows, columns=columns)
        elapsed = time.perf_counter() - started
    finally:
        await conn.close()
    return {"records": len(items), "per_s": len(items) / elapsed}


async def reporting_rebuild(b: Bench, expected: int) -> dict[str, Any]:
    """Wait for the pipeline to settle, then rebuild reporting's read models from the topics,
    in full and from plan-snapshots.v1, each twice and alternated (neither mode runs only on
    a warm cache); the faster run of each counts."""
    await settled(b.settings, expected, 900)
    pool = await create_pool(b.settings.dsn, 2)  # as `dmap reporting rebuild` does
    runs: dict[bool, list[tuple[float, RebuildReport]]] = {False: [], True: []}
    try:
        for from_snapshots in (False, True, False, True):
            started = time.perf_counter()
            report = await rebuild(b.settings, pool, from_snapshots=from_snapshots)
            runs[from_snapshots].append((time.perf_counter() - started, report))
    finally:
        await pool.close()
    full_s, full = min(runs[False], key=lambda r: r[0])
    snap_s, snap = min(runs[True], key=lambda r: r[0])
    return {
        "events": full.read,
        "seconds": full_s,
        "per_s": full.read / full_s,
        "from_snapshots": {
            "records": snap.read,  # snapshots plus every record of the topics
            "restored": snap.restored,
            "covered": snap.covered,
            "applied": snap.applied,
            "seconds": snap_s,
            "per_s": snap.read / snap_s,
            "history_per_s": full.read / snap_s,  # the full rebuild's events, per second
            "speedup": full_s / snap_s,
        },
    }
