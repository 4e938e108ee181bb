"""Classifying a raised issue's text into issue categories with transparent rules.

The rules are data (`data/classifier_rules.toml`); this module only matches
them. Every hit keeps the terms that matched, so a planner can see why.
Rules also say what a trigger is not: exclusions mask institutional names,
guards ask for the right subject (a child working, not a father), negators
void a term ("no child works any more").
"""

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from schemas.vocabulary import IssueCategory
from services.planning.domain.normalise import fold, tokens


@dataclass(frozen=True, slots=True)
class Term:
    """A phrase of one or more stems; `exact` words must match whole; `guarded` terms
    count only with their category's subject nearby."""

    source: str
    words: tuple[tuple[str, bool], ...]  # (stem, exact)
    guarded: bool = False

    @classmethod
    def parse(cls, source: str) -> "Term":
        guarded = source.startswith("?")
        words = tuple(
            (w.removeprefix("="), w.startswith("=")) for w in fold(source.lstrip("?")).split()
        )
        if not words or any(not stem for stem, _ in words):
            raise ValueError(f"empty term {source!r}")
        return cls(source.removeprefix("?"), words, guarded)

    def matches_at(self, toks: list[str], i: int) -> bool:
        if i + len(self.words) > len(toks):
            return False
        return all(
            toks[i + k] == stem if exact else toks[i + k].startswith(stem)
            for k, (stem, exact) in enumerate(self.words)
        )


PREFIX = 3  # terms are indexed by the first letters of their first word


@dataclass(frozen=True, slots=True)
class TermIndex:
    """Terms by the first PREFIX letters of their first word, so a token is only compared
    with the few terms that can start there."""

    index: dict[str, tuple[tuple[str, Term], ...]]
    short: tuple[tuple[str, Term], ...]  # first word shorter than PREFIX

    @classmethod
    def of(cls, tagged: Iterable[tuple[str, Term]]) -> "TermIndex":
        index: dict[str, list[tuple[str, Term]]] = {}
        short = []
        for tag, term in tagged:
            first = term.words[0][0]
            if len(first) < PREFIX:
                short.append((tag, term))
            else:
                index.setdefault(first[:PREFIX], []).append((tag, term))
        return cls({k: tuple(v) for k, v in index.items()}, tuple(short))

    def matches(self, toks: list[str]) -> Iterable[tuple[int, str, Term]]:
        """(position, tag, term) of every match in `toks`."""
        for i, tok in enumerate(toks):
            for tag, term in (*self.index.get(tok[:PREFIX], ()), *self.short):
                if term.matches_at(toks, i):
                    yield i, tag, term


@dataclass(frozen=True, slots=True)
class Guard:
    """A guarded term of a category needs a `subject` word within `window` words, and no
    `adult` word nearer than the nearest subject."""

    window: int
    subject: TermIndex
    adult: TermIndex


ALL = "all"  # the exclusion list that masks words for every category


@dataclass(frozen=True, slots=True)
class RuleSet:
    version: str
    terms: dict[IssueCategory, tuple[Term, ...]]
    index: TermIndex = field(default_factory=lambda: TermIndex({}, ()))
    exclusions: TermIndex = field(default_factory=lambda: TermIndex({}, ()))
    negators: TermIndex = field(default_factory=lambda: TermIndex({}, ()))
    negation: Mapping[IssueCategory, int] = field(default_factory=dict)  # reach, in words
    guards: Mapping[IssueCategory, Guard] = field(default_factory=dict)

    @classmethod
    def from_toml(cls, text: str) -> "RuleSet":
        data = tomllib.loads(text)
        terms: dict[IssueCategory, tuple[Term, ...]] = {}
        for code, by_language in data["categories"].items():
            category = IssueCategory(code)  # unknown codes fail loudly
            terms[category] = tuple(
                Term.parse(t) for language in sorted(by_language) for t in by_language[language]
            )
        unguarded = [c.value for c, ts in terms.items() if any(t.guarded for t in ts)]
        guards = {IssueCategory(c): _guard(g) for c, g in data.get("guards", {}).items()}
        if missing := sorted(set(unguarded) - {g.value for g in guards}):
            raise ValueError(f"guarded terms without a [guards] entry: {missing}")
        exclusions = data.get("exclusions", {})
        for code in exclusions:
            if code != ALL:
                IssueCategory(code)
        negation = dict(data.get("negation", {}))
        far = [(">", Term.parse(t)) for t in negation.pop("negators", [])]
        close = [("1", Term.parse(t)) for t in negation.pop("close", [])]
        return cls(
            version=str(data["version"]),
            terms=terms,
            index=TermIndex.of((c.value, t) for c, ts in terms.items() for t in ts),
            exclusions=TermIndex.of(
                (scope, Term.parse(t)) for scope, ts in exclusions.items() for t in ts
            ),
            negators=TermIndex.of([*far, *close]),
            negation={IssueCategory(c): int(reach) for c, reach in negation.items()},
            guards=guards,
        )


def _guard(data: Mapping[str, Any]) -> Guard:
    return Guard(
        window=int(data["window"]),
        subject=TermIndex.of(("s", Term.parse(t)) for t in data["subject"]),
        adult=TermIndex.of(("a", Term.parse(t)) for t in data["adult"]),
    )


@dataclass(frozen=True, slots=True)
class CategoryHit:
    category: IssueCategory
    matched_terms: tuple[str, ...]


def _masks(toks: list[str], rules: RuleSet) -> dict[str, set[int]]:
    """Token positions each exclusion scope ("all" or a category) takes away from terms."""
    masked: dict[str, set[int]] = {}
    for i, scope, term in rules.exclusions.matches(toks):
        masked.setdefault(scope, set()).update(range(i, i + len(term.words)))
    return masked


def _negated_ends(toks: list[str], rules: RuleSet) -> tuple[set[int], set[int]]:
    """Last positions of negators: those that reach several words, those only the next."""
    far: set[int] = set()
    close: set[int] = set()
    for i, tag, term in rules.negators.matches(toks):
        (close if tag == "1" else far).add(i + len(term.words) - 1)
    return far, close


def _nearest(index: TermIndex, toks: list[str], at: int, window: int) -> int | None:
    distances = [abs(i - at) for i, _, _ in index.matches(toks) if abs(i - at) <= window]
    return min(distances, default=None)


def _subject_ok(guard: Guard, toks: list[str], at: int) -> bool:
    child = _nearest(guard.subject, toks, at, guard.window)
    if child is None:
        return False
    adult = _nearest(guard.adult, toks, at, guard.window)
    return adult is None or child <= adult


def classify(text: str, rules: RuleSet) -> tuple[CategoryHit, ...]:
    """Every category whose rules match, in category order; empty when none does."""
    toks = tokens(text)
    masks: dict[str, set[int]] | None = None
    negators: tuple[set[int], set[int]] | None = None
    found: dict[IssueCategory, set[str]] = {}
    for i, code, term in rules.index.matches(toks):
        category = IssueCategory(code)
        if masks is None:  # computed once, and only when some term matched
            masks = _masks(toks, rules)
        span = range(i, i + len(term.words))
        if any(p in masks.get(ALL, ()) or p in masks.get(code, ()) for p in span):
            continue
        reach = rules.negation.get(category)
        if reach:
            if negators is None:
                negators = _negated_ends(toks, rules)
            far, close = negators
            if (i - 1) in close or any((i - k) in far for k in range(1, reach + 1)):
                continue
        if term.guarded and not _subject_ok(rules.guards[category], toks, i):
            continue
        found.setdefault(category, set()).add(term.source)
    return tuple(
        CategoryHit(category, tuple(sorted(found[category])))
        for category in IssueCategory
        if category in found
    )
