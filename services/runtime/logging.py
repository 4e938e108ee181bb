"""One structlog configuration: JSON in services, readable console on a TTY.

Every line, DMAP's own and those of the libraries that log through stdlib
(uvicorn, aiokafka, asyncpg, faststream), goes through the same renderer and
carries the `service` it came from.
"""

import importlib.util
import logging
import sys

import structlog

_service: str | None = None


def configure_logging(level: str = "INFO", fmt: str = "auto", service: str | None = None) -> None:
    global _service
    _service = service
    json_output = fmt == "json" or (fmt == "auto" and not sys.stderr.isatty())
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        _add_service,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer()
        if json_output
        else structlog.dev.ConsoleRenderer(
            colors=sys.stderr.isatty(),
            exception_formatter=_traceback_formatter(),
        )
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    # aiokafka, asyncpg, uvicorn and faststream log through stdlib: same output.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info if json_output else _identity,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        # uvicorn installs its own plain-text handlers; route them through ours.
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True
    for noisy in ("aiokafka", "uvicorn.access", "httpx"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


def _add_service(
    _logger: object, _name: str, event: structlog.types.EventDict
) -> structlog.types.EventDict:
    """`service` on every line that does not name one already. A context variable bound
    at start-up does not reach the tasks uvicorn serves requests in; this does. It reads
    the module's current value, so loggers cached before a reconfiguration follow it."""
    if _service:
        event.setdefault("service", _service)
    return event


def _identity(
    _logger: object, _name: str, event: structlog.types.EventDict
) -> structlog.types.EventDict:
    return event


def _traceback_formatter() -> structlog.typing.ExceptionRenderer:
    """Rich tracebacks without locals when rich is installed: the locals of a planning
    frame hold the whole catalogue (megabytes per traceback)."""
    if importlib.util.find_spec("rich") is None:
        return structlog.dev.plain_traceback
    return structlog.dev.RichTracebackFormatter(show_locals=False)
