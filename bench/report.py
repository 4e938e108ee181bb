"""The bench's table on stdout and its results as JSON under artifacts/."""

import json
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

from services.runtime.settings import REPO_ROOT

ARTIFACTS = REPO_ROOT / "artifacts"


def machine() -> dict[str, Any]:
    return {
        "cpus": psutil.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average": [round(x, 2) for x in psutil.getloadavg()],
    }


def rows(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(scenario, size, result, baseline / ratio) lines of the table."""
    out: list[tuple[str, str, str, str]] = []
    for r in results.get("planning", []):
        out.append(
            (
                f"planning cold, {r['mode']}",
                f"{r['records']:,}",
                f"{r['per_s']:,.0f}/s ({r['seconds']:.1f} s, start {r['startup_s']:.1f} s"
                f", {r['per_s_after_start']:,.0f}/s after)"
                f"; CPU {r['planning_cpu_ms_per_record']:.2f} ms/record",
                f"raw consume {r['raw_consume_per_s']:,.0f}/s"
                f" = {100 * r['ratio_to_raw_consume']:.1f}%",
            )
        )
    if len(results.get("planning", [])) == 2:
        batch, one = results["planning"]
        out.append(
            ("planning batch / one-message", "", f"{batch['per_s'] / one['per_s']:.1f}x", "")
        )
    for r in results.get("latency", []):
        out.append(
            (
                f"e2e latency at {r['rate_per_s']:.0f}/s",
                f"{r['records']:,}",
                f"p50 {r['p50_ms']:.0f} p95 {r['p95_ms']:.0f} p99 {r['p99_ms']:.0f} ms",
                f"sent {r['achieved_per_s']:.0f}/s, 201 p50 {r['api_p50_ms']:.0f} ms"
                + "".join(f", {k} x{n}" for k, n in sorted(r.get("errors", {}).items(), key=str)),
            )
        )
        cpu = " ".join(f"{k[:4]} {v:.1f}" for k, v in r.get("cpu_ms_per_record", {}).items())
        out.append(("  CPU ms per record", "", cpu, ""))
        for schema, d in r.get("relay_delay", {}).items():
            out.append(
                (
                    f"  {schema} outbox row age at publish",
                    f"{d['rows']:,}",
                    f"p50 {d['p50_ms']:.0f} p95 {d['p95_ms']:.0f} ms",
                    "",
                )
            )
    intake = results.get("intake", {})
    for r in intake.get("single", []):
        out.append(
            (
                f"intake single, {r['concurrency']} clients",
                f"{r['records']:,}",
                f"{r['per_s']:,.0f} req/s",
                "",
            )
        )
    copy = intake.get("copy")
    for kind in ("batch", "spreadsheet"):
        r = intake.get(kind)
        if r:
            ratio = (
                f"COPY {copy['per_s']:,.0f}/s = {100 * r['per_s'] / copy['per_s']:.1f}%"
                if copy
                else ""
            )
            out.append(
                (
                    f"intake {kind} import",
                    f"{r['records']:,}",
                    f"{r['per_s']:,.0f} records/s",
                    ratio,
                )
            )
    r = results.get("rebuild")
    if r:
        out.append(
            (
                "reporting rebuild",
                f"{r['events']:,}",
                f"{r['per_s']:,.0f} events/s ({r['seconds']:.1f} s)",
                "",
            )
        )
        s = r.get("from_snapshots")
        if s:
            out.append(
                (
                    "reporting rebuild --from-snapshots",
                    f"{s['records']:,} ({s['restored']:,} plans, {s['covered']:,} covered)",
                    f"{s['per_s']:,.0f} records/s ({s['seconds']:.1f} s)",
                    f"{s['speedup']:.2f}x the full rebuild",
                )
            )
    for r in results.get("scale", []):
        rss = " ".join(f"{k[:4]} {v:.0f}" for k, v in r["peak_rss_mb"].items())
        cpu = " ".join(f"{k[:4]} {v:.1f}" for k, v in r["cpu_ms_per_record"].items())
        out.append(
            (
                f"intake -> reporting, {r['label']}",
                f"{r['records']:,}"
                + ("" if r.get("complete", True) else f" (cut: {r['planned']:,} planned)"),
                f"{r['per_s']:,.0f}/s ({r['seconds']:.1f} s); RSS MB {rss}; CPU ms/rec {cpu}",
                f"raw {r['raw_per_s']:,.0f}/s = {100 * r['ratio_to_raw']:.1f}%",
            )
        )
    for name, r in results.get("classifier", {}).items():
        out.append(
            (
                f"classifier {name.replace('_', ' ')}",
                f"{r['texts']:,}",
                f"{r['per_s']:,.0f} texts/s",
                "",
            )
        )
    return out


def table(results: dict[str, Any]) -> str:
    lines = rows(results)
    widths = [max(len(r[i]) for r in lines) for i in range(4)] if lines else [0] * 4
    head = ("scenario", "records", "DMAP", "baseline (same run)")
    widths = [max(w, len(h)) for w, h in zip(widths, head, strict=True)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt.format(*head), rule, *(fmt.format(*r) for r in lines)])


def save(results: dict[str, Any]) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = ARTIFACTS / f"bench-{stamp}.json"
    text = json.dumps(results, indent=2, default=str)
    path.write_text(text, encoding="utf-8")
    (ARTIFACTS / "bench-latest.json").write_text(text, encoding="utf-8")
    return path
