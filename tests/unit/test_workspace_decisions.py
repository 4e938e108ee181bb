"""What the working group decides on in a draft, as the API shapes it and the plan page
shows it: the issues that need a human or are unclassified (with their text), the
participants' recommendations, and who classified each issue and how sure."""

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from schemas.plans import Plan
from schemas.vocabulary import IssueCategory
from services.reporting.i18n.workspace import translator
from services.reporting.rendering import triage
from services.reporting.rendering.plan_parts import engine_line
from services.reporting.templating import build_templates

GOLDEN = Path(__file__).parents[1] / "data" / "golden"
OBILIQ: dict[str, Any] = json.loads((GOLDEN / "obiliq.json").read_text(encoding="utf-8"))
RECORDS: list[dict[str, Any]] = [
    r
    for r in json.loads((GOLDEN / "consultations.json").read_text(encoding="utf-8"))
    if r["municipality"] == "obiliq"
]
BOTH = {
    "category": "child_labour",
    "by": "both",
    "confidence": 0.834,
    "terms": ["punojne"],
    "features": ["arë", "punoj"],
}


def _doubtful_plan() -> dict[str, Any]:
    """The golden obiliq draft with its first classified issue made doubtful: the model
    vetoed the rules' hit and guessed another category."""
    plan = copy.deepcopy(OBILIQ)
    first = plan["classification"][0]
    first["state"] = "needs_human"
    first["categories"] = [
        {"category": "absenteeism", "by": "rules", "confidence": 0.05, "terms": ["munges"]},
        {"category": "poverty", "by": "model", "confidence": 0.41, "features": ["libra"]},
    ]
    ref = {"consultation_id": first["consultation_id"], "issue_index": first["issue_index"]}
    plan["needs_human"] = {
        "issue_count": 1,
        "consultation_ids": [first["consultation_id"]],
        "issues": [ref],
    }
    plan["classification"][2]["categories"][0] = BOTH
    plan["model_version"] = "2026.12.1+nb.3"
    return Plan.model_validate(plan).model_dump(mode="json")  # still a valid plan


def _record(cid: str) -> dict[str, Any]:
    return next(r for r in RECORDS if r["consultation_id"] == cid)


def test_unclassified_issues_come_with_their_consultation_and_text() -> None:
    (ref,) = OBILIQ["unclassified"]["issues"]
    (found,) = triage.issues(OBILIQ, RECORDS, "unclassified")
    record = _record(ref["consultation_id"])
    issue = record["raised_issues"][ref["issue_index"]]
    assert found == {
        "consultation_id": ref["consultation_id"],
        "issue_index": ref["issue_index"],
        "stakeholder_group": record["stakeholder_group"],
        "consultation_date": record["consultation_date"],
        "language": record["language"],
        "school": (record["school"] or {}).get("name"),
        "description": issue["description"],
        "severity": issue["severity"],
        "candidates": [],
    }
    assert triage.issues(OBILIQ, RECORDS, "needs_human") == []


def test_needs_human_lists_the_candidates_surest_first_with_who_suggested_them() -> None:
    plan = _doubtful_plan()
    (found,) = triage.issues(plan, RECORDS, "needs_human")
    assert found["description"].startswith(
        _record(found["consultation_id"])["raised_issues"][0]["description"][:20]
    )
    assert [(c["category"], c["by"], c["confidence"]) for c in found["candidates"]] == [
        ("poverty", "model", 0.41),
        ("absenteeism", "rules", 0.05),
    ]
    assert found["candidates"][0]["features"] == ["libra"]
    assert found["candidates"][1]["terms"] == ["munges"]


def test_an_issue_whose_consultation_is_not_stored_yet_keeps_its_place() -> None:
    (found,) = triage.issues(OBILIQ, [], "unclassified")
    assert found["consultation_id"] == OBILIQ["unclassified"]["issues"][0]["consultation_id"]
    assert found["description"] is None
    assert found["stakeholder_group"] is None


def test_a_plan_without_issue_refs_falls_back_to_its_classification() -> None:
    plan = copy.deepcopy(OBILIQ)
    ref = plan["unclassified"]["issues"][0]
    plan["unclassified"]["issues"] = []
    plan["classification"].append({**ref, "state": "unclassified", "categories": []})
    assert triage.refs(plan, "unclassified") == [(ref["consultation_id"], ref["issue_index"])]


def test_the_plan_s_consultations_include_those_of_every_list() -> None:
    ids = set(triage.consultation_ids(_doubtful_plan()))
    assert ids == {r["consultation_id"] for r in RECORDS}


def test_recommendations_carry_their_group_and_the_actions_made_of_them() -> None:
    found = triage.recommendations(OBILIQ, RECORDS)
    expected = [(r["consultation_id"], t) for r in RECORDS for t in r["recommendations"]]
    assert sorted((f["consultation_id"], f["text"]) for f in found) == sorted(expected)
    assert all(f["stakeholder_group"] and f["added_as"] == [] for f in found)
    plan = copy.deepcopy(OBILIQ)
    local = copy.deepcopy(plan["priorities"][0]["actions"][0])
    text = found[0]["text"]
    local |= {"action_id": "L-1a2b", "origin": "local", "label": {"en": text, "sq": text}}
    plan["priorities"][0]["actions"].append(local)
    assert triage.recommendations(plan, RECORDS)[0]["added_as"] == ["L-1a2b"]


@pytest.mark.parametrize(
    ("assignment", "lang", "said"),
    [
        (BOTH, "en", "rules: punojne · model: 'arë', 'punoj' · 0.83"),
        (BOTH, "sq", "rregullat: punojne · modeli: 'arë', 'punoj' · 0,83"),
        ({**BOTH, "by": "rules", "confidence": 0.7}, "en", "rules: punojne · 0.70"),
        ({**BOTH, "by": "model", "confidence": 0.62}, "sq", "modeli: 'arë', 'punoj' · 0,62"),
        ({"category": "poverty", "by": "both", "confidence": 0.9}, "en", "rules · model · 0.90"),
    ],
)
def test_who_made_an_assignment_and_how_sure(
    assignment: dict[str, Any], lang: str, said: str
) -> None:
    assert triage.made_by(assignment, lang) == said  # type: ignore[arg-type]


def test_provenance_covers_classified_issues_only() -> None:
    plan = _doubtful_plan()
    made = triage.provenance(plan)
    first, third = plan["classification"][0], plan["classification"][2]
    assert not any(k.startswith(f"{first['consultation_id']}/0/") for k in made)
    assert made[f"{third['consultation_id']}/0/child_labour"] == (
        "rules: punojne · model: 'arë', 'punoj' · 0.83"
    )


def _body(plan: dict[str, Any], lang: str, *, edit: bool = True) -> str:
    """The plan body as the plan page renders it for the working draft."""
    ev = {
        p["category"]: [r for r in RECORDS if r["consultation_id"] in p["consultation_ids"]]
        for p in plan["priorities"]
    }
    pending = {
        "needs_human": triage.issues(plan, RECORDS, "needs_human"),
        "unclassified": triage.issues(plan, RECORDS, "unclassified"),
        "recommendations": triage.recommendations(plan, RECORDS),
    }
    source = '{% import "_plan_body.html" as pb with context %}{{ pb.body(plan, ev, edit, w) }}'
    return (
        build_templates()
        .env.from_string(source)
        .render(
            t=translator(lang),
            lang=lang,
            plan=plan,
            ev=ev,
            edit=edit,
            w=pending,
            d={"municipality": "obiliq", "draft": {"version": 1, "revision": 4, "plan": plan}},
            csrf="c" * 32,
            categories=[c.value for c in IssueCategory],
            open_items=[],
            fields_of=lambda a: {},
        )
    )


def _section(html: str, section_id: str) -> str:
    found = re.search(rf'<section class="triage" id="{section_id}".*?</section>', html, re.S)
    assert found, section_id
    return found.group(0)


def test_the_draft_lists_the_unclassified_issues_with_text_and_forms() -> None:
    html = _body(OBILIQ, "en")
    ref = OBILIQ["unclassified"]["issues"][0]
    record = _record(ref["consultation_id"])
    section = _section(html, "unclassified")
    assert "Unclassified issues" in section
    assert "(1)" in section
    assert record["raised_issues"][ref["issue_index"]]["description"] in section
    assert f'name="consultation_id" value="{ref["consultation_id"]}"' in section
    assert f'name="issue_index" value="{ref["issue_index"]}"' in section
    assert 'action="/ui/plans/obiliq/amend/exclude_issue"' in section
    assert 'formaction="/ui/plans/obiliq/amend/recategorise_issue"' in section
    assert 'value="unclassified"' not in section  # nothing to re-file it as "unclassified"
    assert " selected" not in section


def test_an_issue_that_needs_a_human_shows_its_candidates_and_preselects_the_top_one() -> None:
    html = _body(_doubtful_plan(), "en")
    section = _section(html, "needs-human")
    assert "Needs a human" in section
    assert "Poverty and cost of schooling — model: &#39;libra&#39; · 0.41" in section
    assert "Chronic absenteeism — rules: munges · 0.05" in section
    assert re.findall(r'<option value="(\w+)" selected>', section) == ["poverty"]
    assert 'formaction="/ui/plans/obiliq/amend/recategorise_issue"' in section


def test_each_recommendation_can_become_a_local_action_under_a_priority() -> None:
    html = _body(OBILIQ, "en")
    section = _section(html, "recommendations")
    text = RECORDS[0]["recommendations"][0]
    assert "Participants&#39; recommendations" in section
    assert text in section
    forms = re.findall(r'<form method="post" action="([^"]+)"', section)
    assert forms
    assert set(forms) == {"/ui/plans/obiliq/amend/add_action"}
    assert f'name="label" required maxlength="1000" size="60" value="{text}"' in section
    assert 'name="responsible" required' in section
    offered = re.findall(r'<option value="(\w+)">', section)
    assert offered[: len(OBILIQ["priorities"])] == [p["category"] for p in OBILIQ["priorities"]]


def test_the_lists_are_in_albanian_and_absent_outside_the_editable_draft() -> None:
    sq = _body(_doubtful_plan(), "sq")
    for label in (
        "Çështje që kërkojnë vendim njerëzor",
        "Çështje të paklasifikuara",
        "Rekomandimet e pjesëmarrësve",
        "Shtoje si veprim lokal",
        "modeli: &#39;libra&#39; · 0,41",
    ):
        assert label in sq
    assert "Needs a human" not in sq
    read_only = _body(_doubtful_plan(), "en", edit=False)
    assert 'id="needs-human"' not in read_only
    assert 'id="recommendations"' not in read_only


def test_the_evidence_of_a_priority_says_who_placed_each_issue() -> None:
    html = _body(_doubtful_plan(), "en", edit=False)
    made = re.findall(r'<span class="made-by"[^>]*>([^<]+)</span>', html)
    assert "rules: punojne · model: &#39;arë&#39;, &#39;punoj&#39; · 0.83" in made
    assert "rules: ashkali, romë · 0.70" in made  # the words as written
    # The doubtful issue is placed nowhere, so no priority claims it.
    assert "munges" not in " ".join(made)


def test_the_model_version_stands_beside_the_rules_version() -> None:
    plan = Plan.model_validate(_doubtful_plan())
    assert engine_line(plan, "en").endswith(f"rules {plan.rules_version} · model 2026.12.1+nb.3")
    assert engine_line(plan, "sq").endswith("· modeli 2026.12.1+nb.3")
    rules_only = Plan.model_validate(OBILIQ)
    assert "model" not in engine_line(rules_only, "en")
