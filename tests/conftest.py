"""Every test belongs to exactly one tier, taken from its folder."""

from pathlib import Path

import pytest

TIERS = ("unit", "integration", "e2e")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        tier = Path(str(item.fspath)).relative_to(Path(__file__).parent).parts[0]
        if tier not in TIERS:
            raise pytest.UsageError(f"{item.nodeid} is outside the tier folders {TIERS}")
        item.add_marker(getattr(pytest.mark, tier))
