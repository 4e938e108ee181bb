from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from dmap.stack.services import ServiceProcesses
from services.runtime.settings import Settings
from tests.isolated_stack import clean_up, isolated_settings, prepare


@pytest.fixture(scope="session")
async def settings() -> AsyncIterator[Settings]:
    s = isolated_settings("it")
    await prepare(s)
    yield s
    await clean_up(s)


@pytest.fixture(scope="session")
def running_services(settings: Settings) -> Iterator[ServiceProcesses]:
    procs = ServiceProcesses(settings)
    procs.up(timeout_s=60)
    yield procs
    procs.down()


@pytest.fixture
async def intake(running_services: ServiceProcesses) -> AsyncIterator[httpx.AsyncClient]:
    url = running_services.settings.service_url("consultations")
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        yield client


@pytest.fixture
async def reporting(running_services: ServiceProcesses) -> AsyncIterator[httpx.AsyncClient]:
    url = running_services.settings.service_url("reporting")
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        yield client
