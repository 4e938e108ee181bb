"""Consumer lag of the partitions this process owns, so that a sum over replicas is right.

Each subscriber registers a rebalance listener per consumer group; the listener
keeps the partitions the group coordinator has assigned to this process. At
scrape time only those are measured (end offset minus the group's committed
offset): every partition is reported by exactly one replica, and a partition
moving between replicas moves its series with it.
"""

from collections.abc import Collection, Iterator

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from services.runtime.kafka import client_args
from services.runtime.settings import Settings


class PartitionOwnership(ConsumerRebalanceListener):
    """The partitions of `topic` that consumer `group` has given this process."""

    def __init__(self, group: str, topic: str) -> None:
        self.group = group
        self.topic = topic
        self.partitions: frozenset[int] = frozenset()

    async def on_partitions_revoked(self, revoked: Collection[TopicPartition]) -> None:
        self.partitions -= {tp.partition for tp in revoked if tp.topic == self.topic}

    async def on_partitions_assigned(self, assigned: Collection[TopicPartition]) -> None:
        # aiokafka rebalances eagerly: `assigned` is the whole new assignment.
        self.partitions = frozenset(tp.partition for tp in assigned if tp.topic == self.topic)


class Owners:
    """Every consumer group of a process, each with the partitions it owns now."""

    def __init__(self) -> None:
        self._groups: dict[str, PartitionOwnership] = {}

    def listener(self, group: str, topic: str) -> PartitionOwnership:
        return self._groups.setdefault(group, PartitionOwnership(group, topic))

    def __iter__(self) -> Iterator[PartitionOwnership]:
        return iter(list(self._groups.values()))


async def partition_lag(settings: Settings, owned: PartitionOwnership) -> dict[int, int]:
    """Messages behind the end of each owned partition (all of it when nothing is
    committed yet); empty when this process owns none."""
    partitions = [TopicPartition(owned.topic, p) for p in sorted(owned.partitions)]
    if not partitions:
        return {}
    admin = AIOKafkaAdminClient(**client_args(settings))
    consumer = AIOKafkaConsumer(**client_args(settings))
    await admin.start()
    await consumer.start()
    try:
        committed = await admin.list_consumer_group_offsets(owned.group, partitions=partitions)
        ends = await consumer.end_offsets(partitions)
    finally:
        await consumer.stop()
        await admin.close()
    lag = {}
    for tp in partitions:
        done = committed[tp].offset if tp in committed and committed[tp].offset >= 0 else 0
        lag[tp.partition] = max(ends[tp] - done, 0)
    return lag
