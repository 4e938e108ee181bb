"""Classifying a raised issue's text into issue categories with transparent rules.

The rules are data (`data/classifier_rules.toml`); this module only matches
them. Every hit keeps the terms that matched, so a planner can see why.
"""

import tomllib
from dataclasses import dataclass, field

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


PREFIX = 3  # terms are indexed by the first letters of their first word


@dataclass(frozen=True, slots=True)
class RuleSet:
    version: str
    terms: dict[IssueCategory, tuple[Term, ...]]
    # (category, term) by the first PREFIX letters of the term's first word, so a
    # token is only compared with the few terms that can start there.
    index: dict[str, tuple[tuple[IssueCategory, Term], ...]] = field(default_factory=dict)
    short: tuple[tuple[IssueCategory, Term], ...] = ()  # first word shorter than PREFIX

    @classmethod
    def from_toml(cls, text: str) -> "RuleSet":
        data = tomllib.loads(text)
        terms: dict[IssueCategory, tuple[Term, ...]] = {}
        for code, by_language in data["categories"].items():
            category = IssueCategory(code)  # unknown codes fail loudly
            terms[category] = tuple(
                Term.parse(t) for language in sorted(by_language) for t in by_language[language]
            )
        index: dict[str, list[tuple[IssueCategory, Term]]] = {}
        short = []
        for category, category_terms in terms.items():
            for term in category_terms:
                first = term.words[0][0]
                if len(first) < PREFIX:
                    short.append((category, term))
                else:
                    index.setdefault(first[:PREFIX], []).append((category, term))
        return cls(
            version=str(data["version"]),
            terms=terms,
            index={k: tuple(v) for k, v in index.items()},
            short=tuple(short),
        )


@dataclass(frozen=True, slots=True)
class CategoryHit:
    category: IssueCategory
    matched_terms: tuple[str, ...]


def classify(text: str, rules: RuleSet) -> tuple[CategoryHit, ...]:
    """Every category whose rules match, in category order; empty when none does."""
    toks = tokens(text)
    found: dict[IssueCategory, set[str]] = {}
    for i, tok in enumerate(toks):
        for category, term in (*rules.index.get(tok[:PREFIX], ()), *rules.short):
            if term.matches_at(toks, i):
                found.setdefault(category, set()).add(term.source)
    return tuple(
        CategoryHit(category, tuple(sorted(found[category])))
        for category in IssueCategory
        if category in found
    )
