"""Composition root of the planning service (`uvicorn --factory ...:create_app`)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from schemas.topics import CONSULTATIONS, PLAN_REVIEWS
from services.planning.handlers import build_router
from services.planning.rules import catalogue, classifier_rules
from services.planning.workflow import PlanningDeps, replan_outdated
from services.runtime.http import install_common
from services.runtime.kafka import build_broker
from services.runtime.lifecycle import service_resources
from services.runtime.metrics import ServiceMetrics, install_metrics
from services.runtime.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    metrics = ServiceMetrics("planning")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_resources(settings, "planning", MIGRATIONS) as res:
            broker = build_broker(settings, "dmap-planning")
            deps = PlanningDeps(
                settings, res.pool, res.relay, classifier_rules(), catalogue(), metrics
            )
            broker.include_router(build_router(deps))
            await replan_outdated(deps)
            await broker.start()
            app.state.pool, app.state.settings, app.state.broker = res.pool, settings, broker
            try:
                yield
            finally:
                await broker.stop()  # lets the batch in hand finish first

    app = FastAPI(
        title="DMAP planning",
        version="0.1.0",
        description="Consumes consultations.v1 and publishes plan versions to plans.v1.",
        lifespan=lifespan,
    )
    install_common(app, "planning")
    prefix = settings.topic_prefix
    install_metrics(
        app,
        metrics,
        groups={
            f"{prefix}dmap-planning": settings.topic(CONSULTATIONS),
            f"{prefix}dmap-planning-reviews": settings.topic(PLAN_REVIEWS),
        },
    )
    return app
