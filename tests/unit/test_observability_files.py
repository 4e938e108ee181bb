"""The Grafana dashboard and the Prometheus alert rules under deploy/observability/:
valid for promtool (built from the Go module proxy by deploy/tools.sh), firing on the
series they are about, and reading only metrics DMAP's services export."""

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from services.runtime.metrics import ServiceMetrics
from services.runtime.settings import REPO_ROOT
from tests.unit.observability_names import (
    DASHBOARD,
    HERE,
    PROMETHEUS_OWN,
    alert_rules,
    dashboard_queries,
    exported_names,
    metric_names,
)

# Grafana's variables, as Prometheus would see them once Grafana has filled them in.
GRAFANA_VARIABLES = {"$__rate_interval": "5m", "$service": ".*", "${datasource}": ""}


@pytest.fixture(scope="module")
def promtool() -> Path:
    """promtool, built once into a cache outside the repository (a few minutes the
    first time). No Go is a failure that says so, not a skip."""
    done = subprocess.run(
        [str(REPO_ROOT / "deploy" / "tools.sh"), "promtool"],
        capture_output=True,
        text=True,
        check=False,
        timeout=1500,
    )
    if done.returncode != 0:
        pytest.fail(f"could not build promtool with deploy/tools.sh:\n{done.stderr[-3000:]}")
    return Path(done.stdout.strip().splitlines()[-1])


def _run(promtool: Path, *args: str, cwd: Path = HERE) -> str:
    done = subprocess.run(
        [str(promtool), *args], capture_output=True, text=True, check=False, cwd=cwd, timeout=120
    )
    output = (done.stdout + done.stderr).strip()
    assert done.returncode == 0, output
    return output


@pytest.mark.timeout(1800)
def test_promtool_accepts_the_rules_and_the_config(
    promtool: Path, report: Callable[[str], None]
) -> None:
    rules = _run(promtool, "check", "rules", "alerts.yml")
    config = _run(promtool, "check", "config", "prometheus.yml")
    report(f"promtool check rules alerts.yml:\n{rules}\npromtool check config:\n{config}")
    assert "SUCCESS: 10 rules found" in rules


@pytest.mark.timeout(1800)
def test_each_alert_fires_on_its_series(promtool: Path, report: Callable[[str], None]) -> None:
    output = _run(promtool, "test", "rules", "alerts.test.yml")
    report(f"promtool test rules alerts.test.yml:\n{output}")
    assert "SUCCESS" in output


@pytest.mark.timeout(1800)
def test_every_dashboard_query_is_valid_promql(promtool: Path, tmp_path: Path) -> None:
    """promtool parses each query as a recording rule's expression."""
    rules = [
        {"record": f"dashboard:query_{i}", "expr": _filled(expr)}
        for i, expr in enumerate(dashboard_queries(DASHBOARD))
    ]
    assert len(rules) >= 15
    (tmp_path / "dashboard-queries.yml").write_text(
        yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}), encoding="utf-8"
    )
    output = _run(promtool, "check", "rules", "dashboard-queries.yml", cwd=tmp_path)
    assert f"SUCCESS: {len(rules)} rules found" in output


def _filled(expr: str) -> str:
    for variable, value in GRAFANA_VARIABLES.items():
        expr = expr.replace(variable, value)
    assert "$" not in expr, f"unknown Grafana variable in {expr}"
    return expr


def _exported() -> set[str]:
    return exported_names(ServiceMetrics(s).registry for s in ("consultations", "planning"))


def test_the_rules_read_only_metrics_the_services_export() -> None:
    used = {name for rule in alert_rules() for name in metric_names(str(rule["expr"]))}
    assert {"dmap_consumer_lag", "dmap_dead_letters_total", "dmap_outbox_backlog"} <= used
    assert used - _exported() - PROMETHEUS_OWN == set()


def test_the_dashboard_reads_only_metrics_the_services_export() -> None:
    used = {name for expr in dashboard_queries(DASHBOARD) for name in metric_names(expr)}
    assert {"dmap_http_requests_total", "process_resident_memory_bytes"} <= used
    assert used - _exported() == set()


def test_the_dashboard_covers_what_operators_watch() -> None:
    queries = " ".join(dashboard_queries(DASHBOARD))
    for metric in (
        "dmap_consumer_lag",  # lag
        "dmap_dead_letters_total",  # DLQ growth
        "dmap_outbox_backlog",  # outbox backlog
        "dmap_batches_failed_total",  # failed batches
        'status=~"5.."',  # 5xx rate
        "dmap_http_request_duration_seconds_bucket",  # request latency
    ):
        assert metric in queries
    panels = [p for p in DASHBOARD["panels"] if p["type"] != "row"]
    assert len({p["id"] for p in DASHBOARD["panels"]}) == len(DASHBOARD["panels"])
    for panel in panels:  # every query goes to the dashboard's chosen Prometheus
        assert panel["datasource"]["uid"] == "${datasource}"
        assert {t["refId"] for t in panel["targets"]} == {
            chr(65 + i) for i in range(len(panel["targets"]))
        }
        assert re.fullmatch(r"\d+", str(panel["gridPos"]["w"]))


def test_every_alert_has_a_severity_and_a_summary() -> None:
    for rule in alert_rules():
        assert rule["labels"]["severity"] in {"warning", "critical"}, rule["alert"]
        assert rule["annotations"]["summary"], rule["alert"]
