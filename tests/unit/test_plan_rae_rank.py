"""The RAE dropout gap ranks by its size (issue 13, third MED review, D.4): a gap of
several times the other pupils' rate is among the top two priorities, not last, and the
coverage gaps say whose voices on it were not heard."""

from typing import Any

import pytest

from schemas.plans import Plan
from schemas.vocabulary import IssueCategory, MunicipalityCode
from services.planning.domain.plan import draft_plan
from services.planning.domain.steering import Steering
from services.planning.rules import catalogue, classifier_rules
from tests.factories import rae_gap_statistics, record

pytestmark = pytest.mark.unit

RAE = IssueCategory.RAE_INCLUSION


def _issue(category: str, description: str) -> dict[str, Any]:
    return {"category": category, "description": description, "severity": "high"}


def _consultations(*extra: Any) -> list[Any]:
    """Five priorities well evidenced by teachers, none naming RAE pupils."""
    return [
        record(
            municipality="suhareke",
            school={"name": f"SHFMU Shkolla {n}", "level": "lower_secondary"},
            raised_issues=[
                _issue("poverty", "Familjet nuk kanë para për libra."),
                _issue("absenteeism", "Nxënësit mungojnë shpesh."),
                _issue("career_guidance", "Nuk ka orientim në karrierë."),
                _issue("psychosocial_support", "Shkolla nuk ka psikolog."),
                _issue("distance_access", "Shkolla është larg dhe nuk ka transport."),
            ],
            recommendations=[],
        )
        for n in range(3)
    ] + list(extra)


def _plan(
    rae_dropouts: int, *extra: Any, enrolled: int = 100, steering: Steering | None = None
) -> Plan:
    return draft_plan(
        MunicipalityCode("suhareke"),
        "2026-2027",
        _consultations(*extra),
        classifier_rules(),
        catalogue(),
        statistics=[rae_gap_statistics("suhareke", rae_dropouts, enrolled)],
        **({"steering": steering} if steering else {}),
    )


def _rank(plan: Plan) -> int:
    return next(p.rank for p in plan.priorities if p.category == RAE)


def test_a_gap_of_several_times_the_others_rate_ranks_among_the_top_two() -> None:
    plan = _plan(9)  # 9% against 1%
    rae = next(p for p in plan.priorities if p.category == RAE)
    assert rae.consultation_ids == ()  # from the statistics alone
    assert rae.rank <= 2
    assert rae.score == 90.0  # weighed by the gap, not a flat 10
    others = [p.score for p in plan.priorities if p.category != RAE]
    assert len(others) == 5
    assert rae.score > min(others)
    ranks = [p.rank for p in plan.priorities]
    assert ranks == list(range(1, len(ranks) + 1))
    # Three times the others' rate (6 of 200): it scores only 30, yet ranks second.
    three = _plan(6, enrolled=200)
    assert next(p.score for p in three.priorities if p.category == RAE) == 30.0
    assert _rank(three) == 2
    assert all(p.score > 30.0 for p in three.priorities if p.category != RAE)


def test_a_gap_just_over_the_threshold_ranks_by_its_score() -> None:
    # 2.5% against 1% (5 of 200): the gap fires, but it is not "several times".
    small = _plan(5, enrolled=200)
    rae = next(p for p in small.priorities if p.category == RAE)
    assert rae.score == 25.0
    assert rae.rank == len(small.priorities)  # below the five better-evidenced ones


def test_the_working_groups_move_of_the_rae_priority_still_decides_its_rank() -> None:
    plan = _plan(9, steering=Steering(moves=((RAE, 5),)))
    assert _rank(plan) == 5


def test_the_coverage_gaps_name_the_rae_voices_not_heard() -> None:
    def gaps(plan: Plan) -> list[str]:
        return [g.en for g in plan.situation.coverage_gaps if "Roma" in g.en or "NGOs" in g.en]

    none = gaps(_plan(9))
    # The statistics count Roma rows only: the parents are Roma parents (fifth reading).
    assert none == [
        "No Roma parents, education mediators, Centre for Social "
        "Work or NGOs were consulted, although the statistics show the dropout gap of "
        "their pupils; the working group invites them before adoption."
    ]
    sq = next(g.sq for g in _plan(9).situation.coverage_gaps if g.en.startswith("No Roma"))
    assert sq is not None
    assert sq.startswith("Nuk u konsultuan prindër romë")
    partners = record(
        municipality="suhareke",
        stakeholder_group="other",
        raised_issues=[_issue("rae_inclusion", "Fëmijët romë nuk regjistrohen.")],
        recommendations=[],
    )
    parents = record(
        municipality="suhareke",
        stakeholder_group="parent",
        raised_issues=[
            {**_issue("poverty", "Nuk kemi para për libra."), "affected_groups": ["rae"]}
        ],
        recommendations=[],
    )
    assert len(gaps(_plan(9, partners))) == 1  # the parents' line only
    assert gaps(_plan(9, partners))[0].startswith("No Roma parents were")
    assert gaps(_plan(9, parents))[0].startswith("No education mediators")
    assert gaps(_plan(9, partners, parents)) == []
    # Without a gap, no such line: the statistics do not ask for those voices.
    assert gaps(_plan(2)) == []
