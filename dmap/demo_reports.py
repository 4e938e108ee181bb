"""A school year of progress reports for an adopted demo plan: pure, reproducible, aggregates.

Each school's dropout-prevention team reports every month from the adoption
month to June (by the 5th of the next month); the MED reports each quarter
T1-T3 with every action's status, evidence and spending, its measured
indicator and, with T2, the first semester's EMIS values; the Centre for
Social Work reports its referrals each quarter. `story` decides which plan
keeps to its trajectory and which falls behind, and which reports come late
or never. Ids and dates are derived from the plan and the period, so a second
run sends the very same reports.
"""

import random
from dataclasses import dataclass
from typing import Any, Final, Literal
from uuid import NAMESPACE_URL, UUID, uuid5

SCHOOL_BODIES: Final = frozenset({"school_team", "school"})
QUARTERS: Final = (("Q1", "2026-12-10"), ("Q2", "2027-03-10"), ("Q3", "2027-06-10"))
# What the measured indicator reads at the end of each quarter (November, February, May).
QUARTER_END: Final = {"Q1": "2026-11", "Q2": "2027-02", "Q3": "2027-05"}
MONTHS: Final = (
    "2026-11",
    "2026-12",
    "2027-01",
    "2027-02",
    "2027-03",
    "2027-04",
    "2027-05",
    "2027-06",
)


@dataclass(frozen=True, slots=True)
class Story:
    """How one plan's year goes."""

    on_track: bool  # its measured indicator keeps to the trajectory (else falls behind)
    missing: tuple[tuple[int, str], ...] = ()  # (school index, month) never reported
    late: tuple[tuple[int, str], ...] = ()  # (school index, month) reported after the 5th
    late_quarters: tuple[str, ...] = ()  # the MED's quarters reported after the 15th


# What the working group enters for the first action's indicator (its catalogue wording
# kept): a measured baseline in September and a target for June, in percent, and a cost.
MEASURE: Final[dict[str, Any]] = {
    "baseline_value": 40.0,
    "baseline_date": "2026-09-30",
    "target_value": 90.0,
    "target_unit": "%",
    "target_date": "2027-06-30",
    "cost_eur": 4800.0,
    "budget_line": "Municipal education budget 21400",
}
_VALUES: Final = {True: (58.0, 74.0, 91.0), False: (44.0, 49.0, 53.0)}

Profile = Literal["done_early", "done", "delayed", "not_started"]


def report_id(plan_id: str, kind: str, reporter: str, period: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"dmap-demo/{plan_id}/{kind}/{reporter}/{period}")


def _next_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year + mon // 12}-{mon % 12 + 1:02d}"


def profile(index: int, action_id: str, measured: str, on_track: bool) -> Profile:
    """An action's year: the measured one is done if on track, else delayed; the others
    follow a rhythm by their position in the plan."""
    if action_id == measured:
        return "done" if on_track else "delayed"
    return ("done_early", "done", "delayed", "done", "not_started")[index % 5]


def status_in(p: Profile, quarter: str) -> str | None:
    """The status reported for a quarter (None: not reported on yet)."""
    step = {"Q1": 0, "Q2": 1, "Q3": 2}[quarter]
    return {
        "done_early": ("on_track", "done", "done"),
        "done": ("on_track", "on_track", "done"),
        "delayed": ("on_track", "delayed", "delayed"),
        "not_started": (None, None, None),
    }[p][step]


# The two demo municipalities are Albanian-speaking: reporters write in Albanian.
_EVIDENCE: Final = {
    "on_track": "Në zbatim sipas planit; procesverbalet e grupit punues ruhen në DKA.",
    "done": "U krye; listat e pjesëmarrjes dhe raporti i aktivitetit u dorëzuan në DKA.",
    "delayed": "Me vonesë: stafi i partnerit u ndërrua dhe fondet mbërritën vonë.",
}


def school_reports(
    plan_id: str,
    municipality: str,
    schools: list[str],
    actions: list[dict[str, Any]],
    story: Story,
    seed: int,
) -> list[dict[str, Any]]:
    rng = random.Random(f"{seed}/{plan_id}/schools")
    led = [a["action_id"] for a in actions if a["responsible"] in SCHOOL_BODIES][:2]
    out = []
    for s, school in enumerate(schools):  # every school the plan names reports
        size = rng.randint(4, 12)  # how many pupils the school's EWS tends to flag
        for month in MONTHS:
            if (s, month) in story.missing:
                continue
            flagged = max(0, size + rng.randint(-3, 3))
            day = "12" if (s, month) in story.late else f"0{rng.randint(1, 4)}"
            reporter = f"Dropout-prevention team, {school}"
            out.append(
                {
                    "kind": "school_monthly",
                    "report_id": str(report_id(plan_id, "school", school, month)),
                    "plan_id": plan_id,
                    "municipality": municipality,
                    "reporter": reporter[:200],
                    "submitted_at": f"{_next_month(month)}-{day}T09:00:00Z",
                    "school": school,
                    "month": month,
                    "counts": {
                        "ews_flagged": flagged,
                        "home_visits": round(flagged * rng.uniform(0.5, 0.9)),
                        "csw_referrals": rng.randint(0, 2),
                        "returns_to_school": rng.randint(0, 2),
                        "dropouts": rng.choice((0, 0, 0, 1)),
                        "non_enrolled_identified": rng.choice((0, 0, 1, 2)),
                    },
                    "actions": [
                        {
                            "action_id": a,
                            "status": "on_track",
                            "evidence": "U bënë vizitat në shtëpi.",
                        }
                        for a in led
                    ],
                }
            )
    return out


def med_reports(
    plan_id: str,
    municipality: str,
    cycle: str,
    actions: list[dict[str, Any]],
    measured: str,
    story: Story,
) -> list[dict[str, Any]]:
    out = []
    for q, (quarter, submitted) in enumerate(QUARTERS):
        statuses = []
        for i, a in enumerate(actions):
            status = status_in(profile(i, a["action_id"], measured, story.on_track), quarter)
            if status is None:
                continue
            item = {"action_id": a["action_id"], "status": status, "evidence": _EVIDENCE[status]}
            if a.get("cost_eur"):  # spending is reported on the actions the plan costed
                item["spent_eur"] = round(a["cost_eur"] * 0.3, 2)
            statuses.append(item)
        report: dict[str, Any] = {
            "kind": "med_quarterly",
            "report_id": str(report_id(plan_id, "med", "MED", quarter)),
            "plan_id": plan_id,
            "municipality": municipality,
            "reporter": "MED focal officer",
            "submitted_at": (
                f"{submitted[:8]}25T10:00:00Z"
                if quarter in story.late_quarters
                else f"{submitted}T10:00:00Z"
            ),
            "cycle": cycle,
            "quarter": quarter,
            "actions": statuses,
            "measurements": [
                {
                    "indicator_ref": measured,
                    "period": QUARTER_END[quarter],
                    "value": _VALUES[story.on_track][q],
                    "unit": "%",
                    "entered_by": "MED focal officer",
                    "verified_by": "MED director",
                    "source": "EWS",
                }
            ],
        }
        if quarter == "Q2":  # the first semester's EMIS values come with T2
            dropout = 1.9 if story.on_track else 2.6
            report["semester"] = "S1"
            report["emis"] = [
                {"indicator": "dropout_rate", "value": dropout},
                {"indicator": "dropout_rate", "gender": "girls", "value": round(dropout + 0.3, 1)},
                {"indicator": "dropout_rate", "community": "roma", "value": round(dropout * 3, 1)},
                {"indicator": "attendance_rate", "value": 93.5 if story.on_track else 90.8},
            ]
        out.append(report)
    return out


def partner_reports(plan_id: str, municipality: str, cycle: str, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(f"{seed}/{plan_id}/csw")
    return [
        {
            "kind": "partner_quarterly",
            "report_id": str(report_id(plan_id, "csw", "CSW", quarter)),
            "plan_id": plan_id,
            "municipality": municipality,
            "reporter": "Centre for Social Work",
            "submitted_at": f"{submitted}T11:00:00Z",
            "partner": "csw",
            "cycle": cycle,
            "quarter": quarter,
            "referrals_received": (received := rng.randint(6, 14)),
            "referrals_assessed": (assessed := received - rng.randint(0, 3)),
            "referrals_closed": max(0, assessed - rng.randint(0, 4)),
        }
        for quarter, submitted in QUARTERS
    ]
