"""Loads the planning service's data files (classifier rules, intervention catalogue)."""

from functools import cache
from pathlib import Path

from services.planning.domain.classification import RuleSet

DATA = Path(__file__).parent / "data"


@cache
def classifier_rules(path: Path = DATA / "classifier_rules.toml") -> RuleSet:
    return RuleSet.from_toml(path.read_text(encoding="utf-8"))
