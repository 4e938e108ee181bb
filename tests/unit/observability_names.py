"""deploy/observability/ and the metric names it reads, next to those the services export."""

import json
import re
from collections.abc import Iterable, Iterator

import yaml
from prometheus_client import CollectorRegistry

from services.runtime.settings import REPO_ROOT

HERE = REPO_ROOT / "deploy" / "observability"
ALERTS = HERE / "alerts.yml"
DASHBOARD = json.loads((HERE / "dashboard.json").read_text(encoding="utf-8"))

# Series Prometheus makes itself for each target rather than reading them from it.
PROMETHEUS_OWN = frozenset({"up", "scrape_duration_seconds", "scrape_samples_scraped"})
_KEYWORDS = frozenset(
    {
        "and",
        "or",
        "unless",
        "by",
        "without",
        "on",
        "ignoring",
        "group_left",
        "group_right",
        "offset",
        "bool",
        "inf",
        "nan",
    }
)
_SUFFIXES = {
    "counter": ("_total", "_created"),
    "histogram": ("_bucket", "_count", "_sum", "_created"),
    "summary": ("_count", "_sum", "_created", ""),
    "info": ("_info",),
    "gauge": ("",),
    "untyped": ("",),
}


def metric_names(expr: str) -> set[str]:
    """The metric names an expression selects (label matchers, grouping clauses, strings,
    durations and function names left out)."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # strings
    text = re.sub(r"\{[^}]*\}", " ", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", " ", text)  # ranges and subqueries
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", text):
        rest = text[match.end() :].lstrip()
        if rest.startswith("(") or match.group() in _KEYWORDS:
            continue  # a function, or an operator word
        start = match.start()
        if start and (text[start - 1].isdigit() or text[start - 1] == "."):
            continue  # the unit of a number such as 1e3
        names.add(match.group())
    return names


def exported_names(registries: Iterable[CollectorRegistry]) -> set[str]:
    """Every sample name the registries expose, whether or not a series exists yet."""
    out: set[str] = set()
    for registry in registries:
        for family in registry.collect():
            out.update(f"{family.name}{s}" for s in _SUFFIXES[family.type])
            out.update(sample.name for sample in family.samples)
    return out


def dashboard_queries(dashboard: dict[str, object]) -> Iterator[str]:
    """Every PromQL expression of the dashboard's panels and template variables."""
    stack: list[object] = [dashboard]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "expr" and isinstance(value, str):
                    yield value
                elif key == "definition" and isinstance(value, str):
                    yield from _label_values(value)
                else:
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def _label_values(definition: str) -> Iterator[str]:
    """`label_values(metric, label)` of a template variable: its metric selector."""
    match = re.fullmatch(r"\s*label_values\((.+),\s*\w+\)\s*", definition)
    if match:
        yield match[1]


def alert_rules() -> list[dict[str, object]]:
    groups = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))["groups"]
    return [rule for group in groups for rule in group["rules"]]
