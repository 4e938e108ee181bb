"""Bearer tokens (or the signed-in browser's cookie): who may call, and how refusals look."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any
from uuid import uuid4

import httpx
import pytest
from fastapi import Depends, FastAPI

from services.runtime.auth.http import COOKIE, require
from services.runtime.auth.roles import Permission, Role
from services.runtime.auth.tokens import Principal, digest
from services.runtime.http import install_common

TOKENS = {"dmap_consultant": Role.CONSULTANT, "dmap_planner": Role.PLANNER}
SEND_A_TOKEN = "Send an API token: 'Authorization: Bearer <token>'."


class Connection:
    async def fetchrow(self, _query: str, sha256: str) -> dict[str, Any] | None:
        for token, role in TOKENS.items():
            if digest(token) == sha256:
                return {"token_id": uuid4(), "name": f"test {role}", "role": role.value}
        return None


class Pool:
    @asynccontextmanager
    async def acquire(self, **_timeout: float) -> AsyncIterator[Connection]:
        yield Connection()


def app() -> FastAPI:
    api = FastAPI()
    install_common(api, "consultations")
    api.state.pool = Pool()

    @api.post("/consultations")
    async def submit(
        principal: Annotated[Principal, Depends(require(Permission.SUBMIT))],
    ) -> dict[str, str]:
        return {"role": principal.role.value}

    return api


async def call(headers: dict[str, str], cookies: dict[str, str] | None = None) -> httpx.Response:
    transport = httpx.ASGITransport(app=app())
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", cookies=cookies
    ) as client:
        return await client.post("/consultations", headers=headers)


@pytest.mark.parametrize(
    "header",
    ["Bearer dmap_consultant", "bearer dmap_consultant", "Bearer   dmap_consultant  "],
)
async def test_a_known_token_with_the_right_role_passes(header: str) -> None:
    resp = await call({"authorization": header})
    assert resp.status_code == 200
    assert resp.json() == {"role": "consultant"}


async def test_the_signed_in_browser_sends_its_token_as_a_cookie() -> None:
    resp = await call({}, cookies={COOKIE: "dmap_consultant"})
    assert resp.status_code == 200


@pytest.mark.parametrize(
    ("headers", "cookies"),
    [
        ({}, None),
        ({"authorization": "Basic dXNlcjpwdw=="}, None),
        ({"authorization": "Bearer"}, None),
        ({"authorization": "Bearer    "}, None),
        ({"authorization": "dmap_consultant"}, None),
        ({}, {COOKIE: "  "}),
        # A header that is not a bearer token is not replaced by the cookie.
        ({"authorization": "Basic dXNlcjpwdw=="}, {COOKIE: "dmap_consultant"}),
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


def test_openapi_declares_the_bearer_scheme_on_protected_operations() -> None:
    doc = app().openapi()
    schemes = doc["components"]["securitySchemes"]
    assert any(s["type"] == "http" and s["scheme"] == "bearer" for s in schemes.values())
    assert doc["paths"]["/consultations"]["post"]["security"] == [{name: []} for name in schemes]
    assert "security" not in doc["paths"]["/readyz"]["get"]
