from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from dmap.stack.isolated import clean_up, isolated_settings, prepare
from dmap.stack.services import ServiceProcesses
from dmap.tokens import create_token
from services.runtime.auth.roles import Role
from services.runtime.settings import Settings

# Monitoring's clock in this tier: after the school year 2026-2027 (the factories' cycle)
# has ended, so a report for any of its months is in the past and unfinished actions
# are overdue. No other service reads it.
MONITORING_TODAY = "2027-09-15"


@pytest.fixture(scope="session")
async def settings() -> AsyncIterator[Settings]:
    s = isolated_settings("it").model_copy(update={"monitoring_today": MONITORING_TODAY})
    await prepare(s)
    yield s
    await clean_up(s)


@pytest.fixture(scope="session")
def running_services(settings: Settings) -> Iterator[ServiceProcesses]:
    procs = ServiceProcesses(settings)
    procs.up(timeout_s=60)
    yield procs
    procs.down()


@pytest.fixture(scope="session")
async def tokens(running_services: ServiceProcesses) -> dict[str, str]:
    """One API token per role (the services have migrated the auth schema by now)."""
    out = {}
    # A school team's token names its school, a partner's its organisation.
    for role in set(Role) - {Role.SCHOOL_TEAM, Role.PARTNER}:
        _, out[role.value] = await create_token(running_services.settings, f"test {role}", role)
    out["consultant_b"] = (
        await create_token(running_services.settings, "test other consultant", Role.CONSULTANT)
    )[1]
    return out


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


@pytest.fixture
async def intake(
    running_services: ServiceProcesses, tokens: dict[str, str]
) -> AsyncIterator[httpx.AsyncClient]:
    """Intake as a consultant."""
    url = running_services.settings.service_url("consultations")
    async with httpx.AsyncClient(
        base_url=url, timeout=30, headers=bearer(tokens["consultant"])
    ) as client:
        yield client


@pytest.fixture
async def reporting(
    running_services: ServiceProcesses, tokens: dict[str, str]
) -> AsyncIterator[httpx.AsyncClient]:
    """Reporting as a planner."""
    url = running_services.settings.service_url("reporting")
    async with httpx.AsyncClient(
        base_url=url, timeout=30, headers=bearer(tokens["planner"])
    ) as client:
        yield client
