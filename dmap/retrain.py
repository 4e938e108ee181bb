"""`dmap classify retrain`: fit the learned classifier on the corpus plus planners' corrections.

The corpus is the labelled training set shipped with planning; corrections are
the issues planners re-categorised or excluded (amendments in force). The model
is deterministic for those examples. `--ship` writes it as the shipped artifact
(the corpus only, no database); otherwise it is activated in planning's
database, and a running planning service switches to it and re-drafts.
"""

import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dmap.calibration import calibrate
from dmap.training import Example, fit, read_examples
from services.planning.rules import DATA, SHIPPED_MODEL, classifier_rules, shipped_artifact
from services.planning.store.models import PostgresModels
from services.runtime.database import create_pool
from services.runtime.settings import Settings

CORPUS = DATA / "training"  # every *.jsonl file in it


def corpus_examples(corpus: Path = CORPUS) -> list[Example]:
    return [e for path in sorted(corpus.glob("*.jsonl")) for e in read_examples(path)]


@dataclass(frozen=True, slots=True)
class Retrained:
    version: str
    examples: int
    corrections: int
    activated: bool
    where: str


def ship(corpus: Path = CORPUS, out: Path = SHIPPED_MODEL) -> Retrained:
    examples = corpus_examples(corpus)
    artifact = fit(examples)
    artifact["thresholds"] = calibrate(examples, classifier_rules())
    text = json.dumps(artifact, separators=(",", ":")) + "\n"
    # mtime=0: the same model gives the same bytes, so git sees no change on a rerun
    out.write_bytes(gzip.compress(text.encode(), compresslevel=9, mtime=0))
    return Retrained(artifact["version"], artifact["trained_on"]["examples"], 0, False, str(out))


async def retrain(settings: Settings, corpus: Path = CORPUS) -> Retrained:
    pool = await create_pool(settings.dsn, 2)
    try:
        async with pool.acquire(timeout=settings.acquire_timeout_s) as conn:
            exists = await conn.fetchval("SELECT to_regclass('planning.classifier_models')")
            if exists is None:
                raise SystemExit(
                    "planning's database has no classifier_models table yet: "
                    "start the stack and the services first (make demo)"
                )
            models = PostgresModels(conn)
            corrections = [
                Example(text, labels, "correction", "correction")
                for text, labels in await models.corrections()
            ]
            artifact: dict[str, Any] = fit([*corpus_examples(corpus), *corrections])
            # The corpus's calibration carries over: a few corrections do not move it.
            artifact["thresholds"] = (shipped_artifact() or {}).get("thresholds", {})
            async with conn.transaction():
                activated = await models.activate(artifact)
    finally:
        await pool.close()
    trained = artifact["trained_on"]
    return Retrained(
        artifact["version"], trained["examples"], trained["corrections"], activated, "database"
    )
