"""SQL for the followed plans: issued versions, tracked actions, reports, measurements, alerts."""

import json
from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from pydantic import TypeAdapter

from schemas.plans import Plan
from schemas.progress import (
    Alert,
    IndicatorMeasurement,
    MedQuarterlyReport,
    ProgressReport,
    SchoolMonthlyReport,
    TrackedAction,
    WorkingGroupMeeting,
)
from schemas.vocabulary import MunicipalityCode
from services.monitoring.domain.meetings import meeting_order
from services.monitoring.domain.reports import Report
from services.monitoring.domain.state import (
    OutcomeName,
    PlanProgress,
    RecordedReport,
    ReportOutcome,
    SchoolMonth,
)
from services.runtime.connections import Connection

REPORT: TypeAdapter[Report] = TypeAdapter(ProgressReport)

_UPSERT_PLAN = """
INSERT INTO monitoring.plans (plan_id, municipality, cycle, version, adopted_on, schools)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (plan_id) DO UPDATE SET
    version = excluded.version, adopted_on = excluded.adopted_on,
    schools = excluded.schools, updated_at = now()
"""
_UPSERT_ACTION = """
INSERT INTO monitoring.tracked_actions (plan_id, action_id, position, status, content)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (plan_id, action_id) DO UPDATE SET
    position = excluded.position, status = excluded.status, content = excluded.content,
    updated_at = now()
WHERE monitoring.tracked_actions.content IS DISTINCT FROM excluded.content
   OR monitoring.tracked_actions.position IS DISTINCT FROM excluded.position
"""


def _json(model: Any) -> Any:
    return json.loads(model.model_dump_json())


class PostgresFollowing:
    """Monitoring's tables inside the unit of work's transaction."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def first_time(self, event_id: UUID, event_type: str) -> bool:
        return (
            await self._conn.fetchval(
                "INSERT INTO monitoring.processed_events (event_id, type) VALUES ($1, $2) "
                "ON CONFLICT DO NOTHING RETURNING event_id",
                event_id,
                event_type,
            )
            is not None
        )

    async def save_issued(self, plan: Plan) -> None:
        await self._conn.execute(
            "INSERT INTO monitoring.issued_versions (plan_id, version, content) "
            "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            plan.plan_id,
            plan.version,
            _json(plan),
        )

    async def issued(self, plan_id: str, version: int) -> Plan | None:
        content = await self._conn.fetchval(
            "SELECT content FROM monitoring.issued_versions WHERE plan_id = $1 AND version = $2",
            plan_id,
            version,
        )
        return None if content is None else Plan.model_validate(content)

    async def plan_ids(self) -> list[str]:
        rows = await self._conn.fetch("SELECT plan_id FROM monitoring.plans ORDER BY plan_id")
        return [r["plan_id"] for r in rows]

    async def latest_plan_of(self, municipality: str, cycle: str | None) -> str | None:
        found: str | None = await self._conn.fetchval(
            "SELECT plan_id FROM monitoring.plans WHERE municipality = $1 "
            "AND ($2::text IS NULL OR cycle = $2) ORDER BY cycle DESC LIMIT 1",
            municipality,
            cycle,
        )
        return found

    async def progress(self, plan_id: str, lock: bool = False) -> PlanProgress | None:
        """Everything known of one followed plan; `lock` serialises writers of it."""
        row = await self._conn.fetchrow(
            "SELECT * FROM monitoring.plans WHERE plan_id = $1" + (" FOR UPDATE" if lock else ""),
            plan_id,
        )
        if row is None:
            return None
        actions = await self._conn.fetch(
            "SELECT content FROM monitoring.tracked_actions WHERE plan_id = $1 ORDER BY position",
            plan_id,
        )
        reports = await self._conn.fetch(
            "SELECT report_id, kind, reporter, period, payload FROM monitoring.reports "
            "WHERE plan_id = $1 ORDER BY applied_at, report_id",
            plan_id,
        )
        measured = await self._conn.fetch(
            "SELECT content FROM monitoring.measurements WHERE plan_id = $1 ORDER BY id", plan_id
        )
        met = await self._conn.fetch(
            "SELECT payload FROM monitoring.meetings WHERE plan_id = $1 AND outcome = 'applied'",
            plan_id,
        )
        recorded, months = [], []
        for r in reports:
            report = REPORT.validate_python(r["payload"])
            recorded.append(
                RecordedReport(
                    r["report_id"], r["kind"], r["reporter"], r["period"], report.submitted_at
                )
            )
            if isinstance(report, SchoolMonthlyReport):
                months.append(
                    SchoolMonth(report.school, report.month, report.counts, report.enrolled)
                )
        return PlanProgress(
            plan_id=row["plan_id"],
            municipality=MunicipalityCode(row["municipality"]),
            cycle=row["cycle"],
            version=row["version"],
            adopted_on=row["adopted_on"],
            actions=tuple(TrackedAction.model_validate(a["content"]) for a in actions),
            schools=tuple(row["schools"]),
            reports=tuple(recorded),
            school_months=tuple(months),
            measurements=tuple(IndicatorMeasurement.model_validate(m["content"]) for m in measured),
            meetings=tuple(
                sorted(
                    (WorkingGroupMeeting.model_validate(m["payload"]) for m in met),
                    key=meeting_order,
                )
            ),
        )

    async def save(self, progress: PlanProgress) -> None:
        """The plan's header and its tracked actions (reports are added by `add_report`)."""
        await self._conn.execute(
            _UPSERT_PLAN,
            progress.plan_id,
            str(progress.municipality),
            progress.cycle,
            progress.version,
            progress.adopted_on,
            list(progress.schools),
        )
        await self._conn.executemany(
            _UPSERT_ACTION,
            [
                (progress.plan_id, a.action_id, i, a.status, _json(a))
                for i, a in enumerate(progress.actions)
            ],
        )

    async def add_report(self, report: Report, reporter: str, period: str) -> None:
        await self._conn.execute(
            "INSERT INTO monitoring.reports (report_id, plan_id, kind, reporter, period, payload) "
            "VALUES ($1, $2, $3, $4, $5, $6)",
            report.report_id,
            report.plan_id,
            report.kind,
            reporter,
            period,
            _json(report),
        )
        if isinstance(report, MedQuarterlyReport) and report.measurements:
            await self._conn.executemany(
                "INSERT INTO monitoring.measurements "
                "(plan_id, report_id, indicator_ref, period, content) VALUES ($1, $2, $3, $4, $5)",
                [
                    (report.plan_id, report.report_id, m.indicator_ref, m.period, _json(m))
                    for m in report.measurements
                ],
            )

    async def submit(
        self, report: Report, reporter: str, period: str, token_id: UUID | None
    ) -> UUID | None:
        """Keep a report accepted at the API; the id of an earlier one it repeats, else None.

        A refused report of the same id is replaced: it is the corrected report.
        """
        await self._conn.execute(
            "DELETE FROM monitoring.submissions WHERE report_id = $1 AND outcome = 'refused'",
            report.report_id,
        )
        inserted = await self._conn.fetchval(
            "INSERT INTO monitoring.submissions "
            "(report_id, plan_id, reporter, period, payload, token_id) "
            "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING report_id",
            report.report_id,
            report.plan_id,
            reporter,
            period,
            _json(report),
            token_id,
        )
        if inserted is not None:
            return None
        earlier: UUID = await self._conn.fetchval(
            "SELECT report_id FROM monitoring.submissions WHERE report_id = $1 "
            "OR (plan_id = $2 AND reporter = $3 AND period = $4 AND outcome <> 'refused') "
            "LIMIT 1",
            report.report_id,
            report.plan_id,
            reporter,
            period,
        )
        return earlier

    async def settle(
        self, report_id: UUID, outcome: OutcomeName, problems: Sequence[dict[str, str]] = ()
    ) -> None:
        """What the consumer made of a submitted report (a report sent straight to the
        topic has no submission row: nothing to settle)."""
        await self._conn.execute(
            "UPDATE monitoring.submissions SET outcome = $2, problems = $3, decided_at = now() "
            "WHERE report_id = $1",
            report_id,
            outcome,
            list(problems) or None,
        )

    async def outcome(self, report_id: UUID) -> ReportOutcome | None:
        """A submitted report's outcome, or an applied report's (sent to the topic)."""
        row = await self._conn.fetchrow(
            "SELECT report_id, plan_id, reporter, period, payload->>'kind' AS kind, outcome, "
            "problems, received_at FROM monitoring.submissions WHERE report_id = $1",
            report_id,
        )
        if row is None:
            row = await self._conn.fetchrow(
                "SELECT report_id, plan_id, reporter, period, kind, 'applied' AS outcome, "
                "NULL::jsonb AS problems, applied_at AS received_at "
                "FROM monitoring.reports WHERE report_id = $1",
                report_id,
            )
        return (
            None
            if row is None
            else ReportOutcome(**dict(row) | {"problems": row["problems"] or []})
        )

    async def alerts(self, plan_id: str) -> list[Alert]:
        rows = await self._conn.fetch(
            "SELECT content FROM monitoring.alerts WHERE plan_id = $1 ORDER BY key", plan_id
        )
        return [Alert.model_validate(r["content"]) for r in rows]

    async def replace_alerts(self, plan_id: str, alerts: Sequence[Alert], today: date) -> None:
        """The alerts in force for the plan become `alerts` (kept ones keep their date)."""
        keys = [a.key for a in alerts]
        await self._conn.execute(
            "DELETE FROM monitoring.alerts WHERE plan_id = $1 AND NOT (key = ANY($2::text[]))",
            plan_id,
            keys,
        )
        await self._conn.executemany(
            "INSERT INTO monitoring.alerts (key, plan_id, kind, content, raised_on) "
            "VALUES ($1, $2, $3, $4, $5) "
            "ON CONFLICT (key) DO UPDATE SET content = excluded.content",
            [(a.key, plan_id, a.kind, _json(a), today) for a in alerts],
        )
