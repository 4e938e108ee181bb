"""Intake over HTTP on the real stack: roles, idempotency, batches, bad input."""

import asyncio
import json
from typing import Any
from uuid import uuid4

import asyncpg
import httpx

from services.runtime.settings import Settings
from tests.factories import submission
from tests.integration.conftest import bearer


async def test_tokens_and_roles(intake: httpx.AsyncClient, tokens: dict[str, str]) -> None:
    body = submission(municipality="lipjan")
    anonymous = await intake.post("/consultations", json=body, headers={"authorization": ""})
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"] == "Bearer"
    assert anonymous.json()["code"] == "unauthenticated"
    wrong = await intake.post("/consultations", json=body, headers=bearer("dmap_not-a-token"))
    assert wrong.status_code == 401
    for role in ("planner", "integrator"):
        denied = await intake.post("/consultations", json=body, headers=bearer(tokens[role]))
        assert denied.status_code == 403, role
        assert denied.json() == {
            "detail": f"Role '{role}' may not consultations:submit.",
            "code": "forbidden",
        }
    assert (await intake.post("/consultations", json=body)).status_code == 201

    cid = body["consultation_id"]
    assert (await intake.get(f"/consultations/{cid}")).status_code == 200
    other = await intake.get(f"/consultations/{cid}", headers=bearer(tokens["consultant_b"]))
    assert other.status_code == 404  # consultants only see their own records
    for role in ("planner", "integrator", "admin"):
        seen = await intake.get(f"/consultations/{cid}", headers=bearer(tokens[role]))
        assert seen.status_code == 200, role


async def test_revoked_token_is_refused(settings: Settings, intake: httpx.AsyncClient) -> None:
    from dmap.tokens import create_token, revoke_token
    from services.runtime.auth.roles import Role

    token_id, secret = await create_token(settings, "short-lived", Role.CONSULTANT)
    ok = await intake.post("/consultations", json=submission(), headers=bearer(secret))
    assert ok.status_code == 201
    assert await revoke_token(settings, token_id)
    gone = await intake.post("/consultations", json=submission(), headers=bearer(secret))
    assert gone.status_code == 401


async def test_concurrent_retries_with_one_idempotency_key(
    settings: Settings, intake: httpx.AsyncClient
) -> None:
    body = submission(municipality="junik", consultation_id=None)
    key = f"retry-{uuid4()}"

    async def attempt() -> httpx.Response:
        return await intake.post("/consultations", json=body, headers={"idempotency-key": key})

    answers = await asyncio.gather(*(attempt() for _ in range(8)))
    assert sorted(a.status_code for a in answers) == [201] * 8  # every retry: the first answer
    ids = {a.json()["consultation_id"] for a in answers}
    assert len(ids) == 1
    conn = await asyncpg.connect(settings.dsn)
    try:
        [cid] = ids
        rows = await conn.fetchval(
            "SELECT count(*) FROM consultations.records WHERE municipality = 'junik'"
        )
        events = await conn.fetchval(
            "SELECT count(*) FROM consultations.outbox WHERE convert_from(value, 'UTF8')::jsonb"
            " -> 'data' ->> 'consultation_id' = $1",
            cid,
        )
    finally:
        await conn.close()
    assert (rows, events) == (1, 1)

    changed = await intake.post(
        "/consultations", json={**body, "participant_count": 2}, headers={"idempotency-key": key}
    )
    assert changed.status_code == 409


async def test_concurrent_posts_of_one_id_store_it_once(
    settings: Settings, intake: httpx.AsyncClient
) -> None:
    body = submission(municipality="partesh")
    answers = await asyncio.gather(*(intake.post("/consultations", json=body) for _ in range(6)))
    assert sorted(a.status_code for a in answers) == [200] * 5 + [201]
    conn = await asyncpg.connect(settings.dsn)
    try:
        n = await conn.fetchval(
            "SELECT count(*) FROM consultations.outbox WHERE convert_from(value, 'UTF8')::jsonb"
            " -> 'data' ->> 'consultation_id' = $1",
            body["consultation_id"],
        )
    finally:
        await conn.close()
    assert n == 1


async def test_batch_answers_each_item(intake: httpx.AsyncClient) -> None:
    good = submission(municipality="dragash")
    resp = await intake.post(
        "/consultations/batch",
        json=[
            good,
            good,
            submission(municipality="atlantis"),
            {"municipality": "dragash"},
            {**good, "participant_count": 3},
        ],
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert [i["status"] for i in body["items"]] == [
        "accepted",
        "already_accepted",
        "invalid",
        "invalid",
        "conflict",
    ]
    assert body["items"][2]["errors"][0]["field"] == "municipality"
    assert {e["field"] for e in body["items"][3]["errors"]} >= {
        "stakeholder_group",
        "consultation_date",
        "raised_issues",
    }
    too_many = await intake.post("/consultations/batch", json=[good] * 501)
    assert too_many.status_code == 422


async def test_listing_filters_and_pages(intake: httpx.AsyncClient, tokens: dict[str, str]) -> None:
    mine = [
        submission(
            municipality="mamushe", consultation_date=f"2026-10-{d:02d}", stakeholder_group=g
        )
        for d, g in [(1, "teacher"), (2, "student"), (3, "teacher"), (20, "parent")]
    ]
    for body in mine:
        assert (await intake.post("/consultations", json=body)).status_code == 201
    page = (
        await intake.get(
            "/consultations",
            params={
                "municipality": "mamushe",
                "from": "2026-10-01",
                "to": "2026-10-10",
                "limit": 2,
            },
        )
    ).json()
    assert page["total"] == 3
    assert len(page["items"]) == 2
    assert page["next_offset"] == 2
    rest = (
        await intake.get(
            "/consultations",
            params={
                "municipality": "mamushe",
                "from": "2026-10-01",
                "to": "2026-10-10",
                "offset": 2,
            },
        )
    ).json()
    assert rest["next_offset"] is None
    teachers = (
        await intake.get(
            "/consultations", params={"municipality": "mamushe", "stakeholder_group": "teacher"}
        )
    ).json()
    assert teachers["total"] == 2
    others = await intake.get(
        "/consultations", params={"municipality": "mamushe"}, headers=bearer(tokens["consultant_b"])
    )
    assert others.json()["total"] == 0


async def test_bad_input_gets_specific_4xx(intake: httpx.AsyncClient) -> None:
    cases: list[tuple[dict[str, Any], int, str]] = [
        (
            {
                "content": b'{"municipality": "prizren",',
                "headers": {"content-type": "application/json"},
            },
            400,
            "body",
        ),
        ({"json": submission(participant_count="many")}, 422, "participant_count"),
        ({"json": submission(municipality="atlantis")}, 422, "municipality"),
        (
            {"json": submission(raised_issues=[{"category": "homework", "description": "abc"}])},
            422,
            "raised_issues.0.category",
        ),
        ({"json": submission(consultation_date="2999-01-01")}, 422, "consultation_date"),
        (
            {"content": "municipality=prizren", "headers": {"content-type": "text/plain"}},
            415,
            "content-type",
        ),
        (
            {
                "content": json.dumps(submission(recommendations=["x" * 100] * 50 * 250)),
                "headers": {"content-type": "application/json"},
            },
            413,
            "body",
        ),
    ]
    for kwargs, status, field in cases:
        resp = await intake.post("/consultations", **kwargs)
        assert resp.status_code == status, (field, resp.text[:300])
        assert field in {e["field"] for e in resp.json()["errors"]} or (
            status == 413 and "larger than" in resp.text
        ), (field, resp.json())


async def test_errors_in_albanian_on_request(intake: httpx.AsyncClient) -> None:
    resp = await intake.post(
        "/consultations",
        json=submission(participant_count=0),
        headers={"accept-language": "sq-AL,sq;q=0.9,en;q=0.5"},
    )
    assert resp.status_code == 422
    assert resp.json() == {
        "detail": "Kërkesa është e pavlefshme.",
        "errors": [{"field": "participant_count", "reason": "është shumë e vogël"}],
    }
