"""The stack runs a real Apache Kafka node, with the topics ARCHITECTURE.md names."""

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from schemas.topics import PLAN_SNAPSHOTS, TOPICS
from services.runtime.kafka import client_args, describe_cluster
from services.runtime.settings import Settings


async def test_broker_is_the_local_kraft_node(settings: Settings) -> None:
    cluster = await describe_cluster(settings)
    assert len(cluster["brokers"]) == 1
    broker = cluster["brokers"][0]
    assert (broker["host"], broker["port"]) == (settings.host, settings.kafka_port)
    assert cluster["controller_id"] == broker["node_id"]
    meta = settings.home / "kafka" / "data" / "meta.properties"
    cluster_id = dict(line.split("=", 1) for line in meta.read_text().splitlines() if "=" in line)[
        "cluster.id"
    ]
    # The id formatted into the storage on first start is what the broker reports.
    assert cluster["cluster_id"] == cluster_id


async def test_topics_exist_with_their_configs(settings: Settings) -> None:
    admin = AIOKafkaAdminClient(**client_args(settings))
    await admin.start()
    try:
        names = {settings.topic(t.name): t for t in TOPICS}
        described = {d["topic"]: d for d in await admin.describe_topics(list(names))}
        for name, spec in names.items():
            assert len(described[name]["partitions"]) == spec.partitions, name
        snapshots = settings.topic(PLAN_SNAPSHOTS)
        [resp] = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, snapshots)])
        entries = {e[0]: e[1] for e in resp.resources[0][4]}
        assert entries["cleanup.policy"] == "compact"
    finally:
        await admin.close()
