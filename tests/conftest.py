"""Every test belongs to exactly one tier, taken from its folder."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

TIERS = ("unit", "integration", "e2e", "faults")
REPORTS = pytest.StashKey[list[str]]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[REPORTS] = []


@pytest.fixture
def report(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Adds a block of text to the summary printed at the end of the run."""
    return request.config.stash[REPORTS].append


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    for text in config.stash[REPORTS]:
        terminalreporter.write_sep("-", "report")
        terminalreporter.write_line(text)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        tier = Path(str(item.fspath)).relative_to(Path(__file__).parent).parts[0]
        if tier not in TIERS:
            raise pytest.UsageError(f"{item.nodeid} is outside the tier folders {TIERS}")
        item.add_marker(getattr(pytest.mark, tier))
