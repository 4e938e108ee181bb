"""Loads the planning service's data files: classifier rules and intervention catalogue."""

from functools import cache
from pathlib import Path

from services.planning.domain.catalogue import Catalogue
from services.planning.domain.classification import RuleSet

DATA = Path(__file__).parent / "data"


@cache
def classifier_rules(path: Path = DATA / "classifier_rules.toml") -> RuleSet:
    return RuleSet.from_toml(path.read_text(encoding="utf-8"))


@cache
def catalogue(path: Path = DATA / "catalogue.toml") -> Catalogue:
    return Catalogue.from_toml(path.read_text(encoding="utf-8"))
