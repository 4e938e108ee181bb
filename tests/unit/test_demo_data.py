import re
from collections import Counter

from dmap.demo_data import consultations
from schemas.vocabulary import StakeholderGroup
from services.consultations.domain.intake import ConsultationSubmission

EMAIL = re.compile(r"\S+@\S+")
PHONE = re.compile(r"\+?\d[\d\s/-]{7,}\d")


def test_demo_set_is_valid_and_covers_what_the_demo_promises() -> None:
    records = consultations(360, seed=2026)
    parsed = [ConsultationSubmission.model_validate(r) for r in records]
    assert len({p.consultation_id for p in parsed}) == 360
    assert len({p.municipality for p in parsed}) == 15
    assert {p.stakeholder_group for p in parsed} == set(StakeholderGroup)
    languages = Counter(p.language.value for p in parsed)
    assert {"sq", "sr", "en"} <= set(languages)


def test_demo_set_is_reproducible() -> None:
    assert consultations(50, seed=7) == consultations(50, seed=7)
    assert consultations(50, seed=7) != consultations(50, seed=8)


def test_demo_texts_carry_no_contact_details() -> None:
    for record in consultations(360):
        texts = [i["description"] for i in record["raised_issues"]] + record["recommendations"]
        for text in texts:
            assert not EMAIL.search(text)
            assert not PHONE.search(text)
