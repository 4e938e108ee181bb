"""How the monitoring domain says no: refusals are values; broken invariants raise."""

from dataclasses import dataclass


class MonitoringError(Exception):
    """The base of monitoring's domain errors (translated only at the edge)."""


class NotAdopted(MonitoringError):
    """Only an adopted plan version is tracked."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a report cannot be recorded: which field, and why (for a 4xx or a row)."""

    field: str
    reason: str


@dataclass(frozen=True, slots=True)
class Refused:
    """A report refused as a whole; nothing of it is recorded."""

    problems: tuple[Problem, ...]
