"""The workspace's sign-in on the real stack: sessions (not tokens) in cookies, their
end, browser security headers, throttled bad tokens, expiring tokens, the demo's token."""

import asyncio
import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
import pytest

from dmap.demo_tokens import demo_token, tokens_file
from dmap.stack.provision import with_local_secrets
from dmap.stack.services import ServiceProcesses
from dmap.tokens import create_token, revoke_token
from services.runtime.auth.roles import Role
from services.runtime.auth.tokens import digest
from services.runtime.settings import Settings
from tests.integration.conftest import bearer

COOKIE = "dmap_session"


@pytest.fixture
async def workspace(running_services: ServiceProcesses) -> AsyncIterator[httpx.AsyncClient]:
    """A browser without credentials (cookies kept, redirects not followed)."""
    url = running_services.settings.service_url("reporting")
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        yield client


@pytest.fixture
async def admin_db(settings: Settings) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(settings.dsn)
    yield conn
    await conn.close()


async def with_cookie(client: httpx.AsyncClient, value: str, path: str) -> httpx.Response:
    """GET `path` from another browser that holds only this session cookie."""
    async with httpx.AsyncClient(base_url=client.base_url, cookies={COOKIE: value}) as other:
        return await other.get(path)


async def sign_in(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post("/signin", data={"token": token, "next": "/ui"})


async def test_the_cookie_holds_a_session_not_the_token(
    settings: Settings,
    workspace: httpx.AsyncClient,
    tokens: dict[str, str],
    admin_db: asyncpg.Connection,
) -> None:
    signed_in = await sign_in(workspace, tokens["planner"])
    assert signed_in.status_code == 303
    cookies = signed_in.headers.get_list("set-cookie")
    assert not any(tokens["planner"] in c for c in cookies)
    session = next(c for c in cookies if c.startswith(f"{COOKIE}="))
    attributes = {a.strip().split("=")[0].lower() for a in session.split(";")}
    assert {"httponly", "samesite", "max-age"} <= attributes
    assert "samesite=strict" in session.lower()
    assert "secure" not in attributes  # served over plain HTTP here (DMAP_COOKIE_SECURE unset)
    session_id = workspace.cookies[COOKIE]
    row = await admin_db.fetchrow(
        "SELECT expires_at - created_at AS ttl FROM auth.sessions WHERE session_sha256 = $1",
        digest(session_id),
    )
    assert row is not None, "only the session id's hash is stored"
    assert row["ttl"] == timedelta(seconds=settings.session_ttl_s) == timedelta(hours=8)
    assert (await workspace.get("/ui")).status_code == 200
    assert (await workspace.get("/plans")).status_code == 200  # the JSON the pages poll
    # The raw token is no longer accepted as a cookie.
    as_before = await with_cookie(workspace, tokens["planner"], "/ui")
    assert as_before.status_code == 303


async def test_a_role_without_the_workspace_gets_no_session(
    workspace: httpx.AsyncClient, tokens: dict[str, str]
) -> None:
    refused = await sign_in(workspace, tokens["consultant"])
    assert refused.status_code == 401
    assert COOKIE not in workspace.cookies


async def test_sign_out_ends_the_session_on_the_server(
    workspace: httpx.AsyncClient, tokens: dict[str, str], admin_db: asyncpg.Connection
) -> None:
    await sign_in(workspace, tokens["planner"])
    old = workspace.cookies[COOKIE]
    assert (await workspace.get("/ui")).status_code == 200
    out = await workspace.post("/signout")
    assert out.status_code == 303
    assert COOKIE not in workspace.cookies
    gone = await admin_db.fetchval(
        "SELECT count(*) FROM auth.sessions WHERE session_sha256 = $1", digest(old)
    )
    assert gone == 0
    # A copy of the old cookie is refused: pages send to sign-in, the JSON API says 401.
    replay = await with_cookie(workspace, old, "/ui")
    assert replay.status_code == 303
    assert replay.headers["location"].startswith("/signin")
    api = await with_cookie(workspace, old, "/plans")
    assert api.status_code == 401
    assert api.json()["code"] == "session_ended"


async def test_an_expired_or_idle_session_is_refused(
    workspace: httpx.AsyncClient, tokens: dict[str, str], admin_db: asyncpg.Connection
) -> None:
    for column, value in (
        ("expires_at", "now() - interval '1 second'"),
        ("last_seen_at", "now() - interval '2 hours'"),
    ):  # idle > 1 h
        await sign_in(workspace, tokens["planner"])
        session_id = workspace.cookies[COOKIE]
        assert (await workspace.get("/ui")).status_code == 200
        await admin_db.execute(
            f"UPDATE auth.sessions SET {column} = {value} WHERE session_sha256 = $1",
            digest(session_id),
        )
        assert (await workspace.get("/ui")).status_code == 303, column
        assert (await workspace.get("/plans")).status_code == 401, column


async def test_revoking_a_token_ends_its_sessions(
    settings: Settings, running_services: ServiceProcesses, workspace: httpx.AsyncClient
) -> None:
    token_id, token = await create_token(settings, "planner to revoke", Role.PLANNER)
    await sign_in(workspace, token)
    assert (await workspace.get("/ui")).status_code == 200
    assert await revoke_token(settings, token_id)
    assert (await workspace.get("/ui")).status_code == 303


SCRIPT_WITHOUT_SRC = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)


async def test_pages_carry_security_headers_and_no_inline_script(
    workspace: httpx.AsyncClient, tokens: dict[str, str]
) -> None:
    anonymous = await workspace.get("/signin")
    await sign_in(workspace, tokens["planner"])
    pages = [anonymous] + [
        await workspace.get(path) for path in ("/ui", "/ui/matrix", "/ui/queue", "/plans")
    ]
    for resp in pages:
        assert resp.status_code == 200, resp.url
        csp = resp.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert resp.headers["x-content-type-options"] == "nosniff"
        assert resp.headers["referrer-policy"] == "no-referrer"
        assert resp.headers["x-frame-options"] == "DENY"
        if resp.headers["content-type"].startswith("text/html"):
            assert not SCRIPT_WITHOUT_SRC.search(resp.text), resp.url
            assert "style=" not in resp.text, resp.url
            assert "<style" not in resp.text, resp.url
    for asset in ("/static/workspace.css", "/static/queue.js", "/static/plan.js"):
        assert (await workspace.get(asset)).status_code == 200, asset


def _log_lines(settings: Settings) -> list[dict[str, object]]:
    path = settings.home / "logs" / f"reporting-{settings.reporting_port}.log"
    lines = []
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))
    return lines


def _from(address: str, base_url: str) -> httpx.AsyncClient:
    """A client on its own loopback address: the throttle blocks it and not the others."""
    transport = httpx.AsyncHTTPTransport(local_address=address)
    return httpx.AsyncClient(base_url=base_url, transport=transport, timeout=30)


async def test_bad_tokens_are_logged_without_the_token_and_throttled(
    settings: Settings, running_services: ServiceProcesses, tokens: dict[str, str]
) -> None:
    url = settings.service_url("reporting")
    limit, window_s = 10, 60  # DMAP_AUTH_FAILURE_LIMIT and _WINDOW_S by default
    async with _from("127.0.0.2", url) as api:
        for i in range(limit):
            resp = await api.get("/plans", headers=bearer(f"dmap_guess-{i}-xyzzy"))
            assert resp.status_code == 401
        blocked = await api.get("/plans", headers=bearer("dmap_guess-last-xyzzy"))
        right = await api.get("/plans", headers=bearer(tokens["planner"]))
    for resp in (blocked, right):  # checked before the token: a hit looks like a miss
        assert resp.status_code == 429
        assert 0 < int(resp.headers["retry-after"]) <= window_s
        assert set(resp.json()) == {"detail", "code", "errors"}
    async with _from("127.0.0.3", url) as browser:
        for _ in range(limit):
            form = await sign_in(browser, "dmap_wrong-xyzzy")
            assert form.status_code == 401
        form = await sign_in(browser, tokens["planner"])
        assert form.status_code == 429
        assert "retry-after" in form.headers
        assert "Too many failed sign-ins" in form.text
    # Others are not affected.
    async with httpx.AsyncClient(base_url=url, timeout=30) as other:
        assert (await other.get("/plans", headers=bearer(tokens["planner"]))).status_code == 200

    await asyncio.sleep(0.5)  # the service's log is written by another process
    lines = await asyncio.to_thread(_log_lines, settings)
    failed = [entry for entry in lines if entry.get("event") == "auth_failed"]
    assert sum(e["ip"] == "127.0.0.2" and e["via"] == "bearer" for e in failed) == limit
    assert sum(e["ip"] == "127.0.0.3" and e["via"] == "signin" for e in failed) == limit
    assert {e["reason"] for e in failed} == {"unknown"}
    assert not any("xyzzy" in json.dumps(entry) for entry in lines)


async def test_an_expired_token_is_refused_with_the_reason(
    settings: Settings, running_services: ServiceProcesses
) -> None:
    _, token = await create_token(settings, "short-lived", Role.PLANNER, timedelta(seconds=2))
    url = settings.service_url("reporting")
    async with httpx.AsyncClient(base_url=url, timeout=30, headers=bearer(token)) as client:
        assert (await client.get("/plans")).status_code == 200
        await asyncio.sleep(2.5)
        resp = await client.get("/plans")
    assert resp.status_code == 401
    assert resp.json()["code"] == "token_expired"
    assert "expired" in resp.json()["detail"]


def test_token_create_takes_an_expiry(settings: Settings, running_services: object) -> None:
    env = {**os.environ, "DMAP_DATABASE_NAME": settings.database_name}

    def dmap(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "dmap.cli", "token", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return done.stdout

    created = dmap(
        "create",
        "--role",
        "planner",
        "--all-municipalities",
        "--name",
        "ninety days",
        "--expires-in",
        "90d",
    )
    day = f"{datetime.now(UTC) + timedelta(days=90):%Y-%m-%d}"
    assert f"expires: {day}" in created
    listed = next(line for line in dmap("list").splitlines() if line.endswith("ninety days"))
    assert f"expires {day}" in listed


async def test_the_demo_reuses_its_token_until_it_stops_working(
    settings: Settings, running_services: ServiceProcesses, tmp_path: Path
) -> None:
    local = settings.model_copy(update={"home": tmp_path})
    first = await demo_token(local, Role.PLANNER, "demo planner")
    again = await demo_token(local, Role.PLANNER, "demo planner")
    assert again == first
    path = tokens_file(local)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    # Keyed by database: the tests' demos share DMAP_HOME with the real one.
    key = f"planner@{settings.host}:{settings.pg_port}/{settings.database_name}"
    assert path.read_text() == f"{key}={first}\n"
    conn = await asyncpg.connect(settings.dsn)
    try:
        count = "SELECT count(*) FROM auth.tokens WHERE name = 'demo planner'"
        assert await conn.fetchval(count) == 1
        await conn.execute(
            "UPDATE auth.tokens SET revoked_at = now() WHERE token_sha256 = $1", digest(first)
        )
        replaced = await demo_token(local, Role.PLANNER, "demo planner")
        assert replaced != first
        assert await demo_token(local, Role.PLANNER, "demo planner") == replaced
        assert await conn.fetchval(count) == 2
    finally:
        await conn.close()


async def test_only_reporting_may_touch_sessions_and_only_last_seen(
    settings: Settings, running_services: ServiceProcesses
) -> None:
    secrets = with_local_secrets(settings)
    reporting = await asyncpg.connect(secrets.service_dsn("reporting"))
    try:
        await reporting.execute("UPDATE auth.sessions SET last_seen_at = now() WHERE false")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await reporting.execute("UPDATE auth.sessions SET expires_at = now() WHERE false")
    finally:
        await reporting.close()
    for service in ("consultations", "planning"):
        conn = await asyncpg.connect(secrets.service_dsn(service))
        try:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.fetchval("SELECT count(*) FROM auth.sessions")
        finally:
            await conn.close()


async def test_other_services_of_the_host_ignore_the_session_cookie(
    settings: Settings, workspace: httpx.AsyncClient, tokens: dict[str, str]
) -> None:
    """Cookies ignore ports: intake receives the cookie too, and must neither fail on it
    (its role may not read sessions) nor accept it."""
    await sign_in(workspace, tokens["planner"])
    session_id = workspace.cookies[COOKIE]
    url = settings.service_url("consultations")
    async with httpx.AsyncClient(base_url=url, cookies={COOKIE: session_id}) as intake:
        resp = await intake.get("/consultations")
    assert resp.status_code == 401
    assert resp.json()["code"] == "unauthenticated"
