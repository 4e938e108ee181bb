"""Property-based fuzzing of the intake API from its OpenAPI document (schemathesis).

Every check runs except the two `tests/schemathesis.toml` explains; the run
fails on any 5xx, undocumented status or content type, or response that
violates the documented schema.
"""

import asyncio
import re
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from dmap.stack.isolated import clean_up, isolated_settings, prepare
from dmap.stack.services import ServiceProcesses
from dmap.tokens import create_token
from services.runtime.auth.roles import Role

CONFIG = Path(__file__).parents[1] / "schemathesis.toml"


@pytest.fixture(scope="module")
async def fuzz_target() -> AsyncIterator[tuple[str, str]]:
    """Intake on its own database and topics: fuzzed records must not reach other tests."""
    settings = isolated_settings("fuzz")
    await prepare(settings)
    procs = ServiceProcesses(settings)
    await asyncio.to_thread(procs.up, 60)
    try:
        _, token = await create_token(settings, "fuzzer", Role.CONSULTANT)
        yield settings.service_url("consultations"), token
    finally:
        await asyncio.to_thread(procs.down)
        await clean_up(settings)


def test_intake_api_survives_fuzzing(
    fuzz_target: tuple[str, str], report: Callable[[str], None]
) -> None:
    st = shutil.which("st", path=str(Path(sys.executable).parent))
    assert st, "schemathesis is a dev dependency: pip install -e '.[dev]'"
    url, token = fuzz_target
    done = subprocess.run(
        [
            st,
            "--config-file",
            str(CONFIG),
            "run",
            f"{url}/openapi.json",
            "-H",
            f"Authorization: Bearer {token}",
            "--checks",
            "all",
            "--exclude-checks",
            "positive_data_acceptance,unsupported_method",
            "--max-examples",
            "40",
            "--seed",
            "20261126",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    summary = re.search(r"(\d+) generated, (\d+) (passed|found .*)", done.stdout)
    assert done.returncode == 0, done.stdout[-6000:]
    assert summary, done.stdout[-2000:]
    report(f"schemathesis on the intake API: {summary.group(0)}")
