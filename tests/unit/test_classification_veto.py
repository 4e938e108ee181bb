"""The learned model overrules a rules hit it finds unlikely; the bar is in the rules file."""

from dataclasses import replace

from schemas.vocabulary import IssueCategory
from services.planning.domain.classification import RuleSet
from services.planning.rules import classifier_rules, shipped_classifier


def test_the_veto_comes_from_the_rules_file() -> None:
    assert classifier_rules().veto == 0.25
    assert RuleSet.from_toml('version = "x"\n[categories]\n').veto == 0.08  # the old default


def test_a_rules_hit_the_model_finds_unlikely_goes_to_a_human() -> None:
    # Logistics: "career" is a rules term, but nothing here is a problem to act on.
    text = "The next meeting about the career corner is on Monday."
    classifier = shipped_classifier()
    assert classifier.model is not None
    p = classifier.model.probabilities(text)[IssueCategory.CAREER_GUIDANCE]
    assert 0.08 <= p < 0.25
    lenient = replace(classifier, veto=0.08).opinion(text)
    assert IssueCategory.CAREER_GUIDANCE in {a.category for a in lenient.assigned}
    opinion = classifier.opinion(text)
    assert opinion.assigned == ()
    assert IssueCategory.CAREER_GUIDANCE in {a.category for a in opinion.candidates}
