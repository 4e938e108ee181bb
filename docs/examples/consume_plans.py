#!/usr/bin/env python3
"""Follow DMAP's plan events with plain aiokafka (an integrator's example, not DMAP code).

Needs Python 3.11+ and `pip install aiokafka`; nothing else. It reads the
compacted plan-snapshots.v1 to the end first (every current plan), then follows
plans.v1 in a consumer group, deduplicating on the CloudEvent `id` and
committing offsets only after an event is handled (at-least-once).

    export KAFKA_USERNAME=integrator-acme KAFKA_PASSWORD=...   # dmap kafka user create
    python consume_plans.py --group integrator-acme.plans --from-snapshots
    # over TLS: --tls (a public CA) or --ca ca.pem (a private one) with the TLS port

Prints one line per plan event:
    plans.v1 p1@7 org.dmap.plan.drafted.v1 prizren:2026-2027 municipality=prizren version=1 ...
"""

import argparse
import asyncio
import json
import os
import ssl
import sys
from typing import Any

from aiokafka import AIOKafkaConsumer

KNOWN = {
    "org.dmap.plan.drafted.v1",
    "org.dmap.plan.revised.v1",
    "org.dmap.plan.version-issued.v1",
    "org.dmap.plan.status-changed.v1",
    "org.dmap.plan.request-refused.v1",
}


def connection(args: argparse.Namespace) -> dict[str, Any]:
    tls: dict[str, Any] = {"security_protocol": "SASL_PLAINTEXT"}
    if args.tls or args.ca:  # SASL over TLS; --ca when the broker's CA is a private one
        tls = {
            "security_protocol": "SASL_SSL",
            "ssl_context": ssl.create_default_context(cafile=args.ca),
        }
    return {
        "bootstrap_servers": args.bootstrap,
        **tls,
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": os.environ["KAFKA_USERNAME"],
        "sasl_plain_password": os.environ["KAFKA_PASSWORD"],
    }


def municipality(event: dict[str, Any]) -> str:
    """Plan-carrying events have data.plan; the others name the plan id `<m>:<year>`."""
    data = event.get("data", {})
    if "plan" in data:
        return str(data["plan"]["municipality"])
    return str(data.get("plan_id", event.get("subject", ""))).partition(":")[0]


def describe(event: dict[str, Any]) -> str:
    data = event["data"]
    plan = data.get("plan", data)
    facts = {
        "municipality": municipality(event),
        "version": plan.get("version"),
        "revision": plan.get("revision"),
        "status": data.get("status", plan.get("status")),
    }
    return " ".join(f"{k}={v}" for k, v in facts.items() if v is not None)


async def read_snapshots(args: argparse.Namespace) -> int:
    """Every current plan: the last value per key of the compacted topic, read to its end."""
    topic = f"{args.topic_prefix}plan-snapshots.v1"
    # Without a group, start() assigns every partition of the topic to this consumer,
    # positioned at the earliest offset.
    consumer = AIOKafkaConsumer(
        topic,
        **connection(args),
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        parts = sorted(consumer.assignment())
        end = await consumer.end_offsets(parts)
        plans: dict[str, dict[str, Any]] = {}
        while [tp for tp in parts if await consumer.position(tp) < end[tp]]:
            for records in (await consumer.getmany(timeout_ms=1000)).values():
                for r in records:
                    if not r.value:  # a tombstone (no or empty value) deletes the key
                        plans.pop(r.key.decode(), None)
                        continue
                    plans[r.key.decode()] = json.loads(r.value)
        for plan_id, plan in sorted(plans.items()):
            print(
                f"snapshot {plan_id} municipality={plan['municipality']} "
                f"version={plan['version']} revision={plan['revision']} "
                f"status={plan['status']}",
                flush=True,
            )
        return len(plans)
    finally:
        await consumer.stop()


async def follow_plans(args: argparse.Namespace) -> None:
    topic = f"{args.topic_prefix}plans.v1"
    consumer = AIOKafkaConsumer(
        topic,
        **connection(args),
        group_id=args.group,
        auto_offset_reset="earliest",  # a new group starts with the whole history
        enable_auto_commit=False,  # commit after handling: at-least-once
    )
    seen: set[str] = set()  # keep these in your database in production
    handled = 0
    await consumer.start()
    try:
        async with asyncio.timeout(args.timeout):
            while args.max_events == 0 or handled < args.max_events:
                for records in (await consumer.getmany(timeout_ms=1000)).values():
                    for r in records:
                        event = json.loads(r.value)  # structured CloudEvent, with or
                        # without the `content-type: application/cloudevents+json` header
                        if event["id"] in seen:
                            continue  # a redelivery: same id, already handled
                        seen.add(event["id"])
                        if event.get("type") not in KNOWN:
                            continue  # a type added later: skip what you do not know
                        print(
                            f"{r.topic} p{r.partition}@{r.offset} {event['type']} "
                            f"{r.key.decode()} {describe(event)}",
                            flush=True,
                        )
                        handled += 1
                        if handled == args.max_events:
                            break  # stop exactly at the limit, mid-batch
                    if handled == args.max_events:
                        break
                await consumer.commit()
    except TimeoutError:
        print(f"stopped after {args.timeout}s with {handled} events", file=sys.stderr)
    finally:
        await consumer.stop()


def main() -> None:
    port = os.environ.get("DMAP_KAFKA_PORT", "29092")
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bootstrap", default=f"127.0.0.1:{port}", help="host:port of the broker")
    p.add_argument("--group", required=True, help="integrator-<name>.<anything>")
    p.add_argument("--tls", action="store_true", help="SASL_SSL (the system's CAs)")
    p.add_argument("--ca", help="SASL_SSL trusting this CA certificate (PEM) instead")
    p.add_argument("--from-snapshots", action="store_true", help="print every plan first")
    p.add_argument("--topic-prefix", default="", help="only where DMAP runs with one")
    p.add_argument("--max-events", type=int, default=0, help="stop after N events (0: never)")
    p.add_argument("--timeout", type=float, default=None, help="stop after this many seconds")
    args = p.parse_args()
    if args.from_snapshots:
        asyncio.run(read_snapshots(args))
    asyncio.run(follow_plans(args))


if __name__ == "__main__":
    main()
