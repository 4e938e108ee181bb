"""`make bench`: how fast consultations become plans, against raw Kafka on the same broker.

Measured in one run on the local stack, each on its own database and topics:
1. baseline: raw aiokafka, produce N messages of the same size and consume them back;
2. DMAP: N consultations through the intake API (batches of 500) until planning
   holds all of them and reporting shows every plan (outboxes drained);
3. the classifier alone: the rules over the same texts (warm: demo texts repeat),
   then the rules alone and the rules with the shipped model over the distinct
   texts of the training corpus, with fresh caches (cold).
Prints a table; nothing here is asserted (speed goals are read, not tested).
"""

import asyncio
import json
import sys
import time
import uuid
from dataclasses import replace

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from dmap.stack.isolated import isolated_settings
from dmap.stack.load import fresh_stack, records, settle, submit_batches
from services.planning.domain.classification import RuleSet, classify
from services.planning.domain.opinion import Classifier
from services.planning.domain.text_model import TextModel
from services.planning.rules import DATA, classifier_rules, shipped_artifact
from services.runtime.kafka import client_args, delete_topics

N = int(sys.argv[1]) if len(sys.argv) > 1 else 3000


async def raw_kafka(payloads: list[bytes]) -> float:
    settings = isolated_settings("bench")
    topic = f"{settings.topic_prefix}raw"
    admin = AIOKafkaAdminClient(**client_args(settings))
    await admin.start()
    await admin.create_topics([NewTopic(topic, 6, 1)])
    await admin.close()
    started = time.perf_counter()
    producer = AIOKafkaProducer(
        **client_args(settings),
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
    )
    await producer.start()
    sends = [
        await producer.send(topic, p, key=str(i % 15).encode()) for i, p in enumerate(payloads)
    ]
    await asyncio.gather(*sends)
    await producer.stop()
    consumer = AIOKafkaConsumer(
        topic,
        **client_args(settings),
        group_id=f"bench-{uuid.uuid4()}",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    got = 0
    while got < len(payloads):
        batch = await consumer.getmany(timeout_ms=1000, max_records=5000)
        got += sum(len(v) for v in batch.values())
    await consumer.stop()
    elapsed = time.perf_counter() - started
    await delete_topics(settings, [topic])
    return elapsed


async def dmap(items: list[dict[str, object]]) -> float:
    async with fresh_stack("bench") as stack:
        started = time.perf_counter()
        await submit_batches(stack, items)
        await settle(stack, 600)
        return time.perf_counter() - started


CORPUS = DATA / "training"
RULES_FILE = DATA / "classifier_rules.toml"


def main() -> None:
    items = records(N)
    payloads = [json.dumps(i, ensure_ascii=False).encode() for i in items]
    raw = asyncio.run(raw_kafka(payloads))
    full = asyncio.run(dmap(items))
    texts = [i["description"] for r in items for i in r["raised_issues"]]  # type: ignore[attr-defined]
    rules = classifier_rules()
    started = time.perf_counter()
    for text in texts:
        classify(text, rules)
    cls = time.perf_counter() - started
    # Distinct texts and fresh caches: the classifier as planning meets new evidence.
    distinct = sorted(
        {json.loads(line)["text"] for f in CORPUS.glob("*.jsonl") for line in f.open() if line}
    )
    cold_rules = Classifier(RuleSet.from_toml(RULES_FILE.read_text(encoding="utf-8")))
    started = time.perf_counter()
    cold_rules.opinions(distinct)
    rules_cold = time.perf_counter() - started
    artifact = shipped_artifact()
    assert artifact is not None, "no shipped model: run dmap classify retrain --ship"
    fresh_rules = RuleSet.from_toml(RULES_FILE.read_text(encoding="utf-8"))
    combined = replace(cold_rules, rules=fresh_rules, model=TextModel.from_dict(artifact))
    started = time.perf_counter()
    combined.opinions(distinct)
    both_cold = time.perf_counter() - started
    rows = [
        ("raw aiokafka produce + consume (baseline)", N, raw, N / raw),
        ("DMAP: intake API -> plans in reporting", N, full, N / full),
        ("classifier rules, demo texts (warm)", len(texts), cls, len(texts) / cls),
        ("classifier rules, distinct texts (cold)", len(distinct), rules_cold, 0.0),
        ("classifier rules + model, distinct (cold)", len(distinct), both_cold, 0.0),
    ]
    print(f"\n{'measurement':<44}{'items':>8}{'seconds':>10}{'items/s':>12}")
    for name, n, secs, _ in rows:
        rate = n / secs
        print(f"{name:<44}{n:>8}{secs:>10.2f}{rate:>12.0f}")
    print(f"\nDMAP end to end is {full / raw:.1f}x the raw Kafka round trip for {N} records.")


if __name__ == "__main__":
    main()
