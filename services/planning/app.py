"""Composition root of the planning service (`uvicorn --factory ...:create_app`)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from services.planning.models import stop, watch_models
from services.planning.rules import catalogue, shipped_classifier
from services.planning.subscriptions import subscriptions
from services.planning.unit import postgres_unit
from services.planning.workflow import Planning, replan_outdated
from services.runtime.http import install_common
from services.runtime.kafka import build_broker
from services.runtime.lifecycle import service_resources
from services.runtime.metrics import ServiceMetrics
from services.runtime.observability import install_observability
from services.runtime.settings import ServiceName, Settings
from services.runtime.subscriber import Consumer, router_for
from services.runtime.unit_of_work import Transactions

MIGRATIONS = Path(__file__).parent / "migrations"
SERVICE: ServiceName = "planning"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    metrics = ServiceMetrics(SERVICE)
    planning = Planning(shipped_classifier(), catalogue(), four_eyes=settings.four_eyes)
    subs = subscriptions(planning)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_resources(settings, SERVICE, MIGRATIONS) as res:
            units = Transactions(settings, res.pool, res.relay, SERVICE, postgres_unit)
            consumer = Consumer(SERVICE, settings, units, metrics)
            broker = build_broker(settings, f"dmap-{SERVICE}")
            broker.include_router(router_for(consumer, subs))
            watcher = await watch_models(units, planning, settings.model_poll_s)
            await replan_outdated(units, planning)
            await broker.start()
            app.state.pool, app.state.settings, app.state.broker = res.pool, settings, broker
            try:
                yield
            finally:
                await stop(watcher)
                await broker.stop()  # lets the batch in hand finish first

    app = FastAPI(
        title="DMAP planning",
        version="0.1.0",
        description="Consumes consultations.v1 and publishes plan versions to plans.v1.",
        lifespan=lifespan,
    )
    install_common(app, SERVICE)
    install_observability(app, settings, metrics)
    return app
