"""How many bytes an outbox row takes on the wire: the relay's guard against the broker.

The broker's `max.message.bytes` applies to a whole record batch after compression.
aiokafka checks only the uncompressed size (against `max_request_size`), so a row the
broker will refuse must be caught here: a refused batch fails the idempotent
producer's next batches on that partition too (OutOfOrderSequenceNumber, see
services/runtime/outbox.py). The estimate builds the record as Kafka's v2 format
frames it, compresses it as the producer does (zstd at aiokafka's level) and adds
the batch header plus a margin: it may refuse a row a few hundred bytes under the limit,
never let through one over it on a broker that counts as Kafka does. The relay still
handles a refusal it did not foresee (another limit on the topic, say).
"""

from collections.abc import Sequence

from cramjam import zstd

# What build_producer configures; aiokafka compresses zstd at level 3 (KIP-390's default).
COMPRESSION = "zstd"
ZSTD_LEVEL = 3
# A v2 record batch: its 61-byte header and the log's 12 bytes of offset and length.
BATCH_OVERHEAD = 61 + 12
# Slack for what the estimate cannot see: a zstd build that compresses a little worse,
# a timestamp delta wider than the first record's.
MARGIN = 256
_BLOCK = 128 * 1024  # zstd's block size

Headers = Sequence[tuple[str, bytes]]


def _varint(n: int) -> bytes:
    """Kafka's zig-zag varint."""
    z = (n << 1) ^ (n >> 63)
    out = bytearray()
    while z >= 0x80:
        out.append((z & 0x7F) | 0x80)
        z >>= 7
    out.append(z)
    return bytes(out)


def record_bytes(key: bytes, value: bytes, headers: Headers) -> bytes:
    """The row as one record of a v2 batch (first in its batch: deltas 0)."""
    # attributes, timestamp delta, offset delta, key, value, headers
    parts = [b"\x00", _varint(0), _varint(0), _varint(len(key)), key]
    parts += [_varint(len(value)), value, _varint(len(headers))]
    for name, data in headers:
        encoded = name.encode()
        parts += [_varint(len(encoded)), encoded, _varint(len(data)), data]
    size = sum(len(p) for p in parts)
    return b"".join([_varint(size), *parts])  # one copy of a value that may be MBs


def wire_size(
    key: bytes, value: bytes, headers: Headers = (), compression: str | None = COMPRESSION
) -> int:
    """An upper bound of the batch holding only this row, as the broker measures it."""
    record = record_bytes(key, value, headers)
    size = len(record)
    if compression == "zstd":
        # Compressed even when that is larger (aiokafka's C builder keeps it; only its
        # pure-Python fallback sends the plain records instead): the larger bound.
        size = len(zstd.compress(record, level=ZSTD_LEVEL))
    elif compression is not None:
        raise ValueError(f"no estimate for {compression} compression")
    return size + BATCH_OVERHEAD + MARGIN


def batch_limit(max_message_bytes: int) -> int:
    """The largest uncompressed batch that stays within the broker's limit, also when
    compressing makes it a little larger (by 1/256 at most)."""
    return max((max_message_bytes - BATCH_OVERHEAD - MARGIN) * 255 // 256, 1024)


def broker_refusal(
    key: bytes, value: bytes, headers: Headers, max_message_bytes: int
) -> str | None:
    """Why the broker would refuse this row, or None. Only a row that could be too large
    is compressed to find out (the producer compresses it again)."""
    plain = len(key) + len(value) + sum(len(n.encode()) + len(d) for n, d in headers)
    # The record's framing is at most 23 bytes of varints, 10 more per header; what
    # zstd makes of n bytes is at most its documented bound (ZSTD_COMPRESSBOUND).
    n = plain + 23 + 10 * len(headers)
    bound = n + (n >> 8) + ((_BLOCK - n) >> 11 if n < _BLOCK else 0)
    if bound + BATCH_OVERHEAD + MARGIN <= max_message_bytes:
        return None
    size = wire_size(key, value, headers)
    if size <= max_message_bytes:
        return None
    return (
        f"about {size} bytes on the wire after {COMPRESSION} compression, over the "
        f"broker's message.max.bytes ({max_message_bytes})"
    )
