"""What monitoring does with what it consumes, and the alert pass after each change.

plans.v1: every issued version is kept; the approval of one (a `PlanStatusChanged`
to `approved`) starts following it, or re-tracks a plan already followed.
plan-progress.v1: each accepted report is applied to the tracked state once.
After each batch, and on a timer, the alerts of the plans touched are recomputed
and their changes published on plan-alerts.v1, through the outbox; a plan whose
state changed (touched, or an alert raised or cleared) also gets its whole new
state published on plan-tracking.v1 (`PlanTracking`, the readers' one source).
"""

import asyncio
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import structlog

from schemas.plans import (
    PlanStatusChangedEvent,
    PlanVersionIssuedEvent,
)
from schemas.progress import MeetingRecordedEvent, ProgressReportedEvent
from schemas.topics import PLAN_ALERTS, PLAN_TRACKING
from services.monitoring.domain.alerts import alerts, diff_alerts
from services.monitoring.domain.meetings import (
    MeetingKept,
    OtherMeeting,
    SameMeeting,
    record_meeting,
)
from services.monitoring.domain.progress import (
    Duplicate,
    Recorded,
    adopt_amended,
    apply_report,
    start,
)
from services.monitoring.domain.refusals import MonitoringError, Refused
from services.monitoring.domain.reports import ReporterScope, reporter_and_period
from services.monitoring.domain.snapshot import tracking, tracking_event
from services.monitoring.domain.tracking import adopted_version
from services.monitoring.unit import MonitoringUnit
from services.runtime.settings import Settings
from services.runtime.subscriber import Handled
from services.runtime.unit_of_work import CloudEvent, Units
from services.wording.catalogue import LANGS, workspace_words

log = structlog.get_logger(__name__)

Clock = Callable[[], date]


def clock_of(settings: Settings) -> Clock:
    """`DMAP_MONITORING_TODAY` when set (tests, replays), else today's date in UTC."""
    if settings.monitoring_today:
        fixed = date.fromisoformat(settings.monitoring_today)
        return lambda: fixed
    return lambda: datetime.now(UTC).date()


@dataclass(frozen=True, slots=True)
class Following:
    today: Clock

    async def issued(
        self, unit: MonitoringUnit, events: Sequence[PlanVersionIssuedEvent]
    ) -> Handled:
        applied: list[CloudEvent] = []
        for event in events:
            if await unit.following.first_time(event.id, event.type):
                await unit.following.save_issued(event.data.plan)
                applied.append(event)
        return Handled(applied)

    async def status_changed(
        self, unit: MonitoringUnit, events: Sequence[PlanStatusChangedEvent]
    ) -> Handled:
        applied: list[CloudEvent] = []
        touched: set[str] = set()
        counts = {"adopted": 0, "unknown_version": 0}
        for event in events:
            if not await unit.following.first_time(event.id, event.type):
                continue
            applied.append(event)
            change = event.data
            if change.status != "approved":
                continue
            issued = await unit.following.issued(change.plan_id, change.version)
            if issued is None:  # approval of a version never seen: nothing to follow
                counts["unknown_version"] += 1
                log.warning("approved_version_unknown", plan_id=change.plan_id, v=change.version)
                continue
            try:
                plan = adopted_version(issued, change)
            except MonitoringError as exc:
                log.warning("adoption_not_followed", plan_id=change.plan_id, reason=str(exc))
                continue
            before = await unit.following.progress(plan.plan_id, lock=True)
            if before is None:
                progress = start(plan)
            elif plan.version > before.version:
                progress = adopt_amended(before, plan)
            else:
                continue  # an older or the same version, already followed
            await unit.following.save(progress)
            counts["adopted"] += 1
            touched.add(plan.plan_id)
            log.info("plan_followed", plan_id=plan.plan_id, version=plan.version)
        await self.refresh_alerts(unit, touched)
        return Handled(applied, counts)

    async def ignored(self, unit: MonitoringUnit, events: Sequence[CloudEvent]) -> Handled:
        """Drafts, revisions and refusals on plans.v1: not monitoring's concern."""
        return Handled(())

    async def reported(
        self, unit: MonitoringUnit, events: Sequence[ProgressReportedEvent]
    ) -> Handled:
        applied: list[CloudEvent] = []
        touched: set[str] = set()
        counts = {"reports_applied": 0, "reports_duplicate": 0, "reports_refused": 0}
        for event in events:
            if not await unit.following.first_time(event.id, event.type):
                continue
            applied.append(event)
            report = event.data.report
            progress = await unit.following.progress(report.plan_id, lock=True)
            # The API checked the reporter's scope; here the state and the clock decide.
            outcome = apply_report(progress, report, today=self.today(), scope=ReporterScope())
            if isinstance(outcome, Duplicate):
                counts["reports_duplicate"] += 1
            elif isinstance(outcome, Refused):
                # Kept with the submission, so the reporter reads why (GET /progress/{id})
                # and its period stays open for a corrected report.
                counts["reports_refused"] += 1
                problems = [{"field": p.field, "reason": p.reason} for p in outcome.problems]
                await unit.following.settle(report.report_id, "refused", problems)
                log.warning("report_refused", report_id=str(report.report_id), problems=problems)
            else:
                assert isinstance(outcome, Recorded)
                reporter, period = reporter_and_period(report)
                await unit.following.save(outcome.progress)
                await unit.following.add_report(report, reporter, period)
                await unit.following.settle(report.report_id, "applied")
                counts["reports_applied"] += 1
                touched.add(report.plan_id)
        await self.refresh_alerts(unit, touched)
        return Handled(applied, counts)

    async def met(self, unit: MonitoringUnit, events: Sequence[MeetingRecordedEvent]) -> Handled:
        """A working group's meeting: kept with the plan; a decided status applied."""
        applied: list[CloudEvent] = []
        touched: set[str] = set()
        counts = {"meetings_applied": 0, "meetings_duplicate": 0, "meetings_refused": 0}
        for event in events:
            if not await unit.following.first_time(event.id, event.type):
                continue
            applied.append(event)
            meeting = event.data.meeting
            progress = await unit.following.progress(meeting.plan_id, lock=True)
            # The API checked the director's scope; here the state and the clock decide.
            outcome = record_meeting(progress, meeting, today=self.today(), municipalities=None)
            if isinstance(outcome, SameMeeting | OtherMeeting):
                counts["meetings_duplicate"] += 1  # an id applied before stays as it was
            elif isinstance(outcome, Refused):
                counts["meetings_refused"] += 1
                problems = [{"field": p.field, "reason": p.reason} for p in outcome.problems]
                await unit.meetings.refused(meeting.meeting_id, problems)
                log.warning(
                    "meeting_refused", meeting_id=str(meeting.meeting_id), problems=problems
                )
            else:
                assert isinstance(outcome, MeetingKept)
                await unit.following.save(outcome.progress)
                await unit.meetings.applied(meeting)
                counts["meetings_applied"] += 1
                touched.add(meeting.plan_id)
        await self.refresh_alerts(unit, touched)
        return Handled(applied, counts)

    async def refresh_alerts(
        self, unit: MonitoringUnit, plan_ids: Iterable[str], changed: bool = True
    ) -> int:
        """Recompute the alerts of `plan_ids`; publish what was raised or cleared, and the
        plan's snapshot when `changed` (its state was touched) or an alert changed.

        Any other write to a plan's monitoring state (minutes, say) calls this with the
        plan id after saving, so readers see the change."""
        today, now = self.today(), datetime.now(UTC)
        published = 0
        for plan_id in sorted(set(plan_ids)):
            progress = await unit.following.progress(plan_id, lock=True)
            if progress is None:
                continue
            # Worded in every workspace language, from the workspace's own catalogue.
            words = {lang: workspace_words(lang) for lang in LANGS}
            current = alerts(progress, today, words=words)
            previous = await unit.following.alerts(plan_id)
            changes = diff_alerts(previous, current, today, now)
            for change in changes:
                unit.emit(PLAN_ALERTS, plan_id, change)
            await unit.following.replace_alerts(plan_id, current, today)
            published += len(changes)
            if changed or changes:
                snapshot = tracking(progress, current, today)
                unit.emit(PLAN_TRACKING, plan_id, tracking_event(snapshot, now))
                published += 1
        return published


async def alert_pass(
    units: Units[MonitoringUnit], following: Following, snapshots: bool = False
) -> int:
    """Every followed plan's alerts, each plan in its own transaction; `snapshots`
    publishes every plan's state even if nothing changed (at start-up: a reader that
    missed one, or a snapshot shape that grew, catches up)."""
    async with units() as unit:
        plan_ids = await unit.following.plan_ids()
    published = 0
    for plan_id in plan_ids:
        async with units() as unit:
            published += await following.refresh_alerts(unit, [plan_id], changed=snapshots)
    return published


async def alert_timer(
    units: Units[MonitoringUnit], following: Following, interval_s: float
) -> None:
    """Runs `alert_pass` every `interval_s` (a day turning raises what became due)."""
    while True:
        await asyncio.sleep(interval_s)
        try:
            published = await alert_pass(units, following)
            log.info("alert_pass", published=published)
        except Exception:  # the next tick tries again; a crash here would stop alerting
            log.exception("alert_pass_failed")
