"""What the bench sends: the demo's realistic records, spread over chosen municipalities.

The same records feed every scenario and its baseline, so sizes, keys and
partitions match: a raw message is the very CloudEvent intake would publish.
"""

import csv
import io
import random
from datetime import UTC, datetime
from typing import Any

from dmap.demo_data import consultations
from schemas.consultations import ConsultationRecorded
from schemas.topics import CONSULTATIONS
from schemas.vocabulary import MunicipalityCode
from services.consultations.domain.intake import recorded_event
from services.consultations.domain.spreadsheet import COLUMNS, MAX_ISSUES
from services.runtime.outbox import OutboxMessage
from services.runtime.settings import Settings
from services.runtime.unit_of_work import cloud_event_message

ALL_MUNICIPALITIES: tuple[str, ...] = tuple(m.value for m in MunicipalityCode)


def records(n: int, municipalities: tuple[str, ...] = ALL_MUNICIPALITIES) -> list[dict[str, Any]]:
    """`n` demo records, round-robin over `municipalities` (fresh ids on every run)."""
    out = consultations(n, seed=random.randrange(10**9))
    for i, item in enumerate(out):
        item["municipality"] = municipalities[i % len(municipalities)]
    return out


def recorded_messages(settings: Settings, items: list[dict[str, Any]]) -> list[OutboxMessage]:
    """The consultations.v1 messages intake's outbox would hold for `items`."""
    now = datetime.now(UTC)
    out = []
    for item in items:
        record = ConsultationRecorded.model_validate(item)
        out.append(
            cloud_event_message(
                settings.topic(CONSULTATIONS),
                record.municipality.value,
                recorded_event(record, now),
                settings.schemas_url,
            )
        )
    return out


def as_csv(items: list[dict[str, Any]]) -> bytes:
    """`items` as a spreadsheet import (CSV, UTF-8); at most three issues a row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for item in items:
        cells: dict[str, Any] = {
            "consultation_id": item["consultation_id"],
            "municipality": item["municipality"],
            "school_name": (item["school"] or {}).get("name", ""),
            "school_level": (item["school"] or {}).get("level", ""),
            "stakeholder_group": item["stakeholder_group"],
            "consultation_date": item["consultation_date"],
            "language": item["language"],
            "participant_count": item["participant_count"],
            "recommendations": " | ".join(item["recommendations"]),
        }
        for k, issue in enumerate(item["raised_issues"][:MAX_ISSUES], start=1):
            cells |= {
                f"issue{k}_category": issue["category"] or "",
                f"issue{k}_description": issue["description"],
                f"issue{k}_severity": issue["severity"],
                f"issue{k}_affected_students": issue["affected_students"] or "",
                f"issue{k}_affected_groups": "; ".join(issue["affected_groups"]),
            }
        writer.writerow([cells.get(c, "") for c in COLUMNS])
    return out.getvalue().encode("utf-8")
