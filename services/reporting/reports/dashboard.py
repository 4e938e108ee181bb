"""The MESTI dashboard: every municipality with a followed plan, and how far its plan is
implemented — the share of actions done or on track, overdue, reports missing, indicators
off track — as rows for the page and as an XLSX workbook."""

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook

from services.reporting.i18n import N_
from services.reporting.i18n.languages import Lang, municipality_name
from services.reporting.reports.figures import figures
from services.reporting.reports.snapshot import PlanTracking
from services.reporting.reports.wording import report_words


def follow_up_url(municipality: str) -> str:
    """The municipality's follow-up page in the workspace (the drill-down)."""
    return f"/ui/plans/{municipality}/follow-up"


@dataclass(frozen=True)
class DashboardRow:
    municipality: str
    name: str
    cycle: str
    version: int
    as_of: str
    actions: int
    on_track: int  # done or on track
    overdue: int
    delayed: int  # delayed, or not started when due
    indicators: int  # with a judged value
    indicators_off_track: int
    reports_received: int
    reports_missing: int
    open_alerts: int

    @property
    def on_track_share(self) -> float | None:
        return self.on_track / self.actions if self.actions else None

    @property
    def overdue_share(self) -> float | None:
        return self.overdue / self.actions if self.actions else None

    @property
    def url(self) -> str:
        return follow_up_url(self.municipality)


def rows(trackings: Sequence[PlanTracking], lang: Lang) -> list[DashboardRow]:
    """One row per plan, the latest school year of each municipality first by name."""
    out = []
    for t in trackings:
        f = figures(t)
        out.append(
            DashboardRow(
                municipality=t.municipality.value,
                name=municipality_name(t.municipality.value, lang),
                cycle=t.cycle,
                version=t.version,
                as_of=t.as_of.isoformat(),
                actions=len(f.live),
                on_track=f.count("done", "on_track"),
                overdue=len(f.overdue),
                delayed=f.count("delayed", "late_start"),
                indicators=sum(1 for i in f.indicators if i.on_track is not None),
                indicators_off_track=len(f.off_track),
                reports_received=len(f.received),
                reports_missing=len(f.missing),
                open_alerts=len(t.open_alerts),
            )
        )
    return sorted(out, key=lambda r: (r.name, r.cycle))


COLUMNS = (
    ("municipality", "municipality"),
    ("name", N_("Municipality")),
    ("cycle", N_("School year")),
    ("version", N_("Version")),
    ("as_of", N_("As of")),
    ("actions", N_("Actions")),
    ("on_track_share", N_("Done or on track")),
    ("overdue", N_("Overdue")),
    ("overdue_share", N_("Share overdue")),
    ("delayed", N_("Delayed or not started when due")),
    ("indicators_off_track", N_("Indicators off track")),
    ("indicators", N_("Indicators measured")),
    ("reports_missing", N_("Reports missing")),
    ("reports_received", N_("Reports received")),
    ("open_alerts", N_("Open alerts")),
)
SHARES = frozenset({"on_track_share", "overdue_share"})


def as_json(found: Sequence[DashboardRow]) -> list[dict[str, object]]:
    return [{key: getattr(r, key) for key, _label in COLUMNS} | {"follow_up": r.url} for r in found]


def workbook(found: Sequence[DashboardRow], lang: Lang) -> bytes:
    """One sheet, `implementation`: a header row in `lang` (the first column keeps the
    code, for joins), one row per plan; shares are numbers formatted as percentages."""
    _ = report_words(lang)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "implementation"
    sheet.append([key if key == "municipality" else _(label) for key, label in COLUMNS])
    for r in found:
        sheet.append([getattr(r, key) for key, _label in COLUMNS])
    for i, (key, _label) in enumerate(COLUMNS, start=1):
        if key in SHARES:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = "0%"
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# The page's own words (the column headings are COLUMNS').
PAGE: dict[str, str] = {
    "title": N_("Implementation of the adopted plans"),
    "lead": N_(
        "Every municipality with an adopted plan followed: the share of its actions done or "
        "on track, the overdue ones, missing reports and indicators off track."
    ),
    "none": N_("No adopted plan is followed yet."),
    "files": N_("Reports"),
    "progress_report": N_("Quarterly progress report"),
    "agenda": N_("Working group agenda"),
    "public_summary": N_("Public summary"),
    "semester_report": N_("Semester report to MESTI"),
    "export": N_("Download as XLSX"),
    "follow_up": N_("Follow-up"),
}


def page_labels(lang: Lang) -> dict[str, str]:
    """The page's words and the column headings in `lang`, by key."""
    _ = report_words(lang)
    return {k: _(v) for k, v in PAGE.items()} | {k: _(v) for k, v in COLUMNS if k != "municipality"}
