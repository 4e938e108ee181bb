"""Rules and the learned model together, with every assignment saying who made it.

- rules and model agree: `both`, confidence 1 - (1 - p) * (1 - RULES);
- rules alone, the model not strongly against (p >= veto): `rules`, confidence RULES;
- the model alone: `model`, confidence p, when p >= accept_top (0.25) for its most
  probable category and the rules found nothing, else when p >= accept (0.5); for a
  category with subject words (parents), also without what those words added.
An issue with no assignment but a doubtful candidate (a rules hit the model
vetoes, or a model guess between `ask` and `accept`) needs a human; with no
candidate at all it is unclassified. Neither is silently put in a category.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from schemas.vocabulary import IssueCategory
from services.planning.domain.classification import RuleSet, classify
from services.planning.domain.normalise import tokens
from services.planning.domain.text_model import Explained, TextModel

RULES = 0.7  # the confidence a rules hit alone carries
Maker = Literal["rules", "model", "both"]


@dataclass(frozen=True, slots=True)
class Assignment:
    category: IssueCategory
    by: Maker
    confidence: float
    terms: tuple[str, ...] = ()  # the rules' matched terms
    words: tuple[str, ...] = ()  # the text's words they matched, as written
    # What the model saw; its strongest words are worked out only when asked for (a
    # plan shows a few hundred assignments, a batch may classify thousands of issues).
    explained: Explained | None = field(default=None, compare=False, repr=False)

    @property
    def features(self) -> tuple[str, ...]:
        """The model's strongest words for this category (its own calls only)."""
        if self.by != "model" or self.explained is None:
            return ()
        return self.explained.top_features(self.category)

    @property
    def evidence(self) -> tuple[str, ...]:
        return self.terms or self.features


@dataclass(frozen=True, slots=True)
class Opinion:
    assigned: tuple[Assignment, ...]
    candidates: tuple[Assignment, ...] = ()  # shown to the human who decides

    @property
    def state(self) -> Literal["classified", "needs_human", "unclassified"]:
        if self.assigned:
            return "classified"
        return "needs_human" if self.candidates else "unclassified"


@dataclass(frozen=True, slots=True)
class Classifier:
    rules: RuleSet
    model: TextModel | None = None
    accept: float = 0.5  # the model alone, for a category that is not its top one
    accept_top: float = 0.25  # the model alone, for its most probable category
    veto: float | None = None  # None: the rules file's [model] veto (sweeps set it)
    weak_support: float = 0.3  # what a hit of weak ("~") terms alone needs from the model
    thresholds_off: bool = False  # calibration judges without the model's own thresholds
    ask: float = 0.2
    # The share of its bar the model's case must reach without the words naming the
    # category's subjects; None: the rules' [subjects] bar (sweeps and tests set it).
    without_subjects: float | None = None

    @property
    def model_version(self) -> str:
        return self.model.version if self.model else ""

    def opinion(self, text: str) -> Opinion:
        return self.opinions([text])[0]

    def opinions(self, texts: Sequence[str]) -> list[Opinion]:
        """One opinion per text; the model scores them all in one product."""
        if self.model is None:
            return [self._judge(text, None) for text in texts]
        seen = self.model.explain_all([self.rules.unresolved(t) for t in texts])
        # Digits and punctuation say nothing, though the model's n-grams still score them.
        return [
            self._judge(t, e if any(ch.isalpha() for ch in t) else None)
            for t, e in zip(texts, seen, strict=True)
        ]

    def _judge(self, text: str, explained: Explained | None) -> Opinion:
        found = classify(text, self.rules)
        hits = {h.category: h.matched_terms for h in found}
        said = {h.category: h.matched_words for h in found}
        weak = {h.category for h in found if h.weak}
        if explained is None:
            return Opinion(
                tuple(Assignment(c, "rules", RULES, t, said[c]) for c, t in hits.items())
            )
        probs = explained.probabilities
        thresholds = {} if self.thresholds_off else explained.model.thresholds
        share = self.rules.subject_bar if self.without_subjects is None else self.without_subjects
        veto = self.rules.veto if self.veto is None else self.veto
        looked: list[dict[IssueCategory, frozenset[str]]] = []
        without: dict[IssueCategory, float] = {}

        def named(category: IssueCategory) -> frozenset[str]:
            """The text's words naming the category's subjects (looked for once)."""
            if category not in self.rules.subject_categories:
                return frozenset()
            if not looked:
                looked.append(self.rules.subject_words(explained.words))
            return looked[0].get(category, frozenset())

        def case_without(category: IssueCategory) -> float:
            if category not in without:
                without[category] = explained.probability_without(category, named(category))
            return without[category]

        def gated(category: IssueCategory, enough: float) -> bool:
            """The model's case reaches `enough` only thanks to the category's subject
            words (parents who report another problem are not parental engagement)."""
            return (
                probs.get(category, 0.0) >= enough
                and bool(named(category))
                and case_without(category) < share * enough
            )

        def top_bar(category: IssueCategory) -> float:
            return max(self.accept_top, thresholds.get(category, 0.0))

        # The model's top category, passing over one it names only for its subjects'
        # sake, so the issue's real topic keeps the top's lower bar.
        top = max(probs, key=lambda c: (probs[c], c.value))
        if top not in hits and gated(top, top_bar(top)):
            ranked = sorted(probs, key=lambda c: (-probs[c], c.value))
            top = next((c for c in ranked if c in hits or not gated(c, top_bar(c))), top)
        assigned: list[Assignment] = []
        doubtful: list[Assignment] = []
        for category in IssueCategory:
            p = probs.get(category, 0.0)
            # The model alone may name its top category on a lower bar only when the
            # rules found nothing; beside a rules hit it needs `accept`.
            enough = self.accept_top if category == top and not hits else self.accept
            if category not in hits:  # the model alone: its calibrated bar for the category
                enough = max(enough, thresholds.get(category, 0.0))
            if category in hits:
                terms = hits[category]
                support = self.weak_support if category in weak else veto
                if category in weak and named(category):
                    # A weak term that is itself a subject word ("~veliler"): the model's
                    # support may not rest on that same word; what the rest of the text
                    # says must reach the share of the bar a model-alone call needs.
                    matched = {t for word in said[category] for t in tokens(word)}
                    if matched & named(category):
                        p = case_without(category)
                        support *= share
                if p >= enough:
                    both = 1 - (1 - p) * (1 - RULES)
                    assigned.append(
                        Assignment(category, "both", round(both, 3), terms, said[category])
                    )
                elif p >= support:
                    assigned.append(Assignment(category, "rules", RULES, terms, said[category]))
                else:
                    doubtful.append(
                        Assignment(category, "rules", round(p, 3), terms, said[category])
                    )
            elif p >= self.ask:
                made = Assignment(category, "model", round(p, 3), explained=explained)
                stands = p >= enough and not gated(category, enough)
                (assigned if stands else doubtful).append(made)
        if assigned:
            return Opinion(tuple(assigned))
        return Opinion((), tuple(sorted(doubtful, key=lambda a: -a.confidence)[:3]))


def as_classifier(rules: "RuleSet | Classifier") -> Classifier:
    """Callers that hold only rules (tests, tools) get the rules-only classifier."""
    return rules if isinstance(rules, Classifier) else Classifier(rules)
