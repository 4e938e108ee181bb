"""What every service app installs to be observed: JSON logs from its first line,
`/metrics`, and an id, a count and a latency for each HTTP request."""

from fastapi import FastAPI

from services.runtime.logging import configure_logging
from services.runtime.metrics import ServiceMetrics, install_metrics
from services.runtime.observed_requests import ObservedRequests
from services.runtime.settings import Settings


def install_observability(app: FastAPI, settings: Settings, metrics: ServiceMetrics) -> None:
    """Call it last in `create_app`: its middleware must wrap every other one.

    uvicorn calls the app factory before it logs its own start lines, so logging is
    configured here rather than at start-up: those lines are rendered like ours.
    """
    configure_logging(settings.log_level, settings.log_format, metrics.service)
    install_metrics(app, metrics)
    app.add_middleware(ObservedRequests, metrics=metrics)
