"""Topic policy from settings: replication, min.insync.replicas and retention per topic."""

import os

import pytest
from pydantic import ValidationError

from dmap.cli import main
from schemas.topics import CONSULTATIONS, PLAN_SNAPSHOTS, PLANS, TOPICS, dlq
from services.reporting.projector import SUBSCRIPTIONS as REPORTING
from services.runtime.kafka import new_topic
from services.runtime.settings import REPLAYED_FROM_ZERO, Settings, parse_retention

SPECS = {t.name: t for t in TOPICS}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith("DMAP_"):
            monkeypatch.delenv(key)


def test_defaults_keep_the_local_behaviour() -> None:
    settings = Settings(topic_prefix="t.")
    plans = new_topic(settings, SPECS[PLANS])
    assert (plans.name, plans.num_partitions, plans.replication_factor) == ("t.plans.v1", 3, 1)
    # Unlimited, as the local broker's default: now stated on the topic itself.
    assert plans.topic_configs == {"retention.ms": "-1"}
    snapshots = new_topic(settings, SPECS[PLAN_SNAPSHOTS])
    assert snapshots.topic_configs == {"cleanup.policy": "compact"}
    assert new_topic(settings, SPECS[dlq(CONSULTATIONS)]).topic_configs == {}


def test_cluster_policy_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DMAP_TOPIC_REPLICATION", "3")
    monkeypatch.setenv("DMAP_TOPIC_MIN_INSYNC", "2")
    monkeypatch.setenv("DMAP_TOPIC_RETENTION", "consultations.v1.dlq=30d, plans.v1.dlq=12h")
    settings = Settings()
    topics = {t.name: new_topic(settings, SPECS[t.name]) for t in TOPICS}
    assert {t.replication_factor for t in topics.values()} == {3}
    assert all(t.topic_configs["min.insync.replicas"] == "2" for t in topics.values())
    assert topics[dlq(CONSULTATIONS)].topic_configs["retention.ms"] == str(30 * 86_400_000)
    assert topics[dlq(PLANS)].topic_configs["retention.ms"] == str(12 * 3_600_000)
    assert topics[PLAN_SNAPSHOTS].topic_configs == {
        "cleanup.policy": "compact",
        "min.insync.replicas": "2",
    }
    assert topics[CONSULTATIONS].topic_configs["retention.ms"] == "-1"
    # The policy survives the trip to a child process.
    for key, value in settings.as_environment().items():
        monkeypatch.setenv(key, value)
    assert Settings() == settings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {}),
        ("plans.v1.dlq=604800000", {"plans.v1.dlq": 604_800_000}),
        (
            "plans.v1.dlq=90s,plan-snapshots.v1=unlimited",
            {"plans.v1.dlq": 90_000, "plan-snapshots.v1": -1},
        ),
        ("consultations.v1=-1", {"consultations.v1": -1}),
    ],
)
def test_retention_overrides_parse(text: str, expected: dict[str, int]) -> None:
    assert parse_retention(text) == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DMAP_TOPIC_MIN_INSYNC": "2"}, "exceeds DMAP_TOPIC_REPLICATION=1"),
        ({"DMAP_TOPIC_REPLICATION": "0"}, "greater than or equal to 1"),
        ({"DMAP_TOPIC_RETENTION": "plans.v1=7d"}, "must stay unlimited"),
        ({"DMAP_TOPIC_RETENTION": "consultations.v1=1"}, "must stay unlimited"),
        ({"DMAP_TOPIC_RETENTION": "plan.v1.dlq=7d"}, "is not <topic>=<duration>"),
        ({"DMAP_TOPIC_RETENTION": "plans.v1.dlq"}, "is not <topic>=<duration>"),
        ({"DMAP_TOPIC_RETENTION": "plans.v1.dlq=7 days"}, "is not a duration"),
        ({"DMAP_TOPIC_RETENTION": "plans.v1.dlq=0"}, "is not a duration"),
    ],
)
def test_incoherent_policy_is_refused_at_start_up(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ValidationError, match=message):
        Settings()


def test_every_topic_rebuild_reads_keeps_everything() -> None:
    """`dmap reporting rebuild` reads reporting's topics from offset zero."""
    assert {s.topic for s in REPORTING} <= REPLAYED_FROM_ZERO
    assert all(Settings().retention_ms(t) == -1 for t in REPLAYED_FROM_ZERO)


def test_the_cli_names_a_bad_setting_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DMAP_TOPIC_RETENTION", "plans.v1=7d")
    assert main(["topics"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: DMAP_TOPIC_RETENTION: plans.v1 is read from offset zero")
    assert "Traceback" not in err
