"""Bearer tokens (or the signed-in browser's session): who may call, how refusals look."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any
from uuid import uuid4

import httpx
import pytest
from fastapi import Depends, FastAPI
from structlog.testing import capture_logs

from services.runtime.auth.http import COOKIE, authorize, require
from services.runtime.auth.roles import Permission, Role
from services.runtime.auth.throttle import FailureThrottle
from services.runtime.auth.tokens import Principal, digest
from services.runtime.http import install_common
from services.runtime.settings import Settings

TOKENS = {"dmap_consultant": Role.CONSULTANT, "dmap_planner": Role.PLANNER}
# Tokens with a municipality scope, as `auth.tokens.municipalities` holds it.
SCOPED = {"dmap_prizren_planner": (Role.PLANNER, ["prizren"])}
EXPIRED = "dmap_expired"
SESSIONS = {"a-session-id": Role.CONSULTANT, "a-prizren-session": Role.PLANNER}
SESSION_SCOPES = {"a-prizren-session": ["prizren"]}
SEND_A_TOKEN = "Send an API token: 'Authorization: Bearer <token>'."
LIMIT = 3


def _row(role: Role, municipalities: list[str] | None = None) -> dict[str, Any]:
    return {
        "token_id": uuid4(),
        "name": f"test {role}",
        "role": role.value,
        "municipalities": municipalities,
    }


class Connection:
    """Answers the auth queries the way PostgreSQL would for TOKENS and SESSIONS."""

    async def fetchrow(self, query: str, sha256: str, *_args: object) -> dict[str, Any] | None:
        if "auth.sessions" in query:
            found = [s for s in SESSIONS if digest(s) == sha256]
            return _row(SESSIONS[found[0]], SESSION_SCOPES.get(found[0])) if found else None
        if query.lstrip().startswith("SELECT"):  # why a token was refused
            return {"revoked": False} if sha256 == digest(EXPIRED) else None
        for token, role in TOKENS.items():
            if digest(token) == sha256:
                return _row(role)
        for token, (role, municipalities) in SCOPED.items():
            if digest(token) == sha256:
                return _row(role, municipalities)
        return None


class Pool:
    @asynccontextmanager
    async def acquire(self, **_timeout: float) -> AsyncIterator[Connection]:
        yield Connection()


def app(browser_sessions: bool = True) -> FastAPI:
    api = FastAPI()
    install_common(api, "consultations")
    api.state.pool = Pool()
    api.state.browser_sessions = browser_sessions
    api.state.settings = Settings(auth_failure_limit=LIMIT, auth_failure_window_s=60)

    @api.post("/consultations")
    async def submit(
        principal: Annotated[Principal, Depends(require(Permission.SUBMIT))],
    ) -> dict[str, str]:
        return {"role": principal.role.value}

    @api.post("/plans/{municipality}/amendments")
    async def amend(
        municipality: str,
        principal: Annotated[Principal, Depends(require(Permission.AMEND))],
    ) -> dict[str, list[str] | None]:
        authorize(principal, Permission.AMEND, municipality)
        scope = principal.municipalities
        return {"municipalities": None if scope is None else sorted(scope)}

    return api


async def call(
    headers: dict[str, str],
    cookies: dict[str, str] | None = None,
    api: FastAPI | None = None,
    path: str = "/consultations",
) -> httpx.Response:
    transport = httpx.ASGITransport(app=api or app())
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", cookies=cookies
    ) as client:
        return await client.post(path, headers=headers)


@pytest.mark.parametrize(
    "header",
    ["Bearer dmap_consultant", "bearer dmap_consultant", "Bearer   dmap_consultant  "],
)
async def test_a_known_token_with_the_right_role_passes(header: str) -> None:
    resp = await call({"authorization": header})
    assert resp.status_code == 200
    assert resp.json() == {"role": "consultant"}


async def test_the_signed_in_browser_sends_its_session_cookie() -> None:
    resp = await call({}, cookies={COOKIE: "a-session-id"})
    assert resp.status_code == 200
    assert resp.json() == {"role": "consultant"}


async def test_a_service_without_sessions_ignores_the_cookie() -> None:
    resp = await call({}, cookies={COOKIE: "a-session-id"}, api=app(browser_sessions=False))
    assert resp.status_code == 401
    assert resp.json() == {"detail": SEND_A_TOKEN, "code": "unauthenticated"}


async def test_a_token_in_the_cookie_is_not_a_session() -> None:
    resp = await call({}, cookies={COOKIE: "dmap_consultant"})
    assert resp.status_code == 401
    assert resp.json() == {
        "detail": "The session has ended; sign in again.",
        "code": "session_ended",
    }


async def test_an_expired_token_is_401_with_the_reason() -> None:
    resp = await call({"authorization": f"Bearer {EXPIRED}"})
    assert resp.status_code == 401
    assert resp.json() == {
        "detail": "The token has expired; ask an administrator for a new one.",
        "code": "token_expired",
    }


async def test_bad_tokens_are_logged_without_the_token_then_429() -> None:
    api = app()
    with capture_logs() as logs:
        for i in range(LIMIT):
            resp = await call({"authorization": f"Bearer dmap_guess{i}"}, api=api)
            assert resp.status_code == 401
        blocked = await call({"authorization": "Bearer dmap_guess"}, api=api)
        # Checked before the token: a right guess is no different from a wrong one.
        right = await call({"authorization": "Bearer dmap_consultant"}, api=api)
    assert blocked.status_code == right.status_code == 429
    assert 0 < int(blocked.headers["retry-after"]) <= 60
    assert blocked.json()["code"] == "too_many_failures"
    assert blocked.json()["errors"] == []
    failures = [e for e in logs if e["event"] == "auth_failed"]
    assert [(e["ip"], e["reason"]) for e in failures] == [("127.0.0.1", "unknown")] * LIMIT
    assert "dmap_guess" not in repr(logs)
    # A signed-in browser is not a token guesser: its session still works.
    assert (await call({}, cookies={COOKIE: "a-session-id"}, api=api)).status_code == 200


def test_the_failure_window_slides() -> None:
    now = [1000.0]
    throttle = FailureThrottle(limit=2, window_s=10, clock=lambda: now[0])
    throttle.failed("ip")
    now[0] += 5
    throttle.failed("ip")
    assert throttle.retry_after("ip") == 5
    assert throttle.retry_after("other") is None
    now[0] += 5  # the first failure leaves the window
    assert throttle.retry_after("ip") is None


def test_the_throttle_forgets_the_oldest_clients_first() -> None:
    throttle = FailureThrottle(limit=1, window_s=60, max_keys=2)
    for ip in ("a", "b", "c"):
        throttle.failed(ip)
    assert throttle.retry_after("a") is None
    assert throttle.retry_after("c") is not None


@pytest.mark.parametrize(
    ("headers", "cookies"),
    [
        ({}, None),
        ({"authorization": "Basic dXNlcjpwdw=="}, None),
        ({"authorization": "Bearer"}, None),
        ({"authorization": "Bearer    "}, None),
        ({"authorization": "dmap_consultant"}, None),
        ({}, {COOKIE: "  "}),
        ({"authorization": "Basic dXNlcjpwdw=="}, {COOKIE: "a-session-id"}),
        # A header that is not a bearer token is not replaced by the cookie.
    ],
)
async def test_no_token_is_401_with_a_bearer_challenge(
    headers: dict[str, str], cookies: dict[str, str] | None
) -> None:
    resp = await call(headers, cookies)
    assert resp.status_code == 401
    assert resp.headers["www-authenticate"] == "Bearer"
    assert resp.json() == {"detail": SEND_A_TOKEN, "code": "unauthenticated"}


async def test_an_unknown_token_is_401() -> None:
    resp = await call({"authorization": "Bearer dmap_forged"})
    assert resp.status_code == 401
    assert resp.headers["www-authenticate"] == "Bearer"
    assert resp.json() == {
        "detail": "The token is unknown or was revoked.",
        "code": "unauthenticated",
    }


async def test_a_role_without_the_permission_is_403() -> None:
    resp = await call({"authorization": "Bearer dmap_planner"})
    assert resp.status_code == 403
    assert "www-authenticate" not in resp.headers
    assert resp.json() == {
        "detail": "Role 'planner' may not consultations:submit.",
        "code": "forbidden",
    }


@pytest.mark.parametrize(
    ("headers", "cookies"),
    [({"authorization": "Bearer dmap_prizren_planner"}, None), ({}, {COOKIE: "a-prizren-session"})],
)
async def test_a_scoped_token_acts_for_its_municipality_only(
    headers: dict[str, str], cookies: dict[str, str] | None
) -> None:
    own = await call(headers, cookies, path="/plans/prizren/amendments")
    assert own.status_code == 200
    assert own.json() == {"municipalities": ["prizren"]}
    other = await call(headers, cookies, path="/plans/dragash/amendments")
    assert other.status_code == 403
    assert other.json() == {
        "detail": "This token acts for prizren, not dragash.",
        "code": "forbidden",
    }


async def test_a_token_for_every_municipality_amends_any() -> None:
    resp = await call({"authorization": "Bearer dmap_planner"}, path="/plans/dragash/amendments")
    assert resp.status_code == 200
    assert resp.json() == {"municipalities": None}


def test_openapi_declares_the_bearer_scheme_on_protected_operations() -> None:
    doc = app().openapi()
    schemes = doc["components"]["securitySchemes"]
    assert any(s["type"] == "http" and s["scheme"] == "bearer" for s in schemes.values())
    assert doc["paths"]["/consultations"]["post"]["security"] == [{name: []} for name in schemes]
    assert "security" not in doc["paths"]["/readyz"]["get"]
