"""`/readyz` names the dependency that is down and keeps the reason in the log."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import structlog
from fastapi import FastAPI

from services.runtime.http import install_common

SECRET = "password authentication failed for user dmap_planning at 10.0.0.7"


class Connection:
    async def fetchval(self, _query: str) -> int:
        return 1


class Pool:
    def __init__(self, error: Exception | None = None) -> None:
        self.error = error

    @asynccontextmanager
    async def acquire(self, **_timeout: float) -> AsyncIterator[Connection]:
        if self.error:
            raise self.error
        yield Connection()


class Broker:
    def __init__(self, answers: bool) -> None:
        self.answers = answers

    async def ping(self, **_timeout: float) -> bool:
        return self.answers


async def ready(pool: Pool | None, broker: Broker | None = None) -> httpx.Response:
    app = FastAPI()
    install_common(app, "planning")
    if pool is not None:
        app.state.pool = pool
    if broker is not None:
        app.state.broker = broker
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.get("/readyz")


async def test_all_dependencies_up() -> None:
    resp = await ready(Pool(), Broker(answers=True))
    assert resp.status_code == 200
    assert resp.json() == {
        "service": "planning",
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok"},
    }


async def test_the_database_down_is_named_without_the_exception_text() -> None:
    with structlog.testing.capture_logs() as logs:
        resp = await ready(Pool(OSError(SECRET)), Broker(answers=True))
    assert resp.status_code == 503
    body: dict[str, Any] = resp.json()
    assert body["status"] == "down"
    assert body["checks"] == {"database": "down", "broker": "ok"}
    assert SECRET not in resp.text
    assert "OSError" not in resp.text
    assert [(e["event"], e["dependency"], e["exc_info"]) for e in logs] == [
        ("dependency_down", "database", True)
    ]


async def test_the_broker_down_is_named() -> None:
    resp = await ready(Pool(), Broker(answers=False))
    assert resp.status_code == 503
    assert resp.json()["checks"] == {"database": "ok", "broker": "down"}


async def test_a_service_not_started_has_its_database_down() -> None:
    resp = await ready(None)
    assert resp.status_code == 503
    assert resp.json()["checks"] == {"database": "down"}
