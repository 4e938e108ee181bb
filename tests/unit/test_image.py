"""The image and CI install exactly the locked dependencies, from a pinned base."""

import re
import tomllib

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from services.runtime.settings import REPO_ROOT

DOCKERFILE = (REPO_ROOT / "deploy" / "Dockerfile").read_text()
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+?)(?: ; (.*))? \\$", re.MULTILINE)


def locked(name: str) -> dict[str, Version]:
    """Name -> version for this interpreter (the lock is universal: markers fork it)."""
    text = (REPO_ROOT / name).read_text()
    entries = PIN.findall(text)
    assert len(entries) == len(re.findall(r"^\S", text, re.MULTILINE)) - 2  # 2 header lines
    # Every pin is followed by its hashes, so pip can run with --require-hashes.
    assert all(block.lstrip().startswith("--hash=sha256:") for block in text.split("\\\n")[1:])
    return {
        canonicalize_name(n): Version(v)
        for n, v, marker in entries
        if not marker or Marker(marker).evaluate()
    }


def requirements(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    listed = project["optional-dependencies"][extra] if extra else project["dependencies"]
    build = (REPO_ROOT / "deploy" / "build-requirements.in").read_text().splitlines()
    listed += [line for line in build if line and not line.startswith("#")]
    return [Requirement(r) for r in listed]


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("requirements.lock", [None]), ("requirements-dev.lock", [None, "dev"])],
)
def test_the_locks_satisfy_pyproject(lock: str, extras: list[str | None]) -> None:
    pins = locked(lock)
    for extra in extras:
        for req in requirements(extra):
            name = canonicalize_name(req.name)
            assert name in pins, f"{req.name} is not in {lock}: run `make lock`"
            assert req.specifier.contains(pins[name], prereleases=True), (
                f"{lock} pins {req.name}=={pins[name]}, pyproject wants {req.specifier}: "
                "run `make lock`"
            )


def test_the_dev_lock_keeps_the_image_versions() -> None:
    runtime, dev = locked("requirements.lock"), locked("requirements-dev.lock")
    assert {n: dev.get(n) for n in runtime} == runtime


def test_the_base_image_is_pinned_by_digest() -> None:
    arg = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", DOCKERFILE, re.MULTILINE)
    assert arg, "the base image is an ARG with a default"
    assert re.fullmatch(r"python:3\.11-slim@sha256:[0-9a-f]{64}", arg[1])
    assert re.search(r"^FROM \$\{PYTHON_IMAGE\}$", DOCKERFILE, re.MULTILINE)


def test_the_image_installs_the_lock_runs_unprivileged_and_checks_health() -> None:
    assert "--require-hashes --no-deps -r requirements.lock" in DOCKERFILE
    assert "--no-build-isolation ." in DOCKERFILE
    user = re.findall(r"^USER (\S+)$", DOCKERFILE, re.MULTILINE)
    assert user == ["10001:10001"], "numeric, so runAsNonRoot can verify it"
    health = re.search(r"^HEALTHCHECK .*\n\s+CMD (.*)$", DOCKERFILE, re.MULTILINE)
    assert health, "the image says when it is healthy"
    assert "/readyz" in health[1]


def test_ci_installs_from_the_dev_lock() -> None:
    makefile = (REPO_ROOT / "Makefile").read_text()
    stamp = makefile.split("$(STAMP):", 1)[1].split("\n\n", 1)[0]
    assert "requirements-dev.lock" in stamp.splitlines()[0], "reinstall when the lock changes"
    assert "--require-hashes -r requirements-dev.lock" in stamp
    assert ".[dev]" not in stamp
    ci = (REPO_ROOT / ".ci" / "run").read_text()
    assert "make lint && make test" in ci  # both go through the install above
