"""SQL for the amendments received (applied or refused) and the checklist items."""

from collections.abc import Sequence
from uuid import UUID

from schemas.plans import AppliedAmendment, ChecklistItem
from services.planning.domain.amending import in_force
from services.runtime.connections import Connection

_RECORD = """
INSERT INTO planning.amendments (amendment_id, plan_id, payload, outcome, reason)
VALUES ($1, $2, $3, $4, $5) ON CONFLICT (amendment_id) DO NOTHING RETURNING amendment_id
"""
_APPLIED = """
SELECT payload FROM planning.amendments WHERE plan_id = $1 AND outcome = 'applied' ORDER BY seq
"""
_OPEN = """
INSERT INTO planning.checklist_items (item_id, plan_id, version, payload)
VALUES ($1, $2, $3, $4) ON CONFLICT (item_id) DO NOTHING
"""
_ITEMS = """
SELECT payload FROM planning.checklist_items WHERE plan_id = $1 ORDER BY opened_at, item_id
"""
_CLOSE = """
UPDATE planning.checklist_items
SET payload = payload || jsonb_build_object('state', 'closed', 'closed_by', $2::text,
                                            'reply', $3::text)
WHERE item_id = any($1::uuid[]) AND payload->>'state' = 'open'
"""


class PostgresAmendments:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def record(self, plan_id: str, amendment: AppliedAmendment, refusal: str | None) -> bool:
        """Remember an amendment and its outcome; False when this id was handled before."""
        found = await self._conn.fetchval(
            _RECORD,
            amendment.amendment_id,
            plan_id,
            amendment.model_dump(mode="json"),
            "refused" if refusal else "applied",
            refusal,
        )
        return found is not None

    async def applied(self, plan_id: str) -> list[AppliedAmendment]:
        """The amendments applied to a plan, in order; withdrawn ones marked not in force."""
        rows = await self._conn.fetch(_APPLIED, plan_id)
        found = [AppliedAmendment.model_validate(r["payload"]) for r in rows]
        return in_force(found)

    async def items(self, plan_id: str) -> list[ChecklistItem]:
        rows = await self._conn.fetch(_ITEMS, plan_id)
        return [ChecklistItem.model_validate(r["payload"]) for r in rows]

    async def open_items(self, plan_id: str, items: Sequence[ChecklistItem]) -> None:
        for item in items:
            await self._conn.execute(
                _OPEN, item.item_id, plan_id, item.version, item.model_dump(mode="json")
            )

    async def close_items(self, ids: Sequence[UUID], by: UUID, reply: str | None) -> None:
        await self._conn.execute(_CLOSE, list(ids), str(by), reply)
