import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from dmap.classify import classify_lines, evaluate, write_jsonl
from dmap.demo_texts import PHRASES
from schemas.vocabulary import IssueCategory
from services.planning.domain.classification import RuleSet, classify
from services.planning.domain.normalise import fold, tokens
from services.planning.domain.opinion import Classifier
from services.planning.rules import classifier_rules

EVAL_SET = Path(__file__).parents[1] / "data" / "classification_eval.jsonl"


def test_normalisation_folds_scripts_and_diacritics() -> None:
    assert fold("Fëmijët ÇAJ") == "femijet caj"
    assert fold("Vršnjačko nasilje, đak, ćevap, žena") == "vrsnjacko nasilje, djak, cevap, zena"
    assert tokens("Деца просе на улици") == tokens("Deca prose na ulici")
    assert tokens("Ђак џеп љубав њива") == ["djak", "dzep", "ljubav", "njiva"]


def test_stems_phrases_and_exact_words() -> None:
    rules = RuleSet.from_toml(
        'version = "t"\n[categories.child_labour]\nsr = ["=rad", "porodicn posl"]\n'
        '[categories.street_situation]\nsq = ["lyp"]\n'
    )
    assert [h.category for h in classify("Fëmijët lypin", rules)] == ["street_situation"]
    assert classify("radionica", rules) == ()  # "=rad" is a whole word only
    [hit] = classify("Dečiji rad u porodičnom poslu", rules)
    assert hit.matched_terms == ("=rad", "porodicn posl")


def test_a_text_may_hit_several_categories_with_their_evidence() -> None:
    hits = classify(
        "Vajzat rome martohen herët dhe familjet nuk kanë të ardhura.", classifier_rules()
    )
    by_category = {h.category.value: h.matched_terms for h in hits}
    assert set(by_category) == {"gender_early_marriage", "rae_inclusion", "poverty"}
    assert "martohen" in by_category["gender_early_marriage"]


def test_unknown_category_in_rules_fails_loudly() -> None:
    with pytest.raises(ValueError, match="homework"):
        RuleSet.from_toml('version = "t"\n[categories.homework]\nen = ["late"]\n')


def test_labelled_set_macro_f1_at_least_080(report: Callable[[str], None]) -> None:
    labelled = [json.loads(line) for line in EVAL_SET.read_text(encoding="utf-8").splitlines()]
    assert len(labelled) >= 150
    assert {item["language"] for item in labelled} == {"sq", "sr", "en"}
    result = evaluate(labelled, Classifier(classifier_rules()), name="regression set, rules")
    assert all(s.support >= 5 for s in result.scores), "every category needs examples"
    report(result.table())
    assert result.macro_f1 >= 0.80, result.table()


def test_demo_phrases_are_recognised(report: Callable[[str], None]) -> None:
    """A second set, written for the demo, as a check against tuning to one set."""
    labelled = [
        {"text": t, "categories": [c]}
        for c, langs in PHRASES.items()
        for texts in langs.values()
        for t in texts
    ]
    rules = classifier_rules()
    found = sum(
        1
        for item in labelled
        if item["categories"][0] in {h.category for h in classify(item["text"], rules)}
    )
    report(f"demo phrases: expected category found for {found}/{len(labelled)}")
    assert found / len(labelled) >= 0.9


def test_classify_lines_reports_bad_lines_and_falls_back_to_unclassified() -> None:
    out = io.StringIO()
    rows = list(
        classify_lines(
            [
                '{"text": "Ka fëmijë që lypin në rrugë", "language": "sq"}',
                "",
                '{"language": "en"}',
                '{"text": "The meeting took place in the staff room."}',
            ],
            Classifier(classifier_rules()),
        )
    )
    write_jsonl(rows, out)
    assert rows[0]["categories"] == ["street_situation"]
    [street] = rows[0]["assignments"]
    assert (street["by"], street["terms"]) == ("rules", ["lyp", "ne rruge"])
    assert rows[1]["line"] == 3
    assert "error" in rows[1]
    assert rows[2]["categories"] == ["unclassified"]
    assert len(out.getvalue().splitlines()) == 3


# The false friends and misses issue 12 quotes from realistic records (not the holdout).
NOT_CHILD_LABOUR = [
    "Центар за социјални рад нема довољно људи.",
    "Један учитељ ради са четири разреда.",
    "Српске школе у општини раде по програму Србије.",
    "DKA mbulon vetëm shkollat që punojnë me planprogramin e Kosovës.",
    "Shumë burra punojnë jashtë.",
    "QPS-ja ka vetëm dy punonjës socialë.",
    "Otac je u Njemačkoj gdje radi kao slastičar.",
    "Niko s njima ne radi.",
    "Nijedno dete u selu više ne radi u polju.",
]


@pytest.mark.parametrize("text", NOT_CHILD_LABOUR)
def test_institutions_adults_and_negation_are_not_child_labour(text: str) -> None:
    found = {h.category for h in classify(text, classifier_rules())}
    assert IssueCategory.CHILD_LABOUR not in found, text


INDIRECT = [
    ("Девојчице су престале да долазе после веридбе.", "gender_early_marriage"),
    ("Задиркују их и туку.", "discrimination_bullying"),
    ("Не занима их школа.", "fading_interest"),
    ("Немамо логопеда ни дефектолога.", "special_needs"),
    ("Svjedočanstvo iz Njemačke nije nostrifikovano.", "migration_return"),
    ("S'ka kuptim të mësojmë.", "fading_interest"),
    ("Komisioni për vlerësim funksional nuk mblidhet.", "special_needs"),
    ("Djeca skupljaju staro gvožđe.", "child_labour"),
    ("Çocuklar tarlada çalışıyor ve okula gelmiyor.", "child_labour"),
    ("Fëmijët nuk vijnë në shkollë sepse punojnë në arë.", "child_labour"),
]


@pytest.mark.parametrize(("text", "category"), INDIRECT)
def test_indirect_wording_finds_its_category(text: str, category: str) -> None:
    assert category in {h.category.value for h in classify(text, classifier_rules())}


def test_domestic_violence_is_not_bullying_and_social_assistance_not_special_needs() -> None:
    rules = classifier_rules()
    home = {h.category.value for h in classify("Dhuna në familje i traumatizon fëmijët.", rules)}
    assert home == {"psychosocial_support"}
    aid = {h.category.value for h in classify("Familja merr asistencë sociale.", rules)}
    assert aid == {"poverty"}


def test_a_guarded_term_without_its_guard_fails_loudly() -> None:
    with pytest.raises(ValueError, match="guards"):
        RuleSet.from_toml('version = "t"\n[categories.child_labour]\nsq = ["?punon"]\n')
