"""The three DMAP services as background uvicorn processes."""

import os
import signal
import sys
import time
from pathlib import Path

import httpx

from dmap.stack import StackError
from dmap.stack.procs import is_alive, read_pid, spawn, tail, terminate
from dmap.stack.provision import local_secrets
from services.runtime.settings import REPO_ROOT, Settings

SERVICES = ("consultations", "planning", "reporting")


class ServiceProcesses:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def _files(self, name: str) -> tuple[Path, Path]:
        port = getattr(self.settings, f"{name}_port")
        home = self.settings.home
        return home / "run" / f"{name}-{port}.pid", home / "logs" / f"{name}-{port}.log"

    def up(self, timeout_s: float = 90.0) -> list[str]:
        started = [name for name in SERVICES if self.start(name)]
        for name in SERVICES:
            self._wait_healthy(name, timeout_s)
        return started

    def start(self, name: str) -> bool:
        """Start one service in the background; False if it already runs."""
        pid_file, log_file = self._files(name)
        if read_pid(pid_file):
            return False
        port = getattr(self.settings, f"{name}_port")
        spawn(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                f"services.{name}.app:create_app",
                "--host",
                self.settings.host,
                "--port",
                str(port),
                "--no-access-log",
                "--timeout-graceful-shutdown",
                "20",
            ],
            pid_file,
            log_file,
            env={**os.environ, **self._env()},
            cwd=REPO_ROOT,
        )
        return True

    def kill(self, name: str, sig: int = signal.SIGKILL) -> int:
        """Send `sig` to one service (SIGKILL: no shutdown code runs); returns its pid."""
        pid_file, _ = self._files(name)
        pid = read_pid(pid_file)
        if pid is None:
            raise StackError(f"{name} is not running")
        os.kill(pid, sig)
        while is_alive(pid):
            time.sleep(0.05)
        pid_file.unlink(missing_ok=True)
        return pid

    def wait_healthy(self, name: str, timeout_s: float = 60.0) -> None:
        self._wait_healthy(name, timeout_s)

    def down(self) -> list[str]:
        return [n for n in SERVICES if terminate(self._files(n)[0])]

    def status(self) -> dict[str, str]:
        out = {}
        for name in SERVICES:
            pid = read_pid(self._files(name)[0])
            out[name] = (
                f"running (pid {pid}) at {self.settings.service_url(name)}" if pid else "stopped"
            )
        return out

    def _env(self) -> dict[str, str]:
        """The settings that must reach the children, as DMAP_* variables."""
        s = self.settings
        env = {
            "DMAP_HOME": str(s.home),
            "DMAP_HOST": s.host,
            "DMAP_PG_PORT": str(s.pg_port),
            "DMAP_DATABASE_NAME": s.database_name,
            "DMAP_KAFKA_PORT": str(s.kafka_port),
            "DMAP_TOPIC_PREFIX": s.topic_prefix,
            "DMAP_LOG_FORMAT": "json",
            "DMAP_LOG_LEVEL": s.log_level,
        }
        for name in SERVICES:
            env[f"DMAP_{name.upper()}_PORT"] = str(getattr(s, f"{name}_port"))
        if s.database_url:
            env["DMAP_DATABASE_URL"] = s.database_url
        if s.instance:
            env["DMAP_INSTANCE"] = s.instance
        for key, value in local_secrets(s).items():  # each service's own database role
            if key.endswith("_DB_PASSWORD"):
                env.setdefault(key, os.environ.get(key, value))
        if s.kafka_security_protocol != "PLAINTEXT":
            env["DMAP_KAFKA_SECURITY_PROTOCOL"] = s.kafka_security_protocol
            env["DMAP_KAFKA_SASL_MECHANISM"] = s.kafka_sasl_mechanism
            env["DMAP_KAFKA_SASL_USERNAME"] = s.kafka_sasl_username or ""
            if s.kafka_sasl_password is not None:
                env["DMAP_KAFKA_SASL_PASSWORD"] = s.kafka_sasl_password.get_secret_value()
        if s.kafka_bootstrap:
            env["DMAP_KAFKA_BOOTSTRAP"] = s.kafka_bootstrap
        return env

    def _wait_healthy(self, name: str, timeout_s: float) -> None:
        pid_file, log_file = self._files(name)
        url = f"{self.settings.service_url(name)}/healthz"
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not read_pid(pid_file):
                raise StackError(f"{name} exited during start-up. Log tail:\n{tail(log_file)}")
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise StackError(f"{name} not healthy after {timeout_s:.0f}s. Log tail:\n{tail(log_file)}")
