"""The real broker takes the topic policy from settings as `NewTopic` configs."""

import uuid

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from schemas.topics import CONSULTATIONS, PLAN_SNAPSHOTS, TOPICS, dlq
from services.runtime.kafka import client_args, delete_topics, ensure_topics
from services.runtime.settings import Settings


async def test_created_topics_carry_replication_min_insync_and_retention() -> None:
    # A prefix of its own and no database: only topics are made (and removed).
    settings = Settings(
        topic_prefix=f"tp-{uuid.uuid4().hex[:8]}.",
        topic_replication=1,  # one local broker
        topic_min_insync=1,
        topic_retention=f"{dlq(CONSULTATIONS)}=7d",
    )
    names = [settings.topic(t.name) for t in TOPICS]
    admin = AIOKafkaAdminClient(**client_args(settings))
    try:
        assert sorted(await ensure_topics(settings)) == sorted(names)
        await admin.start()
        wanted = [CONSULTATIONS, dlq(CONSULTATIONS), PLAN_SNAPSHOTS]
        responses = await admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, settings.topic(t)) for t in wanted]
        )
        configs = {
            resource[3]: {entry[0]: entry[1] for entry in resource[4]}
            for response in responses
            for resource in response.resources
        }
        main, dead, snapshots = (configs[settings.topic(t)] for t in wanted)
        assert (main["retention.ms"], main["min.insync.replicas"]) == ("-1", "1")
        assert dead["retention.ms"] == str(7 * 86_400_000)
        assert snapshots["cleanup.policy"] == "compact"
        described = await admin.describe_topics([settings.topic(CONSULTATIONS)])
        assert {len(p["replicas"]) for p in described[0]["partitions"]} == {1}
        assert await ensure_topics(settings) == []  # idempotent
    finally:
        await admin.close()
        await delete_topics(settings, names)
