"""Operations endpoints on the real stack: liveness, readiness, Prometheus metrics."""

import asyncio

import httpx

from dmap.stack.services import ServiceProcesses
from tests.factories import submission


async def test_liveness_readiness_and_metrics(
    running_services: ServiceProcesses,
    intake: httpx.AsyncClient,
    reporting: httpx.AsyncClient,
) -> None:
    settings = running_services.settings
    for service in ("consultations", "planning", "reporting"):
        async with httpx.AsyncClient(base_url=settings.service_url(service)) as client:
            assert (await client.get("/livez")).json()["status"] == "alive"
            ready = (await client.get("/readyz")).json()
            assert ready["status"] == "ok"
            assert ready["checks"]["database"] == "ok"
            if service != "consultations":
                assert ready["checks"]["broker"] == "ok"

    body = submission(municipality="hani-i-elezit")
    assert (await intake.post("/consultations", json=body)).status_code == 201
    for _ in range(80):
        plan = await reporting.get("/plans/hani-i-elezit")
        if plan.status_code == 200:
            break
        await asyncio.sleep(0.25)
    async with httpx.AsyncClient(base_url=settings.service_url("planning")) as client:
        for _ in range(80):  # the commit, then the relay, follow the database transaction
            text = (await client.get("/metrics")).text
            if (
                'dmap_consumer_lag{group="' + settings.topic_prefix in text
                and _value(text, "dmap_consumer_lag", "consultations.v1") == 0
                and 'dmap_outbox_backlog{service="planning"} 0.0' in text
            ):
                break
            await asyncio.sleep(0.25)
    assert _value(text, "dmap_events_processed_total", "consultations.v1") >= 1
    assert _value(text, "dmap_end_to_end_seconds_count", "consultations.v1") >= 1
    assert _value(text, "dmap_consumer_lag", "consultations.v1") == 0
    assert 'dmap_outbox_backlog{service="planning"} 0.0' in text


def _value(text: str, metric: str, topic: str) -> float:
    for line in text.splitlines():
        if line.startswith(metric + "{") and f'{topic}"' in line:
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{metric} for {topic} not found")
