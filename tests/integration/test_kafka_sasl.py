"""The services run against the broker's SASL/SCRAM listener as configured explicitly (what
a deployment does); a wrong password is refused."""

import asyncio
import uuid

import httpx
import pytest
from aiokafka.errors import KafkaError
from pydantic import SecretStr

from dmap.stack.isolated import clean_up, isolated_settings, prepare
from dmap.stack.provision import KAFKA_SASL_PASSWORD, KAFKA_SASL_USER, local_secrets
from dmap.stack.services import ServiceProcesses
from dmap.tokens import create_token
from services.runtime.auth.roles import Role
from services.runtime.kafka import describe_cluster
from services.runtime.settings import Settings
from tests.factories import submission


def sasl(settings: Settings, password: str) -> Settings:
    return settings.model_copy(
        update={
            "kafka_bootstrap": f"{settings.host}:{settings.kafka_port}",
            "kafka_security_protocol": "SASL_PLAINTEXT",
            "kafka_sasl_mechanism": "SCRAM-SHA-512",
            "kafka_sasl_username": KAFKA_SASL_USER,
            "kafka_sasl_password": SecretStr(password),
        }
    )


async def test_a_consultation_flows_over_sasl_scram() -> None:
    base = isolated_settings("sasl")
    settings = sasl(base, local_secrets(base)[KAFKA_SASL_PASSWORD])
    await prepare(settings)  # topics are created through the SASL listener too
    procs = ServiceProcesses(settings)
    await asyncio.to_thread(procs.up, 60)
    try:
        _, consultant = await create_token(settings, "sasl consultant", Role.CONSULTANT)
        _, planner = await create_token(settings, "sasl planner", Role.PLANNER)
        body = submission(municipality="leposaviq")
        async with httpx.AsyncClient(headers={"authorization": f"Bearer {consultant}"}) as c:
            resp = await c.post(f"{settings.service_url('consultations')}/consultations", json=body)
            assert resp.status_code == 201
        async with httpx.AsyncClient(headers={"authorization": f"Bearer {planner}"}) as c:
            for _ in range(120):
                plan = await c.get(f"{settings.service_url('reporting')}/plans/leposaviq")
                if plan.status_code == 200:
                    break
                await asyncio.sleep(0.25)
        assert plan.json()["consultation_count"] == 1
        logs = (settings.home / "logs" / f"planning-{settings.planning_port}.log").read_text()
        assert "batch_applied" in logs
    finally:
        await asyncio.to_thread(procs.down)
        await clean_up(settings)


async def test_a_wrong_scram_password_is_refused() -> None:
    settings = sasl(isolated_settings("sasl-bad"), f"wrong-{uuid.uuid4()}")
    with pytest.raises((KafkaError, OSError)):
        await asyncio.wait_for(describe_cluster(settings), 20)
