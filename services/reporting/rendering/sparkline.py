"""An indicator's trend as one line of text, for Markdown and for a picture's alt text:
eight bar heights (▁ to █) scaled between the lowest and highest of the baseline, the
measured values and the target, so a series still far from its target never reaches the
target's bar."""

from schemas.progress import TrackedIndicator

BARS = "▁▂▃▄▅▆▇█"


def bars(series: list[float], low: float, high: float) -> str:
    if high <= low:
        return BARS[(len(BARS) - 1) // 2] * len(series)  # flat: a middle bar
    steps = len(BARS) - 1
    return "".join(BARS[round(steps * (v - low) / (high - low))] for v in series)


def trend_bars(i: TrackedIndicator) -> str:
    """The baseline (when entered) then each measured month, oldest first."""
    series = ([i.baseline_value] if i.baseline_value is not None else []) + [
        p.value for p in i.points
    ]
    scale = series + ([i.target_value] if i.target_value is not None else [])
    return bars(series, min(scale), max(scale)) if series else ""
