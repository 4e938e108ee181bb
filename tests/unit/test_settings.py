"""Settings reach child processes through the environment, derived from the model."""

import os
from pathlib import Path

import pytest
from pydantic import SecretStr

from dmap.stack.services import ServiceProcesses
from services.runtime.settings import SERVICES, Settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only what a test sets is in the environment (the developer's DMAP_* stay out)."""
    for key in list(os.environ):
        if key.startswith("DMAP_"):
            monkeypatch.delenv(key)


def test_a_child_rebuilds_the_same_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = Settings(
        home=tmp_path,
        topic_prefix="t-1.",
        planning_port=20001,
        kafka_security_protocol="SASL_PLAINTEXT",
        kafka_sasl_username="dmap",
        kafka_sasl_password=SecretStr("s3cret"),
        kafka_ssl_cafile=tmp_path / "ca.pem",
        acquire_timeout_s=2.5,
        reporting_db_password=SecretStr("pw/with:odd@chars"),
    )
    env = parent.as_environment()
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert Settings() == parent


def test_environment_unwraps_secrets_and_skips_unset_fields(tmp_path: Path) -> None:
    env = Settings(home=tmp_path, kafka_sasl_password=SecretStr("s3cret")).as_environment()
    assert env["DMAP_KAFKA_SASL_PASSWORD"] == "s3cret"
    assert env["DMAP_HOME"] == str(tmp_path)
    assert env["DMAP_PLANNING_PORT"] == "8082"
    assert "DMAP_DATABASE_URL" not in env
    assert "DMAP_INSTANCE" not in env
    assert all(key.startswith("DMAP_") for key in env)


def test_ports_are_named_by_service() -> None:
    settings = Settings(consultations_port=1, planning_port=2, reporting_port=3, monitoring_port=4)
    assert [settings.port(s) for s in SERVICES] == [1, 2, 3, 4]
    assert settings.service_url("planning") == "http://127.0.0.1:2"


def test_children_log_json_and_get_the_local_role_passwords(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "secrets.env").write_text(
        "DMAP_CONSULTATIONS_DB_PASSWORD=from-file-c\n"
        "DMAP_PLANNING_DB_PASSWORD=from-file-p\n"
        "DMAP_REPORTING_DB_PASSWORD=from-file-r\n"
        "DMAP_KAFKA_SASL_LOCAL_PASSWORD=broker\n"
    )
    monkeypatch.setenv("DMAP_PLANNING_DB_PASSWORD", "from-environment")
    env = ServiceProcesses(Settings(home=tmp_path, log_format="console"))._env()
    assert env["DMAP_LOG_FORMAT"] == "json"
    assert env["DMAP_CONSULTATIONS_DB_PASSWORD"] == "from-file-c"
    assert env["DMAP_PLANNING_DB_PASSWORD"] == "from-environment"
    assert env["DMAP_REPORTING_DB_PASSWORD"] == "from-file-r"
    assert "DMAP_KAFKA_SASL_LOCAL_PASSWORD" not in env  # the broker's, not a service's
