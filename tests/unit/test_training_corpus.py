"""The training corpus is well-formed and kept apart from the regression set.

Reads only the corpus and `classification_eval.jsonl`, so it can run on its own
(the hold-out check is in test_classifier_evaluation.py). Also checks the
cross-validation tool on a toy corpus.
"""

import json
from pathlib import Path
from typing import Any

from dmap.calibration import PRECISION
from dmap.crossval import Tally, by_writer, by_writer_each, fold_of
from dmap.training import CATEGORIES, read_examples
from services.planning.domain.classification import RuleSet
from services.planning.domain.normalise import fold
from services.planning.rules import DATA, classifier_rules

TRAINING = sorted((DATA / "training").glob("*.jsonl"))
REGRESSION = Path(__file__).parents[1] / "data" / "classification_eval.jsonl"
VARIANTS = {
    ("sq", "latn"),
    ("sr", "latn"),
    ("sr", "cyrl"),
    ("bs", "latn"),
    ("tr", "latn"),
    ("en", "latn"),
}


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_every_training_line_is_a_labelled_issue_text() -> None:
    allowed = {c.value for c in CATEGORIES}
    ids: set[str] = set()
    for path in TRAINING:
        for row in _rows(path):
            assert row["id"] not in ids, f"{path.name}: id {row['id']} repeated"
            ids.add(row["id"])
            assert (row["language"], row["script"]) in VARIANTS, row["id"]
            assert set(row["categories"]) <= allowed, row["id"]
            assert len(set(row["categories"])) == len(row["categories"]) <= 3, row["id"]
            assert row["text"], row["id"]
            assert row["text"].strip() == row["text"], row["id"]
    assert len(ids) >= 3500


def test_no_regression_text_is_in_the_training_corpus() -> None:
    trained = {fold(e.text) for path in TRAINING for e in read_examples(path)}
    leaked = [r["text"] for r in _rows(REGRESSION) if fold(r["text"]) in trained]
    assert leaked == []


def test_the_contrast_file_repeats_no_text_of_the_other_files() -> None:
    contrast = [p for p in TRAINING if p.name == "contrast.jsonl"]
    assert contrast
    others = {fold(e.text) for p in TRAINING if p not in contrast for e in read_examples(p)}
    texts = [fold(e.text) for e in read_examples(contrast[0])]
    assert len(set(texts)) == len(texts)
    assert not set(texts) & others


def test_a_texts_fold_depends_on_its_folded_wording_only() -> None:
    assert fold_of("Деца просе на улици") == fold_of("Deca prose na ulici")
    assert {fold_of(f"text {i}") for i in range(200)} == set(range(5))


def test_the_tally_counts_precision_per_category() -> None:
    tally = Tally()
    tally.add("a", {"poverty": "both"}, {"poverty"}, classified=True)
    tally.add("b", {"poverty": "rules", "absenteeism": "model"}, {"absenteeism"}, classified=True)
    tally.add("c", {}, {"poverty"}, classified=False)
    assert (tally.tp["poverty"], tally.fp["poverty"], tally.fn["poverty"]) == (1, 1, 1)
    assert tally.wrong == [("poverty", "absenteeism", "b", "rules")]
    table = tally.table("t")
    assert "poverty                          2      0.500   0.500  0.500  1/0/0" in table
    assert "left to a human: 1/3 = 33.3%" in table


def test_by_writer_holds_out_each_file_and_scores_the_unseen(tmp_path: Path) -> None:
    """Every text of every file is judged once, by a model fitted without its file."""
    small = []
    for n, path in enumerate(TRAINING[:3]):
        lines = path.read_text(encoding="utf-8").splitlines()[:120]
        small.append(tmp_path / f"w{n}.jsonl")
        small[-1].write_text("\n".join(lines) + "\n", encoding="utf-8")
    unseen = tmp_path / "unseen.jsonl"
    unseen.write_text(
        json.dumps({"text": "Takimi i radhës mbahet të enjten.", "categories": []}) + "\n",
        encoding="utf-8",
    )
    tallies = by_writer(small, [unseen], precisions=(0.6, 0.9))
    for tally in tallies.values():
        assert tally.texts == sum(len(read_examples(p)) for p in small) + 1
        assert sum(tally.tp.values()) > 0
    # A stricter target raises the model's bars: it assigns no more, and sends no fewer
    # texts to a human, on the same fits.
    loose, strict = tallies[0.6], tallies[0.9]
    assert sum(strict.tp.values()) + sum(strict.fp.values()) <= sum(loose.tp.values()) + sum(
        loose.fp.values()
    )
    assert strict.to_human >= loose.to_human


def test_every_labelled_set_passes_the_shared_checker() -> None:
    """The corpus files and the evaluation sets: keys, languages, scripts that match the
    letters, valid categories, unique ids and texts (tests/data/labelled_set.py)."""
    import importlib.util

    here = Path(__file__).parents[1] / "data"
    spec = importlib.util.spec_from_file_location("labelled_set", here / "labelled_set.py")
    assert spec is not None
    assert spec.loader is not None
    checker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checker)
    sets = [
        *TRAINING,
        *sorted(here.glob("classification_holdout*/holdout.jsonl")),
        *sorted(here.glob("classification_dev*/dev.jsonl")),  # unseen sets not yet joined
    ]
    assert len(sets) >= 10
    for path in sets:
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
        assert checker.problems(rows) == [], path.name


def test_rule_sets_compared_on_the_same_fits(tmp_path: Path) -> None:
    """An A/B of rules shares the fits: the shipped rules give what `by_writer` gives,
    and a rule set without terms leaves every assignment to the model."""
    small = []
    for n, path in enumerate(TRAINING[:3]):
        lines = path.read_text(encoding="utf-8").splitlines()[:100]
        small.append(tmp_path / f"w{n}.jsonl")
        small[-1].write_text("\n".join(lines) + "\n", encoding="utf-8")
    toml = (DATA / "classifier_rules.toml").read_text(encoding="utf-8")
    termless = RuleSet.from_toml(toml[: toml.index("[categories.")] + "[categories]\n")
    each = by_writer_each(small, {"shipped": classifier_rules(), "termless": termless})
    alone = by_writer(small)[PRECISION]
    shipped, bare = each["shipped"][PRECISION], each["termless"][PRECISION]
    assert (shipped.tp, shipped.fp, shipped.fn) == (alone.tp, alone.fp, alone.fn)
    assert shipped.wrong_by != bare.wrong_by
    assert {by for (_, by) in bare.wrong_by} <= {"model"}
    assert any(by != "model" for (_, by) in shipped.wrong_by)
