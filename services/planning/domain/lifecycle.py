"""The plan status machine, driven by review decisions and by new evidence.

draft ──submit_for_review──▶ in_review ──approve──▶ approved
  │                              └──request_changes──▶ changes_requested
  └──approve / request_changes (review without a separate submission step)
changes_requested ──submit_for_review──▶ in_review
Any content change (new evidence) opens a new version as `draft`; an
approved version stays in the history and is remembered as the last approved.
"""

from dataclasses import dataclass

from schemas.plans import PlanStatus
from schemas.reviews import Decision

TRANSITIONS: dict[tuple[PlanStatus, Decision], PlanStatus] = {
    ("draft", "submit_for_review"): "in_review",
    ("changes_requested", "submit_for_review"): "in_review",
    ("draft", "approve"): "approved",
    ("in_review", "approve"): "approved",
    ("draft", "request_changes"): "changes_requested",
    ("in_review", "request_changes"): "changes_requested",
}


@dataclass(frozen=True, slots=True)
class Refusal:
    """A review that cannot apply; the reason is for the log and the reviewer."""

    reason: str


def transition(
    status: PlanStatus, current_version: int, decision: Decision, reviewed_version: int
) -> PlanStatus | Refusal:
    """The status a review decision leads to, or why it is refused."""
    if reviewed_version != current_version:
        return Refusal(
            f"version {reviewed_version} was reviewed but the current version is "
            f"{current_version}; review the current version"
        )
    after = TRANSITIONS.get((status, decision))
    return after if after is not None else Refusal(f"cannot {decision} a plan that is {status}")


def after_new_evidence(status: PlanStatus, version: int, last_approved: int | None) -> int | None:
    """The last approved version remembered by the new version that new evidence opens."""
    return version if status == "approved" else last_approved
