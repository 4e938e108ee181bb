"""Plan versions, diffs and the review round trip, on the real broker and database."""

import json
import time
import uuid
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer

from dmap.review import publish_review, review_event
from schemas.plans import PlanRevisedEvent, PlanStatusChangedEvent
from schemas.topics import PLAN_SNAPSHOTS, PLANS
from services.runtime.kafka import client_args
from services.runtime.settings import Settings
from tests.e2e.working_group import ADOPTION
from tests.factories import submission
from tests.integration.waiting import plan_when


def issue(category: str | None, text: str, **kw: Any) -> dict[str, Any]:
    return {"category": category, "description": text, "severity": "high", **kw}


async def post(intake: httpx.AsyncClient, **kw: Any) -> str:
    body = submission(**kw)
    resp = await intake.post("/consultations", json=body)
    assert resp.status_code == 201, resp.text
    return body["consultation_id"]


async def test_versions_diffs_and_reviews(
    settings: Settings, intake: httpx.AsyncClient, reporting: httpx.AsyncClient
) -> None:
    m = "skenderaj"
    first = await post(
        intake,
        municipality=m,
        raised_issues=[
            issue(None, "Disa fëmijë lypin në rrugë gjatë mësimit.", affected_students=5)
        ],
    )
    v1 = await plan_when(reporting, m, lambda p: p["version"] >= 1)
    assert v1["plan"]["priorities"][0]["category"] == "street_situation"
    assert v1["plan"]["priorities"][0]["evidence"]["matched_terms"] == ["lyp", "ne rruge"]
    assert v1["plan"]["priorities"][0]["consultation_ids"] == [first]

    # New evidence: a second category appears -> version 2 with a diff.
    await post(
        intake,
        municipality=m,
        stakeholder_group="parent",
        raised_issues=[
            issue(
                "poverty",
                "Familjet nuk kanë para për libra dhe ushqim.",
                affected_students=30,
                affected_groups=["low_income"],
            )
        ],
    )
    v2 = await plan_when(reporting, m, lambda p: p["consultation_count"] == 2)
    assert (v2["version"], v2["revision"]) == (1, 2)  # a draft: revised, not issued
    diff = v2["revisions"][0]["diff"]
    assert (diff["from_revision"], diff["to_revision"]) == (1, 2)
    assert diff["priorities_added"] == ["poverty"]
    assert "PV-3" in diff["actions_added"]  # tailored to the low-income group reported
    assert diff["consultations_added"] == 1

    # Submit revision 2 as version 1, then approve it by another person, through
    # plan-reviews.v1 as the workspace does (operator path: no token, names compared).
    pid = v2["plan_id"]
    submit = review_event(pid, 1, "submit_for_review", "DKA Skënderaj, planner")
    await publish_review(settings, submit)
    await plan_when(reporting, m, lambda p: p["status"] == "in_review")
    mine = review_event(pid, 1, "approve", "DKA Skënderaj, planner", adoption=ADOPTION)
    await publish_review(settings, mine)  # four-eyes: refused, and shown as refused
    refused = await plan_when(
        reporting, m, lambda p: any(r["outcome"] == "refused" for r in p["reviews"])
    )
    assert "four-eyes" in next(r["reason"] for r in refused["reviews"] if r["reason"])
    await publish_review(
        settings, review_event(pid, 1, "approve", "DKA Skënderaj, director", adoption=ADOPTION)
    )
    approved = await plan_when(reporting, m, lambda p: p["status"] == "approved")
    assert approved["version"] == 1
    assert approved["adopted_version"] == 1
    assert approved["plan"]["status"] == "approved"

    # New evidence never changes the adopted plan: it revises the draft beside it.
    await post(
        intake,
        municipality=m,
        stakeholder_group="student",
        raised_issues=[issue("poverty", "Nuk kemi veshje dimërore.")],
    )
    v3 = await plan_when(reporting, m, lambda p: p["draft"]["plan"]["consultation_count"] == 3)
    assert v3["status"] == "approved"
    assert v3["plan"]["consultation_count"] == 2
    assert v3["draft"]["version"] == 2
    assert v3["proposed_revision"]
    assert [h["status"] for h in v3["history"]] == ["approved"]

    # A decision on a version not in review is refused; the draft goes through review.
    await publish_review(settings, review_event(pid, 1, "request_changes", "MASHTI"))
    await publish_review(settings, review_event(pid, 2, "submit_for_review", "DKA"))
    await plan_when(reporting, m, lambda p: p["status"] == "in_review")
    sent_back = review_event(pid, 2, "request_changes", "MASHTI", "Add costs")
    await publish_review(settings, sent_back)
    await publish_review(settings, sent_back)  # a replayed review is applied once
    final = await plan_when(reporting, m, lambda p: p["status"] == "changes_requested")
    assert final["adopted_version"] == 1
    assert final["plan"]["version"] == 1

    # What integrators see on the topics: revisions, issued versions, decisions, refusals.
    events = await read_topic(settings, settings.topic(PLANS), pid)
    kinds = [e["type"].rsplit(".", 2)[-2] for e in events]
    assert kinds[:4] == ["drafted", "revised", "version-issued", "revised"], kinds
    decided = [k for k in kinds if k != "revised"]
    assert decided == [
        "drafted",
        "version-issued",
        "request-refused",
        "status-changed",
        "request-refused",
        "version-issued",
        "status-changed",
    ], kinds
    revised = PlanRevisedEvent.model_validate(events[3])
    assert (revised.data.plan.version, revised.data.previous_version) == (2, 1)
    statuses = [
        PlanStatusChangedEvent.model_validate(e).data.status
        for e in events
        if e["type"].endswith("status-changed.v1")
    ]
    assert statuses == ["approved", "changes_requested"]
    snapshots = await read_topic(settings, settings.topic(PLAN_SNAPSHOTS), pid)
    assert snapshots[-1]["status"] == "draft"
    assert snapshots[-1]["version"] == 3

    markdown = await reporting.get(f"/plans/{m}/export.md", params={"lang": "sq"})
    assert markdown.status_code == 200
    assert "(i miratuar)" in markdown.text  # the adopted version 1 is the plan of record
    page = await reporting.get(f"/ui/plans/{m}")
    assert "PV-3" in page.text


async def read_topic(settings: Settings, topic: str, key: str) -> list[dict[str, Any]]:
    consumer = AIOKafkaConsumer(
        topic,
        **client_args(settings),
        group_id=f"t-{uuid.uuid4()}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        found: list[dict[str, Any]] = []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            if not batch and found:
                break
            found += [
                json.loads(m.value)
                for msgs in batch.values()
                for m in msgs
                if m.key == key.encode()
            ]
        return found
    finally:
        await consumer.stop()
