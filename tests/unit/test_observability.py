"""What each service reports about itself: request ids and HTTP metrics, the service
and the request or event id on every log line, process metrics, and consumer lag per
partition owner."""

import json
from collections.abc import Iterator

import httpx
import pytest
import structlog
from aiokafka import TopicPartition
from fastapi import FastAPI

from services.runtime import metrics as metrics_module
from services.runtime.dead_letters import batch_context, record_context
from services.runtime.http import install_common
from services.runtime.lag import PartitionOwnership
from services.runtime.logging import configure_logging
from services.runtime.metrics import ServiceMetrics
from services.runtime.observability import install_observability
from services.runtime.observed_requests import ObservedRequests
from services.runtime.settings import Settings
from tests.fakes.records import consumer_record

log = structlog.get_logger("test")


@pytest.fixture(autouse=True)
def json_logs_again() -> Iterator[None]:
    yield
    configure_logging("INFO", "json")  # as tests/unit/conftest.py left it


def _app(metrics: ServiceMetrics) -> FastAPI:
    app = FastAPI()
    install_common(app, metrics.service)

    @app.get("/plans/{municipality}")
    async def plan(municipality: str) -> dict[str, str]:
        log.info("plan_looked_up", municipality=municipality)
        return {"municipality": municipality}

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("a bug")

    install_observability(app, Settings(log_format="json"), metrics)
    return app


async def _get(app: FastAPI, path: str, **headers: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.get(path, headers=headers)


def _lines(err: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in err.splitlines() if line.startswith("{")]


async def test_a_request_id_is_taken_from_the_caller_or_made_and_sent_back(
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = _app(ServiceMetrics("reporting"))
    given = await _get(app, "/plans/prizren", **{"x-request-id": "proxy-42.a"})
    made = await _get(app, "/plans/peja")
    hostile = await _get(app, "/plans/gjakova", **{"x-request-id": 'x" injected\\'})
    assert given.headers["x-request-id"] == "proxy-42.a"
    assert len(made.headers["x-request-id"]) == 32
    assert hostile.headers["x-request-id"] != 'x" injected\\'
    lines = [e for e in _lines(capsys.readouterr().err) if e["event"] == "plan_looked_up"]
    assert [(e["municipality"], e["request_id"], e["service"]) for e in lines] == [
        ("prizren", "proxy-42.a", "reporting"),
        ("peja", made.headers["x-request-id"], "reporting"),
        ("gjakova", hostile.headers["x-request-id"], "reporting"),
    ]


async def test_requests_are_counted_by_route_template_and_status() -> None:
    metrics = ServiceMetrics("reporting")
    app = _app(metrics)
    for path in ("/plans/prizren", "/plans/peja", "/nowhere/1", "/nowhere/2"):
        await _get(app, path)
    sample = metrics.registry.get_sample_value
    labels = {"service": "reporting", "method": "GET"}
    assert (
        sample(
            "dmap_http_requests_total",
            {**labels, "route": "/plans/{municipality}", "status": "200"},
        )
        == 2
    )
    assert (
        sample("dmap_http_requests_total", {**labels, "route": "unmatched", "status": "404"}) == 2
    )
    assert (
        sample(
            "dmap_http_request_duration_seconds_count", {**labels, "route": "/plans/{municipality}"}
        )
        == 2
    )


async def test_an_unhandled_error_is_a_500_naming_the_request_id_logged_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    metrics = ServiceMetrics("planning")
    answer = await _get(_app(metrics), "/boom", **{"x-request-id": "r-1"})
    assert answer.status_code == 500
    assert answer.headers["x-request-id"] == "r-1"
    assert answer.json()["code"] == "internal"
    assert "r-1" in answer.json()["detail"]
    [failed] = [e for e in _lines(capsys.readouterr().err) if e["event"] == "request_failed"]
    assert failed["request_id"] == "r-1"
    assert failed["service"] == "planning"
    assert "RuntimeError: a bug" in str(failed["exception"])
    assert (
        metrics.registry.get_sample_value(
            "dmap_http_requests_total",
            {"service": "planning", "method": "GET", "route": "/boom", "status": "500"},
        )
        == 1
    )


def test_every_service_is_observed_by_its_outermost_middleware() -> None:
    from services.consultations.app import create_app as consultations
    from services.planning.app import create_app as planning
    from services.reporting.app import create_app as reporting

    for make in (consultations, planning, reporting):
        app = make(Settings(log_format="json"))
        assert app.user_middleware[0].cls is ObservedRequests
        assert "/metrics" in {getattr(r, "path", "") for r in app.routes}


def test_process_and_python_metrics_are_exported() -> None:
    names = {family.name for family in ServiceMetrics("planning").registry.collect()}
    assert {"process_resident_memory_bytes", "process_cpu_seconds", "python_info"} <= names
    assert "python_gc_collections" in names


def test_library_lines_carry_the_service_too(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    configure_logging("INFO", "json", "consultations")
    logging.getLogger("uvicorn.error").info("Started server process [%d]", 42)
    [line] = _lines(capsys.readouterr().err)
    assert line["event"] == "Started server process [42]"
    assert line["service"] == "consultations"


def test_a_consumer_batch_logs_its_event_ids() -> None:
    one = consumer_record("plans.v1", b'{"id": "e-1"}')
    two = consumer_record("plans.v1", b'{"id": "e-2"}')
    assert batch_context([one])["event_id"] == "e-1"
    many = batch_context([one, two])
    assert (many["first_event_id"], many["last_event_id"]) == ("e-1", "e-2")
    assert record_context(consumer_record("plans.v1", b"{bad"))["event_id"] is None
    headed = consumer_record("plans.v1", b"{}")
    headed.headers.append(("ce_id", b"from-header"))
    assert record_context(headed)["event_id"] == "from-header"


async def test_each_partition_is_reported_by_its_owner_so_replica_sums_are_right(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two replicas split the six partitions of a group; each reports only its own, and
    the sum over both is the group's lag (before: each reported the whole group's)."""
    behind = {0: 5, 1: 0, 2: 7, 3: 1, 4: 0, 5: 2}

    async def partition_lag(_settings: Settings, owned: PartitionOwnership) -> dict[int, int]:
        return {p: behind[p] for p in owned.partitions}

    monkeypatch.setattr(metrics_module, "partition_lag", partition_lag)
    replicas = [ServiceMetrics("planning"), ServiceMetrics("planning")]
    topic = "consultations.v1"
    listeners = [r.owners.listener("dmap-planning", topic) for r in replicas]
    await listeners[0].on_partitions_assigned([TopicPartition(topic, p) for p in (0, 1, 2)])
    await listeners[1].on_partitions_assigned([TopicPartition(topic, p) for p in (3, 4, 5)])
    for r in replicas:
        await r.report_lag(Settings())
    assert _total_lag(replicas) == sum(behind.values())
    # A rebalance moves partition 2 to the second replica: its series moves with it.
    await listeners[0].on_partitions_revoked([TopicPartition(topic, p) for p in (0, 1, 2)])
    await listeners[0].on_partitions_assigned([TopicPartition(topic, p) for p in (0, 1)])
    await listeners[1].on_partitions_revoked([TopicPartition(topic, p) for p in (3, 4, 5)])
    await listeners[1].on_partitions_assigned([TopicPartition(topic, p) for p in (2, 3, 4, 5)])
    for r in replicas:
        await r.report_lag(Settings())
    assert _total_lag(replicas) == sum(behind.values())
    owned = replicas[0].registry.get_sample_value(
        "dmap_consumer_partitions_owned",
        {"service": "planning", "group": "dmap-planning", "topic": topic},
    )
    assert owned == 2
    assert (
        replicas[0].registry.get_sample_value(
            "dmap_consumer_lag",
            {"service": "planning", "group": "dmap-planning", "topic": topic, "partition": "2"},
        )
        is None
    )


def _total_lag(replicas: list[ServiceMetrics]) -> float:
    return sum(
        s.value
        for r in replicas
        for family in r.registry.collect()
        if family.name == "dmap_consumer_lag"
        for s in family.samples
    )
