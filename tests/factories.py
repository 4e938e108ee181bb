"""Valid payloads for tests; no personal data, only institutional facts."""

from typing import Any
from uuid import uuid4

from schemas.consultations import ConsultationRecorded


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
