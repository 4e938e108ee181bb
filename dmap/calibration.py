"""Per-category thresholds for the model's own calls, from cross-validation on the corpus.

For each category, the smallest probability at which the model alone may assign it
so that, out of fold, the category's assignments (the rules' and the model's
together) are right at least PRECISION of the time. Each fold holds out one corpus
file, i.e. one writer: precision on the writers a model was fitted on flatters it,
and planners' texts come from writers it has never read. The evaluation sets are
never read here; the result is stored in the shipped model.
"""

from collections.abc import Sequence
from dataclasses import dataclass, fields

from dmap.training import CATEGORIES, SETTINGS, Example, fit
from services.planning.domain.classification import RuleSet
from services.planning.domain.opinion import Classifier
from services.planning.domain.text_model import TextModel

PRECISION = float(SETTINGS["calibrated_precision"])  # type: ignore[arg-type]
FOLDS = 5
# The model-alone floors of a default Classifier, below which no threshold matters.
_DEFAULTS = {f.name: f.default for f in fields(Classifier)}
ACCEPT, ACCEPT_TOP = float(_DEFAULTS["accept"]), float(_DEFAULTS["accept_top"])  # type: ignore[arg-type]
STEPS = tuple(round(0.25 + 0.05 * i, 2) for i in range(14))  # 0.25 .. 0.90


def _folds(data: Sequence[Example], grouped: bool) -> list[list[bool]]:
    """Per fold, which examples it holds out."""
    groups = sorted({e.group for e in data})
    if grouped and len(groups) > 1:
        return [[e.group == g for e in data] for g in groups]
    return [[i % FOLDS == k for i in range(len(data))] for k in range(FOLDS)]


@dataclass(frozen=True, slots=True)
class Seen:
    """One text as a model that never read it saw it."""

    probabilities: dict[str, float]
    by_rules: frozenset[str]  # categories the rules assigned (alone or with the model)
    wanted: frozenset[str]
    top: str  # the model's most probable category


def out_of_fold(examples: Sequence[Example], rules: RuleSet, grouped: bool = True) -> list[Seen]:
    """Every example as seen by a model fitted without its fold. With `grouped` (and
    two groups or more) each fold holds out one group, i.e. one writer's file, so the
    view is what a new writer's texts get; otherwise folds by position in sorted order."""
    return out_of_fold_each(examples, [rules], grouped)[0]


def out_of_fold_each(
    examples: Sequence[Example], rule_sets: Sequence[RuleSet], grouped: bool = True
) -> list[list[Seen]]:
    """`out_of_fold` for several rule sets at once, one list per rule set. The fits do
    not depend on the rules, so comparing rule sets costs about one run."""
    data = sorted(examples, key=lambda e: e.text)
    seen: list[list[Seen]] = [[] for _ in rule_sets]
    for out_of in _folds(data, grouped):
        held = [e for e, out in zip(data, out_of, strict=True) if out]
        model = TextModel.from_dict(
            fit([e for e, out in zip(data, out_of, strict=True) if not out])
        )
        for rules, into in zip(rule_sets, seen, strict=True):
            judge = Classifier(rules, model, thresholds_off=True)
            explained_all = model.explain_all([rules.unresolved(e.text) for e in held])
            for e, explained in zip(held, explained_all, strict=True):
                opinion = judge.opinion(e.text)
                probs = {c.value: p for c, p in explained.probabilities.items()}
                by_rules = frozenset(a.category.value for a in opinion.assigned if a.by != "model")
                wanted = frozenset(c.value for c in e.categories)
                top = max(probs, key=lambda c: (probs[c], c))
                into.append(Seen(probs, by_rules, wanted, top))
    return seen


def thresholds(seen: Sequence[Seen], precision: float = PRECISION) -> dict[str, float]:
    """Per category, the lowest step at which its assignments out of fold (the rules'
    and the model's together) are right at least `precision` of the time."""
    out: dict[str, float] = {}
    for category in (c.value for c in CATEGORIES):
        ruled = [category in s.wanted for s in seen if category in s.by_rules]
        chosen = STEPS[-1]
        for step in STEPS:
            right, total = sum(ruled), len(ruled)
            for s in seen:
                if category in s.by_rules:
                    continue
                floor = ACCEPT_TOP if s.top == category and not s.by_rules else ACCEPT
                if s.probabilities[category] >= max(step, floor):
                    total += 1
                    right += category in s.wanted
            if total and right / total >= precision:
                chosen = step
                break
        out[category] = chosen
    return out


def calibrate(
    examples: Sequence[Example], rules: RuleSet, grouped: bool = True
) -> dict[str, float]:
    """Threshold per category value, deterministic (see `out_of_fold`)."""
    return thresholds(out_of_fold(examples, rules, grouped))
