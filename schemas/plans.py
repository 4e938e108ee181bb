"""Plan events on `plans.v1` and snapshots on `plan-snapshots.v1`.

`PlanDrafted` is the first version of a plan, `PlanRevised` every later one
(with a structured diff); both carry the whole plan so integrators never have
to rebuild it. `PlanStatusChanged` records a review decision applied to a
version.
"""

from datetime import date, datetime
from typing import Annotated, Final, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from schemas.amendments import Change, Month
from schemas.envelope import EventEnvelope
from schemas.vocabulary import (
    AffectedGroup,
    IssueCategory,
    MunicipalityCode,
    SchoolLevel,
    Severity,
    StakeholderGroup,
)

PLAN_DRAFTED_V1: Final = "org.dmap.plan.drafted.v1"
PLAN_REVISED_V1: Final = "org.dmap.plan.revised.v1"
PLAN_STATUS_CHANGED_V1: Final = "org.dmap.plan.status-changed.v1"
PLAN_VERSION_ISSUED_V1: Final = "org.dmap.plan.version-issued.v1"
PLAN_REQUEST_REFUSED_V1: Final = "org.dmap.plan.request-refused.v1"

PlanStatus = Literal["draft", "in_review", "approved", "changes_requested"]
Quarter = Literal["Q1", "Q2", "Q3", "Q4"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Bilingual(BaseModel):
    """A text of the plan in English and Albanian, and in Serbian (Latin script; Cyrillic
    is transliterated from it), Turkish and Bosnian where the catalogue has them. A text
    the working group wrote is kept as written, in `en` and `sq` alike."""

    model_config = _FROZEN

    en: str
    sq: str
    sr: str | None = None
    tr: str | None = None
    bs: str | None = None


class CategoryEvidence(BaseModel):
    """What the consultations say about one category in one municipality and year."""

    model_config = _FROZEN

    consultation_count: int = Field(ge=0)
    stakeholder_groups: tuple[StakeholderGroup, ...]
    schools: tuple[str, ...] = Field(description="School names, sorted.")
    school_levels: tuple[SchoolLevel, ...]
    affected_students: int = Field(ge=0, description="Sum of reported affected students.")
    severity_counts: dict[Severity, int] = Field(description="Raised issues per severity.")
    affected_groups: tuple[AffectedGroup, ...]
    first_seen: date
    last_seen: date
    matched_terms: tuple[str, ...] = Field(
        (),
        description="Classifier terms that placed free text in this category.",
    )
    matched_words: tuple[str, ...] = Field(
        (),
        description="The words of the consultation texts those terms matched, as written.",
    )
    explicit_count: int = Field(0, ge=0, description="Issues the consultant categorised.")
    model_count: int = Field(0, ge=0, description="Issues only the learned model placed here.")


class Indicator(BaseModel):
    model_config = _FROZEN

    label: Bilingual
    baseline_source: str
    target: str
    baseline_value: float | None = Field(None, description="Measured baseline, once entered.")
    baseline_date: date | None = None
    target_value: float | None = None
    target_unit: str | None = Field(None, examples=["%", "pupils"])
    target_date: date | None = None
    baseline_label: Bilingual | None = Field(
        None, description="`baseline_source` in each language (catalogue actions)."
    )
    target_label: Bilingual | None = Field(
        None, description="`target` in each language (catalogue actions)."
    )
    baseline_period: str | None = Field(
        None, description="School year the baseline value counts.", examples=["2025-2026"]
    )
    breakdown: Bilingual | None = Field(
        None,
        description="How the target is reported: by gender and by community, where the "
        "evidence behind the action names girls or a community.",
    )
    owner: str | None = Field(
        None,
        description="Body code answerable for a result indicator: the MED (`med`), "
        "which holds the municipal figures.",
    )
    owner_label: Bilingual | None = None
    owner_note: Bilingual | None = Field(
        None,
        description="Where the owner gets part of the figures: in a municipality with "
        "schools under the Serbian curriculum, through the MOCR.",
    )


class PlannedAction(BaseModel):
    model_config = _FROZEN

    action_id: str = Field(examples=["CL-1"])
    label: Bilingual
    responsible: str = Field(description="Body code from the catalogue (e.g. `csw`).")
    responsible_label: Bilingual
    partners: tuple[str, ...]
    partner_labels: tuple[Bilingual, ...] = ()
    start: Quarter
    end: Quarter
    cost_band: Literal["low", "medium", "high"]
    funding_source: str
    indicator: Indicator
    tailored_because: str | None = Field(
        None,
        description="Why a conditional action was included.",
    )
    funding_label: Bilingual | None = Field(
        None, description="`funding_source` in each language (catalogue funding sources)."
    )
    tailored_label: Bilingual | None = Field(
        None, description="`tailored_because` in each language."
    )
    consultation_ids: tuple[UUID, ...] = Field(description="Consultations behind it, sorted.")
    origin: Literal["catalogue", "local"] = Field(
        "catalogue", description="`local`: agreed by the working group, not in the catalogue."
    )
    focal_point: str | None = Field(None, description="Named focal unit or person.")
    start_month: Month | None = None
    end_month: Month | None = None
    cost_eur: float | None = Field(None, ge=0, description="Cost in EUR, once entered.")
    budget_line: str | None = None
    amended: tuple[str, ...] = Field((), description="Fields the working group changed.")
    cost_basis: Bilingual | None = Field(
        None,
        description="How planning estimated `cost_eur` from the catalogue's unit costs and "
        "the evidence (quantity × unit cost, and whose figure the unit cost is).",
    )
    charged_from: Month | None = Field(
        None,
        description="The first month its cost is charged, when later than its start: the "
        "months before are the adoption window, the working group amending the draft and "
        "the Municipal Assembly adopting it (the action "
        "prepares without cost). None: charged from its start month.",
    )


class Priority(BaseModel):
    """One issue category in the plan, ranked by the evidence behind it."""

    model_config = _FROZEN

    rank: int = Field(ge=1, description="1 is the most urgent.")
    category: IssueCategory
    consultation_count: int = Field(ge=0, description="Distinct consultations raising it.")
    stakeholder_groups: tuple[StakeholderGroup, ...] = Field(
        description="Groups that raised it, sorted.",
    )
    affected_students: int = Field(ge=0, description="Sum of reported affected students.")
    consultation_ids: tuple[UUID, ...] = Field(description="Evidence, sorted.")
    score: float = Field(0.0, ge=0, le=100, description="Priority score (docs/planning.md).")
    rationale: Bilingual | None = None
    objective: Bilingual | None = None
    evidence: CategoryEvidence | None = None
    actions: tuple[PlannedAction, ...] = ()
    amended: tuple[str, ...] = Field(
        (), description="What the working group decided here: `pinned`, `rank`, `objective`."
    )
    outcome: Indicator | None = Field(
        None,
        description="The result indicator of the objective (a dropout or non-enrolment rate), "
        "with baseline and target values once municipal statistics are recorded.",
    )


class Finding(BaseModel):
    """A category with evidence that did not make the priority list."""

    model_config = _FROZEN

    category: IssueCategory
    score: float
    consultation_count: int
    consultation_ids: tuple[UUID, ...]


class IssueRef(BaseModel):
    """One raised issue: the consultation and the issue's position in it."""

    model_config = _FROZEN

    consultation_id: UUID
    issue_index: int = Field(ge=0)
    text: str | None = Field(
        None, description="The issue as the consultation recorded it (quoted to the MWG)."
    )
    language: str | None = Field(
        None,
        description="The language the consultation was held in: a quote in another "
        "language than the plan's is labelled with it.",
        examples=["en"],
    )


class Unclassified(BaseModel):
    """Raised issues the classifier could not place (or doubts): shown to planners, never
    dropped, and never counted in a category until a planner categorises them."""

    model_config = _FROZEN

    issue_count: int = Field(ge=0)
    consultation_ids: tuple[UUID, ...]
    issues: tuple[IssueRef, ...] = ()


class AssignedCategory(BaseModel):
    """A category the classifier gave an issue, who gave it, why and how sure."""

    model_config = _FROZEN

    category: IssueCategory
    by: Literal["rules", "model", "both"]
    confidence: float = Field(ge=0, le=1)
    terms: tuple[str, ...] = Field((), description="The rules' matched terms.")
    words: tuple[str, ...] = Field(
        (), description="The words of the issue's text the rules matched, as written."
    )
    features: tuple[str, ...] = Field((), description="The model's strongest words or n-grams.")


class IssueClassification(BaseModel):
    """How one free-text issue was classified (consultants' own categories are not listed)."""

    model_config = _FROZEN

    consultation_id: UUID
    issue_index: int = Field(ge=0)
    state: Literal["classified", "needs_human", "unclassified"]
    categories: tuple[AssignedCategory, ...] = Field(
        (), description="Assigned; for an issue that needs a human, the candidates."
    )


class ParticipantRecommendation(BaseModel):
    """A recommendation participants made, as written (redacted at intake)."""

    model_config = _FROZEN

    text: str
    consultation_id: UUID
    stakeholder_group: StakeholderGroup
    language: str = Field(examples=["sq"])
    categories: tuple[IssueCategory, ...] = Field(
        (), description="Categories the classifier reads in it (to place it by a priority)."
    )


class MainFinding(BaseModel):
    """The evidence behind one priority told in a few sentences, for the situation
    analysis. `raised` has no closing full stop: a rendering adds the school names,
    as written, after it."""

    model_config = _FROZEN

    category: IssueCategory
    raised: Bilingual = Field(description="Who raised it, in how many consultations, where.")
    sentences: tuple[Bilingual, ...] = Field(
        (), description="How severe, how many pupils affected, which groups."
    )
    schools: tuple[str, ...] = Field((), description="School names, as written.")
    recommended: Bilingual | None = Field(
        None, description="The words introducing `recommendations`."
    )
    recommendations: tuple[str, ...] = Field(
        (), description="What participants recommended about it, as written."
    )


class SituationAnalysis(BaseModel):
    model_config = _FROZEN

    consultations: int
    participants: int
    by_stakeholder_group: dict[StakeholderGroup, int]
    by_school_level: dict[SchoolLevel, int]
    by_language: dict[str, int]
    schools: tuple[str, ...]
    coverage_gaps: tuple[Bilingual, ...]
    first_consultation: date | None
    last_consultation: date | None
    context: tuple[Bilingual, ...] = Field(
        (),
        description="What the catalogue knows of the municipality: its communities, and "
        "which schools follow the Serbian curriculum (outside EMIS).",
    )
    outside_emis_schools: tuple[str, ...] = Field(
        (), description="Schools in the evidence under the Serbian curriculum, as written."
    )
    by_school_level_outside_emis: dict[SchoolLevel, int] = Field(
        default_factory=dict,
        description="Of `by_school_level`, the consultations at schools under the Serbian "
        "curriculum: a document names them in that system's grade bands.",
    )
    statistics: tuple[Bilingual, ...] = Field(
        (),
        description="The municipal statistics the baselines come from, told as text: "
        "dropout by community and gender, non-enrolment by community, a large gap.",
    )
    main_findings: tuple[MainFinding, ...] = Field(
        (), description="One short account per priority, in rank order."
    )
    recommendations: tuple[ParticipantRecommendation, ...] = Field(
        (), description="Participants' recommendations, oldest consultation first."
    )
    recommendations_omitted: int = Field(
        0, ge=0, description="Recommendations left out of `recommendations` (bounded)."
    )


class Risk(BaseModel):
    """A risk to the plan, chosen by the evidence, with what mitigates it."""

    model_config = _FROZEN

    risk: Bilingual
    mitigation: Bilingual
    because: Bilingual | None = Field(None, description="What in the evidence raised it.")
    owner: str | None = Field(
        None,
        description="Body code that watches the risk and mitigates it: the lead of the first "
        "action of the priority it concerns, the body it names, else the MED (`med`).",
    )
    owner_label: Bilingual | None = None
    likelihood: Literal["low", "medium", "high"] | None = Field(
        None,
        description="How likely the risk is, from the evidence behind it: the consultations "
        "that raised the priorities it concerns and how severe they rated them.",
    )


class MonitoringArrangement(BaseModel):
    model_config = _FROZEN

    arrangement: Bilingual
    owner: str
    owner_label: Bilingual | None = None
    frequency: str
    data_source: str
    frequency_label: Bilingual | None = None
    data_source_label: Bilingual | None = None


class UnitCost(BaseModel):
    """A unit cost of the catalogue that a plan's estimates used, with its source."""

    model_config = _FROZEN

    code: str = Field(examples=["learning_centre_pupil"])
    label: Bilingual
    eur: float = Field(ge=0, description="EUR per unit.")
    per: Bilingual = Field(description="The unit, e.g. per pupil a school year.")
    source: Bilingual = Field(description="Where the figure comes from, and its year.")
    assumption: bool = Field(description="True: the team's assumption, not an official figure.")


class StatisticsUsed(BaseModel):
    """The municipal statistics the plan's baselines come from."""

    model_config = _FROZEN

    statistics_id: UUID
    school_year: str
    source: str = Field(examples=["EMIS"])
    recorded_on: date


class AppliedAmendment(BaseModel):
    """An amendment in the plan's record: who changed what, when and why."""

    model_config = _FROZEN

    amendment_id: UUID
    change: Change
    reason: str
    author: str
    author_token_id: UUID | None = None
    at: datetime = Field(description="When the planner made it.")
    closes: tuple[UUID, ...] = ()
    in_force: bool = Field(True, description="False once withdrawn.")


class AmendmentConflict(BaseModel):
    """An amendment the current evidence leaves nothing to apply to: shown, never dropped."""

    model_config = _FROZEN

    amendment_id: UUID
    kind: str
    explanation: Bilingual


class ChecklistItem(BaseModel):
    """A reviewer's comment on one item, to be answered by an amendment or a reply."""

    model_config = _FROZEN

    item_id: UUID
    version: int = Field(ge=1, description="The issued version it was asked on.")
    target: str = Field(examples=["plan", "priority:child_labour", "action:CL-1"])
    text: str
    author: str
    state: Literal["open", "closed"] = "open"
    closed_by: UUID | None = Field(None, description="The amendment or reply that closed it.")
    reply: str | None = None


class Issued(BaseModel):
    """How a version was issued: from which working-draft revision, by whom."""

    model_config = _FROZEN

    issued_at: datetime
    from_revision: int = Field(ge=1)
    submitted_by: str
    submitted_by_token_id: UUID | None = None
    review_id: UUID


class Adoption(BaseModel):
    """The record of adoption printed on an adopted plan."""

    model_config = _FROZEN

    decision_number: str = Field(min_length=1, max_length=100, examples=["01-016/2026-123"])
    decision_date: date
    signatories: tuple[Annotated[str, Field(min_length=1, max_length=200)], ...] = Field(
        min_length=1, max_length=10
    )
    adopted_by: str = Field(
        "Municipal Education Directorate",
        max_length=200,
        description="The body that adopted it (MED, Municipal Assembly).",
    )


class CarriedAction(BaseModel):
    """An action of the previous school year's adopted plan left unfinished, carried over."""

    model_config = _FROZEN

    action_id: str = Field(examples=["CL-1"])
    category: IssueCategory
    label: Bilingual
    responsible: str = Field(description="Lead body code.")
    responsible_label: Bilingual | None = None
    status: Literal["not_started", "on_track", "delayed"] = Field(
        description="Its status when the previous plan was last followed."
    )
    planned_end: Month = Field(description="The month it was planned to end.")
    period: str = Field("", description="The period of its last report, if any.")
    evidence: str = Field("", description="Its last report's evidence, in the reporter's words.")
    placed: bool = Field(
        description="True when it is an action of this plan (its category is a priority)."
    )


class RaisedCategory(BaseModel):
    """A category whose indicator was off track last year: its priority score is raised."""

    model_config = _FROZEN

    category: IssueCategory
    action_id: str = Field(description="The previous plan's action whose indicator was off track.")
    indicator: Bilingual | None = None
    period: str = Field("", description="Period of the last measurement.", examples=["2026-05"])
    value: float | None = Field(None, description="The last value measured.")
    expected: float | None = Field(None, description="The trajectory's value for that period.")
    unit: str = ""
    reason: str = Field(description="Monitoring's reason, in English.")
    points: float = Field(ge=0, description="Added to the category's priority score.")


class CycleResult(BaseModel):
    """A finished action of the previous plan whose indicator met its target."""

    model_config = _FROZEN

    action_id: str
    category: IssueCategory
    label: Bilingual
    target_value: float
    achieved_value: float
    unit: str


class PreviousCycle(BaseModel):
    """What this draft learned from the previous school year's adopted plan, as followed."""

    model_config = _FROZEN

    plan_id: str = Field(examples=["prizren:2025-2026"])
    cycle: str = Field(pattern=r"^\d{4}-\d{4}$")
    version: int = Field(ge=1, description="The adopted version followed.")
    carried_over: tuple[CarriedAction, ...] = ()
    raised: tuple[RaisedCategory, ...] = ()
    results: tuple[CycleResult, ...] = ()


class Plan(BaseModel):
    """A municipal action plan for one school year: a working draft or an issued version."""

    model_config = _FROZEN

    plan_id: str = Field(description="`<municipality>:<cycle>`.", examples=["prizren:2026-2027"])
    municipality: MunicipalityCode
    cycle: str = Field(pattern=r"^\d{4}-\d{4}$", description="School year, e.g. 2026-2027.")
    version: int = Field(
        ge=1,
        description="The issued version; on a working draft, the version it will be issued as.",
    )
    status: PlanStatus = "draft"
    consultation_count: int = Field(ge=0, description="Consultations the plan is built from.")
    stakeholder_groups_heard: tuple[StakeholderGroup, ...]
    priorities: tuple[Priority, ...]
    engine_version: str = Field("", description="Version of the drafting code.")
    catalogue_version: str = ""
    rules_version: str = ""
    last_approved_version: int | None = Field(
        None,
        description="The adopted version in force while this draft is prepared beside it.",
    )
    goals: tuple[Bilingual, ...] = ()
    situation: SituationAnalysis | None = None
    other_findings: tuple[Finding, ...] = ()
    unclassified: Unclassified | None = None
    needs_human: Unclassified | None = Field(
        None, description="Issues whose classification is doubtful: a planner decides."
    )
    model_version: str = Field("", description="Version of the learned classifier, if any.")
    classification: tuple[IssueClassification, ...] = Field(
        (),
        description="Free-text issues' classification in consultation order: every issue "
        "that needs a human or is unclassified and every call the model took part in, "
        "then rules-only ones, at most 300.",
    )
    classification_omitted: int = Field(
        0, ge=0, description="Classified issues left out of `classification` (rules only)."
    )
    monitoring: tuple[MonitoringArrangement, ...] = ()
    risks: tuple[Bilingual, ...] = ()
    risk_register: tuple[Risk, ...] = Field(
        (), description="`risks` with their mitigations and why each applies."
    )
    revision: int = Field(
        1, ge=1, description="Working-draft revision: one per change of the draft's content."
    )
    narrative: str | None = Field(None, description="The working group's situation narrative.")
    amendments: tuple[AppliedAmendment, ...] = ()
    conflicts: tuple[AmendmentConflict, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    issued: Issued | None = Field(None, description="Set on an issued version.")
    adoption: Adoption | None = Field(None, description="Set on an adopted version.")
    drafted_as_of: date | None = Field(
        None,
        description="The latest evidence date (consultations, statistics): no drafted action "
        "starts before the month after it.",
    )
    statistics: StatisticsUsed | None = Field(
        None, description="The municipal statistics behind the baselines, if any."
    )
    unit_costs: tuple[UnitCost, ...] = Field(
        (), description="The catalogue's unit costs behind the actions' estimates."
    )
    previous_cycle: PreviousCycle | None = Field(
        None, description="What the previous school year's followed plan carries into this one."
    )
    category_labels: dict[IssueCategory, Bilingual] = Field(
        default_factory=dict,
        description="The plan's own names of categories where the evidence calls for them: "
        "'Roma inclusion' where only Roma are named. A category not here keeps the "
        "vocabulary's label.",
    )
    group_labels: dict[AffectedGroup, Bilingual] = Field(
        default_factory=dict,
        description="The plan's own names of affected groups ('Roma pupils'), as "
        "`category_labels`.",
    )
    budget_notes: tuple[Bilingual, ...] = Field(
        (),
        description="What the budget section says of how the plan's costs meet the "
        "municipal budget cycle: from which month they are charged, and how each fiscal "
        "year's share is to be met.",
    )


class RankChange(BaseModel):
    model_config = _FROZEN

    category: IssueCategory
    old_rank: int
    new_rank: int


class PlanDiff(BaseModel):
    """What changed between two versions, for planners and integrators."""

    model_config = _FROZEN

    from_version: int
    to_version: int
    priorities_added: tuple[IssueCategory, ...] = ()
    priorities_removed: tuple[IssueCategory, ...] = ()
    priorities_reranked: tuple[RankChange, ...] = ()
    actions_added: tuple[str, ...] = ()
    actions_removed: tuple[str, ...] = ()
    consultations_added: int = 0
    from_revision: int | None = None
    to_revision: int | None = None
    amendments_added: tuple[UUID, ...] = Field(
        (), description="Amendments in force in the new one and not in the old one."
    )
    amendments_withdrawn: tuple[UUID, ...] = ()


class PlanDrafted(BaseModel):
    model_config = _FROZEN

    plan: Plan


class PlanRevised(BaseModel):
    model_config = _FROZEN

    plan: Plan
    previous_version: int = Field(ge=1)
    diff: PlanDiff | None = None


class PlanStatusChanged(BaseModel):
    model_config = _FROZEN

    plan_id: str
    version: int = Field(ge=1)
    previous_status: PlanStatus
    status: PlanStatus
    review_id: UUID
    reviewer: str
    comment: str = ""
    reviewer_token_id: UUID | None = Field(None, description="API token of who decided.")
    adoption: Adoption | None = Field(None, description="On approval: the adoption record.")
    items_opened: tuple[ChecklistItem, ...] = Field(
        (), description="On a request for changes: the checklist it opens."
    )


class PlanVersionIssued(BaseModel):
    """A working draft submitted for review becomes version N, frozen from here on."""

    model_config = _FROZEN

    plan: Plan
    previous_version: int | None = Field(None, description="The version issued before it.")
    diff: PlanDiff | None = Field(None, description="Against the previous issued version.")


class PlanRequestRefused(BaseModel):
    """A review decision or an amendment planning could not apply, and why."""

    model_config = _FROZEN

    request_id: UUID = Field(description="The review_id or amendment_id refused.")
    request_type: Literal["review", "amendment"]
    plan_id: str
    action: str = Field(description="The decision or the amendment's kind.", examples=["approve"])
    reason: str
    requested_by: str


class PlanDraftedEvent(EventEnvelope[PlanDrafted]):
    DATA_SCHEMA = "plan-drafted.v1"
    type: Literal["org.dmap.plan.drafted.v1"] = PLAN_DRAFTED_V1


class PlanRevisedEvent(EventEnvelope[PlanRevised]):
    DATA_SCHEMA = "plan-revised.v1"
    type: Literal["org.dmap.plan.revised.v1"] = PLAN_REVISED_V1


class PlanStatusChangedEvent(EventEnvelope[PlanStatusChanged]):
    DATA_SCHEMA = "plan-status-changed.v1"
    type: Literal["org.dmap.plan.status-changed.v1"] = PLAN_STATUS_CHANGED_V1


class PlanVersionIssuedEvent(EventEnvelope[PlanVersionIssued]):
    DATA_SCHEMA = "plan-version-issued.v1"
    type: Literal["org.dmap.plan.version-issued.v1"] = PLAN_VERSION_ISSUED_V1


class PlanRequestRefusedEvent(EventEnvelope[PlanRequestRefused]):
    DATA_SCHEMA = "plan-request-refused.v1"
    type: Literal["org.dmap.plan.request-refused.v1"] = PLAN_REQUEST_REFUSED_V1


PlanEvent = Annotated[
    PlanDraftedEvent
    | PlanRevisedEvent
    | PlanStatusChangedEvent
    | PlanVersionIssuedEvent
    | PlanRequestRefusedEvent,
    Field(discriminator="type"),
]
