"""Fail fast, with the address, when a command's broker or service is not there
(a Kafka client otherwise retries its bootstrap servers for a minute in silence)."""

import socket

import httpx

from dmap.errors import START_HINT, CliError
from services.runtime.settings import ServiceName, Settings

CONNECT_TIMEOUT_S = 3.0


def require_kafka(settings: Settings) -> None:
    """At least one bootstrap server accepts a connection, or `CliError` naming them."""
    servers = settings.bootstrap_servers
    reasons = []
    for server in servers.split(","):
        host, _, port = server.strip().rpartition(":")
        try:
            with socket.create_connection((host.strip("[]"), int(port)), CONNECT_TIMEOUT_S):
                return
        except (OSError, ValueError) as exc:
            reasons.append(f"{server.strip()}: {exc}")
    raise CliError(f"Kafka is not reachable ({'; '.join(reasons)}); {START_HINT}")


def require_service(settings: Settings, service: ServiceName) -> str:
    """The service's base URL once its `/livez` answers, or `CliError` naming it."""
    base = settings.service_url(service)
    try:
        httpx.get(f"{base}/livez", timeout=CONNECT_TIMEOUT_S)
    except httpx.HTTPError as exc:
        raise CliError(
            f"{service} is not reachable at {base} ({exc}); "
            "is it running? `dmap services status`, `dmap services up`"
        ) from None
    return base
