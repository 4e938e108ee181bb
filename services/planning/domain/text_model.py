"""The learned second opinion: a character n-gram linear model, applied without scikit-learn.

`dmap classify retrain` fits it with scikit-learn (TF-IDF over `features()`, one
logistic regression per category) and exports the fitted numbers; this module
only multiplies them, so planning loads no training library and no network
weights, and the same artifact always gives the same probabilities.
"""

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from schemas.vocabulary import IssueCategory
from services.planning.domain.normalise import tokens

NGRAMS = (3, 5)  # character n-grams of each padded word, shortest and longest
WORD_CACHE = 200_000  # words whose feature indices are remembered


def word_features(tok: str) -> list[str]:
    """One folded word's features: the word (`w:`) and its padded character n-grams."""
    out = ["w:" + tok]
    low, high = NGRAMS
    padded = f" {tok} "
    for n in range(low, high + 1):
        out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


def features(text: str) -> list[str]:
    """What the model sees: each folded word's features, in order.

    Folding first makes Cyrillic and Latin Serbian, and text typed without
    diacritics, share their features.
    """
    return [f for tok in tokens(text) for f in word_features(tok)]


def _weights(data: dict[str, Any], features: int) -> npt.NDArray[np.float64]:
    """The full (features x categories) matrix from the stored rows (pruned rows are 0)."""
    categories = len(data["categories"])
    stored = np.asarray(data["weights"], dtype=np.float64).reshape(-1, categories)
    rows = data.get("rows")
    if rows is None:
        return stored
    full = np.zeros((features, categories))
    full[np.asarray(rows, dtype=np.int64)] = stored
    return full


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
    # The least probability at which the model alone may assign each category
    # (calibrated on the corpus by cross-validation, see dmap/calibration.py).
    thresholds: dict[IssueCategory, float] = field(default_factory=dict)
    _words: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TextModel":
        names: list[str] = data["features"]
        return cls(
            version=str(data["version"]),
            categories=tuple(IssueCategory(c) for c in data["categories"]),
            names=tuple(names),
            vocabulary={f: i for i, f in enumerate(names)},
            idf=np.asarray(data["idf"], dtype=np.float64),
            weights=_weights(data, len(names)),
            intercepts=np.asarray(data["intercepts"], dtype=np.float64),
            trained_on=dict(data.get("trained_on", {})),
            thresholds={IssueCategory(c): float(t) for c, t in data.get("thresholds", {}).items()},
        )

    def _word(self, tok: str) -> tuple[int, ...]:
        """A word's feature indices; words repeat, so each is looked up once (bounded)."""
        found = self._words.get(tok)
        if found is None:
            vocabulary = self.vocabulary
            found = tuple(vocabulary[f] for f in word_features(tok) if f in vocabulary)
            if len(self._words) < WORD_CACHE:
                self._words[tok] = found
        return found

    def _vector(self, text: str) -> tuple[list[int], npt.NDArray[np.float64]]:
        counts = Counter(i for tok in tokens(text) for i in self._word(tok))
        if not counts:
            return [], np.zeros(0)
        index = list(counts)
        # sublinear tf times idf, L2-normalised: what TfidfVectorizer(sublinear_tf=True) does
        values = np.array([1.0 + math.log(c) for c in counts.values()]) * self.idf[index]
        return index, values / np.linalg.norm(values)

    def _norm(self, text: str) -> float:
        counts = Counter(i for tok in tokens(text) for i in self._word(tok))
        tf = [(1.0 + math.log(c)) * self.idf[i] for i, c in counts.items()]
        return float(np.linalg.norm(tf)) if tf else 1.0

    def probabilities(self, text: str) -> dict[IssueCategory, float]:
        return self.explain(text).probabilities

    def explain_all(self, texts: Sequence[str]) -> list["Explained"]:
        """`explain` for many texts at once: counting, tf-idf, norms and the product are
        sparse-matrix operations (the fast path; same numbers as `explain`)."""
        if not texts:
            return []
        words = [tuple(tokens(t)) for t in texts]
        ids = [[i for tok in ws for i in self._word(tok)] for ws in words]
        lengths = np.fromiter(map(len, ids), np.int64, len(ids))
        rows = np.repeat(np.arange(len(ids)), lengths)
        columns = np.fromiter((i for row in ids for i in row), np.int64, int(lengths.sum()))
        shape = (len(ids), len(self.names))
        tf = sparse.csr_matrix((np.ones(len(columns)), (rows, columns)), shape=shape)
        tf.sum_duplicates()  # counts per (text, feature)
        tf.data = (1.0 + np.log(tf.data)) * self.idf[tf.indices]
        norms = np.sqrt(np.asarray(tf.multiply(tf).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        x = sparse.diags(1.0 / norms) @ tf
        x = x.tocsr()
        probs = 1.0 / (1.0 + np.exp(-(x @ self.weights + self.intercepts)))
        out = []
        for r in range(len(ids)):
            a, b = x.indptr[r], x.indptr[r + 1]
            by_category = dict(zip(self.categories, map(float, probs[r]), strict=True))
            found = x.indices[a:b].tolist()
            out.append(Explained(self, by_category, found, x.data[a:b], words[r], float(norms[r])))
        return out

    def explain(self, text: str) -> "Explained":
        index, values = self._vector(text)
        scores = self.intercepts + (values @ self.weights[index] if index else 0.0)
        probs = 1.0 / (1.0 + np.exp(-scores))
        by_category = {c: float(p) for c, p in zip(self.categories, probs, strict=True)}
        return Explained(self, by_category, index, values, tuple(tokens(text)), self._norm(text))


@dataclass(frozen=True, slots=True)
class Explained:
    """A text's probabilities, and what it takes to say why."""

    model: TextModel
    probabilities: dict[IssueCategory, float]
    index: list[int]
    values: npt.NDArray[np.float64]
    words: tuple[str, ...] = ()
    norm: float = 1.0  # of the text's tf-idf vector before it was normalised

    def top_features(self, category: IssueCategory, k: int = 3) -> tuple[str, ...]:
        """The words of the text that pushed it most towards `category` (each word's
        n-grams summed, so a planner reads "arë", not "ar")."""
        if not self.index:
            return ()
        distinct, scored = self._pushes(category)
        best = sorted(range(len(distinct)), key=lambda j: (-scored[j], distinct[j]))[:k]
        return tuple(distinct[j] for j in best if scored[j] > 0)

    def probability_without(self, category: IssueCategory, words: frozenset[str]) -> float:
        """The category's probability with `words` left out of the text but the text's
        norm kept: what the rest of the text makes of it on its own. Only the features
        those words carry change, so only they are worked out again."""
        if not self.index or not words.intersection(self.words):
            return self.probabilities[category]
        model = self.model
        dropped = Counter(i for tok in self.words if tok in words for i in model._word(tok))
        full = Counter(i for tok in self.words for i in model._word(tok) if i in dropped)
        column = model.categories.index(category)
        weights = model.weights[:, column]
        score = float(model.intercepts[column]) + float(self.values @ weights[self.index])
        for i, gone in dropped.items():
            left = full[i] - gone
            kept = (1.0 + math.log(left)) if left else 0.0
            score += float(weights[i] * model.idf[i]) * (kept - 1.0 - math.log(full[i])) / self.norm
        return 1.0 / (1.0 + math.exp(-score))

    def _pushes(self, category: IssueCategory) -> tuple[tuple[str, ...], npt.NDArray[np.float64]]:
        """The text's distinct words, and what each added to the category's score."""
        model = self.model
        distinct = tuple(dict.fromkeys(self.words))
        ids = [model._word(tok) for tok in distinct]
        rows = np.repeat(np.arange(len(distinct)), [len(i) for i in ids])
        flat = np.fromiter((f for i in ids for f in i), np.int64, len(rows))
        # every feature of the text's words is in `index` (in no particular order)
        index = np.asarray(self.index)
        order = np.argsort(index, kind="stable")
        positions = order[np.searchsorted(index[order], flat)]
        column = model.categories.index(category)
        pushed = self.values * model.weights[self.index, column]
        scored = np.bincount(rows, weights=pushed[positions], minlength=len(distinct))
        return distinct, scored.astype(np.float64)
