"""What planners send (decisions, amendments) and the checks reporting makes before
publishing them: a refusal here is a specific 4xx; planning checks again on apply.
"""

from typing import Any
from uuid import UUID

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from schemas.amendments import (
    Change,
    EditAction,
    ExcludeIssue,
    RecategoriseIssue,
    RemoveAction,
    ReplyToItem,
)
from schemas.plans import Adoption
from schemas.reviews import DECISIONS_BY_STATUS, Decision, ReviewItem
from services.runtime.auth.http import authorize
from services.runtime.auth.roles import DECISION_PERMISSION, Permission
from services.runtime.auth.tokens import Principal
from services.runtime.http import invalid

_STRICT = ConfigDict(extra="forbid")


class ReviewRequest(BaseModel):
    model_config = _STRICT

    decision: Decision
    version: int = Field(ge=1, description="The version you decide on (to submit: the draft's).")
    comment: str = Field("", max_length=4000)
    revision: int | None = Field(None, ge=1, description="Submitting: the revision you read.")
    items: tuple[ReviewItem, ...] = Field((), max_length=50)
    adoption: Adoption | None = Field(None, description="Approving: the adoption record.")


class AmendmentRequest(BaseModel):
    model_config = _STRICT

    version: int = Field(ge=1, description="The working draft's version number.")
    revision: int = Field(ge=1, description="The working-draft revision you read.")
    change: Change
    reason: str = Field(min_length=1, max_length=2000)
    closes: tuple[UUID, ...] = Field((), max_length=20, description="Checklist item ids.")


class Refused(Exception):
    """A request reporting will not publish: the status and `{field, reason}` errors."""

    def __init__(self, status: int, field: str, reason: str) -> None:
        super().__init__(reason)
        self.status, self.errors = status, [{"field": field, "reason": reason}]

    def response(self) -> JSONResponse:
        return invalid(self.errors, status=self.status)


def check_review(principal: Principal, detail: dict[str, Any], body: ReviewRequest) -> None:
    """The decision is one this role, scope and the plan's status allow, on the right version."""
    authorize(principal, DECISION_PERMISSION[body.decision], detail["municipality"])
    status = detail["status"]
    if body.decision not in DECISIONS_BY_STATUS[status]:
        offered = ", ".join(DECISIONS_BY_STATUS[status])
        raise Refused(409, "decision", f"a plan that is {status} allows: {offered}")
    draft = detail["draft"]
    if body.decision == "submit_for_review":
        if body.version != draft["version"]:
            raise Refused(409, "version", f"submit the working draft, version {draft['version']}")
        if body.revision is not None and body.revision != draft["revision"]:
            raise Refused(
                409,
                "revision",
                f"the draft changed since revision {body.revision} (now revision "
                f"{draft['revision']}); read it again",
            )
        still_open = [i for i in detail["checklist"] if i["state"] == "open"]
        if still_open:
            raise Refused(409, "checklist", f"{len(still_open)} checklist item(s) are still open")
    elif body.decision in ("approve", "request_changes"):
        if body.version != detail["version"]:
            raise Refused(409, "version", f"version {detail['version']} is the one in review")
        if body.decision == "approve":
            if body.adoption is None:
                raise Refused(
                    422, "adoption", "approving needs the decision number, date and signatories"
                )
            issued = detail["plan"].get("issued") or {}
            if issued.get("submitted_by_token_id") == str(principal.token_id):
                raise Refused(
                    403, "decision", "you submitted this version: another person approves it"
                )


def _actions(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["action_id"]: a for p in plan["priorities"] for a in p["actions"]}


def check_amendment(
    principal: Principal,
    detail: dict[str, Any],
    body: AmendmentRequest,
    issue_count: int | None,
) -> None:
    """The amendment targets the current working draft and something in it.

    `issue_count`: raised issues of the consultation an evidence correction names
    (None when this municipality has no such consultation).
    """
    authorize(principal, Permission.AMEND, detail["municipality"])
    draft = detail["draft"]
    if body.version != draft["version"]:
        frozen = next((v for v in detail["history"] if v["version"] == body.version), None)
        adopted = frozen is not None and frozen["status"] == "approved"
        state = "adopted" if adopted else (frozen["status"] if frozen else "not the draft")
        target = "the proposed revision" if adopted else "the working draft"
        raise Refused(
            409,
            "version",
            f"version {body.version} is {state.replace('_', ' ')} and frozen; amend {target} "
            f"(version {draft['version']}, revision {draft['revision']})",
        )
    if body.revision != draft["revision"]:
        raise Refused(
            409,
            "revision",
            f"the draft changed since revision {body.revision} (now revision "
            f"{draft['revision']}); read it again",
        )
    plan = draft["plan"]
    c = body.change
    if isinstance(c, EditAction | RemoveAction):
        action = _actions(plan).get(c.action_id)
        if action is None:
            raise Refused(422, "change.action_id", f"no action {c.action_id} in the working draft")
        if isinstance(c, EditAction):
            start = c.fields.start_month or action.get("start_month")
            end = c.fields.end_month or action.get("end_month")
            if start and end and end < start:
                raise Refused(422, "change.fields.end_month", f"{end} is before {start}")
    if isinstance(c, ExcludeIssue | RecategoriseIssue):
        count = issue_count
        if count is None and str(c.consultation_id) not in _cited(plan):
            raise Refused(
                422, "change.consultation_id", "no such consultation in this municipality"
            )
        # A consultation the draft cites but reporting has not projected yet (the
        # two topics arrive independently): planning checks the index itself.
        if count is not None and c.issue_index >= count:
            raise Refused(422, "change.issue_index", f"the consultation has {count} issue(s)")
    known = {i["item_id"] for i in plan.get("checklist", [])}
    answered = [c.item_id] if isinstance(c, ReplyToItem) else []
    for item in [*body.closes, *answered]:
        if str(item) not in known:
            raise Refused(422, "closes", f"no checklist item {item} on the working draft")


def _cited(plan: dict[str, Any]) -> set[str]:
    """The consultations the draft's priorities and other findings rest on."""
    rows = [*plan.get("priorities", []), *plan.get("other_findings", [])]
    return {str(cid) for row in rows for cid in row.get("consultation_ids", [])}
