"""Scenarios of the whole pipeline: planning from a filled topic, the scale curve, latency."""

import asyncio
import statistics
import time
from collections import defaultdict, deque
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from bench import kafka_baseline
from bench.profiling import PySpy
from bench.stack import Bench, isolated
from bench.watch import NotSettled, ServiceUse, planned, settled
from bench.workload import recorded_messages
from schemas.topics import CONSULTATIONS
from services.planning.domain.cycle import plan_id, school_year


async def planning_cold(
    items: list[dict[str, Any]], *, one_message: bool = False, profile: Path | None = None
) -> dict[str, Any]:
    """`items` pre-loaded in consultations.v1, planning started cold: until every plan is
    current (stored and published). The raw consume rate of the same topic beside it."""
    overrides = {"consumer_max_records": 1} if one_message else {}
    async with isolated("bench", **overrides) as b:
        topic = b.settings.topic(CONSULTATIONS)
        messages = recorded_messages(b.settings, items)
        await kafka_baseline.produce(b.settings, topic, messages)
        raw_consume = await kafka_baseline.consume(b.settings, topic, len(messages))
        started = time.perf_counter()
        b.procs.start("planning")
        pid = await asyncio.to_thread(_pid_of_planning, b)
        with ServiceUse(b.procs) as memory:
            spy = PySpy(pid, profile) if profile else None
            if spy:
                spy.__enter__()
            try:
                await asyncio.to_thread(b.procs.wait_healthy, "planning", 90)
                up = time.perf_counter() - started
                done = await planned(b.settings, len(items), 900) - started
            finally:
                if spy:
                    spy.__exit__(None)
    n = len(items)
    return {
        "mode": "one-message" if one_message else "batch",
        "records": n,
        "seconds": done,
        "startup_s": up,
        "per_s": n / done,
        "per_s_after_start": n / (done - up),  # from /healthz: imports and migrations left out
        "raw_consume_per_s": n / raw_consume,
        "ratio_to_raw_consume": (n / done) / (n / raw_consume),
        "planning_peak_rss_mb": memory.peak_mb.get("planning", 0.0),
        # From the first sample (the process just spawned): start-up included.
        "planning_cpu_ms_per_record": 1000 * memory.cpu_s.get("planning", 0.0) / n,
    }


def _pid_of_planning(b: Bench) -> int:
    while (pid := b.procs.pid("planning")) is None:
        time.sleep(0.01)
    return pid


async def submit(
    b: Bench, items: list[dict[str, Any]], size: int = 500, until: float = float("inf")
) -> int:
    """Post `items` in batches until done or the `until` deadline (perf_counter); how many
    were sent."""
    sent = 0
    async with b.client(4) as client:
        for i in range(0, len(items), size):
            if time.perf_counter() > until:
                break
            resp = await client.post("/consultations/batch", json=items[i : i + size])
            resp.raise_for_status()
            sent += len(items[i : i + size])
    return sent


async def end_to_end(
    items: list[dict[str, Any]], label: str, cap_s: float = 1800
) -> dict[str, Any]:
    """Batches of 500 through intake until every plan is in reporting; peak RSS per service,
    and the raw aiokafka round trip of the same messages on the same broker. Past `cap_s`
    (submitting included) the point is cut short and says how many records planning had."""
    complete = True
    async with isolated("bench") as b:
        await b.start()
        with ServiceUse(b.procs) as memory:
            started = time.perf_counter()
            sent = await submit(b, items, until=started + cap_s)
            try:
                left = max(1.0, started + cap_s - time.perf_counter())
                done = await settled(b.settings, sent, left) - started
                reached, complete = sent, sent == len(items)
            except NotSettled as cut:
                done, reached, complete = time.perf_counter() - started, cut.planned, False
        raw = await kafka_baseline.round_trip(b.settings, recorded_messages(b.settings, items))
    n = len(items)
    return {
        "label": label,
        "records": n,
        "complete": complete,
        "planned": reached,
        "seconds": done,
        "per_s": reached / done,
        "raw_per_s": raw["per_s"],
        "ratio_to_raw": (reached / done) / raw["per_s"],
        "peak_rss_mb": {k: round(v, 1) for k, v in sorted(memory.peak_mb.items())},
        "cpu_ms_per_record": {k: 1000 * v / n for k, v in sorted(memory.cpu_s.items())},
    }


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


RELAY_DELAY = """
SELECT count(*) AS rows, percentile_cont(array[0.5, 0.95]) WITHIN GROUP
       (ORDER BY extract(epoch FROM published_at - created_at)) AS q
FROM {schema}.outbox WHERE published_at IS NOT NULL
"""


async def relay_delays(b: Bench) -> dict[str, Any]:
    """Outbox rows' age when published (p50, p95 in ms): from the start of the transaction
    that wrote them (`created_at` is its `now()`), so a batch's own work is included."""
    conn = await asyncpg.connect(b.settings.dsn)
    try:
        out = {}
        for schema in ("consultations", "planning"):
            row = await conn.fetchrow(RELAY_DELAY.format(schema=schema))
            q = row["q"] or [float("nan")] * 2
            out[schema] = {"rows": row["rows"], "p50_ms": 1000 * q[0], "p95_ms": 1000 * q[1]}
        return out
    finally:
        await conn.close()


LATEST = "SELECT plan_id, (content->>'consultation_count')::int AS n FROM reporting.latest_plans"


async def latency(b: Bench, items: list[dict[str, Any]], rate: float) -> dict[str, Any]:
    """Single records at a steady `rate`, each timed from its 201 until reporting's latest plan
    of its municipality and school year counts at least as many consultations as had been
    accepted for it by then (an upper bound on when that record became visible)."""
    accepted: dict[str, int] = defaultdict(int)
    waiting: dict[str, deque[tuple[int, float]]] = defaultdict(deque)
    seen: list[float] = []
    answer: list[float] = []
    errors: dict[int | str, int] = defaultdict(int)
    sending = True

    async def post(client: Any, item: dict[str, Any]) -> None:
        sent = time.perf_counter()
        try:
            resp = await client.post("/consultations", json=item)
        except httpx.TransportError as exc:
            # An overloaded intake may drop a connection; that is a result, not a bench failure.
            errors[type(exc).__name__] += 1
            return
        now = time.perf_counter()
        if resp.status_code != 201:
            errors[resp.status_code] += 1
            return
        answer.append(now - sent)
        pid = plan_id(
            item["municipality"], school_year(date.fromisoformat(item["consultation_date"]))
        )
        accepted[pid] += 1
        waiting[pid].append((accepted[pid], now))

    async def watch() -> None:
        conn = await asyncpg.connect(b.settings.dsn)
        try:
            while sending or any(waiting.values()):
                now = time.perf_counter()
                for row in await conn.fetch(LATEST):
                    queue = waiting.get(row["plan_id"])
                    while queue and queue[0][0] <= row["n"]:
                        seen.append(now - queue.popleft()[1])
                await asyncio.sleep(0.02)
        finally:
            await conn.close()

    # Earlier rates ran on the same DMAP: count from what its plans already hold, or a record
    # would look visible the moment it is accepted.
    conn = await asyncpg.connect(b.settings.dsn)
    try:
        accepted.update({row["plan_id"]: row["n"] for row in await conn.fetch(LATEST)})
    finally:
        await conn.close()
    watcher = asyncio.create_task(watch())
    use = ServiceUse(b.procs).__enter__()
    async with b.client(200) as client:
        started = time.perf_counter()
        tasks = []
        for i, item in enumerate(items):
            await asyncio.sleep(max(0.0, started + i / rate - time.perf_counter()))
            tasks.append(asyncio.create_task(post(client, item)))
        await asyncio.gather(*tasks)
        offered_s = time.perf_counter() - started
    sending = False
    await asyncio.wait_for(watcher, 120)
    use.__exit__()
    return {
        "cpu_ms_per_record": {k: 1000 * v / len(items) for k, v in sorted(use.cpu_s.items())},
        "relay_delay": await relay_delays(b),
        "rate_per_s": rate,
        "records": len(items),
        "achieved_per_s": len(items) / offered_s,
        "errors": dict(errors),
        "api_p50_ms": 1000 * _percentile(answer, 0.5),
        "p50_ms": 1000 * _percentile(seen, 0.5),
        "p95_ms": 1000 * _percentile(seen, 0.95),
        "p99_ms": 1000 * _percentile(seen, 0.99),
        "max_ms": 1000 * max(seen, default=float("nan")),
        "mean_ms": 1000 * statistics.fmean(seen) if seen else float("nan"),
    }
