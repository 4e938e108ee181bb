"""Per-category thresholds for the model's own calls, from cross-validation on the corpus.

For each category, the smallest probability at which the model alone may assign it
so that, out of fold, the category's assignments (the rules' and the model's
together) are right at least PRECISION of the time. The evaluation sets are never
read here; the result is stored in the shipped model.
"""

from collections.abc import Sequence
from dataclasses import replace

from dmap.training import CATEGORIES, Example, fit
from services.planning.domain.classification import RuleSet
from services.planning.domain.opinion import Classifier
from services.planning.domain.text_model import TextModel

PRECISION = 0.77
FOLDS = 5
STEPS = tuple(round(0.25 + 0.05 * i, 2) for i in range(14))  # 0.25 .. 0.90


def calibrate(examples: Sequence[Example], rules: RuleSet) -> dict[str, float]:
    """Threshold per category value (deterministic: folds by position in sorted order)."""
    data = sorted(examples, key=lambda e: e.text)
    base = Classifier(rules)
    # (probability of each category, rules-accepted categories, labels) per example
    seen: list[tuple[dict[str, float], set[str], set[str], str]] = []
    for k in range(FOLDS):
        held = data[k::FOLDS]
        model = TextModel.from_dict(fit([e for i, e in enumerate(data) if i % FOLDS != k]))
        judge = replace(base, model=model, thresholds_off=True)
        for e, explained in zip(
            held, model.explain_all([rules.unresolved(e.text) for e in held]), strict=True
        ):
            opinion = judge.opinion(e.text)
            by_rules = {a.category.value for a in opinion.assigned if a.by != "model"}
            probs = {c.value: p for c, p in explained.probabilities.items()}
            top = max(probs, key=lambda c: (probs[c], c))
            seen.append((probs, by_rules, {c.value for c in e.categories}, top))
    out: dict[str, float] = {}
    for category in (c.value for c in CATEGORIES):
        ruled = [(category in want) for _, rules_hit, want, _ in seen if category in rules_hit]
        chosen = STEPS[-1]
        for step in STEPS:
            right, total = sum(ruled), len(ruled)
            for probs, rules_hit, want, top in seen:
                if category in rules_hit:
                    continue
                floor = base.accept_top if top == category and not rules_hit else base.accept
                if probs[category] >= max(step, floor):
                    total += 1
                    right += category in want
            if total and right / total >= PRECISION:
                chosen = step
                break
        out[category] = chosen
    return out
