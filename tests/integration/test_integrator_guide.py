"""docs/integrators.md, followed: an account from the CLI, the example consumer, a plan event.

The example (docs/examples/consume_plans.py) is not DMAP code: it imports only
the standard library and aiokafka, and runs as its own process with the
integrator's credentials, as an integrator would run it.
"""

import ast
import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx

from dmap.stack.kafka_tls import tls_files
from dmap.stack.services import ServiceProcesses
from services.runtime.settings import REPO_ROOT
from tests.factories import submission

EXAMPLE = REPO_ROOT / "docs" / "examples" / "consume_plans.py"
MUNICIPALITY = "rahovec"


def test_the_example_needs_nothing_but_the_standard_library_and_aiokafka() -> None:
    tree = ast.parse(EXAMPLE.read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    roots = {name.partition(".")[0] for name in imported}
    assert roots - set(sys.stdlib_module_names) == {"aiokafka"}


def create_account(running_services: ServiceProcesses, name: str) -> tuple[str, str]:
    """`dmap kafka user create --integrator NAME`, as the guide says; returns user, password."""
    env = {**os.environ, **running_services.settings.as_environment()}
    dmap = Path(sys.executable).parent / "dmap"
    done = subprocess.run(
        [str(dmap), "kafka", "user", "create", "--integrator", name],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = dict(line.split(":", 1) for line in done.stdout.splitlines() if ":" in line)
    return lines["user"].strip(), lines["password"].split()[0]


def run_example(
    running_services: ServiceProcesses, user: str, password: str, *args: str
) -> subprocess.Popen[str]:
    settings = running_services.settings
    env = {
        "PATH": os.environ["PATH"],
        "KAFKA_USERNAME": user,
        "KAFKA_PASSWORD": password,
        "DMAP_KAFKA_PORT": str(settings.kafka_port),
    }
    command = [sys.executable, str(EXAMPLE), "--topic-prefix", settings.topic_prefix, *args]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def first_line(process: subprocess.Popen[str], wanted: Callable[[str], bool]) -> list[str]:
    """Lines the example printed up to the first one that is `wanted` (then it is stopped)."""
    assert process.stdout is not None
    lines = []
    try:
        for line in process.stdout:
            lines.append(line.rstrip())
            if wanted(line):
                return lines
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    raise AssertionError(f"the example ended without it: {lines}\n{err}")


async def test_a_newcomer_sees_plan_events_with_the_example(
    running_services: ServiceProcesses, intake: httpx.AsyncClient, report: Callable[[str], None]
) -> None:
    started = time.monotonic()
    name = f"guide-{uuid.uuid4().hex[:6]}"
    user, password = await asyncio.to_thread(create_account, running_services, name)
    body = submission(municipality=MUNICIPALITY)
    assert (await intake.post("/consultations", json=body)).status_code == 201

    def drafted(line: str) -> bool:
        return "org.dmap.plan.drafted.v1" in line and f"municipality={MUNICIPALITY}" in line

    follower = run_example(
        running_services, user, password, "--group", f"integrator-{name}.plans", "--timeout", "120"
    )
    lines = await asyncio.to_thread(first_line, follower, drafted)
    seen_after = time.monotonic() - started
    assert lines[-1].startswith(f"{running_services.settings.topic('plans.v1')} p")
    assert f"{MUNICIPALITY}:" in lines[-1]  # the key: the plan id

    # The replay over the TLS listener, trusting the stack's CA as the guide says.
    settings = running_services.settings
    snapshots = run_example(
        running_services,
        user,
        password,
        "--bootstrap",
        f"{settings.host}:{settings.kafka_tls_port}",
        "--ca",
        str(tls_files(settings).ca),
        "--group",
        f"integrator-{name}.replay",
        "--from-snapshots",
        "--timeout",
        "60",
    )
    replay = await asyncio.to_thread(
        first_line, snapshots, lambda line: line.startswith(f"snapshot {MUNICIPALITY}:")
    )
    assert "status=draft" in replay[-1]
    report(
        f"integrator guide: account {user} created, consultation submitted, the example "
        f"printed a plan event {seen_after:.1f}s later:\n  {lines[-1]}\n  over TLS: {replay[-1]}"
    )
