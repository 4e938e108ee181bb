"""Units of work in memory: the same unit classes as the services, over dictionaries.

A unit works on a copy of the state; a clean exit makes the copy the state and
moves its emitted messages to `published`; an exception discards both, as a
rolled-back transaction does.
"""

import copy
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Generic, TypeVar

from services.runtime.outbox import OutboxMessage
from services.runtime.settings import Settings
from services.runtime.unit_of_work import UnitOfWork

S = TypeVar("S")
U = TypeVar("U", bound=UnitOfWork)


class MemoryUnits(Generic[S, U]):
    def __init__(self, state: S, bind: Callable[[S, Settings], U], settings: Settings) -> None:
        self.state = state
        self.published: list[OutboxMessage] = []
        self.commits = 0
        self._bind = bind
        self._settings = settings

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[U]:
        working = copy.deepcopy(self.state)
        unit = self._bind(working, self._settings)
        yield unit
        self.state = working
        self.published += unit.outgoing
        self.commits += 1

    def on(self, topic: str) -> list[OutboxMessage]:
        """What was published on `topic` (full name, prefix included)."""
        return [m for m in self.published if m.topic == topic]
