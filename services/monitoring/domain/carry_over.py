"""What the next school year's draft learns from the plan followed this year.

Unfinished actions are carried over (marked as such, with their last status);
categories whose indicator is off track rise in priority, with the reason;
finished actions whose indicator met its target are reported as results.
"""

from datetime import date

from schemas.progress import (
    AchievedResult,
    CarriedOverAction,
    CycleCarryOver,
    OffTrackCategory,
    TrackedAction,
)
from services.monitoring.domain.periods import next_cycle
from services.monitoring.domain.state import PlanProgress
from services.monitoring.domain.tracking import FINISHED
from services.monitoring.domain.trajectory import TOLERANCE, standing, trajectory_of


def carry_over(progress: PlanProgress, today: date, tolerance: float = TOLERANCE) -> CycleCarryOver:
    carried = tuple(
        CarriedOverAction(action=a, reason=_why_carried(a))
        for a in progress.actions
        if a.status not in FINISHED
    )
    off_track = []
    results = []
    for action in progress.actions:
        judged = standing(action, progress.measurements, today, tolerance)
        if action.status == "cancelled" or judged is None:
            continue
        measurement, judgement = judged
        unit = measurement.unit or ""
        if not judgement.on_track:
            off_track.append(
                OffTrackCategory(
                    category=action.category,
                    action_id=action.action_id,
                    reason=f"{action.indicator.label.en} was {judgement.value:g} {unit} in "
                    f"{measurement.period} against {judgement.expected:.1f} {unit} expected",
                )
            )
        trajectory = trajectory_of(action.indicator)
        if action.status == "done" and trajectory and trajectory.met(judgement.value):
            results.append(
                AchievedResult(
                    action_id=action.action_id,
                    category=action.category,
                    label=action.label,
                    target_value=trajectory.target_value,
                    achieved_value=judgement.value,
                    unit=action.indicator.target_unit or unit,
                )
            )
    return CycleCarryOver(
        plan_id=progress.plan_id,
        next_cycle=next_cycle(progress.cycle),
        carried_over=carried,
        off_track=tuple(off_track),
        results=tuple(results),
    )


def _why_carried(action: TrackedAction) -> str:
    status = action.status.replace("_", " ")
    last = action.history[-1] if action.history else None
    said = (
        f"; last report ({last.period or last.on}): {last.evidence}"
        if last and last.evidence
        else ""
    )
    return f"{status} at the end of the school year (planned to end {action.end_month}){said}"
