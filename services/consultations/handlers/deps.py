"""What every intake route needs, and the translation of intake errors to HTTP."""

from datetime import date
from typing import Any

from fastapi import Request
from pydantic import ValidationError

from services.consultations.domain.intake import (
    Accepted,
    ConsultationSubmission,
    IntakeError,
    accept,
    prune_errors,
)
from services.consultations.unit import IntakeUnit
from services.runtime.http import field_errors
from services.runtime.unit_of_work import Transactions

IntakeUnits = Transactions[IntakeUnit]


def intake_units(request: Request) -> IntakeUnits:
    """The service's units of work (set at start-up), as a route dependency."""
    units: IntakeUnits = request.app.state.units
    return units


def validate(raw: Any, lang: str, today: date) -> tuple[Accepted | None, list[dict[str, Any]]]:
    """A raw JSON object as an accepted record, or its field errors (no exception)."""
    try:
        return accept(ConsultationSubmission.model_validate(raw), today), []
    except ValidationError as exc:
        return None, field_errors(prune_errors(list(exc.errors())), lang)
    except IntakeError as exc:
        return None, [{"field": exc.field, "reason": exc.reason_sq if lang == "sq" else exc.reason}]
