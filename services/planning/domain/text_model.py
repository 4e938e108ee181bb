"""The learned second opinion: a character n-gram linear model, applied without scikit-learn.

`dmap classify retrain` fits it with scikit-learn (TF-IDF over `features()`, one
logistic regression per category) and exports the fitted numbers; this module
only multiplies them, so planning loads no training library and no network
weights, and the same artifact always gives the same probabilities.
"""

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from schemas.vocabulary import IssueCategory
from services.planning.domain.normalise import tokens

NGRAMS = (3, 5)  # character n-grams of each padded word, shortest and longest


def features(text: str) -> list[str]:
    """What the model sees: each folded word (`w:`) and its padded character n-grams.

    Folding first makes Cyrillic and Latin Serbian, and text typed without
    diacritics, share their features.
    """
    out: list[str] = []
    low, high = NGRAMS
    for tok in tokens(text):
        out.append("w:" + tok)
        padded = f" {tok} "
        for n in range(low, high + 1):
            out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


@dataclass(frozen=True, slots=True)
class TextModel:
    version: str
    categories: tuple[IssueCategory, ...]
    names: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: npt.NDArray[np.float64]  # (features,)
    weights: npt.NDArray[np.float64]  # (features, categories)
    intercepts: npt.NDArray[np.float64]  # (categories,)
    trained_on: dict[str, Any]  # counts and hashes of the training data, for the record

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TextModel":
        names: list[str] = data["features"]
        return cls(
            version=str(data["version"]),
            categories=tuple(IssueCategory(c) for c in data["categories"]),
            names=tuple(names),
            vocabulary={f: i for i, f in enumerate(names)},
            idf=np.asarray(data["idf"], dtype=np.float64),
            weights=np.asarray(data["weights"], dtype=np.float64).reshape(
                len(names), len(data["categories"])
            ),
            intercepts=np.asarray(data["intercepts"], dtype=np.float64),
            trained_on=dict(data.get("trained_on", {})),
        )

    def _vector(self, text: str) -> tuple[list[int], npt.NDArray[np.float64]]:
        counts = Counter(f for f in features(text) if f in self.vocabulary)
        if not counts:
            return [], np.zeros(0)
        index = [self.vocabulary[f] for f in counts]
        # sublinear tf times idf, L2-normalised: what TfidfVectorizer(sublinear_tf=True) does
        values = np.array([1.0 + math.log(c) for c in counts.values()]) * self.idf[index]
        return index, values / np.linalg.norm(values)

    def probabilities(self, text: str) -> dict[IssueCategory, float]:
        index, values = self._vector(text)
        scores = self.intercepts + (values @ self.weights[index] if index else 0.0)
        probs = 1.0 / (1.0 + np.exp(-scores))
        return {c: float(p) for c, p in zip(self.categories, probs, strict=True)}

    def top_features(self, text: str, category: IssueCategory, k: int = 3) -> tuple[str, ...]:
        """The words and n-grams that pushed `text` most towards `category`."""
        index, values = self._vector(text)
        if not index:
            return ()
        column = self.categories.index(category)
        contribution = values * self.weights[index, column]
        best = sorted(zip(contribution, index, strict=True), key=lambda ci: (-ci[0], ci[1]))
        return tuple(self.names[i].removeprefix("w:").strip() for c, i in best[:k] if c > 0)
