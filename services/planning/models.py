"""Which classifier model planning uses: the active one in the database, else the shipped.

`dmap classify retrain` activates a model in `planning.classifier_models`; a
running planning service notices within `DMAP_MODEL_POLL_S` seconds, switches
to it and re-drafts every plan drafted with another model, as after a rules
change.
"""

import asyncio
import contextlib

import structlog

from services.planning.domain.text_model import TextModel
from services.planning.rules import shipped_model
from services.planning.unit import PlanningUnit
from services.planning.workflow import Planning, replan_outdated
from services.runtime.unit_of_work import Units

log = structlog.get_logger(__name__)


async def refresh_model(units: Units[PlanningUnit], planning: Planning) -> bool:
    """Switch to the active model if it is not the one in use; True when switched."""
    async with units() as unit:
        version = await unit.models.active_version()
        if version == (planning.classifier.model_version or None):
            return False
        artifact = await unit.models.active() if version else None
    model = TextModel.from_dict(artifact) if artifact else shipped_model()
    if model is not None and model.version == planning.classifier.model_version:
        return False
    planning.use_model(model)
    log.info("classifier_model_in_use", model_version=model.version if model else None)
    return True


async def watch_models(
    units: Units[PlanningUnit], planning: Planning, every_s: float
) -> "asyncio.Task[None]":
    """Load the active model now, then keep checking in the background."""
    await refresh_model(units, planning)

    async def loop() -> None:
        while True:
            await asyncio.sleep(every_s)
            try:
                if await refresh_model(units, planning):
                    await replan_outdated(units, planning)
            except Exception:  # a failed check is retried at the next tick
                log.exception("classifier_model_check_failed")

    task = asyncio.create_task(loop(), name="classifier-model-watch")
    task.add_done_callback(lambda t: t.cancelled() or t.exception())
    return task


async def stop(task: "asyncio.Task[None]") -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
