"""A planner's correction becomes a labelled example (issue 12, "done when").

On its own database and topics (activating a model changes every plan of a
database): a free-text issue the classifier doubts is listed as needing a
human; the planner files it through the workspace form, and the next plan
counts it; `dmap classify retrain` fits a model with that correction, planning
switches to it and re-drafts, and the same wording from another municipality is
now classified by the model without anyone's help.
"""

import asyncio
import re
from collections.abc import AsyncIterator

import httpx
import pytest

from dmap.retrain import retrain
from dmap.stack.isolated import clean_up, isolated_settings, prepare
from dmap.stack.services import ServiceProcesses
from dmap.tokens import create_token
from services.planning.rules import shipped_classifier
from services.runtime.auth.roles import Role
from services.runtime.settings import Settings
from tests.e2e.working_group import client, consult, detail_when

M, OTHER = "malisheve", "junik"
# Errands, apprenticeships and herding: child labour in indirect words; the test uses the first
# one the shipped classifier doubts (the corpus, and so the model, changes over time).
HERDING_TEXTS = [
    "Disa djem rrinë në ofiçinë.",
    "Disa djem nisen herët me traktor.",
    "Djemtë rrinë në ofiçinë me mjeshtrin.",
    "Ka djem që bëjnë shërbim me biçikletë për dyqanin.",
    "Çocuklar fırında çırak olarak duruyor.",
    "Disa djem mbajnë dhitë e fshatit deri në mbrëmje.",
    "Dy vëllezër i çojnë lopët në mal çdo mëngjes në vend të mësimit.",
    "Nekoliko dečaka po ceo dan čuva ovce iznad sela.",
    "Birkaç oğlan sabahtan akşama kadar köyün keçilerini otlatıyor.",
    "A few boys take the neighbours' sheep up the hill every morning.",
    # m-ec9f5f766469 (round nine) files all of the above; it still doubts these.
    "Disa djem rrinë me mjeshtrin.",
    "Disa djem janë në ofiçinë.",
    "Disa djem shkojnë me mjeshtrin e ndërtesës.",
]


def doubted_text() -> str:
    classifier = shipped_classifier()
    for text in HERDING_TEXTS:
        opinion = classifier.opinion(text)
        if opinion.state == "needs_human" and "child_labour" in {
            a.category.value for a in opinion.candidates
        }:
            return text
    raise AssertionError("the shipped model doubts none of HERDING_TEXTS: add a new one")


@pytest.fixture
async def own_stack() -> AsyncIterator[Settings]:
    s = isolated_settings("learn").model_copy(update={"model_poll_s": 1.0})
    await prepare(s)
    procs = ServiceProcesses(s)
    await asyncio.to_thread(procs.up, 90)
    try:
        yield s
    finally:
        await asyncio.to_thread(procs.down)
        await clean_up(s)


def _categories_of(plan: dict, consultation_id: str) -> set[str]:
    entries = [*plan["priorities"], *plan["other_findings"]]
    return {e["category"] for e in entries if consultation_id in e["consultation_ids"]}


async def test_a_correction_in_the_workspace_changes_the_plan_and_the_next_model(
    own_stack: Settings,
) -> None:
    s = own_stack
    herding_text = doubted_text()
    _, consultant = await create_token(s, "Field consultant", Role.CONSULTANT)
    _, planner = await create_token(s, "Arta, DKA Malishevë", Role.PLANNER, municipalities=[M])
    _, reader = await create_token(s, "MESTI reader", Role.REVIEWER)
    headers = {"authorization": f"Bearer {consultant}"}
    async with httpx.AsyncClient(
        base_url=s.service_url("consultations"), timeout=30, headers=headers
    ) as intake:
        herding = await consult(intake, M, [{"description": herding_text, "severity": "high"}])
        await consult(
            intake,
            M,
            [{"category": "poverty", "description": "Nuk kanë këpucë dimri.", "severity": "high"}],
            stakeholder_group="parent",
        )
    async with client(s, planner) as api:
        d = await detail_when(api, M, lambda d: d["draft"]["plan"]["consultation_count"] == 2)
        draft = d["draft"]["plan"]
        old_model = draft["model_version"]
        assert old_model.startswith("m-")
        assert [
            (i["consultation_id"], i["issue_index"]) for i in draft["needs_human"]["issues"]
        ] == [(herding, 0)]
        [doubt] = [c for c in draft["classification"] if c["consultation_id"] == herding]
        assert doubt["state"] == "needs_human"
        assert "child_labour" in {c["category"] for c in doubt["categories"]}
        assert _categories_of(draft, herding) == set()  # a doubt counts nowhere

        # The planner files it under child labour through the workspace form.
        async with httpx.AsyncClient(base_url=s.service_url("reporting"), timeout=30) as web:
            signin = {"token": planner, "next": "/ui"}
            assert (await web.post("/signin", data=signin)).status_code == 303
            page = (await web.get(f"/ui/plans/{M}")).text
            csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)  # type: ignore[union-attr]
            form = {
                "csrf": csrf,
                "version": d["draft"]["version"],
                "revision": d["draft"]["revision"],
                "consultation_id": herding,
                "issue_index": 0,
                "category": "child_labour",
                "reason": "Herding the village goats is work: the boys miss school for it.",
            }
            sent = await web.post(f"/ui/plans/{M}/amend/recategorise_issue", data=form)
            assert sent.status_code == 303, sent.text[:400]
        d = await detail_when(
            api, M, lambda d: "child_labour" in _categories_of(d["draft"]["plan"], herding)
        )
        assert d["draft"]["plan"]["needs_human"] is None

        # Retraining learns from the correction; planning switches and re-drafts.
        done = await retrain(s)
        assert done.activated
        assert done.corrections == 1
        assert done.version != old_model
        d = await detail_when(api, M, lambda d: d["draft"]["plan"]["model_version"] == done.version)
        assert "child_labour" in _categories_of(d["draft"]["plan"], herding)  # still the planner's

    # The same wording elsewhere: the new model files it without a planner.
    async with httpx.AsyncClient(
        base_url=s.service_url("consultations"), timeout=30, headers=headers
    ) as intake:
        issue = {"description": herding_text, "severity": "high"}
        elsewhere = await consult(intake, OTHER, [issue])
    async with client(s, reader) as api:
        d = await detail_when(api, OTHER, lambda d: d["plan"]["consultation_count"] == 1)
        plan = d["plan"]
        assert plan["model_version"] == done.version
        [learned] = [c for c in plan["classification"] if c["consultation_id"] == elsewhere]
        assert learned["state"] == "classified"
        assert [(c["category"], c["by"]) for c in learned["categories"]] == [
            ("child_labour", "model")
        ]
        assert _categories_of(plan, elsewhere) == {"child_labour"}
