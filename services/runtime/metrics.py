"""Prometheus metrics of a service: events, failures, dead letters (of topics and of the
outbox), lag, backlog, latency, HTTP requests, and the process itself (CPU, memory, file
descriptors, GC).

Each app gets its own registry (several apps can live in one test process);
gauges that need a query (outbox backlog, consumer lag) are computed when
`/metrics` is scraped.
"""

import time
from datetime import UTC, datetime

import asyncpg
from fastapi import FastAPI, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector

from services.runtime.lag import Owners, partition_lag
from services.runtime.outbox_dead_letters import waiting
from services.runtime.settings import Settings

# Request latency buckets: a page or an API answer, up to a large spreadsheet import.
HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class ServiceMetrics:
    def __init__(self, service: str) -> None:
        self.service = service
        self.registry = CollectorRegistry()
        labels = ["service", "topic"]
        self.processed = Counter(
            "dmap_events_processed", "Events applied to state.", labels, registry=self.registry
        )
        self.duplicates = Counter(
            "dmap_events_duplicate", "Redelivered events ignored.", labels, registry=self.registry
        )
        self.failures = Counter(
            "dmap_batches_failed",
            "Batches that failed and were retried.",
            labels,
            registry=self.registry,
        )
        self.dead_letters = Counter(
            "dmap_dead_letters", "Messages sent to the DLQ.", labels, registry=self.registry
        )
        self.conflicts = Counter(
            "dmap_conflicting_events",
            "Events contradicting one already applied (same plan and version), dead-lettered.",
            labels,
            registry=self.registry,
        )
        self.latency = Histogram(
            "dmap_end_to_end_seconds",
            "From the event's time to its application here.",
            labels,
            registry=self.registry,
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
        )
        self.backlog = Gauge(
            "dmap_outbox_backlog",
            "Outbox rows not yet published.",
            ["service"],
            registry=self.registry,
        )
        self.buried = Gauge(
            "dmap_outbox_dead_letters",
            "Outbox rows too large to publish, moved aside and not replayed yet.",
            ["service"],
            registry=self.registry,
        )
        self.lag = Gauge(
            "dmap_consumer_lag",
            "Messages behind the end of a partition this process owns (sum over replicas "
            "for the group's lag).",
            ["service", "group", "topic", "partition"],
            registry=self.registry,
        )
        self.owned = Gauge(
            "dmap_consumer_partitions_owned",
            "Partitions of the topic the consumer group has assigned to this process.",
            ["service", "group", "topic"],
            registry=self.registry,
        )
        self.owners = Owners()
        self.requests = Counter(
            "dmap_http_requests",
            "HTTP requests answered, by route template and status.",
            ["service", "method", "route", "status"],
            registry=self.registry,
        )
        self.request_seconds = Histogram(
            "dmap_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template.",
            ["service", "method", "route"],
            registry=self.registry,
            buckets=HTTP_BUCKETS,
        )
        # The process: process_* (CPU, memory, open fds), python_info, python_gc_*.
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        GCCollector(registry=self.registry)

    def applied(
        self, topic: str, applied: int, duplicates: int, dead: int, event_times: list[datetime]
    ) -> None:
        self.processed.labels(self.service, topic).inc(applied)
        self.duplicates.labels(self.service, topic).inc(duplicates)
        self.dead_letters.labels(self.service, topic).inc(dead)
        now = datetime.now(UTC)
        for t in event_times:
            # An event time without a zone (the schema allows it) is taken as UTC.
            aware = t if t.tzinfo else t.replace(tzinfo=UTC)
            self.latency.labels(self.service, topic).observe(max((now - aware).total_seconds(), 0))

    def answered(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(self.service, method, route, str(status)).inc()
        self.request_seconds.labels(self.service, method, route).observe(seconds)

    async def report_lag(self, settings: Settings) -> None:
        """Set the lag of every partition owned now; partitions owned no more disappear."""
        self.lag.clear()
        for owned in self.owners:
            self.owned.labels(self.service, owned.group, owned.topic).set(len(owned.partitions))
            for partition, behind in (await partition_lag(settings, owned)).items():
                self.lag.labels(self.service, owned.group, owned.topic, str(partition)).set(behind)


def install_metrics(app: FastAPI, metrics: ServiceMetrics) -> None:
    """`/metrics` for Prometheus: the outbox backlog and the lag of the partitions this
    process owns are computed for each scrape."""

    @app.get(
        "/metrics",
        tags=["operations"],
        response_class=Response,
        responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}},
    )
    async def scrape(request: Request) -> Response:
        settings: Settings = request.app.state.settings
        pool: asyncpg.Pool = request.app.state.pool
        started = time.monotonic()
        async with pool.acquire(timeout=5) as conn:
            metrics.backlog.labels(metrics.service).set(
                await conn.fetchval(
                    f"SELECT count(*) FROM {metrics.service}.outbox WHERE published_at IS NULL"
                )
            )
            metrics.buried.labels(metrics.service).set(await waiting(conn, metrics.service))
        await metrics.report_lag(settings)
        body = generate_latest(metrics.registry)
        return Response(
            body,
            media_type=CONTENT_TYPE_LATEST,
            headers={"x-scrape-seconds": f"{time.monotonic() - started:.3f}"},
        )
