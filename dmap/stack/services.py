"""The four DMAP services as background uvicorn processes."""

import os
import signal
import sys
import time
from pathlib import Path

import httpx

from dmap.stack import StackError
from dmap.stack.kafka_access import service_account
from dmap.stack.procs import is_alive, read_pid, spawn, tail, terminate
from dmap.stack.provision import with_local_secrets
from services.runtime.settings import REPO_ROOT, SERVICES, ServiceName, Settings


class ServiceProcesses:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def _files(self, name: ServiceName) -> tuple[Path, Path]:
        port = self.settings.port(name)
        home = self.settings.home
        return home / "run" / f"{name}-{port}.pid", home / "logs" / f"{name}-{port}.log"

    def up(self, timeout_s: float = 90.0) -> list[str]:
        started = [name for name in SERVICES if self.start(name)]
        for name in SERVICES:
            self._wait_healthy(name, timeout_s)
        return started

    def start(self, name: ServiceName) -> bool:
        """Start one service in the background; False if it already runs."""
        pid_file, log_file = self._files(name)
        if read_pid(pid_file):
            return False
        port = self.settings.port(name)
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
            env={**os.environ, **self._env(), **self._kafka_account(name)},
            cwd=REPO_ROOT,
        )
        return True

    def kill(self, name: ServiceName, sig: int = signal.SIGKILL) -> int:
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

    def wait_healthy(self, name: ServiceName, timeout_s: float = 60.0) -> None:
        self._wait_healthy(name, timeout_s)

    def pid(self, name: ServiceName) -> int | None:
        """The running service's process id (None when it is not running)."""
        return read_pid(self._files(name)[0])

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
        """The settings the children run with, as DMAP_* variables.

        Each service logs in with its own database role: its password comes from the
        environment, else from the local stack's secrets file. Children always log
        JSON (their log files are read by tools, not people).
        """
        return {**with_local_secrets(self.settings).as_environment(), "DMAP_LOG_FORMAT": "json"}

    def _kafka_account(self, name: ServiceName) -> dict[str, str]:
        """On the local broker a service logs in as itself (`dmap-<service>`, its ACLs),
        never as the operator account the CLI uses."""
        if self.settings.kafka_bootstrap or self.settings.kafka_sasl_username:
            return {}  # an account configured for this deployment: keep it
        return service_account(self.settings, name)

    def _wait_healthy(self, name: ServiceName, timeout_s: float) -> None:
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
