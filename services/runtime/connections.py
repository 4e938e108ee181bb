"""The connection type that SQL functions take."""

from typing import TypeAlias

import asyncpg
from asyncpg.pool import PoolConnectionProxy

# A pool lends proxies that forward every call to a real connection (asyncpg's own
# isinstance check accepts them); the type stubs model the proxy as a class of its
# own, so a function that runs SQL on either kind names both.
Connection: TypeAlias = asyncpg.Connection | PoolConnectionProxy
