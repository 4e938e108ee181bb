"""`python -m bench.compare BEFORE.json AFTER.json`: two bench results side by side.

Wall-clock rates on a shared machine move with its load; the CPU each service
spent per record moves with the code. Both are listed, with after/before ratios.
"""

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def figures(r: dict[str, Any]) -> Iterator[tuple[str, float]]:
    """(name, value) of every comparable figure of one result file."""
    for p in r.get("planning", []):
        yield f"planning cold {p['mode']}: records/s", p["per_s"]
        yield f"planning cold {p['mode']}: records/s after start-up", p["per_s_after_start"]
        yield f"planning cold {p['mode']}: planning CPU ms/record", p["planning_cpu_ms_per_record"]
    for lat in r.get("latency", []):
        rate = f"latency at {lat['rate_per_s']:.0f}/s"
        for q in ("p50", "p95", "p99"):
            yield f"{rate}: {q} ms", lat[f"{q}_ms"]
        for svc, v in lat.get("cpu_ms_per_record", {}).items():
            yield f"{rate}: {svc} CPU ms/record", v
    intake = r.get("intake", {})
    for s in intake.get("single", []):
        yield f"intake single, {s['concurrency']} clients: req/s", s["per_s"]
    for kind in ("batch", "spreadsheet", "copy"):
        if kind in intake:
            yield f"intake {kind}: records/s", intake[kind]["per_s"]
    if "rebuild" in r:
        yield "reporting rebuild: events/s", r["rebuild"]["per_s"]
        if "from_snapshots" in r["rebuild"]:
            snap = r["rebuild"]["from_snapshots"]
            yield "reporting rebuild --from-snapshots: records/s", snap["per_s"]
            yield "reporting rebuild --from-snapshots: seconds", snap["seconds"]
    for s in r.get("scale", []):
        point = f"scale {s['records']:,} / {s['label']}"
        yield f"{point}: records/s", s["per_s"]
        yield f"{point}: share of raw Kafka %", 100 * s["ratio_to_raw"]
        for svc, v in s.get("cpu_ms_per_record", {}).items():
            yield f"{point}: {svc} CPU ms/record", v
        for svc, v in s.get("peak_rss_mb", {}).items():
            yield f"{point}: {svc} peak RSS MB", v
    for name, c in r.get("classifier", {}).items():
        yield f"classifier {name.replace('_', ' ')}: texts/s (no code change: load)", c["per_s"]


def main() -> None:
    before, after = (json.loads(Path(p).read_text()) for p in sys.argv[1:3])
    old = dict(figures(before))
    print("| figure | before | after | after/before |\n|---|---:|---:|---:|")
    for name, value in figures(after):
        if name in old:
            ratio = value / old[name] if old[name] else float("nan")
            print(f"| {name} | {old[name]:,.1f} | {value:,.1f} | {ratio:.2f} |")
    loads = before["machine"]["load_average"], after["machine"]["load_average"]
    print(f"\nload average at the end (1, 5, 15 min): before {loads[0]}, after {loads[1]}")


if __name__ == "__main__":
    main()
