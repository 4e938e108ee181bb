"""A problem said to be solved is no problem, for the learned model as for the rules, and
a parents' council that does not meet is a governance problem, not the parents' own."""

from dataclasses import replace

import pytest

from schemas.vocabulary import IssueCategory
from services.planning.domain.classification import TermIndex
from services.planning.domain.opinion import Classifier
from services.planning.rules import classifier_rules, shipped_classifier

DA = IssueCategory.DISTANCE_ACCESS


def _without_resolved_markers(classifier: Classifier) -> Classifier:
    return replace(classifier, rules=replace(classifier.rules, resolved=TermIndex({})))


def test_a_text_without_a_solved_clause_is_judged_whole() -> None:
    text = "Autobusi nuk vjen në dimër."
    assert classifier_rules().unresolved(text) == text


def test_the_solved_clause_is_left_out_and_the_rest_kept() -> None:
    text = "The school bus problem was solved in October; the minibus now comes every morning."
    assert classifier_rules().unresolved(text) == "the minibus now comes every morning"


@pytest.mark.parametrize(
    "text",
    [
        "The transport problem for the village pupils was solved in September.",
        "Prevoz učenika iz udaljenih sela je rešen prošle godine.",
    ],
)
def test_the_model_does_not_file_a_solved_transport_problem(text: str) -> None:
    classifier = shipped_classifier()
    # Judged whole, the model reads a transport problem into it: the masking is what stops it.
    assert DA in {a.category for a in _without_resolved_markers(classifier).opinion(text).assigned}
    assert classifier.opinion(text).assigned == ()


def test_a_live_problem_beside_a_solved_one_is_kept() -> None:
    text = "Transporti u zgjidh vitin e kaluar, por tani vajzat e klasës së nëntë martohen herët."
    assigned = {a.category for a in shipped_classifier().opinion(text).assigned}
    assert assigned == {IssueCategory.GENDER_EARLY_MARRIAGE}


@pytest.mark.parametrize(
    "text",
    [
        "Këshilli i prindërve nuk është mbledhur që nga viti i kaluar.",
        "The parents' council has existed only on paper since the spring.",
    ],
)
def test_a_council_that_does_not_meet_is_governance(text: str) -> None:
    assigned = {a.category for a in shipped_classifier().opinion(text).assigned}
    assert assigned == {IssueCategory.GOVERNANCE_MONITORING}


def test_an_active_council_raising_a_case_files_the_case() -> None:
    text = "Savet roditelja je tražio da škola uvede dežurstvo jer se starija deca tuku na odmoru."
    assigned = {a.category for a in shipped_classifier().opinion(text).assigned}
    assert assigned == {IssueCategory.DISCRIMINATION_BULLYING}
