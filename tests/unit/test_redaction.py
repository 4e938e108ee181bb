"""Redaction corpus: planted personal data must not survive; ordinary text must."""

import pytest

from services.admission.redaction import redact

PLANTED = [
    ("Nxënësja Arta Krasniqi mungon shpesh.", "Arta", {"name": 1}),
    ("Nxënësi Besnik mungon; babai punon jashtë.", "Besnik", {"name": 1}),
    ("Učenik Marko Petrović radi na pijaci.", "Petrović", {"name": 1}),
    ("Učenica Ana-Marija ne dolazi.", "Ana-Marija", {"name": 1}),
    ("Ученица Јелена Јовановић не долази.", "Јелена", {"name": 1}),
    ("The pupil named John Smith misses school.", "John", {"name": 1}),
    ("A student, Arben, left in October.", "Arben", {"name": 1}),
    ("Vajza me emrin Drita u martua.", "Drita", {"name": 1}),
    ("Thirrni prindin në 044 123 456.", "044 123 456", {"phone": 1}),
    ("Tel: 049/555-123 ose +383 45 678 901", "678 901", {"phone": 2}),
    ("Kontakt 00383-44-111-222", "111-222", {"phone": 1}),
    ("Pozovite +381 63 1234567", "1234567", {"phone": 1}),
    ("Shkolla: 038 512 345", "512 345", {"phone": 1}),
    ("Email: prindi.test@example.com", "example.com", {"email": 1}),
    ("Numri personal 1234567890 i nxënësit", "1234567890", {"personal_number": 1}),
]
CLEAN = [
    "Disa nxënës punojnë në treg gjatë ditës.",
    "Në vitin 2026-10-12, 45 nxënës mungojnë; 12 prej tyre punojnë.",
    "Nxënësit e klasës 5 mungojnë 10 ditë në muaj.",
    "Učenici iz Prizrena rade u polju.",
    "Children in grade 9 lack career guidance; 120 students, 8 schools.",
    "Shkolla ka 1200 nxënës dhe 3 psikologë për 4 shkolla.",
]


@pytest.mark.parametrize(("text", "secret", "counts"), PLANTED)
def test_planted_personal_data_is_removed(text: str, secret: str, counts: dict[str, int]) -> None:
    out = redact(text)
    assert secret not in out.text
    assert out.counts == counts
    assert all(f"[{kind.upper()}]" in out.text for kind in counts)


@pytest.mark.parametrize("text", CLEAN)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact(text).text == text
    assert redact(text).counts == {}


def test_trigger_word_is_kept_for_meaning() -> None:
    assert redact("Nxënësja Arta mungon.").text == "Nxënësja [NAME] mungon."
