from datetime import date
from uuid import UUID

import pytest

from services.consultations.domain.intake import (
    ConsultationSubmission,
    IntakeError,
    accept,
    fingerprint,
)
from tests.factories import submission


def test_keeps_the_client_id_and_assigns_one_when_missing() -> None:
    given = ConsultationSubmission.model_validate(submission())
    assert accept(given, date(2026, 11, 26)).consultation_id == given.consultation_id
    anonymous = ConsultationSubmission.model_validate(submission(consultation_id=None))
    assert isinstance(accept(anonymous, date(2026, 11, 26)).consultation_id, UUID)


def test_refuses_a_consultation_dated_in_the_future() -> None:
    sub = ConsultationSubmission.model_validate(submission(consultation_date="2026-11-27"))
    with pytest.raises(IntakeError) as info:
        accept(sub, today=date(2026, 11, 26))
    assert info.value.field == "consultation_date"


def test_fingerprint_tells_a_retry_from_a_different_record() -> None:
    body = submission()
    first = accept(ConsultationSubmission.model_validate(body), date(2026, 11, 26))
    retry = accept(ConsultationSubmission.model_validate(body), date(2026, 11, 26))
    changed = accept(
        ConsultationSubmission.model_validate({**body, "participant_count": 7}), date(2026, 11, 26)
    )
    assert fingerprint(first) == fingerprint(retry)
    assert fingerprint(first) != fingerprint(changed)
