"""docker-compose.yml as `docker compose config` reads it (no engine needed)."""

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from services.runtime.settings import REPO_ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("docker") is None, reason="the docker client is not installed"
)

PASSWORDS = {
    "DMAP_POSTGRES_PASSWORD": "admin-pw",
    "DMAP_CONSULTATIONS_DB_PASSWORD": "c-pw",
    "DMAP_PLANNING_DB_PASSWORD": "p-pw",
    "DMAP_REPORTING_DB_PASSWORD": "r-pw",
}
SERVICES = ("consultations", "planning", "reporting")


def compose_config(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    empty = tmp_path / "empty.env"  # not the developer's .env
    empty.write_text("")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DMAP_")}
    compose_file = str(REPO_ROOT / "docker-compose.yml")
    return subprocess.run(
        [
            "docker",
            "compose",
            "--env-file",
            str(empty),
            "-f",
            compose_file,
            "config",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=clean | env,
    )


@pytest.fixture
def services(tmp_path: Path) -> dict[str, Any]:
    done = compose_config(tmp_path, PASSWORDS)
    assert done.returncode == 0, done.stderr
    parsed: dict[str, Any] = json.loads(done.stdout)["services"]
    return parsed


def test_the_file_is_valid_and_complete(services: dict[str, Any]) -> None:
    assert set(services) == {"kafka", "postgres", "db-init", "topics-init", *SERVICES}
    assert services["kafka"]["image"].startswith("apache/kafka:4.")
    assert services["postgres"]["image"] == "postgres:15"  # as the local stack
    for name in SERVICES:
        for step in ("db-init", "topics-init"):
            assert services[name]["depends_on"][step]["condition"] == (
                "service_completed_successfully"
            )
    for step in ("db-init", "topics-init"):  # one-shot: the image's HEALTHCHECK is off
        assert services[step]["healthcheck"]["disable"] is True


def test_every_service_can_be_scaled(services: dict[str, Any]) -> None:
    assert services["planning"]["deploy"]["replicas"] == 2
    for name, service in services.items():
        for port in service.get("ports", []):
            # A fixed host port would make a second replica fail to start.
            assert not port.get("published"), f"{name} publishes a fixed host port"
            assert port["host_ip"] == "127.0.0.1"
        assert "container_name" not in service
        # A unique DMAP_INSTANCE per replica: left to the default (the hostname).
        assert "DMAP_INSTANCE" not in service.get("environment", {})


def test_services_log_in_as_their_own_roles_only(services: dict[str, Any]) -> None:
    for name in SERVICES:
        env = services[name]["environment"]
        url = urlsplit(env["DMAP_DATABASE_URL"])
        assert (url.username, url.password) == (None, None), "no administrator DSN"
        assert (
            env[f"DMAP_{name.upper()}_DB_PASSWORD"] == PASSWORDS[f"DMAP_{name.upper()}_DB_PASSWORD"]
        )
        others = [k for k in env if k.endswith("_DB_PASSWORD") or k.startswith("PG")]
        assert others == [f"DMAP_{name.upper()}_DB_PASSWORD"], "only its own password"
    admin = services["db-init"]["environment"]
    assert admin["PGPASSWORD"] == PASSWORDS["DMAP_POSTGRES_PASSWORD"]
    assert urlsplit(admin["DMAP_DATABASE_URL"]).password is None  # PGPASSWORD, unencoded
    assert set(PASSWORDS) - {"DMAP_POSTGRES_PASSWORD"} <= set(admin)
    assert services["db-init"]["command"] == ["dmap", "provision"]


@pytest.mark.parametrize("missing", sorted(PASSWORDS))
def test_no_default_passwords(tmp_path: Path, missing: str) -> None:
    done = compose_config(tmp_path, {k: v for k, v in PASSWORDS.items() if k != missing})
    assert done.returncode != 0
    assert f"set {missing}" in done.stderr, done.stderr
