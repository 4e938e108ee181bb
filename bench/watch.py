"""Watching an isolated DMAP while it works: when it has settled, and how much memory it took."""

import asyncio
import threading
import time
from collections.abc import Iterable

import asyncpg
import psutil

from dmap.stack.services import ServiceProcesses
from services.runtime.settings import SERVICES, ServiceName, Settings

SETTLED_SQL = """
SELECT (SELECT count(*) FROM planning.consultations) AS planned,
       (SELECT count(*) FROM planning.plans p LEFT JOIN reporting.latest_plans r USING (plan_id)
        WHERE r.version IS DISTINCT FROM p.version
           OR r.revision IS DISTINCT FROM p.revision) AS behind
"""


async def unpublished(conn: asyncpg.Connection, schemas: Iterable[str] = SERVICES) -> int:
    total = 0
    for schema in schemas:
        total += await conn.fetchval(
            f"SELECT count(*) FROM {schema}.outbox WHERE published_at IS NULL"
        )
    return int(total)


class NotSettled(TimeoutError):
    """The time cap of a scenario passed; `planned` says how far planning had got."""

    def __init__(self, what: str, timeout_s: float, planned: int) -> None:
        super().__init__(f"{what} not done after {timeout_s:.0f}s ({planned} planned)")
        self.planned = planned


async def settled(
    settings: Settings, expected: int, timeout_s: float, poll_s: float = 0.1
) -> float:
    """Wait until planning holds `expected` consultations, every outbox is drained and
    reporting shows every plan's current revision; returns when (perf_counter)."""
    deadline = time.monotonic() + timeout_s
    conn = await asyncpg.connect(settings.dsn, timeout=10)
    done = 0
    try:
        while True:
            try:
                row = await conn.fetchrow(SETTLED_SQL)
                done = row["planned"] if row else 0
                drained = row and row["planned"] >= expected and row["behind"] == 0
                if drained and await unpublished(conn) == 0:
                    return time.perf_counter()
            except asyncpg.UndefinedTableError:
                pass  # a service still migrating its schema
            if time.monotonic() > deadline:
                raise NotSettled("pipeline", timeout_s, done)
            await asyncio.sleep(poll_s)
    finally:
        await conn.close()


async def planned(
    settings: Settings, expected: int, timeout_s: float, poll_s: float = 0.05
) -> float:
    """Planning alone: `expected` consultations stored and its outbox drained."""
    deadline = time.monotonic() + timeout_s
    conn = await asyncpg.connect(settings.dsn, timeout=10)
    n = 0
    try:
        while True:
            try:
                n = await conn.fetchval("SELECT count(*) FROM planning.consultations")
                if n >= expected and await unpublished(conn, ["planning"]) == 0:
                    return time.perf_counter()
            except asyncpg.UndefinedTableError:
                pass
            if time.monotonic() > deadline:
                raise NotSettled("planning", timeout_s, n)
            await asyncio.sleep(poll_s)
    finally:
        await conn.close()


class ServiceUse:
    """Samples each running service in a thread: peak resident memory (MB) and the CPU
    seconds it used while watched. CPU time is the steadier figure on a shared machine:
    other processes stretch the wall clock, not the work a service does."""

    def __init__(self, procs: ServiceProcesses, every_s: float = 0.2) -> None:
        self._procs = procs
        self._every_s = every_s
        self.peak_mb: dict[ServiceName, float] = {}
        self.cpu_s: dict[ServiceName, float] = {}
        self._first: dict[ServiceName, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "ServiceUse":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        handles: dict[ServiceName, psutil.Process] = {}
        while True:
            last = self._stop.is_set()
            for name in SERVICES:
                try:
                    if name not in handles:
                        pid = self._procs.pid(name)
                        if pid is None:
                            continue
                        handles[name] = psutil.Process(pid)
                    with handles[name].oneshot():
                        mb = handles[name].memory_info().rss / 2**20
                        times = handles[name].cpu_times()
                except psutil.Error:
                    handles.pop(name, None)
                    continue
                used = times.user + times.system
                self._first.setdefault(name, used)
                self.cpu_s[name] = used - self._first[name]
                self.peak_mb[name] = max(self.peak_mb.get(name, 0.0), mb)
            if last:
                return
            self._stop.wait(self._every_s)
