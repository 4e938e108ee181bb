"""The demo's API tokens, kept in `.dmap/demo-tokens.env` (mode 600) and reused.

One line per role and database: `planner@127.0.0.1:25432/dmap=dmap_...`.

Each `make demo` used to mint two more tokens that never expire; now a run
reuses the stored ones and creates a token only when it is missing, revoked
or expired.
"""

import hashlib
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from dmap.tokens import valid_or_new
from services.runtime.auth.roles import Role
from services.runtime.settings import Settings


def tokens_file(settings: Settings) -> Path:
    return settings.home / "demo-tokens.env"


def _read(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    pairs = (line.partition("=") for line in path.read_text().splitlines())
    return {k.strip(): v.strip() for k, _, v in pairs if k.strip()}


def _write(path: Path, values: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")
    # Created 600 from the start: the token is never readable by others, not even briefly.
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write("".join(f"{k}={v}\n" for k, v in sorted(values.items())))
    os.replace(part, path)


def _slug(scope: str) -> str:
    """A scope as a key of the tokens file: readable ASCII, and a digest of the whole so two
    schools whose names differ only in letters like ë and e keep their own tokens."""
    if not scope:
        return ""
    digest = hashlib.sha256(scope.encode()).hexdigest()[:8]
    return f"{re.sub(r'[^A-Za-z0-9:._-]+', '-', scope)}:{digest}"


def _database(settings: Settings) -> str:
    """host:port/name without credentials: the tests' demos on their own databases
    share DMAP_HOME with the real one and must not replace its tokens."""
    url = urlsplit(settings.dsn)
    return f"{url.hostname}:{url.port}{url.path}"


async def demo_token(
    settings: Settings,
    role: Role,
    name: str,
    municipality: str | None = None,
    school: str | None = None,
    organisation: str | None = None,
) -> str:
    """The stored demo token of `role` if it still works, else a new one (then stored).

    A reporter's token is scoped (a school team to its municipality and school, a
    partner to its organisation) and stored under that scope.
    """
    path = tokens_file(settings)
    stored = _read(path)
    scope = "".join(f":{part}" for part in (municipality, school, organisation) if part)
    key = f"{role.value}{_slug(scope)}@{_database(settings)}"
    token = await valid_or_new(
        settings,
        stored.get(key),
        name,
        role,
        municipalities=[municipality] if municipality else None,
        school=school,
        organisation=organisation,
    )
    if stored.get(key) != token:
        _write(path, {**stored, key: token})
    return token
