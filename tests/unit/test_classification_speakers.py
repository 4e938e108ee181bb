"""A transcript's speaker labels say who speaks, not what the problem is (rules [speakers])."""

from dataclasses import replace

import pytest

from schemas.vocabulary import IssueCategory
from services.planning.domain.classification import RuleSet, classify
from services.planning.domain.speakers import Speakers
from services.planning.rules import classifier_rules

PS = IssueCategory.PSYCHOSOCIAL_SUPPORT


def _categories(text: str, rules: RuleSet) -> set[IssueCategory]:
    return {hit.category for hit in classify(text, rules)}


TRANSCRIPTS = [
    # A pedagogue reporting begging: street situation, not psychosocial support.
    (
        "Педагог: Двојица браће по цео дан су на улици, просе код семафора. "
        "Наставник: У школи нису били месец дана, нико их не тражи.",
        IssueCategory.STREET_SITUATION,
    ),
    (
        "Pedagogia: Në klasën e nëntë askush nuk ua shpjegon çka është shkolla profesionale. "
        "Nxënësja: Unë mendoja që mjekësorja është vetëm për ata me nota të larta.",
        IssueCategory.CAREER_GUIDANCE,
    ),
    (
        "Rehber öğretmen: Türkçe meslek bölümlerinde sadece iki seçenek var, çocuk istemediği "
        "bölüme yazılıyor. Danışman: Sonra ne oluyor peki? "
        "Rehber öğretmen: Birinci yılda bırakıyor.",
        IssueCategory.CAREER_GUIDANCE,
    ),
]


@pytest.mark.parametrize(("text", "category"), TRANSCRIPTS)
def test_a_speaker_label_does_not_trigger_its_category(text: str, category: IssueCategory) -> None:
    rules = classifier_rules()
    without_mask = replace(rules, speakers=Speakers())
    assert PS in _categories(text, without_mask)  # the label alone made it psychosocial
    found = _categories(text, rules)
    assert PS not in found
    assert category in found


@pytest.mark.parametrize(
    "text",
    [
        # The role said inside a turn still counts.
        "Drejtori: Nuk kemi psikolog në shkollë që nga shtatori. "
        "Prindi 2: Po, fëmijët me ankth s'kanë kë me takuar.",
        # A checklist names the missing staff as its labels: that is the issue itself.
        "Psiholog: nema. Pedagog: pola norme.",
        # One quoted speaker is not a transcript.
        "Pedagog: nemamo vremena za razgovore sa decom, pokrivam tri škole.",
    ],
)
def test_roles_that_are_the_issue_still_count(text: str) -> None:
    assert PS in _categories(text, classifier_rules())


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        (
            "Prindi 2: Komisioni ende s'është mbledhur. Drejtori: S'varet nga ne fare.",
            ["Prindi 2", "Drejtori"],
        ),
        (
            "Mësimdhënësja: Sot mungojnë dy mësimdhënëse sot. (qeshin) "
            "MED officer: So we keep the meeting short today.",
            ["Mësimdhënësja", "MED officer"],
        ),
        ("Buxheti për aktivitete: 0 €. Staf: dy më pak se vjet, pa zëvendësim.", []),
        ("nëntor: SPH: 14 nxënës të shënuar me rrezik, lista nuk është e plotë.", []),
    ],
)
def test_which_labels_are_speakers(text: str, labels: list[str]) -> None:
    speakers = classifier_rules().speakers
    assert [text[a:b] for a, b in speakers.spans(text)] == labels
