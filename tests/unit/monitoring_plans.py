"""Adopted plans and reports for the monitoring tests: Ferizaj, school year 2026-2027.

Institutions and counts only, as in real reports: no child is named.
"""

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid5

from schemas.plans import (
    Adoption,
    Bilingual,
    Indicator,
    Plan,
    PlannedAction,
    Priority,
    SituationAnalysis,
)
from schemas.progress import (
    ActionStatusReport,
    Decision,
    IndicatorMeasurement,
    MedQuarterlyReport,
    PartnerQuarterlyReport,
    SchoolCounts,
    SchoolMonthlyReport,
    WorkingGroupMeeting,
)
from schemas.vocabulary import IssueCategory, MunicipalityCode, StakeholderGroup

TODAY = date(2027, 2, 10)  # the fixed clock: T2 of the school year, after January's deadline
NOW = datetime(2027, 2, 10, 8, 0, tzinfo=UTC)
PLAN_ID = "ferizaj:2026-2027"
SCHOOLS = ("SHFMU Ismail Qemali", "SHFMU Jeronim De Rada", "SHFMU Tefik Çanga")
_NS = UUID("0d7f3c52-9b1e-4c8a-8f0e-2a6b4c1d9e77")


def rid(name: str) -> UUID:
    """A stable report id per name, as a client would choose."""
    return uuid5(_NS, name)


def _b(en: str, sq: str) -> Bilingual:
    return Bilingual(en=en, sq=sq)


def _action(action_id: str, **fields: Any) -> PlannedAction:
    base: dict[str, Any] = {
        "action_id": action_id,
        "partners": (),
        "start": "Q1",
        "end": "Q4",
        "cost_band": "low",
        "funding_source": "Municipal budget",
        "consultation_ids": (rid(f"consultation-{action_id}"),),
    }
    return PlannedAction(**(base | fields))


HOME_VISITS = _action(
    "AB-1",
    label=_b(
        "Home visits within two weeks for every pupil the EWS flags",
        "Vizita në shtëpi brenda dy javëve për çdo nxënës të sinjalizuar nga SPH",
    ),
    responsible="school_team",
    responsible_label=_b("School dropout-prevention team", "Ekipi shkollor"),
    partners=("csw",),
    start="Q1",
    end="Q2",
    start_month="2026-10",
    end_month="2027-01",
    focal_point="Prevention-team coordinators of each school",
    cost_eur=1200.0,
    budget_line="Arsimi fillor 21400",
    indicator=Indicator(
        label=_b("EWS-flagged pupils visited at home", "Nxënës të sinjalizuar të vizituar"),
        baseline_source="EWS",
        target="90 % of flagged pupils visited within two weeks",
        baseline_value=40.0,
        baseline_date=date(2026, 9, 30),
        target_value=90.0,
        target_unit="%",
        target_date=date(2027, 6, 30),
    ),
)
CHILD_LABOUR = _action(
    "CL-1",
    label=_b(
        "Joint CSW and labour-inspectorate visits to markets and farms",
        "Vizita të përbashkëta të QPS dhe inspektoratit në tregje dhe ferma",
    ),
    responsible="csw",
    responsible_label=_b("Centre for Social Work", "Qendra për Punë Sociale"),
    partners=("labour_inspectorate", "school_team"),
    indicator=Indicator(
        label=_b("Working children back in school", "Fëmijë punëtorë të kthyer në shkollë"),
        baseline_source="CSW",
        target="40 children back in school",
        baseline_value=0.0,
        baseline_date=date(2026, 9, 1),
        target_value=40.0,
        target_unit="pupils",
        target_date=date(2027, 6, 30),
    ),
)
LEARNING_CENTRES = _action(
    "RAE-1",
    label=_b(
        "Learning centres and mediators for Roma, Ashkali and Egyptian pupils",
        "Qendra mësimore dhe ndërmjetës për nxënësit RAE",
    ),
    responsible="mocr",
    responsible_label=_b("Municipal Office for Communities and Returns", "ZKKK"),
    partners=("ngo", "med"),
    start="Q1",
    end="Q3",
    start_month="2026-11",
    end_month="2027-05",
    cost_band="high",
    cost_eur=25_000.0,
    funding_source="MESTI grant and NGO co-funding",
    indicator=Indicator(
        label=_b("Dropout rate of RAE pupils, grades 1–9", "Shkalla e braktisjes së nxënësve RAE"),
        baseline_source="EMIS",
        target="5 % by June 2027",
        baseline_value=8.5,
        baseline_date=date(2026, 6, 30),
        target_value=5.0,
        target_unit="%",
        target_date=date(2027, 6, 30),
    ),
)


def _priority(rank: int, category: IssueCategory, *actions: PlannedAction) -> Priority:
    return Priority(
        rank=rank,
        category=category,
        consultation_count=6,
        stakeholder_groups=(StakeholderGroup.SCHOOL_MANAGER, StakeholderGroup.TEACHER),
        affected_students=40,
        consultation_ids=tuple(sorted(c for a in actions for c in a.consultation_ids)),
        actions=actions,
    )


def adopted_plan(
    *priorities: Priority, version: int = 1, decided: date = date(2026, 10, 12), **overrides: Any
) -> Plan:
    """Ferizaj's plan for 2026-2027, adopted by the MED on `decided`."""
    priorities = priorities or (
        _priority(1, IssueCategory.ABSENTEEISM, HOME_VISITS),
        _priority(2, IssueCategory.CHILD_LABOUR, CHILD_LABOUR),
        _priority(3, IssueCategory.RAE_INCLUSION, LEARNING_CENTRES),
    )
    fields: dict[str, Any] = {
        "plan_id": PLAN_ID,
        "municipality": MunicipalityCode("ferizaj"),
        "cycle": "2026-2027",
        "version": version,
        "status": "approved",
        "consultation_count": 24,
        "stakeholder_groups_heard": (StakeholderGroup.MED, StakeholderGroup.SCHOOL_MANAGER),
        "priorities": priorities,
        "situation": SituationAnalysis(
            consultations=24,
            participants=180,
            by_stakeholder_group={},
            by_school_level={},
            by_language={"sq": 24},
            schools=SCHOOLS,
            coverage_gaps=(),
            first_consultation=date(2026, 5, 4),
            last_consultation=date(2026, 6, 19),
        ),
        "adoption": Adoption(
            decision_number=f"01-016/2026-{200 + version}",
            decision_date=decided,
            signatories=("Director of the MED Ferizaj",),
        ),
    }
    return Plan(**(fields | overrides))


def priority(rank: int, category: IssueCategory, *actions: PlannedAction) -> Priority:
    return _priority(rank, category, *actions)


def counts(**overrides: int) -> SchoolCounts:
    base = {
        "ews_flagged": 14,
        "home_visits": 9,
        "csw_referrals": 2,
        "returns_to_school": 3,
        "dropouts": 1,
        "non_enrolled_identified": 2,
    }
    return SchoolCounts(**(base | overrides))


def school_report(
    school: str = SCHOOLS[0], month: str = "2026-11", **overrides: Any
) -> SchoolMonthlyReport:
    fields: dict[str, Any] = {
        "report_id": rid(f"{school}:{month}"),
        "plan_id": PLAN_ID,
        "municipality": "ferizaj",
        "reporter": f"Prevention team, {school}",
        "submitted_at": datetime(2026, 12, 3, 14, 0, tzinfo=UTC),
        "school": school,
        "month": month,
        "counts": counts(),
        "actions": (
            ActionStatusReport(
                action_id="AB-1",
                status="on_track",
                evidence="9 of 14 flagged pupils visited within two weeks",
            ),
        ),
    }
    return SchoolMonthlyReport(**(fields | overrides))


def measurement(ref: str = "RAE-1", period: str = "2027-01", value: float = 7.9, **kw: Any) -> Any:
    fields: dict[str, Any] = {
        "indicator_ref": ref,
        "period": period,
        "value": value,
        "unit": "%",
        "entered_by": "MED focal officer for inclusion",
        "verified_by": "MED statistics officer",
        "source": "EMIS",
    }
    return IndicatorMeasurement(**(fields | kw))


def med_report(quarter: str = "Q1", **overrides: Any) -> MedQuarterlyReport:
    fields: dict[str, Any] = {
        "report_id": rid(f"med:{quarter}"),
        "plan_id": PLAN_ID,
        "municipality": "ferizaj",
        "reporter": "MED focal officer",
        "submitted_at": datetime(2026, 12, 12, 10, 0, tzinfo=UTC),
        "cycle": "2026-2027",
        "quarter": quarter,
        "actions": (
            ActionStatusReport(
                action_id="CL-1",
                status="delayed",
                evidence="Inspectorate visits start only in March; two market visits held",
            ),
            ActionStatusReport(
                action_id="RAE-1",
                status="on_track",
                evidence="Two learning centres open in Dardania and Nerodime",
                spent_eur=6250.0,
            ),
        ),
    }
    return MedQuarterlyReport(**(fields | overrides))


def partner_report(**overrides: Any) -> PartnerQuarterlyReport:
    fields: dict[str, Any] = {
        "report_id": rid("csw:Q1"),
        "plan_id": PLAN_ID,
        "municipality": "ferizaj",
        "reporter": "QPS Ferizaj",
        "submitted_at": datetime(2026, 12, 10, 9, 0, tzinfo=UTC),
        "partner": "csw",
        "cycle": "2026-2027",
        "quarter": "Q1",
        "referrals_received": 11,
        "referrals_assessed": 9,
        "referrals_closed": 4,
    }
    return PartnerQuarterlyReport(**(fields | overrides))


def meeting(**overrides: Any) -> WorkingGroupMeeting:
    """The working group's review of Q2, held in February: CL-1 cancelled, RAE-1 delayed."""
    fields: dict[str, Any] = {
        "meeting_id": rid("meeting:Q2"),
        "plan_id": PLAN_ID,
        "municipality": "ferizaj",
        "cycle": "2026-2027",
        "quarter": "Q2",
        "held_on": date(2027, 2, 8),
        "attendees": ("MED", "CSW", "MOCR", "school directors"),
        "decisions": (
            Decision(
                text="Stop the labour-inspection campaign; the CSW follows cases instead",
                action_id="CL-1",
                responsible="csw",
                sets_status="cancelled",
                reason="The labour inspectorate withdrew; no budget for a second campaign",
            ),
            Decision(
                text="Open the second learning centre in spring",
                action_id="RAE-1",
                responsible="mocr",
                due_month="2027-04",
                sets_status="delayed",
                reason="The premises are not ready",
            ),
            Decision(text="Invite the parents' councils to the next review", due_month="2027-05"),
        ),
        "minutes": "The group reviewed the overdue home visits and the two learning centres.",
        "recorded_at": datetime(2027, 2, 9, 14, 0, tzinfo=UTC),
    }
    return WorkingGroupMeeting(**(fields | overrides))
