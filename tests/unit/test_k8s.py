"""deploy/k8s rendered with kustomize and validated with kubeconform, offline.

Both tools are Go modules that deploy/tools.sh builds into a cache outside the
repository (the first run takes a minute or two); kubeconform's schemas come from
the OpenAPI document of the k8s.io/kubernetes module (`deploy/tools.sh k8s-schemas`).
Without Go this test fails: an unvalidated manifest is not a pass.
"""

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest.mock import Mock
from urllib.parse import urlsplit

import pytest
import yaml

from schemas.topics import TOPICS
from services.planning.subscriptions import subscriptions
from services.runtime.settings import REPO_ROOT, SERVICES, Settings

# The first build of the tools takes a minute or two, more on a cold module cache.
pytestmark = pytest.mark.timeout(900)

K8S = REPO_ROOT / "deploy" / "k8s"
LAYOUTS = ("base", "overlays/production")
PARTITIONS = {t.name: t.partitions for t in TOPICS}
# Planning's groups each need a partition per replica, or the extra replica idles.
PLANNING_MAX = min(PARTITIONS[s.topic] for s in subscriptions(Mock()))

Manifest = dict[str, Any]


@pytest.fixture(scope="module")
def tools() -> dict[str, str]:
    paths = {}
    for tool in ("kustomize", "kubeconform", "k8s-schemas"):
        done = subprocess.run(
            [str(REPO_ROOT / "deploy" / "tools.sh"), tool],
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )
        if done.returncode != 0:
            pytest.fail(f"deploy/tools.sh {tool} failed:\n{done.stderr}")
        paths[tool] = done.stdout.strip()
    return paths


@pytest.fixture(scope="module")
def rendered(tools: dict[str, str]) -> dict[str, str]:
    out = {}
    for layout in LAYOUTS:
        done = subprocess.run(
            [tools["kustomize"], "build", str(K8S / layout)],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, f"kustomize build {layout}: {done.stderr}"
        out[layout] = done.stdout
    return out


def manifests(text: str) -> list[Manifest]:
    return [m for m in yaml.safe_load_all(text) if m]


def by_kind(text: str, kind: str) -> dict[str, Manifest]:
    return {m["metadata"]["name"]: m for m in manifests(text) if m["kind"] == kind}


def containers(pod: Manifest) -> Iterator[Manifest]:
    yield from pod["spec"].get("initContainers", [])
    yield from pod["spec"]["containers"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_kubeconform_accepts_every_resource_strictly(
    tools: dict[str, str], rendered: dict[str, str], layout: str, tmp_path: Path
) -> None:
    rendered_file = tmp_path / "rendered.yaml"
    rendered_file.write_text(rendered[layout])
    schemas = tools["k8s-schemas"]
    location = os.path.join(schemas, "{{ .ResourceKind }}{{ .KindSuffix }}.json")
    version = schemas.rpartition("-v")[2]  # the folder is named for its Kubernetes release
    done = subprocess.run(
        [
            tools["kubeconform"],
            *("-strict", "-summary", "-output", "text"),
            *("-kubernetes-version", version, "-schema-location", location),
            str(rendered_file),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    # No -ignore-missing-schemas: a kind without a schema is an error, not a skip.
    assert done.returncode == 0, done.stdout + done.stderr
    count = len(manifests(rendered[layout]))
    assert f"Valid: {count}, Invalid: 0, Errors: 0, Skipped: 0" in done.stdout, done.stdout


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_service_is_probed_sized_and_unprivileged(
    rendered: dict[str, str], layout: str
) -> None:
    deployments = by_kind(rendered[layout], "Deployment")
    assert set(deployments) == {f"dmap-{s}" for s in SERVICES}
    for service in SERVICES:
        pod = deployments[f"dmap-{service}"]["spec"]["template"]
        spec = pod["spec"]
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["securityContext"]["runAsUser"] == 10001
        assert spec["automountServiceAccountToken"] is False
        [box] = spec["containers"]
        assert f"services.{service}.app:create_app" in box["command"]
        assert box["livenessProbe"]["httpGet"]["path"] == "/livez"
        assert box["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert box["startupProbe"]["httpGet"]["path"] == "/livez"
        assert {"cpu", "memory"} <= set(box["resources"]["requests"])
        assert "memory" in box["resources"]["limits"]
        security = box["securityContext"]
        assert security["allowPrivilegeEscalation"] is False
        assert security["readOnlyRootFilesystem"] is True
        assert security["capabilities"]["drop"] == ["ALL"]
        # Its own Secret only; the administrator's stays with the migration Job.
        secrets = [e["secretRef"]["name"] for e in box["envFrom"] if "secretRef" in e]
        assert secrets == [f"dmap-{service}"]
        [instance] = [e for e in box["env"] if e["name"] == "DMAP_INSTANCE"]
        assert instance["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.name"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_replicas_partitions_and_disruption_budgets(rendered: dict[str, str], layout: str) -> None:
    deployments = by_kind(rendered[layout], "Deployment")
    autoscalers = by_kind(rendered[layout], "HorizontalPodAutoscaler")
    budgets = by_kind(rendered[layout], "PodDisruptionBudget")

    def least(name: str) -> int:
        if name in autoscalers:
            assert "replicas" not in deployments[name]["spec"], "the HPA owns the count"
            return int(autoscalers[name]["spec"]["minReplicas"])
        return int(deployments[name]["spec"]["replicas"])

    assert 2 <= least("dmap-planning") <= PLANNING_MAX
    if "dmap-planning" in autoscalers:
        assert autoscalers["dmap-planning"]["spec"]["maxReplicas"] <= PLANNING_MAX
    assert least("dmap-reporting") >= 2
    for name, deployment in deployments.items():
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        selector = budgets[name]["spec"]["selector"]["matchLabels"]
        assert selector.items() <= labels.items()
        assert budgets[name]["spec"]["maxUnavailable"] < least(name)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_services_route_to_their_pods(rendered: dict[str, str], layout: str) -> None:
    deployments = by_kind(rendered[layout], "Deployment")
    for name, service in by_kind(rendered[layout], "Service").items():
        labels = deployments[name]["spec"]["template"]["metadata"]["labels"]
        assert service["spec"]["selector"].items() <= labels.items()
        [port] = service["spec"]["ports"]
        [box] = deployments[name]["spec"]["template"]["spec"]["containers"]
        assert port["targetPort"] in {p["name"] for p in box["ports"]}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_migration_job_provisions_then_creates_topics(
    rendered: dict[str, str], layout: str
) -> None:
    job = by_kind(rendered[layout], "Job")["dmap-migrate"]
    pod = job["spec"]["template"]
    steps = [c["command"] for c in containers(pod)]
    assert steps == [["dmap", "provision"], ["dmap", "topics"]]
    for box in containers(pod):
        assert box["securityContext"]["readOnlyRootFilesystem"] is True
        assert [e["secretRef"]["name"] for e in box["envFrom"] if "secretRef" in e] == [
            "dmap-admin"
        ]
    [provision, _] = containers(pod)
    assert {e["name"] for e in provision["env"]} == {
        f"DMAP_{s.upper()}_DB_PASSWORD" for s in SERVICES
    }


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_secret_values_and_settings_that_load(
    rendered: dict[str, str], layout: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Secrets are created outside the manifests (deploy/k8s/README.md), never generated.
    assert not by_kind(rendered[layout], "Secret")
    [config] = [m for m in manifests(rendered[layout]) if m["kind"] == "ConfigMap"]
    data: dict[str, str] = config["data"]
    url = urlsplit(data["DMAP_DATABASE_URL"])
    assert (url.username, url.password) == (None, None)
    assert not any("PASSWORD" in key for key in data)
    # What the pods will read must pass the settings' own validation.
    for key in list(os.environ):
        if key.startswith("DMAP_"):
            monkeypatch.delenv(key)
    for key, value in data.items():
        monkeypatch.setenv(key, value)
    settings = Settings()
    assert settings.topic_replication >= 3
    assert settings.topic_min_insync == 2
    assert settings.kafka_security_protocol == "SASL_SSL"
    if layout != "base":  # integrators resolve `dataschema`: a public HTTPS address
        assert (settings.schema_base_url or "").startswith("https://")
    images = {
        b["image"]
        for m in manifests(rendered[layout])
        if m["kind"] in {"Deployment", "Job"}
        for b in containers(m["spec"]["template"])
    }
    assert len(images) == 1, "one image for every pod"
