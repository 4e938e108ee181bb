"""A project-local PostgreSQL cluster from the machine's own binaries.

initdb and pg_ctl refuse to run as root, so as root they run as the
`postgres` system user, which then owns the data directory.
"""

import asyncio
import glob
import os
import pwd
import shutil
import subprocess
from pathlib import Path

import asyncpg

from dmap.stack import StackError
from dmap.stack.procs import port_in_use
from services.runtime.settings import Settings

PASSWORD = "dmap"  # local stack only; an external server comes from DMAP_DATABASE_URL


def _bin_dir() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version_key)
    if not candidates:
        raise StackError(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or in "
            "/usr/lib/postgresql/*/bin. Install them (Debian: postgresql) or set DMAP_DATABASE_URL."
        )
    return Path(candidates[-1]).parent


def _version_key(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


class PostgresNode:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = settings.home / "pg"
        self.data = self.root / "data"
        self.sockets = self.root / "run"
        self.log_file = settings.home / "logs" / "postgres.log"

    def _run(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        return subprocess.run(argv, capture_output=True, text=True, check=False)

    def _own(self, *paths: Path) -> None:
        if os.geteuid() != 0:
            return
        pg = pwd.getpwnam("postgres")
        for path in paths:
            os.chown(path, pg.pw_uid, pg.pw_gid)

    def init(self) -> None:
        if (self.data / "PG_VERSION").exists():
            return
        bin_dir = _bin_dir()
        for d in (self.root, self.sockets, self.log_file.parent):
            d.mkdir(parents=True, exist_ok=True)
        pwfile = self.root / "pwfile"
        pwfile.write_text(PASSWORD + "\n")
        self._own(self.root, self.sockets, pwfile)
        done = self._run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "dmap",
                f"--pwfile={pwfile}",
                "-A",
                "scram-sha-256",
                "-E",
                "UTF8",
                "--no-locale",
            ]
        )
        pwfile.unlink(missing_ok=True)
        if done.returncode != 0:
            raise StackError(f"initdb failed:\n{done.stdout}\n{done.stderr}")

    def is_running(self) -> bool:
        if not (self.data / "PG_VERSION").exists():
            return False
        return (
            self._run([str(_bin_dir() / "pg_ctl"), "status", "-D", str(self.data)]).returncode == 0
        )

    def up(self) -> str:
        if self.settings.database_url:
            asyncio.run(ensure_database(self.settings))
            return "external PostgreSQL (DMAP_DATABASE_URL)"
        self.init()
        if self.is_running():
            asyncio.run(ensure_database(self.settings))
            return f"PostgreSQL already running on port {self.settings.pg_port}"
        if port_in_use(self.settings.host, self.settings.pg_port):
            raise StackError(
                f"port {self.settings.pg_port} is in use by another program (another DMAP "
                "stack from a different folder?); stop it or set DMAP_PG_PORT"
            )
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        self.log_file.touch()
        self._own(self.log_file)
        options = (
            f"-p {self.settings.pg_port} -k {self.sockets} "
            f"-c listen_addresses={self.settings.host} -c max_connections=200"
        )
        done = self._run(
            [
                str(_bin_dir() / "pg_ctl"),
                "start",
                "-D",
                str(self.data),
                "-l",
                str(self.log_file),
                "-o",
                options,
                "-w",
                "-t",
                "60",
            ]
        )
        if done.returncode != 0:
            raise StackError(
                f"pg_ctl start failed:\n{done.stdout}\n{done.stderr}\nSee {self.log_file}"
            )
        asyncio.run(ensure_database(self.settings))
        return f"PostgreSQL started on port {self.settings.pg_port}"

    def down(self) -> bool:
        if self.settings.database_url or not self.is_running():
            return False
        self._run([str(_bin_dir() / "pg_ctl"), "stop", "-D", str(self.data), "-m", "fast", "-w"])
        return True

    def status(self) -> str:
        if self.settings.database_url:
            return "external (DMAP_DATABASE_URL)"
        return f"running on port {self.settings.pg_port}" if self.is_running() else "stopped"


async def ensure_database(settings: Settings, name: str | None = None) -> None:
    """Create the service database if missing (connects to the `postgres` maintenance db)."""
    base, _, current = settings.dsn.partition("?")[0].rpartition("/")
    name = name or current
    admin_dsn = base + "/postgres"
    conn = await asyncpg.connect(admin_dsn, timeout=10)
    try:
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def drop_database(settings: Settings, name: str) -> None:
    admin_dsn = settings.dsn.rsplit("/", 1)[0] + "/postgres"
    conn = await asyncpg.connect(admin_dsn, timeout=10)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()
