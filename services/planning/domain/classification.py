"""Classifying a raised issue's text into issue categories with transparent rules.

The rules are data (`data/classifier_rules.toml`); this module only matches
them. Every hit keeps the terms that matched, so a planner can see why.
Rules also say what a trigger is not: exclusions mask institutional names,
guards ask for the right subject (a child working, not a father), negators
void a term ("no child works any more").
"""

import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from schemas.vocabulary import IssueCategory
from services.planning.domain.normalise import clauses, fold, token_spans
from services.planning.domain.speakers import Speakers


@dataclass(frozen=True, slots=True)
class Term:
    """A phrase of one or more stems; `exact` words must match whole; `guarded` terms
    count only with their category's subject nearby."""

    source: str
    words: tuple[tuple[str, bool], ...]  # (stem, exact)
    guarded: bool = False
    weak: bool = False  # "~term": too broad alone; counts when the model agrees

    @classmethod
    def parse(cls, source: str) -> "Term":
        guarded, weak = "?" in source[:2], "~" in source[:2]
        bare = source.lstrip("?~")
        words = tuple((w.removeprefix("="), w.startswith("=")) for w in fold(bare).split())
        if not words or any(not stem for stem, _ in words):
            raise ValueError(f"empty term {source!r}")
        return cls(bare, words, guarded, weak)


PREFIX = 3  # terms are indexed by the first letters of their first word
TOKEN_MEMO = 200_000  # distinct words whose matching terms are remembered
_Tagged = tuple[tuple[str, Term], ...]


@dataclass(frozen=True, slots=True)
class TermIndex:
    """Terms by the first PREFIX letters of their first word (shorter first words by the
    whole word), so a token is only compared with the few terms that can start there."""

    index: dict[str, tuple[tuple[str, Term], ...]]
    short: dict[str, tuple[tuple[str, Term], ...]] = field(default_factory=dict)
    short_lengths: tuple[int, ...] = ()
    _memo: dict[str, tuple["_Tagged", "_Tagged"]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def of(cls, tagged: Iterable[tuple[str, Term]]) -> "TermIndex":
        index: dict[str, list[tuple[str, Term]]] = {}
        short: dict[str, list[tuple[str, Term]]] = {}
        for tag, term in tagged:
            first = term.words[0][0]
            if len(first) < PREFIX:
                short.setdefault(first, []).append((tag, term))
            else:
                index.setdefault(first[:PREFIX], []).append((tag, term))
        return cls(
            {k: tuple(v) for k, v in index.items()},
            {k: tuple(v) for k, v in short.items()},
            tuple(sorted({len(k) for k in short})),
        )

    def matches(self, toks: list[str]) -> Iterator[tuple[int, str, Term]]:
        """(position, tag, term) of every match in `toks`."""
        memo = self._memo
        for i, tok in enumerate(toks):
            found = memo.get(tok)
            if found is None:
                found = self._starting(tok)
                if len(memo) < TOKEN_MEMO:
                    memo[tok] = found
            single, phrases = found
            for tag, term in single:
                yield i, tag, term
            for tag, term in phrases:
                if _rest_matches(term.words, toks, i):
                    yield i, tag, term

    def _starting(self, tok: str) -> tuple[_Tagged, _Tagged]:
        """One-word terms that match `tok`, and phrases whose first word does: words
        repeat, so this is worked out once per distinct word."""
        candidates = self.index.get(tok[:PREFIX], ())
        for length in self.short_lengths:
            candidates += self.short.get(tok[:length], ())
        single: list[tuple[str, Term]] = []
        phrases: list[tuple[str, Term]] = []
        for tag, term in candidates:
            stem, exact = term.words[0]
            if not (tok == stem if exact else tok.startswith(stem)):
                continue
            (single if len(term.words) == 1 else phrases).append((tag, term))
        return tuple(single), tuple(phrases)


def _rest_matches(words: tuple[tuple[str, bool], ...], toks: list[str], i: int) -> bool:
    """The words after the first (which `_starting` matched) at position i: a plain loop,
    the hot path of the rules."""
    if i + len(words) > len(toks):
        return False
    for k in range(1, len(words)):
        stem, exact = words[k]
        tok = toks[i + k]
        if (tok != stem) if exact else not tok.startswith(stem):
            return False
    return True


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
    index: TermIndex = field(default_factory=lambda: TermIndex({}))
    exclusions: TermIndex = field(default_factory=lambda: TermIndex({}))
    negators: TermIndex = field(default_factory=lambda: TermIndex({}))
    negation: Mapping[IssueCategory, int] = field(default_factory=dict)  # reach, in words
    guards: Mapping[IssueCategory, Guard] = field(default_factory=dict)
    resolved: TermIndex = field(default_factory=lambda: TermIndex({}))
    # [subjects]: words naming who is involved, not what the problem is; the learned
    # model alone assigns the category only if its case stands without them (opinion.py).
    subjects: TermIndex = field(default_factory=lambda: TermIndex({}))
    subject_bar: float = 0.0  # the share of its bar the case must reach without them
    subject_categories: frozenset[IssueCategory] = frozenset()
    veto: float = 0.08  # [model] veto: below it the model overrules a rules hit
    speakers: Speakers = field(default_factory=Speakers)  # a transcript's labels are masked

    def unresolved(self, text: str) -> str:
        """`text` without its clauses that say the problem is solved or past (folded), or
        `text` itself when it has none: what the learned model may judge, since a
        solved transport problem is no transport problem."""
        toks, where = clauses(text)
        solved = {where[j] for j, _, _ in self.resolved.matches(toks)}
        if not solved:
            return text
        return " ".join(t for t, w in zip(toks, where, strict=True) if w not in solved)

    def subject_words(self, toks: Sequence[str]) -> dict[IssueCategory, frozenset[str]]:
        """Per category with [subjects], the words of `toks` that name its subjects."""
        found: dict[IssueCategory, set[str]] = {}
        for i, code, term in self.subjects.matches(list(toks)):
            found.setdefault(IssueCategory(code), set()).update(toks[i : i + len(term.words)])
        return {c: frozenset(w) for c, w in found.items()}

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
        subjects = dict(data.get("subjects", {}))
        subject_bar = float(subjects.pop("bar", 0.0))
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
            resolved=TermIndex.of(
                ("r", Term.parse(t)) for t in data.get("resolved", {}).get("markers", [])
            ),
            subjects=TermIndex.of(
                (IssueCategory(code).value, Term.parse(t))
                for code, ts in subjects.items()
                for t in ts
            ),
            subject_bar=subject_bar,
            subject_categories=frozenset(IssueCategory(c) for c, ts in subjects.items() if ts),
            veto=float(data.get("model", {}).get("veto", 0.08)),
            speakers=_speakers(data.get("speakers", {})),
        )


def _speakers(data: Mapping[str, Any]) -> Speakers:
    default = Speakers()
    return Speakers(
        roles=tuple(fold(r) for r in data.get("roles", ())),
        min_turns=int(data.get("min_turns", default.min_turns)),
        min_words=int(data.get("min_words", default.min_words)),
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
    weak: bool = False  # only weak terms matched: the model must agree
    matched_words: tuple[str, ...] = ()  # the text's own words those terms matched


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


def _nearest(
    index: TermIndex, toks: list[str], where: list[int], at: int, window: int
) -> int | None:
    distances = [
        abs(i - at)
        for i, _, _ in index.matches(toks)
        if abs(i - at) <= window and where[i] == where[at]
    ]
    return min(distances, default=None)


def _subject_ok(guard: Guard, toks: list[str], where: list[int], at: int) -> bool:
    child = _nearest(guard.subject, toks, where, at, guard.window)
    if child is None:
        return False
    adult = _nearest(guard.adult, toks, where, at, guard.window)
    return adult is None or child <= adult


def classify(text: str, rules: RuleSet) -> tuple[CategoryHit, ...]:
    """Every category whose rules match, in category order; empty when none does."""
    toks, where = clauses(text)
    masks: dict[str, set[int]] | None = None
    negators: tuple[set[int], set[int]] | None = None
    solved: set[int] | None = None
    found: dict[IssueCategory, set[str]] = {}
    where_found: dict[IssueCategory, set[tuple[int, int]]] = {}
    strong: set[IssueCategory] = set()
    for i, code, term in rules.index.matches(toks):
        category = IssueCategory(code)
        end = i + len(term.words) - 1
        if where[i] != where[end]:
            continue  # a phrase does not run across clauses
        if masks is None:  # computed once, and only when some term matched
            masks = _masks(toks, rules)
            if rules.speakers.roles:
                masks.setdefault(ALL, set()).update(rules.speakers.positions(text))
            solved = {where[j] for j, _, _ in rules.resolved.matches(toks)}
        if where[i] in (solved or ()):
            continue  # "the transport problem was solved in October"
        span = range(i, end + 1)
        if any(p in masks.get(ALL, ()) or p in masks.get(code, ()) for p in span):
            continue
        reach = rules.negation.get(category)
        if reach:
            if negators is None:
                negators = _negated_ends(toks, rules)
            far, close = negators
            before = [i - k for k in range(1, reach + 1) if i - k >= 0 and where[i - k] == where[i]]
            if ((i - 1) in close and (i - 1) in before) or any(p in far for p in before):
                continue
        if term.guarded and not _subject_ok(rules.guards[category], toks, where, i):
            continue
        found.setdefault(category, set()).add(term.source)
        where_found.setdefault(category, set()).add((i, end))
        if not term.weak:
            strong.add(category)
    spans = token_spans(text) if found else None
    return tuple(
        CategoryHit(
            category,
            tuple(sorted(found[category])),
            weak=category not in strong,
            matched_words=_as_written(text, spans, where_found[category]),
        )
        for category in IssueCategory
        if category in found
    )


def _as_written(
    text: str, spans: list[tuple[int, int]] | None, at: set[tuple[int, int]]
) -> tuple[str, ...]:
    """The words of `text` at the matched token positions, as the consultant wrote them."""
    if spans is None:
        return ()
    words = {" ".join(text[spans[i][0] : spans[end][1]].split()) for i, end in at}
    return tuple(sorted(words, key=lambda w: (w.casefold(), w)))
