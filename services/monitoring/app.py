"""Composition root of the monitoring service (`uvicorn --factory ...:create_app`)."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from services.monitoring import api, forms, imports, minutes
from services.monitoring.following import Following, alert_pass, alert_timer, clock_of
from services.monitoring.subscriptions import subscriptions
from services.monitoring.unit import MonitoringUnit
from services.runtime.http import install_common
from services.runtime.kafka import build_broker
from services.runtime.lifecycle import service_resources
from services.runtime.limits import BodyLimit
from services.runtime.metrics import ServiceMetrics
from services.runtime.observability import install_observability
from services.runtime.settings import ServiceName, Settings
from services.runtime.subscriber import Consumer, router_for
from services.runtime.unit_of_work import Transactions

MIGRATIONS = Path(__file__).parent / "migrations"
SERVICE: ServiceName = "monitoring"
JSON_LIMIT = 256 * 1024  # a quarterly report with every action and measurement fits
IMPORT_LIMIT = 6 * 1024 * 1024  # a spreadsheet of reports (5 MB) and its multipart framing


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    metrics = ServiceMetrics(SERVICE)
    following = Following(clock_of(settings))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_resources(settings, SERVICE, MIGRATIONS) as res:
            units = Transactions(settings, res.pool, res.relay, SERVICE, MonitoringUnit)
            consumer = Consumer(SERVICE, settings, units, metrics)
            broker = build_broker(settings, f"dmap-{SERVICE}")
            broker.include_router(router_for(consumer, subscriptions(following)))
            app.state.pool, app.state.settings, app.state.broker = res.pool, settings, broker
            app.state.units, app.state.today = units, following.today
            # what became due while it was down, and every plan's state for the readers
            await alert_pass(units, following, snapshots=True)
            await broker.start()
            timer = asyncio.create_task(
                alert_timer(units, following, settings.monitoring_alert_interval_s)
            )
            try:
                yield
            finally:
                timer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await timer
                await broker.stop()  # lets the batch in hand finish first

    app = FastAPI(
        title="DMAP monitoring",
        version="0.1.0",
        description=(
            "Follows adopted plans (from plans.v1): progress reports in (`POST /progress`, "
            "`POST /progress/import`, the XLSForm webhook `POST /forms/submissions`), the "
            "working group's decisions and minutes (`POST /meetings`), "
            "tracked actions and alerts out; publishes plan-progress.v1, plan-alerts.v1 and "
            "plan-tracking.v1. "
            "Every call needs `Authorization: Bearer <token>`."
        ),
        lifespan=lifespan,
    )
    install_common(app, SERVICE)
    app.add_middleware(
        BodyLimit,
        limit_for=lambda path: IMPORT_LIMIT if path in imports.IMPORT_PATHS else JSON_LIMIT,
    )
    app.include_router(api.router)
    app.include_router(forms.router)
    app.include_router(imports.router)
    app.include_router(minutes.router)
    # The workspace's forms forward the signed-in person's session (X-DMAP-Session):
    # the school team's month and the MED's quarter, the director's meetings. Only there.
    app.state.forwarded_sessions = frozenset({"/progress", "/meetings"})
    install_observability(app, settings, metrics)
    return app
