"""Form submissions into the unit of work: a new instance is recorded, an edit replaces.

An edit (`meta/deprecatedID`) keeps the consultation id of the first version,
replaces the stored record (the old version goes to `record_history`) and
publishes `ConsultationCorrected` on `consultations.v1`, keyed like the
original. An edit may not move a consultation to another municipality: the
original's events are ordered under the old key, so the move would race with
them; it is refused (422) and the consultant records it anew.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from uuid import UUID

from schemas.consultations import Superseded
from schemas.topics import CONSULTATIONS
from services.consultations.domain.forms import Identity
from services.consultations.domain.intake import Accepted, IntakeError, corrected_event
from services.consultations.recording import Status, row, store
from services.consultations.unit import IntakeUnit
from services.runtime.auth.tokens import Principal


@dataclass(frozen=True, slots=True)
class FormResult:
    consultation_id: UUID
    status: Status | Literal["corrected"]
    redactions: dict[str, int]


async def consultation_id(unit: IntakeUnit, ident: Identity) -> UUID:
    """The id of the first version: from the server, else through the stored instance ids."""
    if ident.root_id is not None:
        return ident.root_id
    previous = ident.deprecated_id or ident.instance_id
    return await unit.records.consultation_of(previous) or previous


async def record_form(
    unit: IntakeUnit, item: Accepted, principal: Principal, source: str, ident: Identity
) -> FormResult:
    cid = item.record.consultation_id
    owner = await unit.records.consultation_of(ident.instance_id)
    if owner not in (None, cid):  # an instance id of another consultation: refused, not a 500
        return FormResult(cid, "conflict", item.redactions)
    current = await unit.records.current(cid)
    if current is None:  # first version (or an edit whose original never reached intake)
        [stored] = await store(unit, [item], principal, source, ident.instance_id)
        return FormResult(cid, stored.status, stored.redactions)
    if owner == cid and current["instance_id"] != ident.instance_id:
        # a resent older version: already replaced by a later edit
        return FormResult(cid, "already_accepted", item.redactions)
    if not ident.is_edit or current["instance_id"] == ident.instance_id:
        same = current["fingerprint"] == item.fingerprint
        return FormResult(cid, "already_accepted" if same else "conflict", item.redactions)
    if current["municipality"] != item.record.municipality.value:
        raise IntakeError(
            "municipality",
            f"an edit cannot move a consultation from '{current['municipality']}';"
            " record it anew instead",
            f"një korrigjim nuk mund ta zhvendosë konsultimin nga '{current['municipality']}';"
            " regjistrojeni si të ri",
        )
    revision = await unit.records.replace(row(item, principal, source, ident.instance_id))
    supersedes = Superseded(revision=current["revision"], instance_id=ident.deprecated_id)
    event = corrected_event(item.record, revision, supersedes, datetime.now(UTC))
    unit.emit(CONSULTATIONS, item.record.municipality.value, event)  # same key: same order
    await unit.audit.record(
        principal, f"correct:{source}", [cid], {"revision": revision, "items": 1}
    )
    return FormResult(cid, "corrected", item.redactions)
