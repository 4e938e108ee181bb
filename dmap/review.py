"""`dmap review`: record a planner's decision on a plan version as a ReviewRecorded event."""

import time
from datetime import UTC, datetime
from uuid import UUID, uuid4

import httpx

from dmap.errors import CliError
from schemas.plans import Adoption
from schemas.reviews import Decision, ReviewRecorded, ReviewRecordedEvent
from schemas.topics import PLAN_REVIEWS
from services.runtime.kafka import build_producer
from services.runtime.settings import Settings
from services.runtime.unit_of_work import cloud_event_message


def review_event(
    plan_id: str,
    version: int,
    decision: Decision,
    reviewer: str,
    comment: str = "",
    review_id: UUID | None = None,
    adoption: dict[str, object] | None = None,
) -> ReviewRecordedEvent:
    return ReviewRecordedEvent(
        id=uuid4(),
        source="/dmap/cli",
        time=datetime.now(UTC),
        subject=plan_id,
        data=ReviewRecorded(
            review_id=review_id or uuid4(),
            plan_id=plan_id,
            version=version,
            decision=decision,
            reviewer=reviewer,
            comment=comment,
            adoption=Adoption.model_validate(adoption) if adoption else None,
        ),
    )


async def publish_review(settings: Settings, event: ReviewRecordedEvent) -> None:
    message = cloud_event_message(
        settings.topic(PLAN_REVIEWS), event.data.plan_id, event, settings.schemas_url
    )
    producer = build_producer(settings, "dmap-cli")
    await producer.start()
    try:
        await producer.send_and_wait(
            message.topic,
            message.value,
            key=message.key.encode(),
            headers=[(k, v.encode()) for k, v in message.headers.items()],
        )
    finally:
        await producer.stop()


def send_review(
    settings: Settings,
    token: str,
    municipality: str,
    decision: Decision,
    version: int | None,
    comment: str,
    adoption: dict[str, object] | None = None,
    wait_s: float = 30,
) -> dict[str, object]:
    """Send a decision through the reporting API, as the workspace does, and wait for what
    planning makes of it (`outcome`: applied, refused with `reason`, or still pending)."""
    base = settings.service_url("reporting")
    headers = {"authorization": f"Bearer {token}"}
    try:
        plan = httpx.get(f"{base}/plans/{municipality}", headers=headers, timeout=10)
    except httpx.HTTPError as exc:
        raise CliError(
            f"reporting is not reachable at {base} ({exc}); is it running? "
            "`dmap services status`, `dmap services up`"
        ) from None
    if plan.status_code != 200:
        raise CliError(f"reporting answered {plan.status_code}: {plan.text}")
    detail = plan.json()
    default = detail["draft"]["version"] if decision == "submit_for_review" else detail["version"]
    body: dict[str, object] = {
        "decision": decision,
        "version": version or default,
        "comment": comment,
    }
    if decision == "submit_for_review" and version is None:
        body["revision"] = detail["draft"]["revision"]
    if adoption:
        body["adoption"] = adoption
    sent = httpx.post(
        f"{base}/plans/{municipality}/reviews", json=body, headers=headers, timeout=10
    )
    if sent.status_code != 202:
        raise CliError(f"reporting answered {sent.status_code}: {sent.text}")
    found: dict[str, object] = {"outcome": "pending", "reason": None}
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        got = httpx.get(f"{base}{sent.json()['outcome']}", headers=headers, timeout=10)
        if got.status_code == 200 and got.json()["outcome"] != "pending":
            found = got.json()
            break
        time.sleep(0.3)
    return {**sent.json(), "version": body["version"], **found}
