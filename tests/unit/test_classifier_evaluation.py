"""The classifier judged on text it was not built from, reported at the end of `make test`.

Four sets: three hold-outs (`tests/data/classification_holdout/`,
`classification_holdout_2/` and `classification_holdout_3/`, each written by its own
helper blind to the rules, the model and the training corpus, never trained on) and
the regression set (`tests/data/classification_eval.jsonl`, written with the first
rules; the model never trains on it either). Each is scored with the rules alone and with the rules
and the shipped model together, so the tables show what the model adds.
"""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from dmap.classify import CATEGORIES, Evaluation, evaluate
from dmap.training import Example, fit, read_examples
from schemas.vocabulary import IssueCategory
from services.planning.domain.normalise import fold
from services.planning.domain.opinion import Classifier
from services.planning.domain.text_model import TextModel, features
from services.planning.rules import DATA, classifier_rules, shipped_classifier

HERE = Path(__file__).parents[1] / "data"
HOLDOUT = HERE / "classification_holdout" / "holdout.jsonl"
HOLDOUT_2 = HERE / "classification_holdout_2" / "holdout.jsonl"
HOLDOUT_3 = HERE / "classification_holdout_3" / "holdout.jsonl"
REGRESSION = HERE / "classification_eval.jsonl"
TRAINING = sorted((DATA / "training").glob("*.jsonl"))


def _labelled(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _both(path: Path, name: str) -> tuple[Evaluation, Evaluation]:
    items = _labelled(path)
    rules_only = evaluate(items, Classifier(classifier_rules()), name=f"{name}, rules only")
    combined = evaluate(items, shipped_classifier(), name=f"{name}, rules + model")
    return rules_only, combined


def test_no_holdout_or_regression_text_is_in_the_training_corpus() -> None:
    trained = {fold(e.text) for path in TRAINING for e in read_examples(path)}
    assert len(trained) >= 900
    for path in (HOLDOUT, HOLDOUT_2, HOLDOUT_3, REGRESSION):
        leaked = [i["text"] for i in _labelled(path) if fold(i["text"]) in trained]
        assert leaked == [], f"{path.name} texts in the training corpus: {leaked[:3]}"


def test_the_shipped_model_is_the_one_the_corpus_gives() -> None:
    """A stale model file (corpus edited, model not re-shipped) fails here."""
    shipped = shipped_classifier().model
    assert shipped is not None
    examples = [e for path in TRAINING for e in read_examples(path)]
    assert shipped.trained_on["examples"] == len({e.text for e in examples})
    assert shipped.version == fit(examples)["version"]
    # calibrated per category (dmap/calibration.py), for every category
    assert {c.value for c in shipped.thresholds} == set(CATEGORIES)
    assert all(0.25 <= t <= 0.9 for t in shipped.thresholds.values())


# Floors a little under what was measured when each test was written (first hold-out:
# 0.854 macro-F1, 4.9% to a human, child labour precision 0.96; second: 0.843 and 5.1%,
# rules 2026.12.9; third, first read in round nine: 0.854 and 8.2%, child labour 0.86;
# docs/classification.md): a change that makes the classifier worse on unseen text fails.
@pytest.mark.parametrize(
    ("path", "name", "floor", "child_labour"),
    [
        (HOLDOUT, "hold-out set", 0.83, 0.85),
        (HOLDOUT_2, "second hold-out set", 0.82, 0.0),
        (HOLDOUT_3, "third hold-out set", 0.83, 0.75),
    ],
    ids=["holdout", "second_holdout", "third_holdout"],
)
def test_holdout_scores(
    report: Callable[[str], None], path: Path, name: str, floor: float, child_labour: float
) -> None:
    rules_only, combined = _both(path, name)
    assert rules_only.texts >= 300
    report(rules_only.table())
    report(combined.table())
    assert combined.macro_f1 >= floor, combined.table()
    assert combined.macro_f1 > rules_only.macro_f1 + 0.1
    assert combined.human_share <= 0.10
    assert combined.score("child_labour").precision >= child_labour


def test_regression_scores(report: Callable[[str], None]) -> None:
    rules_only, combined = _both(REGRESSION, "regression set")
    report(rules_only.table())
    report(combined.table())
    assert rules_only.macro_f1 >= 0.95
    assert combined.macro_f1 >= 0.88


def test_fitting_is_deterministic_and_corrections_change_the_version() -> None:
    corpus = read_examples(TRAINING[0])[:200]
    first, again = fit(corpus), fit(list(reversed(corpus)))
    assert first == again
    corrected = fit([*corpus, Example("Takimi u mbajt në bibliotekë.", (), "correction")])
    assert corrected["version"] != first["version"]
    assert corrected["trained_on"]["corrections"] == 1


def test_the_exported_model_gives_scikit_learns_probabilities() -> None:
    """Planning multiplies the exported numbers itself; they must mean what sklearn fitted."""
    corpus = read_examples(TRAINING[0])[:300]
    model = TextModel.from_dict(fit(corpus))
    texts = sorted({e.text for e in corpus})
    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True, min_df=2)
    matrix = vectorizer.fit_transform(texts)
    labels = {e.text: e.categories for e in corpus}
    category = IssueCategory.CHILD_LABOUR
    y = np.array([category in labels[t] for t in texts], dtype=int)
    fitted = LogisticRegression(
        C=8.0, class_weight="balanced", solver="liblinear", random_state=0
    ).fit(matrix, y)
    probe = [*texts[:40], "Fëmijët punojnë në arë gjatë vjeshtës.", "Takimi u mbajt."]
    expected = fitted.predict_proba(vectorizer.transform(probe))[:, 1]
    ours = [e.probabilities[category] for e in model.explain_all(probe)]
    single = [model.probabilities(t)[category] for t in probe]
    assert np.allclose(ours, expected, atol=5e-3)  # the artifact rounds to 4 decimals
    assert np.allclose(ours, single, atol=1e-12)


@pytest.mark.parametrize("text", ["", "...", "12 34"])
def test_texts_without_words_are_unclassified(text: str) -> None:
    assert shipped_classifier().opinion(text).state == "unclassified"
