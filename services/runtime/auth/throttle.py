"""A sliding window of failed authentications per client, kept in this process.

Each instance counts on its own: with N replicas behind a balancer a client
gets up to N times the limit. Enough to turn a token-guessing run at hundreds
per second into a handful per minute; a shared limit belongs in the proxy.
"""

import time
from collections import OrderedDict, deque
from collections.abc import Callable


class FailureThrottle:
    """At most `limit` failures per `window_s` per key; then every attempt waits."""

    def __init__(
        self,
        limit: int,
        window_s: float,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit, self.window_s, self.max_keys = limit, window_s, max_keys
        self._clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, key: str) -> float | None:
        """Seconds until `key` may try again, or None when it may try now."""
        failures = self._recent(key)
        if failures is None or len(failures) < self.limit:
            return None
        return max(failures[0] + self.window_s - self._clock(), 0.001)

    def failed(self, key: str) -> None:
        failures = self._recent(key)
        if failures is None:
            failures = self._failures[key] = deque()
            if len(self._failures) > self.max_keys:  # bounded memory under a spray of IPs
                self._failures.popitem(last=False)
        failures.append(self._clock())
        self._failures.move_to_end(key)
        while len(failures) > self.limit:
            failures.popleft()

    def _recent(self, key: str) -> deque[float] | None:
        failures = self._failures.get(key)
        if failures is None:
            return None
        horizon = self._clock() - self.window_s
        while failures and failures[0] <= horizon:
            failures.popleft()
        return failures
