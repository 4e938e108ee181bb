"""The working group's say over what the engine ranks: corrected evidence and priorities.

These decisions act *inside* drafting (before and during ranking), so a pinned
category gets the engine's full priority with its actions, and an excluded
issue is never counted; everything else is applied afterwards (`amending.py`).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar
from uuid import UUID

from schemas.amendments import (
    DropPriority,
    ExcludeIssue,
    MovePriority,
    PinPriority,
    RecategoriseIssue,
)
from schemas.plans import AppliedAmendment
from schemas.vocabulary import IssueCategory
from services.planning.domain.evidence import Overrides

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Steering:
    overrides: Overrides = field(default_factory=dict)
    pinned: frozenset[IssueCategory] = frozenset()
    dropped: frozenset[IssueCategory] = frozenset()
    moves: tuple[tuple[IssueCategory, int], ...] = ()


NO_STEERING = Steering()


def steering_of(amendments: Sequence[AppliedAmendment]) -> Steering:
    """What the amendments in force decide about evidence and ranking (later ones win)."""
    overrides: dict[tuple[UUID, int], IssueCategory | None] = {}
    pinned: set[IssueCategory] = set()
    dropped: set[IssueCategory] = set()
    moves: list[tuple[IssueCategory, int]] = []
    for a in amendments:
        if not a.in_force:
            continue
        c = a.change
        if isinstance(c, ExcludeIssue):
            overrides[(c.consultation_id, c.issue_index)] = None
        elif isinstance(c, RecategoriseIssue):
            overrides[(c.consultation_id, c.issue_index)] = c.category
        elif isinstance(c, PinPriority):
            pinned.add(c.category)
            dropped.discard(c.category)
        elif isinstance(c, DropPriority):
            dropped.add(c.category)
            pinned.discard(c.category)
        elif isinstance(c, MovePriority):
            moves.append((c.category, c.rank))
    return Steering(overrides, frozenset(pinned), frozenset(dropped), tuple(moves))


def choose(
    ranked: Sequence[tuple[IssueCategory, T]], steering: Steering, size: int
) -> tuple[list[tuple[IssueCategory, T]], list[tuple[IssueCategory, T]]]:
    """Split the engine's ranking into priorities and other findings, as steered.

    The top `size` categories not dropped, plus every pinned one (in the engine's
    order), then each move puts its category at the rank asked for.
    """
    kept = [e for e in ranked if e[0] not in steering.dropped]
    top = kept[:size]
    top += [e for e in kept[size:] if e[0] in steering.pinned]
    for category, rank in steering.moves:
        found = next((e for e in top if e[0] == category), None)
        if found is not None:
            top.remove(found)
            top.insert(min(rank, len(top) + 1) - 1, found)
    chosen = {e[0] for e in top}
    return top, [e for e in ranked if e[0] not in chosen]
