"""Valid payloads for tests; no personal data, only institutional facts."""

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from uuid import uuid4

from schemas.consultations import ConsultationRecorded
from schemas.plans import Plan, PlannedAction
from schemas.statistics import MunicipalStatisticsRecorded, StatisticsRow
from schemas.vocabulary import MunicipalityCode
from services.planning.domain.plan import draft_plan
from services.planning.rules import catalogue, classifier_rules


def submission(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "consultation_id": str(uuid4()),
        "municipality": "prizren",
        "school": {"name": "SHFMU Lidhja e Prizrenit", "level": "lower_secondary"},
        "stakeholder_group": "teacher",
        "consultation_date": "2026-10-12",
        "language": "sq",
        "participant_count": 6,
        "raised_issues": [
            {
                "category": "child_labour",
                "description": "Disa nxënës punojnë në treg gjatë ditës.",
                "severity": "high",
                "affected_students": 14,
                "affected_groups": ["rae", "low_income"],
            },
            {"description": "Mungon orientimi në karrierë.", "severity": "medium"},
        ],
        "recommendations": ["Bashkëpunim me Qendrën për Punë Sociale"],
        "source": "api",
    }
    body.update(overrides)
    return body


def record(**overrides: Any) -> ConsultationRecorded:
    return ConsultationRecorded.model_validate(submission(**overrides))


def rae_gap_statistics(
    municipality: str, rae_dropouts: int, rae_enrolled: int = 100
) -> MunicipalStatisticsRecorded:
    """1% dropout among 1,000 Albanian pupils; `rae_dropouts` of `rae_enrolled` Roma pupils
    (aggregates only, as a MED records them)."""
    rows = [("albanian", 1000, 10), ("roma", rae_enrolled, rae_dropouts)]
    return MunicipalStatisticsRecorded(
        statistics_id=uuid4(),
        municipality=municipality,
        school_year="2025-2026",
        source="MED records",
        recorded_on=date(2026, 10, 1),
        rows=tuple(
            StatisticsRow(
                level="primary",  # type: ignore[arg-type]
                gender="male",
                community=c,  # type: ignore[arg-type]
                enrolled=e,
                dropped_out=d,
            )
            for c, e, d in rows
        ),
    )


def drafted(municipality: str, *records: Any, statistics: Any = ()) -> Plan:
    """The plan planning drafts from `records` with the shipped rules and catalogue."""
    return draft_plan(
        MunicipalityCode(municipality),
        "2026-2027",
        records,
        classifier_rules(),
        catalogue(),
        statistics=statistics,
    )


GOLDEN = Path(__file__).parent / "data" / "golden"


@cache
def golden_plan(municipality: str) -> Plan:
    """The golden plan of `municipality`, drafted from the golden records and statistics."""
    records = [
        ConsultationRecorded.model_validate(r)
        for r in json.loads((GOLDEN / "consultations.json").read_text(encoding="utf-8"))
        if r["municipality"] == municipality
    ]
    stats = [
        MunicipalStatisticsRecorded.model_validate(s)
        for s in json.loads((GOLDEN / "statistics.json").read_text(encoding="utf-8"))
        if s["municipality"] == municipality
    ]
    return drafted(municipality, *records, statistics=stats)


def plan_actions(plan: Plan) -> list[PlannedAction]:
    return [a for p in plan.priorities for a in p.actions]


def plan_action(plan: Plan, action_id: str) -> PlannedAction:
    return next(a for a in plan_actions(plan) if a.action_id == action_id)
