"""What the CLI says when a command cannot be done: one line, no traceback.

`CliError` is raised for a mistake the user can fix (a bad argument, a missing
file, a service that is not running); `explain` turns the library errors that
mean the same (a refused connection, a database that answers no) into such a line.
Anything else is a bug and keeps its traceback.
"""

import errno
import socket

import asyncpg
import httpx
from aiokafka.errors import KafkaError

_UNREACHABLE = {errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ETIMEDOUT}
# Said after any failure to reach the local stack.
START_HINT = "is the stack up? `dmap stack status`, `dmap stack up`"


class CliError(Exception):
    """Printed as `error: <message>`; the command exits with `code`."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def explain(exc: BaseException) -> str | None:
    """A sentence for a failure the user can act on, or None for a bug."""
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"cannot use {exc.filename}: {exc.strerror}"
    if isinstance(exc, ConnectionError | TimeoutError | socket.gaierror) or (
        isinstance(exc, OSError) and exc.errno in _UNREACHABLE
    ):
        return f"cannot connect ({exc}); {START_HINT}"
    if isinstance(exc, OSError):  # a full disk, a closed pipe: the machine's, not a bug
        return str(exc)
    if isinstance(exc, asyncpg.PostgresError | asyncpg.InterfaceError):
        return f"PostgreSQL refused: {exc}"
    if isinstance(exc, KafkaError):
        return f"Kafka failed: {exc}; {START_HINT}"
    if isinstance(exc, httpx.HTTPError):
        return f"HTTP request failed: {exc}"
    return None
