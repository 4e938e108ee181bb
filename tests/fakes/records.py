"""Kafka records as a consumer receives them, built from events or raw bytes."""

from itertools import count

from aiokafka import ConsumerRecord

_offsets = count()


def consumer_record(topic: str, value: bytes, key: str = "k", partition: int = 0) -> ConsumerRecord:
    return ConsumerRecord(
        topic=topic,
        partition=partition,
        offset=next(_offsets),
        timestamp=0,
        timestamp_type=0,
        key=key.encode(),
        value=value,
        checksum=None,
        serialized_key_size=len(key),
        serialized_value_size=len(value),
        headers=[("ce_type", b"test")],
    )
