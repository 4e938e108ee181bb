from datetime import date
from uuid import UUID

import pytest

from services.consultations.domain.intake import (
    ConsultationSubmission,
    IntakeError,
    accept,
    clean_text,
    fingerprint,
)
from tests.factories import submission

TODAY = date(2026, 11, 26)


def test_keeps_the_client_id_and_assigns_one_when_missing() -> None:
    given = ConsultationSubmission.model_validate(submission())
    assert accept(given, TODAY).record.consultation_id == given.consultation_id
    anonymous = ConsultationSubmission.model_validate(submission(consultation_id=None))
    assert isinstance(accept(anonymous, TODAY).record.consultation_id, UUID)


def test_refuses_a_consultation_dated_in_the_future() -> None:
    sub = ConsultationSubmission.model_validate(submission(consultation_date="2026-11-27"))
    with pytest.raises(IntakeError) as info:
        accept(sub, today=TODAY)
    assert info.value.field == "consultation_date"
    assert info.value.reason_sq == "është në të ardhmen"


def test_refuses_a_consultation_dated_before_2000() -> None:
    sub = ConsultationSubmission.model_validate(submission(consultation_date="0010-10-12"))
    with pytest.raises(IntakeError, match="before 2000-01-01"):
        accept(sub, today=TODAY)


def test_fingerprint_tells_a_retry_from_a_different_record() -> None:
    body = submission()
    first = accept(ConsultationSubmission.model_validate(body), TODAY)
    retry = accept(ConsultationSubmission.model_validate(body), TODAY)
    changed = accept(ConsultationSubmission.model_validate({**body, "participant_count": 7}), TODAY)
    assert first.fingerprint == retry.fingerprint == fingerprint(retry.record)
    assert first.fingerprint != changed.fingerprint


def test_free_text_is_redacted_and_counted() -> None:
    body = submission(
        raised_issues=[
            {"description": "Nxënësja Arta mungon; tel 044 123 456.", "severity": "high"}
        ],
        recommendations=["Shkruani te prindi@example.com"],
    )
    accepted = accept(ConsultationSubmission.model_validate(body), TODAY)
    assert accepted.record.raised_issues[0].description == "Nxënësja [NAME] mungon; tel [PHONE]."
    assert accepted.record.recommendations == ("Shkruani te [EMAIL]",)
    assert accepted.redactions == {"email": 1, "name": 1, "phone": 1}


def test_control_characters_and_broken_unicode_are_cleaned() -> None:
    assert clean_text("a\x00b\x1bc\ud800d\n\te") == "abc\ufffdd\n\te"
