"""Composition root of the reporting service (`uvicorn --factory ...:create_app`)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from services.reporting.handlers.api import build_api
from services.reporting.handlers.contract import build_contract
from services.reporting.handlers.pages import build_pages
from services.reporting.handlers.reports import build_reports
from services.reporting.handlers.web import Pages
from services.reporting.projector import SUBSCRIPTIONS
from services.reporting.templating import build_templates
from services.reporting.unit import ReportingUnit
from services.runtime.http import install_common
from services.runtime.kafka import build_broker
from services.runtime.lifecycle import service_resources
from services.runtime.metrics import ServiceMetrics
from services.runtime.observability import install_observability
from services.runtime.security_headers import SecurityHeaders
from services.runtime.settings import Settings
from services.runtime.subscriber import Consumer, router_for
from services.runtime.unit_of_work import Transactions

HERE = Path(__file__).parent


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    metrics = ServiceMetrics("reporting")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_resources(settings, "reporting", HERE / "migrations") as res:
            units = Transactions(settings, res.pool, res.relay, "reporting", ReportingUnit)
            broker = build_broker(settings, "dmap-reporting")
            broker.include_router(
                router_for(Consumer("reporting", settings, units, metrics), SUBSCRIPTIONS)
            )
            await broker.start()
            app.state.pool, app.state.settings, app.state.broker = res.pool, settings, broker
            app.state.units = units
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
    templates = build_templates()
    app.include_router(build_pages(templates))
    app.include_router(build_api(templates))
    app.include_router(build_reports(templates, Pages(templates)))
    app.include_router(build_contract(settings))
    # The workspace's script and style files: its CSP allows no inline ones.
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(SecurityHeaders)
    app.state.browser_sessions = True  # the workspace's sign-in issues them (pages.py)
    install_observability(app, settings, metrics)
    return app
