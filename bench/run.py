"""`make bench`: every scenario with its baseline, measured in the same run on the same broker
and database (docs/performance.md).

Each scenario runs on its own isolated DMAP on the running local stack (own
database, topic prefix and service ports), dropped afterwards. `--quick` runs
small sizes (about 3 minutes on 2 quiet cores); the default, full mode, runs the
sizes of issue 16 (the 100k point of the scale curve included). Prints a table
and writes the results as JSON under artifacts/. Nothing is asserted: speed
goals are read, not tested.
"""

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench import intake, pipeline
from bench.classifier import classifier
from bench.profiling import PySpy, top_frames
from bench.report import ARTIFACTS, machine, save, table
from bench.stack import isolated
from bench.watch import settled
from bench.workload import ALL_MUNICIPALITIES, records
from services.runtime.settings import ServiceName

SIZES: dict[str, dict[str, Any]] = {
    "quick": {
        "planning": 3_000,
        "one_message": 300,
        "latency": [(30, 10)],
        "single": 200,
        "concurrency": [1, 8, 32],
        "batch": 2_000,
        "spreadsheet": 1_000,
        "scale": [(1_000, 38), (5_000, 38), (5_000, 1)],
        "scale_cap_s": 300,
    },
    "full": {
        "planning": 20_000,
        "one_message": 1_000,
        "latency": [(50, 30), (100, 30), (200, 30)],
        "single": 1_000,
        "concurrency": [1, 8, 32, 64],
        "batch": 10_000,
        "spreadsheet": 10_000,
        "scale": [(1_000, 38), (10_000, 38), (100_000, 38), (10_000, 1)],
        # Keeps a full run within 15 minutes: a slower point (submitting included) is cut
        # and says how far it got.
        "scale_cap_s": 240,
    },
}
PROFILED: tuple[ServiceName, ...] = ("consultations", "planning", "reporting")


def _latency_profile(name: str) -> Path:
    return ARTIFACTS / f"profile-{name}-latency.txt"


SCENARIOS = ("planning", "latency", "intake", "scale", "classifier")


async def _planning(out: dict[str, Any], size: dict[str, Any], profile: bool) -> None:
    spy = ARTIFACTS / "profile-planning.txt" if profile else None
    out["planning"] = [await pipeline.planning_cold(records(size["planning"]), profile=spy)]
    if spy and spy.exists():
        out.setdefault("profiles", {})["planning cold, batch"] = top_frames(spy)
    out["planning"].append(
        await pipeline.planning_cold(records(size["one_message"]), one_message=True)
    )


async def _one_stack(
    out: dict[str, Any], size: dict[str, Any], profile: bool, only: set[str]
) -> None:
    """Latency first (a fresh DMAP), then intake and the rebuild of all it holds."""
    async with isolated("bench") as b:
        await b.start()
        sent = 0
        if "latency" in only:
            out["latency"] = []
            for rate, seconds in size["latency"]:
                items = records(rate * seconds)
                with ExitStack() as spies:
                    if profile and not out["latency"]:  # the first, lowest rate
                        for name in PROFILED:
                            pid = b.procs.pid(name)
                            assert pid is not None
                            spies.enter_context(PySpy(pid, _latency_profile(name)))
                    out["latency"].append(await pipeline.latency(b, items, rate))
                # Only what intake accepted reaches planning: a record refused or dropped
                # under the load is a result in the table, not something to wait for.
                sent += len(items) - sum(out["latency"][-1]["errors"].values())
                await settled(b.settings, sent, 600)
            if profile:
                profiles = out.setdefault("profiles", {})
                for name in PROFILED:
                    if _latency_profile(name).exists():
                        profiles[f"{name}, latency"] = top_frames(_latency_profile(name))
        if "intake" in only:
            single = []
            for c in size["concurrency"]:
                single.append(await intake.single(b, records(size["single"]), c))
                sent += single[-1]["statuses"].get(201, 0)
            batch_items = records(size["batch"])
            sheet_items = records(size["spreadsheet"])
            out["intake"] = {
                "single": single,
                "batch": await intake.batches(b, batch_items),
                "spreadsheet": await intake.spreadsheet(b, sheet_items),
                "copy": await intake.copy_baseline(b, records(size["batch"])),
            }
            sent += len(batch_items) + len(sheet_items)
            out["rebuild"] = await intake.reporting_rebuild(b, sent)


async def _scale(out: dict[str, Any], size: dict[str, Any]) -> None:
    out["scale"] = []
    for n, municipalities in size["scale"]:
        label = f"{municipalities} municipalit{'ies' if municipalities > 1 else 'y'}"
        items = records(n, ALL_MUNICIPALITIES[:municipalities])
        out["scale"].append(await pipeline.end_to_end(items, label, size["scale_cap_s"]))


async def run(mode: str, only: set[str], profile: bool) -> dict[str, Any]:
    """Every chosen scenario; one that fails is reported and the others still run."""
    size = SIZES[mode]
    out: dict[str, Any] = {"mode": mode, "machine": machine(), "errors": {}}

    async def classify() -> None:
        out["classifier"] = classifier(records(3_000))

    steps: list[tuple[str, Callable[[], Awaitable[None]]]] = [
        ("planning", lambda: _planning(out, size, profile)),
        ("latency+intake", lambda: _one_stack(out, size, profile, only)),
        ("scale", lambda: _scale(out, size)),
        ("classifier", classify),
    ]
    for name, step in steps:
        if not only & set(name.split("+")):
            continue
        try:
            await step()
        except Exception as exc:  # reported in the table and the JSON, not fatal
            out["errors"][name] = repr(exc)
            print(f"bench: {name} failed: {exc!r}", file=sys.stderr)
    out["machine"]["load_average_end"] = machine()["load_average"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a few minutes")
    parser.add_argument(
        "--only",
        default=",".join(SCENARIOS),
        help=f"comma-separated subset of {','.join(SCENARIOS)}",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="py-spy on planning's cold batch run, and on each service at the first latency "
        "rate (collapsed stacks in artifacts/profile-*.txt)",
    )
    parser.add_argument(
        "--rates", help="latency: comma-separated records/s (default: 30 quick, 50,100,200 full)"
    )
    parser.add_argument("--seconds", type=int, help="latency: seconds at each rate")
    parser.add_argument(
        "--scale",
        help="scale curve: comma-separated RECORDSxMUNICIPALITIES points (e.g. 20000x1), "
        "instead of the mode's",
    )
    args = parser.parse_args()
    only = set(args.only.split(","))
    mode = "quick" if args.quick else "full"
    if args.rates or args.seconds:
        rates = [int(r) for r in args.rates.split(",")] if args.rates else None
        default = SIZES[mode]["latency"]
        SIZES[mode]["latency"] = [
            (rate, args.seconds or seconds)
            for rate, seconds in ([(r, default[0][1]) for r in rates] if rates else default)
        ]
    if args.scale:
        points = [p.split("x") for p in args.scale.split(",")]
        SIZES[mode]["scale"] = [(int(n), int(m)) for n, m in points]
    if unknown := only - set(SCENARIOS):
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    started = time.perf_counter()
    results = asyncio.run(run(mode, only, args.profile))
    results["total_s"] = time.perf_counter() - started
    path = save(results)
    print()
    print(table(results))
    for name, error in results.get("errors", {}).items():
        print(f"\n{name} FAILED: {error}")
    for title, profile in results.get("profiles", {}).items():
        print(f"\nprofile of {title}: top frames by self time (inclusive: see the JSON)")
        for frame, share in profile["self"][:10]:
            print(f"  {share:5.1f}%  {frame}")
    print(f"\n{results['mode']} run, {results['total_s']:.0f} s; results in {path}")


if __name__ == "__main__":
    main()
