"""The dmap commands on the real stack: `review` waits for the answer and a refusal is a
message and a non-zero exit; `topics` and `dlq list` answer promptly when all is up."""

import asyncio

import httpx
import pytest

from dmap.cli import main
from dmap.stack.services import ServiceProcesses
from tests.factories import submission
from tests.integration.waiting import plan_when


@pytest.fixture
def cli_environment(running_services: ServiceProcesses, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI reads its settings from the environment: those of the isolated stack."""
    for name, value in running_services.settings.as_environment().items():
        monkeypatch.setenv(name, value)


async def test_topics_and_dead_letters_answer_on_a_running_stack(
    cli_environment: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await asyncio.to_thread(main, ["topics"]) == 0
    assert capsys.readouterr().out == "all topics present\n"
    assert await asyncio.to_thread(main, ["dlq", "list", "--topic", "plans.v1.dlq"]) == 0
    assert capsys.readouterr().out.startswith("plans.v1.dlq: ")


async def test_reviewing_a_version_that_does_not_exist_exits_non_zero(
    cli_environment: None,
    intake: httpx.AsyncClient,
    reporting: httpx.AsyncClient,
    tokens: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    body = submission(municipality="gjakove")
    assert (await intake.post("/consultations", json=body)).status_code == 201
    await plan_when(reporting, "gjakove", lambda p: p["consultation_count"] >= 1)
    argv = ["review", "gjakove", "submit_for_review", "--version", "999"]
    code = await asyncio.to_thread(main, [*argv, "--token", tokens["planner"]])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    # reporting refuses it before planning sees it: the working draft is version 1
    assert err.startswith("error: reporting answered 409:")
    assert "submit the working draft, version 1" in err
