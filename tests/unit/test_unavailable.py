"""Pool exhaustion and database outages answer 503 + Retry-After in the error shape."""

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from services.runtime.http import install_common

FAILURES = [
    TimeoutError(),  # pool.acquire(timeout=...) ran out
    ConnectionRefusedError(111, "Connection refused"),
    asyncpg.CannotConnectNowError("the database system is starting up"),
    asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed"),
    asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator"),
    asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients already"),
]


@pytest.mark.parametrize("failure", FAILURES, ids=lambda e: type(e).__name__)
async def test_database_unavailable_is_a_503_with_retry_after(failure: Exception) -> None:
    app = FastAPI()
    install_common(app, "test")

    @app.get("/thing")
    async def thing() -> None:
        raise failure

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        answer = await client.get("/thing", headers={"accept-language": "sq"})
    assert answer.status_code == 503
    assert int(answer.headers["retry-after"]) > 0
    assert answer.json()["code"] == "unavailable"
    assert set(answer.json()) == {"detail", "code", "errors"}
    assert "provoni" in answer.json()["detail"]


async def test_other_os_errors_are_bugs_not_outages() -> None:
    app = FastAPI()
    install_common(app, "test")

    @app.get("/thing")
    async def thing() -> None:
        raise FileNotFoundError("services/admission/data/names_sq.txt")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        answer = await client.get("/thing")
    assert answer.status_code == 500
    assert "retry-after" not in answer.headers
