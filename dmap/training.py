"""Fitting the learned classifier: deterministic, local, from labelled texts only.

The same examples and settings always give the same artifact and version, so a
plan's `model_version` names exactly what classified it. The hold-out
evaluation set is never read here.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from schemas.vocabulary import IssueCategory
from services.planning.domain.text_model import NGRAMS, features

CATEGORIES = tuple(c for c in IssueCategory if c != IssueCategory.UNCLASSIFIED)
SETTINGS = {
    "C": 8.0,
    "min_df": 2,
    "ngrams": list(NGRAMS),
    "class_weight": "balanced",
    # The precision the shipped thresholds are calibrated for (dmap/calibration.py): a
    # setting, so a new target is a new model version and plans drafted before it re-draft.
    "calibrated_precision": 0.80,
}
DECIMALS = 4  # rounding keeps the artifact small and its bytes stable across platforms
PRUNE = 0.01  # a feature whose every weight is smaller than this is left out


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    categories: tuple[IssueCategory, ...]  # empty: fits no category
    source: str  # "corpus" or "correction"
    group: str = ""  # who wrote it: the corpus file, or "correction" (calibration folds)


def read_examples(path: Path, source: str = "corpus") -> list[Example]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            cats = tuple(IssueCategory(c) for c in item["categories"])
            out.append(Example(item["text"], cats, source, path.name))
    return out


def _fingerprint(examples: list[Example]) -> str:
    canonical = sorted((e.text, sorted(c.value for c in e.categories)) for e in examples)
    blob = json.dumps([canonical, SETTINGS], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def fit(examples: Iterable[Example]) -> dict[str, Any]:
    """The exported model: features, idf, one weight column and intercept per category."""
    # A correction of a text also in the corpus replaces the corpus label.
    by_text: dict[str, Example] = {}
    for e in sorted(examples, key=lambda e: (e.source == "correction", e.text)):
        by_text[e.text] = e
    data = [by_text[t] for t in sorted(by_text)]
    texts = [e.text for e in data]
    vectorizer = TfidfVectorizer(
        analyzer=features, sublinear_tf=True, min_df=int(SETTINGS["min_df"]), dtype=np.float64
    )
    matrix = vectorizer.fit_transform(texts)
    weights = np.zeros((matrix.shape[1], len(CATEGORIES)))
    intercepts = np.zeros(len(CATEGORIES))
    for j, category in enumerate(CATEGORIES):
        y = np.array([category in e.categories for e in data], dtype=int)
        if y.min() == y.max():  # never or always seen: a constant, not a fit
            intercepts[j] = -8.0 if y.max() == 0 else 8.0
            continue
        fitted = LogisticRegression(
            C=float(SETTINGS["C"]), class_weight="balanced", solver="liblinear", random_state=0
        ).fit(matrix, y)
        weights[:, j] = fitted.coef_[0]
        intercepts[j] = fitted.intercept_[0]
    digest = _fingerprint(data)
    # Every feature stays (it counts in a text's norm); only the weight rows whose every
    # weight is below PRUNE are dropped, a product too small to move a probability.
    rows = np.flatnonzero(np.abs(weights).max(axis=1) >= PRUNE)
    return {
        "version": f"m-{digest[:12]}",
        "categories": [c.value for c in CATEGORIES],
        "features": [str(f) for f in vectorizer.get_feature_names_out()],
        "idf": np.round(vectorizer.idf_, DECIMALS).tolist(),
        "rows": rows.tolist(),
        "weights": np.round(weights[rows], DECIMALS).ravel().tolist(),
        "intercepts": np.round(intercepts, DECIMALS).tolist(),
        "trained_on": {
            "examples": len(data),
            "corrections": sum(e.source == "correction" for e in data),
            "sha256": digest,
            "settings": SETTINGS,
        },
    }
