"""Prometheus metrics of a service: events, failures, dead letters, lag, backlog, latency.

Each app gets its own registry (several apps can live in one test process);
gauges that need a query (outbox backlog, consumer lag) are computed when
`/metrics` is scraped.
"""

import time
from datetime import UTC, datetime

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from fastapi import FastAPI, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from services.runtime.kafka import client_args
from services.runtime.settings import Settings


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
        self.lag = Gauge(
            "dmap_consumer_lag",
            "Messages behind the end of the topic.",
            ["service", "group", "topic"],
            registry=self.registry,
        )

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


async def consumer_lag(settings: Settings, group: str, topic: str) -> int:
    admin = AIOKafkaAdminClient(**client_args(settings))
    consumer = AIOKafkaConsumer(**client_args(settings))
    await admin.start()
    await consumer.start()
    try:
        committed = await admin.list_consumer_group_offsets(group)
        [described] = await admin.describe_topics([topic])
        partitions = [TopicPartition(topic, p["partition"]) for p in described["partitions"]]
        ends = await consumer.end_offsets(partitions)
        return sum(
            ends[tp]
            - (committed[tp].offset if tp in committed and committed[tp].offset >= 0 else 0)
            for tp in partitions
        )
    finally:
        await consumer.stop()
        await admin.close()


def install_metrics(app: FastAPI, metrics: ServiceMetrics, groups: dict[str, str]) -> None:
    """`/metrics` for Prometheus; `groups` maps consumer group -> topic for the lag gauge."""

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
        for group, topic in groups.items():
            metrics.lag.labels(metrics.service, group, topic).set(
                await consumer_lag(settings, group, topic)
            )
        body = generate_latest(metrics.registry)
        return Response(
            body,
            media_type=CONTENT_TYPE_LATEST,
            headers={"x-scrape-seconds": f"{time.monotonic() - started:.3f}"},
        )
