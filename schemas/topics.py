"""Topic names, keys and configs (ARCHITECTURE.md, "Topics and keys")."""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class TopicSpec:
    name: str
    partitions: int
    key: str
    configs: dict[str, str] = field(default_factory=dict)


CONSULTATIONS = "consultations.v1"
PLANS = "plans.v1"
PLAN_SNAPSHOTS = "plan-snapshots.v1"
PLAN_REVIEWS = "plan-reviews.v1"
PLAN_AMENDMENTS = "plan-amendments.v1"
PLAN_PROGRESS = "plan-progress.v1"  # monitoring: accepted progress reports
PLAN_ALERTS = "plan-alerts.v1"  # monitoring: alerts raised and cleared
PLAN_TRACKING = "plan-tracking.v1"  # monitoring: newest state of each adopted plan
MUNICIPAL_STATISTICS = "municipal-statistics.v1"  # intake: EMIS/MED counts per year


def dlq(topic: str) -> str:
    return f"{topic}.dlq"


_MAIN = (
    TopicSpec(CONSULTATIONS, 6, "municipality code"),
    TopicSpec(PLANS, 3, "plan id"),
    TopicSpec(PLAN_SNAPSHOTS, 3, "plan id", {"cleanup.policy": "compact"}),
    TopicSpec(PLAN_REVIEWS, 3, "plan id"),
    TopicSpec(PLAN_AMENDMENTS, 3, "plan id"),
    TopicSpec(PLAN_PROGRESS, 3, "plan id"),
    TopicSpec(PLAN_ALERTS, 3, "plan id"),
    TopicSpec(PLAN_TRACKING, 3, "plan id", {"cleanup.policy": "compact"}),
    TopicSpec(MUNICIPAL_STATISTICS, 3, "municipality code"),
)
# Nobody consumes these within DMAP yet, so nothing dead-letters them.
_NO_DLQ = frozenset({PLAN_SNAPSHOTS, PLAN_ALERTS})

TOPICS: tuple[TopicSpec, ...] = _MAIN + tuple(
    TopicSpec(dlq(t.name), 1, "original key") for t in _MAIN if t.name not in _NO_DLQ
)
