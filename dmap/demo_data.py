"""A realistic, reproducible set of consultations for the demo (no personal data)."""

import random
import uuid
from datetime import date, timedelta
from typing import Any

from dmap.demo_texts import PHRASES, RECOMMENDATIONS, SCHOOL_NAMES
from schemas.vocabulary import PROGRAMME_CATEGORIES, SchoolLevel, StakeholderGroup

# The eight municipalities named in the 2022-24 programme, and seven more.
DEMO_MUNICIPALITIES: tuple[str, ...] = (
    "mitrovice-jugut",
    "obiliq",
    "fushe-kosove",
    "podujeve",
    "kamenice",
    "prizren",
    "ferizaj",
    "viti",
    "prishtine",
    "gjilan",
    "gjakove",
    "peje",
    "vushtrri",
    "lipjan",
    "gracanice",
)
SERBIAN_MAJORITY = frozenset(
    {
        "gracanice",
        "mitrovice-veriut",
        "leposaviq",
        "zvecan",
        "zubin-potok",
        "shterpce",
        "kllokot",
        "partesh",
        "ranillug",
        "novoberde",
    }
)
UNHEARD = {
    ("obiliq", StakeholderGroup.STUDENT): StakeholderGroup.TEACHER,
    ("kamenice", StakeholderGroup.PARENT): StakeholderGroup.SCHOOL_MANAGER,
    ("viti", StakeholderGroup.STUDENT): StakeholderGroup.OTHER,
    ("lipjan", StakeholderGroup.MED): StakeholderGroup.TEACHER,
}
FIRST_DAY = date(2026, 9, 7)  # first consultations of the 2026-2027 school year
LAST_DAY = date(2026, 11, 20)
# Bump when the generated records change, so old demo databases get new ids
# instead of 409 conflicts.
DATA_VERSION = 2
NAMESPACE = uuid.uuid5(uuid.UUID("6f1c2a52-4d1e-4c55-9a55-2f0b6f0d9c11"), f"v{DATA_VERSION}")

GROUP_HINT = {
    "rae_inclusion": "rae",
    "gender_early_marriage": "girls",
    "distance_access": "rural",
    "poverty": "low_income",
    "migration_return": "returnees",
    "special_needs": "special_needs",
    "child_labour": "low_income",
    "street_situation": "rae",
}
LEVELS_FOR = {
    StakeholderGroup.STUDENT: (SchoolLevel.LOWER_SECONDARY, SchoolLevel.UPPER_SECONDARY),
    StakeholderGroup.PARENT: (
        SchoolLevel.PRESCHOOL,
        SchoolLevel.PRIMARY,
        SchoolLevel.LOWER_SECONDARY,
    ),
}


def _weights(rng: random.Random) -> dict[str, float]:
    """Each municipality has a few dominant barriers, as real consultations show."""
    weights = dict.fromkeys(PHRASES, 1.0)
    for c in PROGRAMME_CATEGORIES:
        weights[c.value] += 1.0
    for c in rng.sample(sorted(PHRASES), 3):
        weights[c] += 4.0
    return weights


def _language(rng: random.Random, municipality: str) -> str:
    main = "sr" if municipality in SERBIAN_MAJORITY else "sq"
    return rng.choices([main, "en"], weights=[9, 1])[0]


def _issue(rng: random.Random, category: str, language: str) -> dict[str, Any]:
    hint = GROUP_HINT.get(category)
    return {
        # Consultants pick a category most of the time; the rest is left to planning.
        "category": category if rng.random() < 0.8 else None,
        "description": rng.choice(PHRASES[category][language]),
        "severity": rng.choices(["low", "medium", "high", "critical"], [2, 5, 3, 1])[0],
        "affected_students": rng.choice([None, rng.randint(2, 60)]),
        "affected_groups": [hint] if hint and rng.random() < 0.7 else [],
    }


def consultations(count: int, seed: int = 2026) -> list[dict[str, Any]]:
    """`count` submissions spread over the demo municipalities and every stakeholder group."""
    rng = random.Random(seed)
    profiles = {m: _weights(rng) for m in DEMO_MUNICIPALITIES}
    groups = list(StakeholderGroup)
    span = (LAST_DAY - FIRST_DAY).days
    out = []
    for i in range(count):
        municipality = DEMO_MUNICIPALITIES[i % len(DEMO_MUNICIPALITIES)]
        group = groups[(i // len(DEMO_MUNICIPALITIES)) % len(groups)]
        # Real programmes miss voices: some municipalities never heard students or parents.
        group = UNHEARD.get((municipality, group), group)
        language = _language(rng, municipality)
        weights = profiles[municipality]
        cats = list(
            dict.fromkeys(rng.choices(list(weights), list(weights.values()), k=rng.randint(1, 4)))
        )
        school = None
        if group != StakeholderGroup.MED:
            level = rng.choice(LEVELS_FOR.get(group, tuple(SchoolLevel)))
            school = {"name": rng.choice(SCHOOL_NAMES), "level": level.value}
        out.append(
            {
                "consultation_id": str(uuid.uuid5(NAMESPACE, f"{seed}:{i}")),
                "municipality": municipality,
                "school": school,
                "stakeholder_group": group.value,
                "consultation_date": (FIRST_DAY + timedelta(days=rng.randint(0, span))).isoformat(),
                "language": language,
                "participant_count": rng.randint(3, 25),
                "raised_issues": [_issue(rng, c, language) for c in cats],
                "recommendations": rng.sample(RECOMMENDATIONS[language], rng.randint(0, 2)),
                "source": "demo",
            }
        )
    return out


# Illustrative MED records for the last school year, so the demo plans' objectives have
# baselines. Invented, not published figures: plausible Kosovo magnitudes (dropout
# 0.5-2.5% for most pupils, 3-8% for Roma, Ashkali and Egyptian pupils).
STATISTICS_YEAR = "2025-2026"
STATISTICS_RECORDED_ON = date(2026, 9, 15)
STATISTICS_SOURCE = "MED records"
_RAE = ("roma", "ashkali", "egyptian")
_LEVELS = (
    (SchoolLevel.PRIMARY, 1.0),  # grades 1-5: the largest cohort
    (SchoolLevel.LOWER_SECONDARY, 0.8),
    (SchoolLevel.UPPER_SECONDARY, 0.6),
)


def _communities(rng: random.Random, municipality: str) -> list[str]:
    main = ["serbian", "albanian"] if municipality in SERBIAN_MAJORITY else ["albanian"]
    return main + sorted(rng.sample(_RAE, rng.randint(1, 3)))


def _row(
    rng: random.Random, level: SchoolLevel, share: float, gender: str, community: str, size: int
) -> dict[str, Any]:
    rae = community in _RAE
    if community == "albanian" and size < 500:  # a minority in a Serbian-majority place
        size = size // 5
    enrolled = max(12, round((rng.randint(15, 60) if rae else size) * share))
    rate = rng.uniform(0.03, 0.08) if rae else rng.uniform(0.005, 0.025)
    return {
        "level": level.value,
        "gender": gender,
        "community": community,
        "enrolled": enrolled,
        "dropped_out": min(enrolled, round(enrolled * rate)),
        "not_enrolled": rng.randint(1, 6) if rae else rng.randint(0, 3),
    }


def statistics(seed: int = 2026) -> list[dict[str, Any]]:
    """One `POST /statistics` body per demo municipality: aggregates only, the same for the
    same seed (so a second run is `already_accepted`)."""
    out = []
    for m in DEMO_MUNICIPALITIES:
        rng = random.Random(f"{seed}:statistics:{m}")
        size = rng.randint(150, 400) if m in SERBIAN_MAJORITY else rng.randint(600, 2500)
        out.append(
            {
                "municipality": m,
                "school_year": STATISTICS_YEAR,
                "source": STATISTICS_SOURCE,
                "recorded_on": STATISTICS_RECORDED_ON.isoformat(),
                "rows": [
                    _row(rng, level, share, gender, community, size)
                    for community in _communities(rng, m)
                    for level, share in _LEVELS
                    for gender in ("female", "male")
                ],
            }
        )
    return out
