"""The plan's status machine, driven by review decisions on issued versions.

    working draft ──submit_for_review──▶ version N in_review ──approve──▶ approved (adopted)
                                                   └──request_changes──▶ changes_requested
    changes_requested / approved ──submit_for_review──▶ version N+1 in_review

The plan's status is that of its latest issued version (`draft` before the
first). New evidence never changes an issued version: it revises the working
draft, which after adoption is the proposed revision.
"""

from dataclasses import dataclass

from schemas.plans import PlanStatus
from schemas.reviews import DECISIONS_BY_STATUS, Decision

DECIDED: dict[Decision, PlanStatus] = {
    "submit_for_review": "in_review",
    "approve": "approved",
    "request_changes": "changes_requested",
}


@dataclass(frozen=True, slots=True)
class Refusal:
    """A review or amendment that cannot apply; the reason is for the planner."""

    reason: str


def allowed(status: PlanStatus, decision: Decision) -> Refusal | None:
    """Why a plan in `status` cannot take `decision`, or None."""
    if decision in DECISIONS_BY_STATUS[status]:
        return None
    offered = ", ".join(DECISIONS_BY_STATUS[status])
    return Refusal(f"cannot {decision} a plan that is {status} (possible now: {offered})")
