"""Classifying a raised issue's text into issue categories with transparent rules.

The rules are data (`data/classifier_rules.toml`); this module only matches
them. Every hit keeps the terms that matched, so a planner can see why.
"""

import tomllib
from dataclasses import dataclass

from schemas.vocabulary import IssueCategory
from services.planning.domain.normalise import fold, tokens


@dataclass(frozen=True, slots=True)
class Term:
    """A phrase of one or more stems; `exact` words must match whole."""

    source: str
    words: tuple[tuple[str, bool], ...]  # (stem, exact)

    @classmethod
    def parse(cls, source: str) -> "Term":
        words = tuple((w.removeprefix("="), w.startswith("=")) for w in fold(source).split())
        if not words:
            raise ValueError(f"empty term {source!r}")
        return cls(source, words)

    def matches_at(self, toks: list[str], i: int) -> bool:
        if i + len(self.words) > len(toks):
            return False
        return all(
            toks[i + k] == stem if exact else toks[i + k].startswith(stem)
            for k, (stem, exact) in enumerate(self.words)
        )

    def found_in(self, toks: list[str]) -> bool:
        return any(self.matches_at(toks, i) for i in range(len(toks)))


@dataclass(frozen=True, slots=True)
class RuleSet:
    version: str
    terms: dict[IssueCategory, tuple[Term, ...]]

    @classmethod
    def from_toml(cls, text: str) -> "RuleSet":
        data = tomllib.loads(text)
        terms: dict[IssueCategory, tuple[Term, ...]] = {}
        for code, by_language in data["categories"].items():
            category = IssueCategory(code)  # unknown codes fail loudly
            terms[category] = tuple(
                Term.parse(t) for language in sorted(by_language) for t in by_language[language]
            )
        return cls(version=str(data["version"]), terms=terms)


@dataclass(frozen=True, slots=True)
class CategoryHit:
    category: IssueCategory
    matched_terms: tuple[str, ...]


def classify(text: str, rules: RuleSet) -> tuple[CategoryHit, ...]:
    """Every category whose rules match, in category order; empty when none does."""
    toks = tokens(text)
    hits = []
    for category in IssueCategory:
        matched = tuple(
            sorted({t.source for t in rules.terms.get(category, ()) if t.found_in(toks)})
        )
        if matched:
            hits.append(CategoryHit(category, matched))
    return tuple(hits)
