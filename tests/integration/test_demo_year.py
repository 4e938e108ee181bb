"""The demo's school year, replayed on the real stack for one municipality of its own.

`dmap.demo_year.replay_year` adopts the plan through reporting's review API (the planner
submits, the director approves), then sends a year of school, MED and CSW reports to
monitoring's API. With monitoring's clock after the year (tests/integration/conftest.py)
the missing school months, the off-track indicator and the unfinished actions are
alerts in force; a second replay is answered `already_accepted` throughout.
"""

from collections.abc import Sequence
from typing import Any

import httpx

from dmap.demo_reports import MONTHS, Story
from dmap.demo_year import Reporters, alerts_of, replay_year
from dmap.tokens import create_token
from services.runtime.auth.roles import Role
from services.runtime.settings import Settings
from tests.e2e.working_group import consult, detail_when, people

M = "dragash"
SCHOOLS = ("SHFMU Sharr", "SHFMU Brod", "SHFMU Restelicë")
STORY = Story(on_track=False, missing=((0, "2027-03"), (0, "2027-04")), late_quarters=("Q3",))


def _issue(category: str, text: str) -> dict[str, Any]:
    return {"category": category, "description": text, "severity": "high", "affected_students": 8}


def _reporters(settings: Settings) -> Reporters:
    """Each report goes with its reporter's own scoped token (made once per municipality)."""
    made: dict[str, dict[str, str]] = {}

    async def tokens(municipality: str, schools: Sequence[str]) -> dict[str, str]:
        if municipality not in made:
            out = {}
            for s in schools:
                _, out[f"school:{s}"] = await create_token(
                    settings, f"team {s}", Role.SCHOOL_TEAM, municipalities=[M], school=s
                )
            _, out["med"] = await create_token(settings, "MED", Role.MED_FOCAL, municipalities=[M])
            _, out["csw"] = await create_token(
                settings, "CSW", Role.PARTNER, municipalities=[M], organisation="csw"
            )
            made[municipality] = out
        return made[municipality]

    return tokens


async def test_a_school_year_is_replayed_once_and_leaves_its_alerts(
    settings: Settings, intake: httpx.AsyncClient
) -> None:
    who = await people(settings, M)
    for n, group in enumerate(("teacher", "parent", "school_manager")):
        await consult(
            intake,
            M,
            [
                _issue("absenteeism", "Mungesa të shpeshta në dimër."),
                _issue("distance_access", "Rruga për në shkollë është e gjatë."),
            ],
            stakeholder_group=group,
            school={"name": SCHOOLS[n], "level": "lower_secondary"},
        )
    async with httpx.AsyncClient(
        base_url=settings.service_url("reporting"),
        headers={"authorization": f"Bearer {who['planner']}"},
        timeout=30,
    ) as arta:
        await detail_when(arta, M, lambda d: d["plan"]["consultation_count"] >= 3)
        reporting, monitoring = (
            settings.service_url("reporting"),
            settings.service_url("monitoring"),
        )

        reporters = _reporters(settings)
        first = await replay_year(
            reporting, monitoring, who["planner"], who["director"], reporters, {M: STORY}
        )
        adopted = (await detail_when(arta, M, lambda d: d["status"] == "approved"))["plan"]
    expected = len(SCHOOLS) * len(MONTHS) - len(STORY.missing) + 3 + 3  # schools, MED, CSW
    assert first == {M: {"accepted": expected}}
    assert adopted["adoption"]["decision_number"].startswith("01-016/2026-")
    assert adopted["issued"]["submitted_by"] != adopted["adoption"]["adopted_by"]

    # Idempotent: the plan stays adopted, every report is recognised.
    again = await replay_year(
        reporting, monitoring, who["planner"], who["director"], reporters, {M: STORY}
    )
    assert again == {M: {"already_accepted": expected}}

    alerts = await alerts_of(monitoring, who["director"], M)
    kinds: dict[str, set[str]] = {}
    for a in alerts:
        kinds.setdefault(a["kind"], set()).add(a["subject"])
    missing = {s for s in kinds.get("report_missing", set()) if s.startswith("school:")}
    first_school = sorted(SCHOOLS)[0]  # the plan lists its schools sorted
    assert missing == {f"school:{first_school}:2027-03", f"school:{first_school}:2027-04"}
    measured = next(
        a["action_id"]
        for p in adopted["priorities"]
        for a in p["actions"]
        if a["indicator"].get("baseline_value") is not None
    )
    assert kinds["indicator_off_track"] == {measured}
    assert measured in kinds["action_overdue"]  # delayed all year, past its end month
