"""The broker's TLS listener (SASL_SSL) with the stack's own CA: the services run over it
as a deployment configures them, and a client that does not trust the CA, or that
speaks plain SASL to it, is refused."""

import asyncio
import logging
import socket
import ssl

import pytest
from aiokafka.errors import KafkaConnectionError

from dmap.stack.isolated import isolated_settings
from dmap.stack.kafka_tls import over_tls, tls_files
from schemas.topics import PLAN_REVIEWS, PLAN_SNAPSHOTS
from services.runtime.kafka import describe_cluster
from services.runtime.settings import Settings
from tests.integration.broker_flow import consultation_reaches_a_plan
from tests.integration.test_broker_access import REFUSED, as_service, write


async def test_a_consultation_flows_over_tls() -> None:
    await consultation_reaches_a_plan(over_tls(isolated_settings("tls")), "istog")


def test_the_certificate_names_the_host_and_chains_to_the_stack_ca(settings: Settings) -> None:
    assert settings.kafka_tls_port
    context = ssl.create_default_context(cafile=str(tls_files(settings).ca))
    with (
        socket.create_connection((settings.host, settings.kafka_tls_port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname=settings.host) as tls,
    ):
        peer = tls.getpeercert()
        assert tls.version() in ("TLSv1.3", "TLSv1.2")
    assert peer is not None
    names = {str(value) for _, value in peer["subjectAltName"]}
    assert settings.host in names


async def test_a_client_without_the_ca_or_without_tls_is_refused(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    trusting = over_tls(settings)
    assert (await asyncio.wait_for(describe_cluster(trusting), 20))["brokers"]
    # The system's trust store does not know the stack's CA: the handshake fails.
    untrusting = trusting.model_copy(update={"kafka_ssl_cafile": None})
    with caplog.at_level(logging.ERROR, logger="aiokafka"), pytest.raises(KafkaConnectionError):
        await asyncio.wait_for(describe_cluster(untrusting), 20)
    assert "CERTIFICATE_VERIFY_FAILED" in caplog.text
    caplog.clear()
    # Plain SASL on the TLS port: the broker closes the connection.
    plain = trusting.model_copy(update={"kafka_security_protocol": "SASL_PLAINTEXT"})
    with caplog.at_level(logging.ERROR, logger="aiokafka"), pytest.raises(KafkaConnectionError):
        await asyncio.wait_for(describe_cluster(plain), 20)
    assert "CERTIFICATE_VERIFY_FAILED" not in caplog.text
    assert "closed" in caplog.text


async def test_a_service_account_keeps_its_acls_over_tls(
    settings: Settings, running_services: object
) -> None:
    """The TLS listener authenticates the same SCRAM accounts and applies the same ACLs."""
    tls = over_tls(settings)
    planning = as_service(settings, "planning").model_copy(
        update={k: getattr(tls, k) for k in ("kafka_bootstrap", "kafka_security_protocol")}
        | {"kafka_ssl_cafile": tls.kafka_ssl_cafile}
    )
    await write(planning, PLAN_SNAPSHOTS, b"")  # its own topic (a tombstone: harmless)
    with pytest.raises(REFUSED):
        await write(planning, PLAN_REVIEWS)  # reporting's
