"""Issue 10, finding 7: an exhausted pool answers 503 with Retry-After, in the error shape."""

import asyncio
import signal
from collections.abc import Iterator

import asyncpg
import httpx
import pytest

from dmap.stack.isolated import free_port
from dmap.stack.services import ServiceProcesses
from services.runtime.settings import Settings
from tests.factories import submission
from tests.integration.conftest import bearer


@pytest.fixture
def one_connection_intake(
    settings: Settings, running_services: ServiceProcesses
) -> Iterator[ServiceProcesses]:
    """A second intake on the same database with a pool of one and a 1 s acquire timeout."""
    tight = settings.model_copy(
        update={"pool_max_size": 1, "acquire_timeout_s": 1.0, "consultations_port": free_port()}
    )
    procs = ServiceProcesses(tight)
    procs.start("consultations")
    try:
        procs.wait_healthy("consultations", 60)
        yield procs
    finally:  # not procs.down(): planning and reporting share the session's ports
        procs.kill("consultations", signal.SIGTERM)


async def test_an_exhausted_pool_answers_503_with_retry_after(
    settings: Settings, one_connection_intake: ServiceProcesses, tokens: dict[str, str]
) -> None:
    url = one_connection_intake.settings.service_url("consultations")
    admin = await asyncpg.connect(settings.dsn)
    try:
        # Hold the records table: the first submission then keeps the only pooled
        # connection while it waits for the lock.
        holding = admin.transaction()
        await holding.start()
        await admin.execute("LOCK TABLE consultations.records IN ACCESS EXCLUSIVE MODE")
        async with httpx.AsyncClient(
            base_url=url, timeout=60, headers=bearer(tokens["consultant"])
        ) as client:
            first = asyncio.ensure_future(client.post("/consultations", json=submission()))
            await asyncio.sleep(1.0)
            assert not first.done()
            busy = await client.post("/consultations", json=submission())
            assert busy.status_code == 503, busy.text
            assert int(busy.headers["retry-after"]) > 0
            assert busy.headers["content-type"].startswith("application/json")
            body = busy.json()
            assert set(body) == {"detail", "code", "errors"}
            assert body["code"] == "unavailable"
            await holding.rollback()
            assert (await first).status_code == 201
            # The pool recovers by itself: the next submission goes through.
            assert (await client.post("/consultations", json=submission())).status_code == 201
    finally:
        await admin.close()
