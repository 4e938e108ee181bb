"""Operations endpoints on the real stack: liveness, readiness, Prometheus metrics, and
the services' log files (JSON lines, each with its service and request or event id)."""

import asyncio
import json
import re

import httpx

from dmap.stack.procs import read_pid
from dmap.stack.services import ServiceProcesses
from services.runtime.settings import SERVICES
from tests.factories import submission
from tests.unit.observability_names import (
    DASHBOARD,
    PROMETHEUS_OWN,
    alert_rules,
    dashboard_queries,
    metric_names,
)


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
    assert 'dmap_outbox_dead_letters{service="planning"} 0.0' in text
    # One instance owns every partition: one lag series for each of them.
    assert _value(text, "dmap_consumer_partitions_owned", "consultations.v1") == 6
    lag_series = [
        line
        for line in text.splitlines()
        if line.startswith("dmap_consumer_lag{") and 'consultations.v1"' in line
    ]
    assert sorted(re.findall(r'partition="(\d+)"', "".join(lag_series))) == list("012345")


async def test_every_metric_the_rules_and_dashboard_read_is_exported(
    running_services: ServiceProcesses,
) -> None:
    exported: set[str] = set()
    for service in SERVICES:
        url = running_services.settings.service_url(service)
        async with httpx.AsyncClient(base_url=url) as client:
            text = (await client.get("/metrics")).text
        for name, kind in re.findall(r"^# TYPE (\S+) (\S+)$", text, re.M):
            exported.update(f"{name}{s}" for s in _SUFFIXES.get(kind, ("",)))
    used = {n for rule in alert_rules() for n in metric_names(str(rule["expr"]))}
    used |= {n for expr in dashboard_queries(DASHBOARD) for n in metric_names(expr)}
    assert used - PROMETHEUS_OWN - exported == set()


# The text format names a counter with its `_total` already; a histogram's samples add these.
_SUFFIXES = {"histogram": ("_bucket", "_count", "_sum")}


async def test_log_lines_are_json_with_the_service_and_a_request_or_event_id(
    running_services: ServiceProcesses, intake: httpx.AsyncClient
) -> None:
    refused = await intake.get(
        "/consultations/00000000-0000-0000-0000-000000000000",
        headers={"authorization": "Bearer dmap_wrong", "x-request-id": "it-request-7"},
    )
    assert refused.status_code == 401
    assert refused.headers["x-request-id"] == "it-request-7"
    body = submission(municipality="shterpce")
    assert (await intake.post("/consultations", json=body)).status_code == 201
    lines: dict[str, list[dict[str, object]]] = {}
    for _ in range(60):
        lines = {name: _log_lines(running_services, name) for name in SERVICES}
        if any(_event_ids(e) for e in lines["planning"] if e["event"] == "batch_applied") and any(
            e.get("request_id") == "it-request-7" for e in lines["consultations"]
        ):
            break
        await asyncio.sleep(0.5)
    for name, entries in lines.items():
        assert entries, f"{name} logged nothing"
        assert {e.get("service") for e in entries} == {name}
        events = [str(e["event"]) for e in entries]
        assert any(e.startswith("Uvicorn running on") for e in events), name
    [failed] = [e for e in lines["consultations"] if e.get("request_id") == "it-request-7"]
    assert failed["event"] == "auth_failed"
    applied = [e for e in lines["planning"] if e["event"] == "batch_applied"]
    # Other tests of the session put poison without any id on the topic: those batches
    # are dead-lettered, and only their positions can be logged.
    assert all(_event_ids(e) or e.get("dead_lettered") for e in applied)


def _log_lines(procs: ServiceProcesses, name: str) -> list[dict[str, object]]:
    """The lines the running process wrote to its log file (which may hold earlier
    processes' lines on the same port), each of which must be a JSON object."""
    port = procs.settings.port(name)
    path = procs.settings.home / "logs" / f"{name}-{port}.log"
    pid = read_pid(procs.settings.home / "run" / f"{name}-{port}.pid")
    text = path.read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(text) if f"Started server process [{pid}]" in line]
    assert starts, f"{name}: no start line of process {pid} in {path}"
    out = []
    for line in text[starts[-1] :]:
        entry = json.loads(line)
        assert isinstance(entry, dict), line
        out.append(entry)
    return out


def _event_ids(entry: dict[str, object]) -> list[object]:
    return [entry[k] for k in ("event_id", "first_event_id", "last_event_id") if entry.get(k)]


def _value(text: str, metric: str, topic: str) -> float:
    """The sum of the metric's series for the topic (one per partition, for the lag)."""
    found = [
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith(metric + "{") and f'{topic}"' in line
    ]
    if not found:
        raise AssertionError(f"{metric} for {topic} not found")
    return sum(found)
