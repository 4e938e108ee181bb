"""SQL for the learned classifier's models and the planners' corrections it learns from."""

import json
from typing import Any

from schemas.amendments import ExcludeIssue, RecategoriseIssue
from schemas.plans import AppliedAmendment
from schemas.vocabulary import IssueCategory
from services.planning.domain.amending import in_force
from services.runtime.connections import Connection

_ACTIVE_VERSION = "SELECT version FROM planning.classifier_models WHERE active"
_ACTIVE = "SELECT artifact FROM planning.classifier_models WHERE active"
_STORE = """
INSERT INTO planning.classifier_models (version, artifact, examples, corrections)
VALUES ($1, $2, $3, $4) ON CONFLICT (version) DO NOTHING
"""
_DEACTIVATE = "UPDATE planning.classifier_models SET active = false WHERE active AND version <> $1"
_ACTIVATE = "UPDATE planning.classifier_models SET active = true WHERE version = $1"
_EVIDENCE_AMENDMENTS = """
SELECT plan_id, payload FROM planning.amendments WHERE outcome = 'applied' ORDER BY plan_id, seq
"""
_ISSUE_TEXTS = """
SELECT consultation_id, payload->'raised_issues' AS issues FROM planning.consultations
WHERE consultation_id = any($1::uuid[])
"""


class PostgresModels:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def active_version(self) -> str | None:
        found = await self._conn.fetchval(_ACTIVE_VERSION)
        return str(found) if found is not None else None

    async def active(self) -> dict[str, Any] | None:
        found = await self._conn.fetchval(_ACTIVE)
        artifact: dict[str, Any] | None = json.loads(found) if isinstance(found, str) else found
        return artifact

    async def activate(self, artifact: dict[str, Any]) -> bool:
        """Store (if new) and make `artifact` the model planning uses; False if it already was."""
        version = artifact["version"]
        if await self.active_version() == version:
            return False
        trained = artifact["trained_on"]
        await self._conn.execute(
            _STORE, version, artifact, trained["examples"], trained["corrections"]
        )
        await self._conn.execute(_DEACTIVATE, version)
        await self._conn.execute(_ACTIVATE, version)
        return True

    async def corrections(self) -> list[tuple[str, tuple[IssueCategory, ...]]]:
        """Each issue a planner re-categorised (its new category) or excluded (no category),
        as text and labels, from the amendments still in force."""
        by_plan: dict[str, list[AppliedAmendment]] = {}
        for row in await self._conn.fetch(_EVIDENCE_AMENDMENTS):
            payload = row["payload"]
            payload = json.loads(payload) if isinstance(payload, str) else payload
            by_plan.setdefault(row["plan_id"], []).append(AppliedAmendment.model_validate(payload))
        labels: dict[tuple[Any, int], tuple[IssueCategory, ...]] = {}
        for amendments in by_plan.values():
            for a in in_force(amendments):
                change = a.change
                if not a.in_force or not isinstance(change, ExcludeIssue | RecategoriseIssue):
                    continue
                key = (change.consultation_id, change.issue_index)
                labels[key] = (change.category,) if isinstance(change, RecategoriseIssue) else ()
        ids = sorted({cid for cid, _ in labels}, key=str)
        texts: dict[tuple[Any, int], str] = {}
        for row in await self._conn.fetch(_ISSUE_TEXTS, ids):
            issues = row["issues"]
            issues = json.loads(issues) if isinstance(issues, str) else issues
            for index, issue in enumerate(issues):
                texts[(row["consultation_id"], index)] = issue["description"]
        return [(texts[k], labels[k]) for k in sorted(labels, key=str) if k in texts]
