"""Intake's unit of work: store accepted records, their events and the audit entry.

Every intake path (single, batch, spreadsheet, form webhook) ends here, inside
the caller's unit of work, so a record and its outbox event commit together.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from uuid import UUID

from schemas.topics import CONSULTATIONS
from services.consultations.domain.intake import Accepted, recorded_event
from services.consultations.unit import IntakeUnit
from services.runtime.auth.tokens import Principal

Status = Literal["accepted", "already_accepted", "conflict"]


@dataclass(frozen=True, slots=True)
class Stored:
    consultation_id: UUID
    status: Status
    redactions: dict[str, int]


def row(
    a: Accepted, principal: Principal, source: str, instance_id: UUID | None = None
) -> dict[str, Any]:
    """A record's columns in consultations.records."""
    return {
        "consultation_id": a.record.consultation_id,
        "municipality": a.record.municipality.value,
        "stakeholder_group": a.record.stakeholder_group.value,
        "consultation_date": a.record.consultation_date,
        "fingerprint": a.fingerprint,
        "payload": a.record.model_dump(mode="json"),
        "submitted_by": principal.token_id,
        "source": source,
        "redactions": a.redactions,
        "instance_id": instance_id,
    }


async def store(
    unit: IntakeUnit,
    items: list[Accepted],
    principal: Principal,
    source: str,
    instance_id: UUID | None = None,
) -> list[Stored]:
    """Insert new records and their events; replays and id conflicts are reported per item.

    `instance_id` is the form instance of a single form submission.
    """
    first: dict[UUID, int] = {}
    status: list[Status | None] = [None] * len(items)
    for i, item in enumerate(items):
        cid = item.record.consultation_id
        if cid in first:  # the same id twice in one request
            same = items[first[cid]].fingerprint == item.fingerprint
            status[i] = "already_accepted" if same else "conflict"
        else:
            first[cid] = i
    unique = [items[i] for i in first.values()]
    new = await unit.records.insert_many([row(a, principal, source, instance_id) for a in unique])
    known = await unit.records.fingerprints(
        [a.record.consultation_id for a in unique if a.record.consultation_id not in new]
    )
    for cid, i in first.items():
        if cid in new:
            status[i] = "accepted"
        else:
            status[i] = "already_accepted" if known.get(cid) == items[i].fingerprint else "conflict"
    now = datetime.now(UTC)
    for a in unique:
        if a.record.consultation_id in new:  # keyed by municipality: its plan's order
            unit.emit(CONSULTATIONS, a.record.municipality.value, recorded_event(a.record, now))
    results = [
        Stored(item.record.consultation_id, s or "conflict", item.redactions)
        for item, s in zip(items, status, strict=True)
    ]
    await unit.audit.record(
        principal,
        f"submit:{source}",
        sorted(new, key=str),
        {
            "items": len(items),
            "accepted": sum(r.status == "accepted" for r in results),
            "already_accepted": sum(r.status == "already_accepted" for r in results),
            "conflicts": sum(r.status == "conflict" for r in results),
        },
    )
    return results
