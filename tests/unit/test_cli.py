"""The dmap command's manners: a message and an exit code for user errors (never a
traceback), `--version`, help on every option, progress while the demo waits, and the
log format of DMAP_LOG_FORMAT."""

import argparse
import io
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import structlog

from dmap.cli import main, parser
from dmap.progress import Progress
from services.runtime.logging import configure_logging


@pytest.fixture(autouse=True)
def json_logs_again() -> Iterator[None]:
    yield
    configure_logging("INFO", "json")  # as tests/unit/conftest.py left it


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens once it is closed


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--version")
    assert code == 0
    assert out.startswith("dmap 0.")


def test_revoking_something_that_is_no_token_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "token", "revoke", "not-a-uuid")
    assert code == 2
    assert err == "error: 'not-a-uuid' is not a token id (a UUID, as `dmap token list` shows)\n"


def test_classifying_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "classify", "/nonexistent")
    assert code == 2
    assert err == "error: cannot read /nonexistent: No such file or directory\n"


def test_evaluating_a_file_that_is_not_json_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "labelled.jsonl"
    path.write_text("not json\n", encoding="utf-8")
    code, _, err = _run(capsys, "classify", str(path), "--evaluate", "--rules-only")
    assert code == 2
    assert "is not labelled JSON Lines" in err


def test_replaying_a_topic_that_is_no_dlq(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "dlq", "replay", "--topic", "nonexistent.dlq")
    assert code == 2
    assert "invalid choice: 'nonexistent.dlq'" in err
    assert "consultations.v1.dlq" in err


def test_dead_letters_come_from_a_topic_or_an_outbox_not_both(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = _run(
        capsys, "dlq", "replay", "--topic", "consultations.v1.dlq", "--outbox", "planning"
    )
    assert code == 2
    assert "not allowed with argument --topic" in err
    code, _, err = _run(capsys, "dlq", "list", "--outbox", "kafka")
    assert code == 2
    assert "invalid choice: 'kafka'" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["topics"],
        ["dlq", "list"],
        ["reporting", "rebuild"],
        ["reporting", "rebuild", "--from-snapshots"],
        ["kafka", "user", "create", "--integrator", "acme"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_kafka_commands_fail_fast_when_the_broker_is_away(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DMAP_KAFKA_BOOTSTRAP", f"127.0.0.1:{_closed_port()}")
    started = time.monotonic()
    code, _, err = _run(capsys, *argv)
    assert time.monotonic() - started < 10
    assert code == 1
    assert err.startswith("error: Kafka is not reachable (127.0.0.1:")
    assert "dmap stack up" in err


def test_review_says_when_reporting_is_down(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    port = _closed_port()
    monkeypatch.setenv("DMAP_REPORTING_PORT", str(port))
    code, _, err = _run(capsys, "review", "prizren", "submit_for_review", "--token", "dmap_x")
    assert code == 1
    assert err.startswith(f"error: reporting is not reachable at http://127.0.0.1:{port} (")


def test_token_commands_say_when_the_database_is_away(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DMAP_DATABASE_URL", f"postgresql://x@127.0.0.1:{_closed_port()}/dmap")
    code, _, err = _run(capsys, "token", "list")
    assert code == 1
    assert err.startswith("error: cannot connect (")
    assert "dmap stack up" in err


def test_a_bug_keeps_its_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    import dmap.cli

    def broken(_args: argparse.Namespace, _settings: object) -> int:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(dmap.cli, "_provision", broken)
    monkeypatch.setenv("DMAP_CONSULTATIONS_DB_PASSWORD", "x")
    with pytest.raises(ZeroDivisionError):
        main(["provision"])


def _options(p: argparse.ArgumentParser, path: str = "dmap") -> list[tuple[str, argparse.Action]]:
    found = []
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            helped = {a.dest for a in action._choices_actions}
            for name, child in action.choices.items():
                assert name in helped, f"{path} {name} has no help"
                found += _options(child, f"{path} {name}")
        elif not isinstance(action, argparse._HelpAction | argparse._VersionAction):
            found.append((path, action))
    return found


def test_every_option_and_argument_has_help() -> None:
    options = _options(parser())
    assert len(options) > 30
    missing = [f"{path} {a.dest}" for path, a in options if not a.help]
    assert missing == []


@pytest.mark.parametrize("fmt", ["json", "console"])
def test_the_cli_logs_in_the_format_of_dmap_log_format(
    fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DMAP_LOG_FORMAT", fmt)
    assert main(["schemas", "export", "--check"]) == 0
    structlog.get_logger("dmap").info("something_happened", n=1)
    line = capsys.readouterr().err.strip().splitlines()[-1]
    if fmt == "json":
        assert json.loads(line)["event"] == "something_happened"
        assert json.loads(line)["service"] == "cli"
    else:
        assert "something_happened" in line
        assert not line.startswith("{")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal() -> None:
    screen = _Terminal()
    bar = Progress("planning", 15, stream=screen)
    for done in (0, 7, 15):
        bar.update(done, "plans complete")
    bar.close()
    frames = screen.getvalue().split("\r")[1:]
    assert frames[1].startswith("planning [##############----------------] 7/15 plans complete")
    assert frames[2].startswith("planning [" + "#" * 30 + "] 15/15")
    assert screen.getvalue().endswith("\n")


def test_progress_is_plain_lines_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    log = io.StringIO()
    clock = iter([0.0, 0.0, 1.0, 2.0, 6.0, 7.0])
    monkeypatch.setattr(time, "monotonic", lambda: next(clock))
    waiting = Progress("planning", 15, stream=log, every_s=5)
    for done in (0, 3, 4, 9, 15):  # seconds 0, 1, 2, 6, 7
        waiting.update(done, "plans complete")
    waiting.close()
    assert log.getvalue().splitlines() == [
        "planning: 0/15 (plans complete) after 0s",
        "planning: 9/15 (plans complete) after 6s",
        "planning: 15/15 (plans complete) after 7s",
    ]


async def test_the_demo_shows_progress_while_the_plans_are_drafted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dmap.demo import wait_for_plans

    counts = iter([{"peje": 1}, {"peje": 2, "viti": 1}, {"peje": 2, "viti": 3}])

    def reporting(_request: httpx.Request) -> httpx.Response:
        seen = next(counts)
        plans = [{"municipality": m, "consultation_count": n} for m, n in seen.items()]
        return httpx.Response(200, json={"plans": plans})

    real = httpx.AsyncClient
    monkeypatch.setattr(
        httpx, "AsyncClient", lambda **kw: real(transport=httpx.MockTransport(reporting), **kw)
    )
    log = io.StringIO()
    waiting = Progress("planning", 2, stream=log, every_s=0)
    plans = await wait_for_plans("http://r", "t", {"peje": 2, "viti": 3}, 30, waiting)
    assert len(plans) == 2
    assert [line.split(" after ")[0] for line in log.getvalue().splitlines()] == [
        "planning: 0/2 (plans complete, 1/5 consultations counted)",
        "planning: 1/2 (plans complete, 3/5 consultations counted)",
        "planning: 2/2 (plans complete, 5/5 consultations counted)",
    ]


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (ConnectionRefusedError(111, "Connection refused"), "cannot connect ("),
        (OSError(113, "No route to host"), "cannot connect ("),
        (FileNotFoundError(2, "No such file or directory", "/x"), "cannot use /x: No such"),
        (OSError(28, "No space left on device"), "[Errno 28] No space left on device"),
        (ZeroDivisionError("a bug"), None),
    ],
    ids=lambda v: type(v).__name__,
)
def test_library_failures_become_one_line_and_bugs_stay_bugs(
    failure: BaseException, said: str | None
) -> None:
    from dmap.errors import explain

    reason = explain(failure)
    assert reason == said if said is None else str(reason).startswith(said)
