import json
import shutil
import subprocess

import pytest

from services.runtime.settings import REPO_ROOT


@pytest.mark.skipif(shutil.which("docker") is None, reason="the docker client is not installed")
def test_docker_compose_file_is_valid_and_complete() -> None:
    done = subprocess.run(
        [
            "docker",
            "compose",
            "-f",
            str(REPO_ROOT / "docker-compose.yml"),
            "config",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    services = json.loads(done.stdout)["services"]
    assert set(services) == {
        "kafka",
        "postgres",
        "db-init",
        "topics-init",
        "consultations",
        "planning",
        "reporting",
    }
    assert services["kafka"]["image"].startswith("apache/kafka:4.")
    for name in ("consultations", "planning", "reporting"):
        for step in ("db-init", "topics-init"):
            assert services[name]["depends_on"][step]["condition"] == (
                "service_completed_successfully"
            )
        assert "DMAP_PLANNING_DB_PASSWORD" in services[name]["environment"]
        assert "healthcheck" in services[name]
