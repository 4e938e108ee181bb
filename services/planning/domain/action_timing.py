"""An action's target said within its own months.

A catalogue target is written once for every plan ("In place by {end}",
"{months}, one for each month the action runs"), but the months an action
runs depend on when the plan is drafted (timeline.py). The target is filled in
with the action's own months here, so it never names a quarter, a September or
a count of reviews the action does not run in. A mediator action whose contracts
are signed before the school year, started later, says how a mediator is in
post meanwhile.
"""

from schemas.plans import Bilingual, PlannedAction
from services.planning.domain.baselines import Measures
from services.planning.domain.months import quarter_of
from services.planning.domain.wording import Wording

SEPTEMBER = 9


def _months_between(start: str, end: str) -> list[str]:
    """Every `YYYY-MM` from `start` to `end`, both included."""
    year, month = int(start[:4]), int(start[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= end:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def fit_to_months(a: PlannedAction, measures: Measures) -> PlannedAction:
    """The action with its target filled in with its months, and the mid-year note."""
    if a.start_month is None or a.end_month is None:
        return a
    w = measures.wording
    months = _months_between(a.start_month, a.end_month)
    quarters = len({quarter_of(m) for m in months})

    def fill(text: str, lang: str) -> str:
        if "{" not in text:
            return text
        end = a.end_month or ""
        month = w.phrase(lang, "month", f"m{int(end[5:7]):02d}")
        return text.format(
            end=w.phrase(lang, "month_year").format(month=month, year=end[:4]),
            months=len(months),
            quarters=quarters,
        )

    update: dict[str, object] = {}
    label = a.indicator.target_label
    if "{" in a.indicator.target or (label is not None and "{" in label.en):
        update["indicator"] = a.indicator.model_copy(
            update={
                "target": fill(a.indicator.target, "en"),
                "target_label": (
                    Wording.each(lambda lang: fill(getattr(label, lang) or label.en, lang))
                    if label is not None
                    else None
                ),
            }
        )
    if a.action_id in measures.mid_year_actions and int(a.start_month[5:7]) != SEPTEMBER:
        update["tailored_label"] = _joined(a.tailored_label, w)
        update["tailored_because"] = "; ".join(
            p for p in (a.tailored_because, w.phrase("en", "mid_year")) if p
        )
    return a.model_copy(update=update) if update else a


def _joined(note: Bilingual | None, w: Wording) -> Bilingual:
    return Wording.each(
        lambda lang: "; ".join(
            p
            for p in ((getattr(note, lang) or note.en) if note else "", w.phrase(lang, "mid_year"))
            if p
        )
    )
