"""Composition root of the reporting service (`uvicorn --factory ...:create_app`)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from services.reporting.handlers.api import build_api
from services.reporting.handlers.pages import build_pages
from services.reporting.handlers.queries import ReportingContext
from services.reporting.projections import ReportingDeps, build_router
from services.reporting.projector import PROJECTIONS
from services.reporting.templating import build_templates
from services.runtime.http import install_common
from services.runtime.kafka import build_broker
from services.runtime.lifecycle import service_resources
from services.runtime.metrics import ServiceMetrics, install_metrics
from services.runtime.settings import Settings

HERE = Path(__file__).parent


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    metrics = ServiceMetrics("reporting")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_resources(settings, "reporting", HERE / "migrations") as res:
            broker = build_broker(settings, "dmap-reporting")
            broker.include_router(
                build_router(ReportingDeps(settings, res.pool, res.relay, metrics))
            )
            await broker.start()
            app.state.pool, app.state.settings, app.state.broker = res.pool, settings, broker
            app.state.ctx = ReportingContext(settings, res.pool, res.relay)
            try:
                yield
            finally:
                await broker.stop()  # lets the batch in hand finish first

    app = FastAPI(
        title="DMAP reporting",
        version="0.2.0",
        description=(
            "Draft municipal action plans for planners (pages under /ui, sign in with a "
            "planner token) and integrators (this JSON API, `Authorization: Bearer <token>`)."
        ),
        lifespan=lifespan,
    )
    install_common(app, "reporting")
    install_metrics(
        app,
        metrics,
        groups={
            f"{settings.topic_prefix}dmap-reporting-{p.topic}": settings.topic(p.topic)
            for p in PROJECTIONS
        },
    )
    templates = build_templates()
    app.include_router(build_pages(templates))
    app.include_router(build_api(templates))
    return app
