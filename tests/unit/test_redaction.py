"""Redaction corpus: planted personal data must not survive; ordinary text must."""

import pytest

from services.admission.redaction import is_school_name, redact, redact_school_name

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


# Development cases for finding 3 of issue 10, written apart from the held-out corpus.
MORE_PLANTED = [
    # names without trigger words, sentence-initial, inflected, all caps, possessive
    ("Arta mungon shpesh nga mësimi.", "Arta", {"name": 1}),
    ("Takuam Arbenin dhe babain e tij.", "Arbenin", {"name": 1}),
    ("Prindërit e Blertës punojnë jashtë.", "Blertës", {"name": 1}),
    ("Nxënësit Arben dhe Blerim punojnë në treg.", "Blerim", {"name": 2}),
    ("Vajza e quajtur Elira u martua në moshën 15 vjeç.", "Elira", {"name": 1}),
    ("Nismo videli dečaka Stefana od septembra.", "Stefana", {"name": 1}),
    ("Radi sestra od Marka na pijaci.", "Marka", {"name": 1}),
    ("Razgovarali smo sa Jelenom Nikolić.", "Nikolić", {"name": 1}),
    ("ARTA KRASNIQI nuk vjen në shkollë.", "KRASNIQI", {"name": 1}),
    ("Besnik's father works in Germany.", "Besnik", {"name": 1}),
    ("Ayşe'nin annesi okula gelmedi.", "Ayşe", {"name": 1}),
    ("Милица Петровић не долази у школу.", "Петровић", {"name": 1}),
    ("Nëna e saj, Shqipe Hoxha, është e papunë.", "Hoxha", {"name": 1}),
    ("Emina Hadžić i brat Kenan ne idu u školu.", "Kenan", {"name": 2}),
    # addresses
    ("Familja jeton në Rr. Skënderbeu 12, Prizren.", "Skënderbeu 12", {"address": 1}),
    ("Adresa: rruga Adem Jashari nr. 5.", "Jashari nr. 5", {"address": 1}),
    ("Stanuju u Ulica Kralja Petra 15.", "Petra 15", {"address": 1}),
    ("Adresa ul. Nikole Tesle 3/2, Gračanica.", "Tesle 3/2", {"address": 1}),
    ("Породица живи у Косовска 22.", "Косовска 22", {"address": 1}),
    ("Живе у улица Цара Душана 8.", "Душана 8", {"address": 1}),
    ("Aile Atatürk Caddesi No: 5 adresinde oturuyor.", "Caddesi No: 5", {"address": 1}),
    ("Jetojnë në fshatin Dobërçan nr. 45.", "Dobërçan nr. 45", {"address": 1}),
    ("Adresa: Lagja Kalabria, hyrja 2, banesa 7.", "banesa 7", {"address": 1}),
    ("Stan: Ulica Vojvode Mišića 4, ulaz 1, stan 9.", "stan 9", {"address": 1}),
    ("They live at 7 Bill Clinton Boulevard, apt. 3.", "Clinton", {"address": 1}),
    ('Jetojnë në Rr. "Agim Ramadani" nr. 11.', "Ramadani", {"address": 1}),
    ("Zana (13) punon në fushë.", "Zana", {"name": 1}),
    ("Marija-Ana Vujić ne dolazi.", "Vujić", {"name": 1}),
    # personal numbers
    ("JMBG deteta 0101990123456.", "0101990123456", {"personal_number": 1}),
    ("Numri personal 12 345 678 90.", "678 90", {"personal_number": 1}),
    ("Numri personal 1234-567-890.", "567-890", {"personal_number": 1}),
    # phones
    ("Pozovite majku na 063/123-45-67.", "123-45-67", {"phone": 1}),
    ("Otac: 064 123 4567.", "123 4567", {"phone": 1}),
    ("Telefoni fiks 028 123 456.", "123 456", {"phone": 1}),
    ("Tel. 0280 12 345 ose 0390.123.456", "123.456", {"phone": 2}),
    ("Call +381 11 234 5678 or 00383 44 123 456.", "234 5678", {"phone": 2}),
    ("Tel 44 123 456", "44 123 456", {"phone": 1}),
    # obfuscated e-mails
    ("Shkruani te prindi(at)gmail.com.", "gmail", {"email": 1}),
    ("Mail: marko [at] gmail [dot] com", "marko", {"email": 1}),
    ("Write to drini at yahoo dot com please.", "drini", {"email": 1}),
    ("Mail: besa dot gashi at gmail dot com", "gashi", {"email": 1}),
]
MORE_CLEAN = [
    "Drejtoria Komunale e Arsimit (DKA) dhe MASHTI do të takohen në Prizren.",
    "Qendra për Punë Sociale në Gjakovë ka dy punonjës.",
    "UNICEF dhe Save the Children mbështesin shkollat në Mitrovicë.",
    "Nxënësit e shkollës Naim Frashëri në Ferizaj mungojnë shpesh.",
    'SHFMU "Naim Frashëri" ka 600 nxënës.',
    "Učenici OŠ Vuk Karadžić u Gračanici ne dolaze zimi.",
    "Centar za socijalni rad u Štrpcu nema psihologa.",
    "Rruga për në shkollë është e gjatë dhe e rrezikshme.",
    "Vera ishte e nxehtë dhe shumë fëmijë punuan në fushë.",
    "Shpresa e prindërve është që fëmijët të vazhdojnë shkollimin.",
    "Mali broj učenika dolazi iz Zubinog Potoka.",
    "Në Rahovec, 23 fëmijë romë nuk janë regjistruar.",
    "Between 2024 and 2026, 14 of 120 pupils dropped out in Dragash.",
    "Takimi u mbajt më 12.10.2026 në orën 10:30.",
    "Buxheti është 1.200.000 euro për 3 vjet.",
    "Opština Leposavić i Ministarstvo prosvete planiraju radionice.",
    "Mamuşa'da 40 öğrenci okula devam etmiyor.",
    "Në muajin e Shkurtit mungesat u rritën.",
    "Students of the Fan S. Noli school walk 5 km.",
]


@pytest.mark.parametrize(("text", "secret", "counts"), MORE_PLANTED)
def test_more_planted_personal_data_is_removed(
    text: str, secret: str, counts: dict[str, int]
) -> None:
    out = redact(text)
    assert secret not in out.text, out.text
    assert out.counts == counts, out.text


@pytest.mark.parametrize("text", MORE_CLEAN)
def test_names_of_places_schools_and_institutions_are_kept(text: str) -> None:
    assert redact(text).text == text


def test_full_name_is_one_placeholder() -> None:
    assert redact("Marko Petrović radi.").text == "[NAME] radi."
    assert redact("Takova A. Krasniqi.").text == "Takova [NAME]."


def test_address_counts_as_its_own_type() -> None:
    out = redact("Nxënësja Arta jeton në Rr. Skënderbeu 12, tel 044 123 456.")
    assert out.text == "Nxënësja [NAME] jeton në [ADDRESS], tel [PHONE]."
    assert out.counts == {"address": 1, "name": 1, "phone": 1}


@pytest.mark.parametrize(
    "name",
    ['SHFMU "Naim Frashëri"', "OŠ Vuk Karadžić", "ОШ „Свети Сава“", "Gjimnazi Xhavit Ahmeti"],
)
def test_school_names_are_kept(name: str) -> None:
    assert is_school_name(name)
    assert redact_school_name(name).text == name


def test_a_pupil_typed_into_the_school_field_is_redacted() -> None:
    out = redact_school_name("Arta Krasniqi")
    assert out.text == "[NAME]"
    assert out.counts == {"name": 1}
