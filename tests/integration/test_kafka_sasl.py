"""The services run against the broker's SASL/SCRAM listener as configured explicitly (what
a deployment does); a wrong password is refused."""

import asyncio
import uuid

import pytest
from aiokafka.errors import KafkaError

from dmap.stack.isolated import isolated_settings
from dmap.stack.kafka_access import as_operator
from dmap.stack.provision import KAFKA_SASL_PASSWORD, local_secrets
from services.runtime.kafka import describe_cluster
from services.runtime.settings import Settings
from tests.integration.broker_flow import consultation_reaches_a_plan


def sasl(settings: Settings, password: str) -> Settings:
    return as_operator(settings, settings.kafka_port, "SASL_PLAINTEXT", password)


async def test_a_consultation_flows_over_sasl_scram() -> None:
    base = isolated_settings("sasl")
    settings = sasl(base, local_secrets(base)[KAFKA_SASL_PASSWORD])
    await consultation_reaches_a_plan(settings, "leposaviq")


async def test_a_wrong_scram_password_is_refused() -> None:
    settings = sasl(isolated_settings("sasl-bad"), f"wrong-{uuid.uuid4()}")
    with pytest.raises((KafkaError, OSError)):
        await asyncio.wait_for(describe_cluster(settings), 20)
