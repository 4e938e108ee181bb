"""Golden plans: a small fixed set of consultations and the plans it must produce.

The expected Markdown and JSON are committed and were read by eye. After an
intended change to the engine, catalogue or rules, regenerate them with
`DMAP_UPDATE_GOLDEN=1 pytest tests/unit/test_golden_plans.py` and review the diff.
"""

import json
import os
from pathlib import Path

import pytest

from schemas.consultations import ConsultationRecorded
from schemas.statistics import MunicipalStatisticsRecorded
from schemas.vocabulary import MunicipalityCode
from services.planning.domain.plan import draft_plan
from services.planning.rules import catalogue, classifier_rules
from services.reporting.i18n.languages import LANGS
from services.reporting.rendering.markdown import render

GOLDEN = Path(__file__).parents[1] / "data" / "golden"
RECORDS = [
    ConsultationRecorded.model_validate(r)
    for r in json.loads((GOLDEN / "consultations.json").read_text(encoding="utf-8"))
]
# Both have municipal statistics (illustrative aggregates): Graçanicë's from the MED's
# records (its schools follow the Serbian curriculum, outside EMIS), Obiliq's from EMIS,
# with RAE dropout rising from primary to lower secondary. The no-statistics path is
# tested in test_plan_measures.py and below.
STATISTICS = [
    MunicipalStatisticsRecorded.model_validate(s)
    for s in json.loads((GOLDEN / "statistics.json").read_text(encoding="utf-8"))
]


@pytest.mark.parametrize("municipality", ["obiliq", "gracanice"])
def test_plan_matches_the_committed_golden_plan(municipality: str) -> None:
    records = [r for r in RECORDS if r.municipality == municipality]
    plan = draft_plan(
        MunicipalityCode(municipality),
        "2026-2027",
        records,
        classifier_rules(),
        catalogue(),
        statistics=[s for s in STATISTICS if s.municipality == municipality],
    )
    produced = {
        f"{municipality}.md": render(plan, "en"),
        **{f"{municipality}.{lang}.md": render(plan, lang) for lang in LANGS if lang != "en"},
        f"{municipality}.json": plan.model_dump_json(indent=2) + "\n",
    }
    for name, text in produced.items():
        path = GOLDEN / name
        if os.environ.get("DMAP_UPDATE_GOLDEN") == "1":
            path.write_text(text, encoding="utf-8")
        assert path.read_text(encoding="utf-8") == text, f"{name} differs from the golden file"


def test_without_statistics_obiliq_s_objectives_say_what_to_measure() -> None:
    records = [r for r in RECORDS if r.municipality == "obiliq"]
    plan = draft_plan(
        MunicipalityCode.OBILIQ, "2026-2027", records, classifier_rules(), catalogue()
    )
    assert plan.statistics is None
    outcomes = [p.outcome for p in plan.priorities if p.outcome is not None]
    assert outcomes
    assert all(o.baseline_value is None and o.target_value is None for o in outcomes)
    assert all("%" not in (p.objective.en if p.objective else "") for p in plan.priorities)
