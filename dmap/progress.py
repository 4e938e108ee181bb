"""Progress of a long wait: a bar redrawn in place on a terminal, plain lines otherwise
(the first, one every few seconds while waiting, and the last), so a log stays short."""

import sys
import time
from typing import TextIO


class Progress:
    def __init__(
        self, what: str, total: int, stream: TextIO | None = None, every_s: float = 5.0
    ) -> None:
        self.what = what
        self.total = total
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.every_s = every_s
        self._shown: tuple[int, float] | None = None  # count shown, and when
        self.started = time.monotonic()

    def update(self, done: int, note: str = "") -> None:
        now = time.monotonic()
        if self.tty:
            width = 30
            filled = width * min(done, self.total) // max(self.total, 1)
            bar = "#" * filled + "-" * (width - filled)
            line = f"\r{self.what} [{bar}] {done}/{self.total} {note}"
            self.stream.write(f"{line:<100}"[:100])
            self.stream.flush()
            return
        if self._shown is not None:
            count, when = self._shown
            finished = done >= self.total and count < self.total
            if not finished and now - when < self.every_s:
                return
        self._shown = (done, now)
        elapsed = now - self.started
        tail = f" ({note})" if note else ""
        print(f"{self.what}: {done}/{self.total}{tail} after {elapsed:.0f}s", file=self.stream)
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
