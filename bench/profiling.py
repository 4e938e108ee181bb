"""py-spy on a running service, and the profile's top frames.

`py-spy record --format raw` writes collapsed stacks ("frame;frame;frame count"
per line); the summary adds them up by the innermost frame (self time) and by
every frame on the stack (inclusive time, each frame once per stack).
"""

import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import TracebackType


class PySpy:
    """Samples `pid` until the block ends; the collapsed stacks land in `out`."""

    def __init__(self, pid: int, out: Path, rate: int = 100) -> None:
        self.out = out
        spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or "py-spy"
        self._argv = [spy, "record", "--pid", str(pid), "--format", "raw", "--rate", str(rate)]
        self._argv += ["--output", str(out), "--nonblocking"]
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> "PySpy":
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self._proc = subprocess.Popen(self._argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: TracebackType | None) -> None:
        assert self._proc is not None
        self._proc.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
        try:
            self._proc.wait(30)
        except subprocess.TimeoutExpired:
            self._proc.kill()


def _frames(stack: str) -> list[str]:
    # A frame reads "function (path/to/module.py:line)"; keep function and file.
    out = []
    for frame in stack.split(";"):
        name, _, where = frame.partition(" (")
        path = where.rsplit(":", 1)[0]
        for marker in ("site-packages/", "/wt-perf/", "/main/", "lib/python3.11/"):
            if marker in path:
                path = path.split(marker, 1)[1]
                break
        out.append(f"{name} ({path})")
    return out


# Frames on every stack of a service (its entry points): no news in an inclusive ranking.
_ENTRY = ("<frozen runpy>", "uvicorn/", "click/", "asyncio/runners.py", "asyncio/base_events.py")


def top_frames(collapsed: Path, limit: int = 25) -> dict[str, list[tuple[str, float]]]:
    """The heaviest frames by self and inclusive share of the samples (percent)."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    samples = 0
    for line in collapsed.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = _frames(stack)
        samples += n
        own[frames[-1]] += n
        for frame in set(frames):
            if not any(e in frame for e in _ENTRY):
                total[frame] += n
    if not samples:
        return {"self": [], "inclusive": []}

    def share(c: Counter[str]) -> list[tuple[str, float]]:
        return [(f, 100 * n / samples) for f, n in c.most_common(limit)]

    return {"self": share(own), "inclusive": share(total)}
