"""What every intake route needs, and the translation of intake errors to HTTP."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import asyncpg
from fastapi import Request
from pydantic import ValidationError

from services.consultations.domain.intake import (
    Accepted,
    ConsultationSubmission,
    IntakeError,
    accept,
    prune_errors,
)
from services.runtime.http import field_errors
from services.runtime.outbox import OutboxRelay
from services.runtime.settings import Settings


@dataclass(frozen=True, slots=True)
class IntakeDeps:
    settings: Settings
    pool: asyncpg.Pool
    relay: OutboxRelay


def intake_deps(request: Request) -> IntakeDeps:
    deps: IntakeDeps = request.app.state.deps
    return deps


def validate(raw: Any, lang: str, today: date) -> tuple[Accepted | None, list[dict[str, Any]]]:
    """A raw JSON object as an accepted record, or its field errors (no exception)."""
    try:
        return accept(ConsultationSubmission.model_validate(raw), today), []
    except ValidationError as exc:
        return None, field_errors(prune_errors(list(exc.errors())), lang)
    except IntakeError as exc:
        return None, [{"field": exc.field, "reason": exc.reason_sq if lang == "sq" else exc.reason}]
