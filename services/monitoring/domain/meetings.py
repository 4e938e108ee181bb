"""A working group's meeting on an adopted plan: recorded once, or refused with reasons.

The MED director records who attended (bodies), the decisions and the minutes.
A decision may set an action's status (cancel it, mark it delayed, ...) with
its reason: that becomes a status update in the action's history, as a report's
would. Re-planning an action (new months, another lead) is an amendment of the
plan, not a decision recorded here. A quarter may have several meetings, each
under its own id; the same id again is the meeting already recorded, or, with
other content, a conflict. Pure: `today` and the recorder's municipalities are
arguments.
"""

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from schemas.progress import Decision, StatusUpdate, TrackedAction, WorkingGroupMeeting
from services.monitoring.domain.periods import first_day, month_of, quarter_months
from services.monitoring.domain.refusals import Problem, Refused
from services.monitoring.domain.state import PlanProgress

WORKING_GROUP = "Municipal working group"  # who a decided status update is reported by
# Set by the service, not part of what was decided: a resend may differ in them.
_STAMPS = frozenset({"recorded_at", "recorder_token_id"})
_NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class MeetingKept:
    progress: PlanProgress


@dataclass(frozen=True, slots=True)
class SameMeeting:
    """This meeting id was recorded before with the same content."""

    meeting_id: UUID


@dataclass(frozen=True, slots=True)
class OtherMeeting:
    """This meeting id was recorded before with other content: a correction needs a new id."""

    meeting_id: UUID


def content(meeting: WorkingGroupMeeting) -> dict[str, Any]:
    """What the group recorded, without the service's stamps (to compare a resend)."""
    return meeting.model_dump(mode="json", exclude=set(_STAMPS))


def record_meeting(
    progress: PlanProgress | None,
    meeting: WorkingGroupMeeting,
    *,
    today: date,
    municipalities: frozenset[str] | None,
) -> MeetingKept | SameMeeting | OtherMeeting | Refused:
    """Record `meeting` once, or say field by field why it cannot be recorded."""
    municipality = str(meeting.municipality)
    if municipalities is not None and municipality not in municipalities:
        return Refused((Problem("municipality", f"this token does not act for {municipality}"),))
    if progress is None or progress.plan_id != meeting.plan_id:
        return Refused((Problem("plan_id", f"{meeting.plan_id} has no adopted version"),))
    earlier = next((m for m in progress.meetings if m.meeting_id == meeting.meeting_id), None)
    if earlier is not None:
        same = content(earlier) == content(meeting)
        return SameMeeting(earlier.meeting_id) if same else OtherMeeting(earlier.meeting_id)
    problems = date_problems(progress, meeting, today) + decision_problems(progress, meeting)
    if problems:
        return Refused(problems)
    return MeetingKept(_record(progress, meeting))


def date_problems(
    progress: PlanProgress, meeting: WorkingGroupMeeting, today: date
) -> tuple[Problem, ...]:
    if meeting.cycle != progress.cycle:
        return (Problem("cycle", f"the plan is for {progress.cycle}, not {meeting.cycle}"),)
    held = meeting.held_on
    if held > today:
        return (Problem("held_on", f"{held} is in the future (today is {today})"),)
    if held < progress.adopted_on:
        return (
            Problem("held_on", f"{held} is before the plan's adoption ({progress.adopted_on})"),
        )
    begins = first_day(quarter_months(meeting.cycle, meeting.quarter)[0])
    if held < begins:
        reason = f"a review of {meeting.quarter} is held once it has begun ({begins}), not {held}"
        return (Problem("held_on", reason),)
    return ()


def decision_problems(progress: PlanProgress, meeting: WorkingGroupMeeting) -> tuple[Problem, ...]:
    problems = []
    meeting_month = month_of(meeting.held_on)
    for i, d in enumerate(meeting.decisions):
        field = f"decisions[{i}]"
        action = progress.action(d.action_id) if d.action_id else None
        if d.action_id and action is None:
            reason = f"{d.action_id} is no action of {progress.plan_id}"
            problems.append(Problem(f"{field}.action_id", reason))
        elif action is not None and d.sets_status and action.status == "cancelled":
            reason = f"{d.action_id} was cancelled; its status is no longer decided"
            problems.append(Problem(f"{field}.sets_status", reason))
        if d.due_month and d.due_month < meeting_month:
            reason = f"{d.due_month} is before the meeting ({meeting_month})"
            problems.append(Problem(f"{field}.due_month", reason))
    return tuple(problems)


def _record(progress: PlanProgress, meeting: WorkingGroupMeeting) -> PlanProgress:
    decided = {d.action_id: d for d in meeting.decisions if d.sets_status is not None}
    actions = tuple(
        _decide(a, meeting, decided[a.action_id]) if a.action_id in decided else a
        for a in progress.actions
    )
    meetings = tuple(sorted((*progress.meetings, meeting), key=meeting_order))
    return replace(progress, actions=actions, meetings=meetings)


def meeting_order(meeting: WorkingGroupMeeting) -> tuple[date, datetime, str]:
    """Oldest first: by the day held, then when recorded, then by id (a stable order)."""
    return meeting.held_on, meeting.recorded_at or _NEVER, str(meeting.meeting_id)


def _decide(action: TrackedAction, meeting: WorkingGroupMeeting, d: Decision) -> TrackedAction:
    status = d.sets_status
    assert status is not None  # only decisions that set a status are applied
    update = StatusUpdate(
        status=status,
        on=meeting.held_on,
        evidence=d.reason,
        reported_by=WORKING_GROUP,
        report_id=meeting.meeting_id,
        period=meeting.quarter,
    )
    return action.model_copy(update={"status": status, "history": (*action.history, update)})
