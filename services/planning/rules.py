"""Loads the planning service's data files: classifier rules and model, the catalogue."""

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

from services.planning.domain.catalogue import Catalogue
from services.planning.domain.classification import RuleSet
from services.planning.domain.opinion import Classifier
from services.planning.domain.text_model import TextModel

DATA = Path(__file__).parent / "data"


@cache
def classifier_rules(path: Path = DATA / "classifier_rules.toml") -> RuleSet:
    return RuleSet.from_toml(path.read_text(encoding="utf-8"))


@cache
def catalogue(path: Path = DATA / "catalogue.toml") -> Catalogue:
    return Catalogue.from_toml(path.read_text(encoding="utf-8"))


SHIPPED_MODEL = DATA / "classifier_model.json.gz"


@cache
def shipped_artifact(path: Path = SHIPPED_MODEL) -> dict[str, Any] | None:
    """The model fitted on the repository's training corpus (no corrections)."""
    if not path.exists():
        return None
    artifact: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))
    return artifact


@cache
def shipped_model() -> TextModel | None:
    artifact = shipped_artifact()
    return TextModel.from_dict(artifact) if artifact else None


def shipped_classifier() -> Classifier:
    """Rules and the shipped model: what planning uses until a retrained one is activated."""
    return Classifier(classifier_rules(), shipped_model())
