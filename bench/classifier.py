"""The classifier alone: planning's rules over the bench's texts (warm caches), then rules
alone and rules with the shipped model over the training corpus's distinct texts (cold),
then rules with the model over the bench's texts again (warm)."""

import json
import time
from dataclasses import replace
from typing import Any

from services.planning.domain.classification import RuleSet, classify
from services.planning.domain.opinion import Classifier
from services.planning.domain.text_model import TextModel
from services.planning.rules import DATA, classifier_rules, shipped_artifact

CORPUS = DATA / "training"
RULES_FILE = DATA / "classifier_rules.toml"


def _rate(n: int, started: float) -> dict[str, Any]:
    return {"texts": n, "per_s": n / (time.perf_counter() - started)}


def classifier(items: list[dict[str, Any]]) -> dict[str, Any]:
    texts = [i["description"] for r in items for i in r["raised_issues"]]
    rules = classifier_rules()
    started = time.perf_counter()
    for text in texts:
        classify(text, rules)
    warm = _rate(len(texts), started)
    distinct = sorted(
        {json.loads(line)["text"] for f in CORPUS.glob("*.jsonl") for line in f.open() if line}
    )
    cold_rules = Classifier(RuleSet.from_toml(RULES_FILE.read_text(encoding="utf-8")))
    started = time.perf_counter()
    cold_rules.opinions(distinct)
    rules_cold = _rate(len(distinct), started)
    artifact = shipped_artifact()
    if artifact is None:
        return {"rules_warm": warm, "rules_cold": rules_cold}
    fresh = RuleSet.from_toml(RULES_FILE.read_text(encoding="utf-8"))
    combined = replace(cold_rules, rules=fresh, model=TextModel.from_dict(artifact))
    started = time.perf_counter()
    combined.opinions(distinct)
    model_cold = _rate(len(distinct), started)
    # Planning's steady state: the words of new records are mostly words it has seen.
    started = time.perf_counter()
    combined.opinions(texts)
    return {
        "rules_warm": warm,
        "rules_cold": rules_cold,
        "rules_model_cold": model_cold,
        "rules_model_warm": _rate(len(texts), started),
    }
