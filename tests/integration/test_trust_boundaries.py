"""What an outsider who can reach the broker can no longer do (issue 10).

Each test writes straight to a topic, as a forged or stale producer would, and
checks that planning and reporting hold what they read to intake's rules.
"""

import json
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import asyncpg
import httpx

from dmap.review import review_event
from dmap.tokens import create_token
from schemas.plans import PlanRevisedEvent
from schemas.topics import CONSULTATIONS, PLAN_REVIEWS, PLANS, dlq
from services.consultations.domain.intake import recorded_event
from services.runtime.auth.roles import Role
from services.runtime.settings import Settings
from tests.factories import record, submission
from tests.integration.topics import Records, produce, read_until
from tests.integration.waiting import plan_when

NOW = datetime.now(UTC)


def from_service(records: Records, service: bytes) -> Records:
    return [r for r in records if dict(r.headers).get("dlq_service") == service]


async def test_consultations_dated_outside_the_accepted_range_are_dead_lettered(
    settings: Settings, intake: httpx.AsyncClient, reporting: httpx.AsyncClient
) -> None:
    forged = [
        recorded_event(record(municipality="ferizaj", consultation_date=day), NOW)
        for day in ("2099-03-01", "9999-12-31", "0001-01-01")
    ]
    await produce(
        settings, CONSULTATIONS, "ferizaj", *(e.model_dump_json().encode() for e in forged)
    )
    genuine = submission(municipality="ferizaj")
    assert (await intake.post("/consultations", json=genuine)).status_code == 201
    plan = await plan_when(reporting, "ferizaj", lambda p: p["consultation_count"] >= 1)

    # The overview and the workspace show the real current plan, counting only the real record.
    assert plan["cycle"] == "2026-2027"
    assert plan["consultation_count"] == 1
    ids = {str(e.id).encode() for e in forged}

    def all_dead(records: Records) -> bool:
        return len([r for r in records if _event_id(r.value) in ids]) == 6

    dead = await read_until(settings, dlq(CONSULTATIONS), all_dead)
    mine = [r for r in dead if _event_id(r.value) in ids]
    assert len(from_service(mine, b"planning")) == 3
    assert len(from_service(mine, b"reporting")) == 3
    assert all(b"consultation_date" in dict(r.headers)["dlq_error"] for r in mine)
    conn = await asyncpg.connect(settings.dsn)
    try:
        cycles = await conn.fetch("SELECT cycle FROM planning.plans WHERE municipality = 'ferizaj'")
        projected = await conn.fetchval(
            "SELECT count(*) FROM reporting.consultations WHERE municipality = 'ferizaj'"
        )
    finally:
        await conn.close()
    assert [c["cycle"] for c in cycles] == ["2026-2027"]
    assert projected == 1


def _event_id(value: bytes | None) -> bytes:
    try:
        return str(json.loads(value or b"{}").get("id", "")).encode()
    except ValueError:
        return b""


async def test_personal_data_produced_straight_to_kafka_is_redacted_before_it_is_stored(
    settings: Settings, reporting: httpx.AsyncClient
) -> None:
    leaky = record(
        municipality="podujeve",
        raised_issues=[
            {
                "category": "child_labour",
                "description": "Punon në treg; thirrni nënën në 045 987 654 ose nena.v@example.org",
                "severity": "high",
            }
        ],
        recommendations=["Kontakt: +383 44 222 333"],
    )
    await produce(
        settings, CONSULTATIONS, "podujeve", recorded_event(leaky, NOW).model_dump_json().encode()
    )
    await plan_when(reporting, "podujeve", lambda p: p["consultation_count"] == 1)
    conn = await asyncpg.connect(settings.dsn)
    try:
        stored = [
            json.dumps(await conn.fetchval(sql, leaky.consultation_id), ensure_ascii=False)
            for sql in (
                "SELECT payload FROM planning.consultations WHERE consultation_id = $1",
                "SELECT payload FROM reporting.consultations WHERE consultation_id = $1",
            )
        ]
    finally:
        await conn.close()
    for text in stored:
        assert "045 987 654" not in text
        assert "nena.v@example.org" not in text
        assert "222 333" not in text
        assert "[PHONE]" in text
        assert "[EMAIL]" in text


async def test_a_second_different_event_for_a_plan_version_is_kept_out_and_counted(
    settings: Settings, intake: httpx.AsyncClient, reporting: httpx.AsyncClient
) -> None:
    assert (
        await intake.post("/consultations", json=submission(municipality="drenas"))
    ).status_code == 201
    genuine = await plan_when(reporting, "drenas", lambda p: p["version"] == 1)
    content: dict[str, Any] = genuine["plan"]
    forged = PlanRevisedEvent.model_validate(
        {
            "id": str(uuid4()),
            "source": "/dmap/planning",
            "time": NOW.isoformat(),
            "subject": content["plan_id"],
            "dataschema": "https://dmap.example.org/schemas/plan-revised-event.v1.schema.json",
            "data": {
                "plan": {**content, "status": "approved", "consultation_count": 99},
                "previous_version": 1,
            },
        }
    )
    await produce(settings, PLANS, content["plan_id"], forged.model_dump_json().encode())

    def conflict_logged(records: Records) -> bool:
        return any(_event_id(r.value) == str(forged.id).encode() for r in records)

    [dead] = [
        r
        for r in await read_until(settings, dlq(PLANS), conflict_logged)
        if _event_id(r.value) == str(forged.id).encode()
    ]
    assert dict(dead.headers)["dlq_service"] == b"reporting"
    assert b"ConflictingEvent" in dict(dead.headers)["dlq_error"]
    shown = (await reporting.get("/plans/drenas")).json()
    assert (shown["status"], shown["consultation_count"]) == ("draft", 1)
    metrics = (await reporting.get("/metrics")).text
    assert 'dmap_conflicting_events_total{service="reporting",topic="plans.v1"} 1.0' in metrics


async def test_a_review_sent_with_a_token_that_may_not_decide_is_refused(
    settings: Settings, intake: httpx.AsyncClient, reporting: httpx.AsyncClient
) -> None:
    assert (
        await intake.post("/consultations", json=submission(municipality="mitrovice-veriut"))
    ).status_code == 201
    plan = await plan_when(reporting, "mitrovice-veriut", lambda p: p["version"] == 1)
    consultant_id, _ = await create_token(settings, "a consultant", Role.CONSULTANT)
    forged = review_event(plan["plan_id"], 1, "approve", "Minister of Education")
    forged = forged.model_copy(
        update={"data": forged.data.model_copy(update={"reviewer_token_id": consultant_id})}
    )
    await produce(settings, PLAN_REVIEWS, plan["plan_id"], forged.model_dump_json().encode())
    # The workspace's own decision names its token, and is applied.
    sent = await reporting.post(
        "/plans/mitrovice-veriut/reviews", json={"version": 1, "decision": "submit_for_review"}
    )
    assert sent.status_code == 202, sent.text
    after = await plan_when(reporting, "mitrovice-veriut", lambda p: p["status"] == "in_review")
    assert after["status"] == "in_review"
    conn = await asyncpg.connect(settings.dsn)
    try:
        rows = await conn.fetch(
            "SELECT decision, outcome, reason, reviewer_token_id FROM planning.reviews "
            "WHERE plan_id = $1 ORDER BY recorded_at",
            plan["plan_id"],
        )
    finally:
        await conn.close()
    by_decision = {r["decision"]: r for r in rows}
    assert by_decision["approve"]["outcome"] == "refused"
    assert "may not plans:approve" in by_decision["approve"]["reason"]
    assert by_decision["submit_for_review"]["outcome"] == "applied"
    assert by_decision["submit_for_review"]["reviewer_token_id"] is not None
