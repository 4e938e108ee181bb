"""`AmendmentRecorded` v1 on `plan-amendments.v1`: a working group's change to a draft.

The engine drafts; the MED's working group authors. Each amendment is one
human decision on the *working draft* of a plan (never on an issued version,
which is frozen): correct the evidence, steer the priorities, edit, add or
remove actions, rewrite objectives or the situation narrative, answer a
reviewer's checklist item, or withdraw an earlier amendment. Planning applies
amendments in the order it receives them and re-applies all of them, in that
order, every time new evidence re-drafts the plan.
"""

from datetime import date
from typing import Annotated, Final, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.envelope import EventEnvelope
from schemas.vocabulary import IssueCategory

AMENDMENT_RECORDED_V1: Final = "org.dmap.plan.amendment-recorded.v1"

_FROZEN = ConfigDict(frozen=True, extra="forbid")

Month = Annotated[
    str,
    Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="A calendar month, YYYY-MM."),
]
Text = Annotated[str, Field(min_length=1, max_length=1000)]
ActionId = Annotated[str, Field(pattern=r"^[A-Za-z0-9-]{1,40}$", examples=["CL-1"])]


class ActionFields(BaseModel):
    """Fields of an action the working group sets; a field left out keeps its value."""

    model_config = _FROZEN

    label: Text | None = Field(None, description="What is done, in the group's own words.")
    responsible: Text | None = Field(
        None, description="Lead body: a catalogue body code (`csw`, `med`, ...) or its name."
    )
    focal_point: Text | None = Field(
        None, description="The named focal unit or person in the lead body."
    )
    partners: tuple[Text, ...] | None = Field(None, max_length=20)
    start_month: Month | None = None
    end_month: Month | None = None
    cost_eur: float | None = Field(None, ge=0, le=100_000_000, description="Cost in EUR.")
    funding_source: Text | None = Field(None, examples=["Municipal budget"])
    budget_line: Text | None = Field(None, description="Budget line or economic code.")
    indicator: Text | None = Field(None, description="Output indicator, in words.")
    baseline_value: float | None = None
    baseline_date: date | None = None
    target_value: float | None = None
    target_unit: Text | None = Field(None, examples=["%", "pupils", "visits"])
    target_date: date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "ActionFields":
        if self.start_month and self.end_month and self.end_month < self.start_month:
            raise ValueError("end_month is before start_month")
        if self.target_value is not None and not self.target_unit:
            raise ValueError("target_value needs a target_unit (%, pupils, ...)")
        return self


class ExcludeIssue(BaseModel):
    """Leave one raised issue out of the plan (the record itself is never altered)."""

    model_config = _FROZEN
    kind: Literal["exclude_issue"] = "exclude_issue"
    consultation_id: UUID
    issue_index: int = Field(ge=0, le=49, description="Position in `raised_issues`, from 0.")


class RecategoriseIssue(BaseModel):
    """Count one raised issue under another category than the classifier chose."""

    model_config = _FROZEN
    kind: Literal["recategorise_issue"] = "recategorise_issue"
    consultation_id: UUID
    issue_index: int = Field(ge=0, le=49)
    category: IssueCategory


class PinPriority(BaseModel):
    """Keep a category among the priorities whatever its score."""

    model_config = _FROZEN
    kind: Literal["pin_priority"] = "pin_priority"
    category: IssueCategory


class DropPriority(BaseModel):
    """Take a category out of the priorities (it stays among other findings)."""

    model_config = _FROZEN
    kind: Literal["drop_priority"] = "drop_priority"
    category: IssueCategory


class MovePriority(BaseModel):
    """Put a priority at a rank (1 is the most urgent); the others shift."""

    model_config = _FROZEN
    kind: Literal["move_priority"] = "move_priority"
    category: IssueCategory
    rank: int = Field(ge=1, le=20)


class EditAction(BaseModel):
    model_config = _FROZEN
    kind: Literal["edit_action"] = "edit_action"
    action_id: ActionId
    fields: ActionFields


class RemoveAction(BaseModel):
    model_config = _FROZEN
    kind: Literal["remove_action"] = "remove_action"
    action_id: ActionId


class AddAction(BaseModel):
    """An action the working group agreed that is not in the catalogue."""

    model_config = _FROZEN
    kind: Literal["add_action"] = "add_action"
    category: IssueCategory = Field(description="The priority the action serves.")
    fields: ActionFields

    @model_validator(mode="after")
    def _named(self) -> "AddAction":
        if not self.fields.label or not self.fields.responsible:
            raise ValueError("a new action needs fields.label and fields.responsible")
        return self


class EditObjective(BaseModel):
    model_config = _FROZEN
    kind: Literal["edit_objective"] = "edit_objective"
    category: IssueCategory
    text: Text


class EditNarrative(BaseModel):
    """The working group's narrative of the situation analysis."""

    model_config = _FROZEN
    kind: Literal["edit_narrative"] = "edit_narrative"
    text: Annotated[str, Field(min_length=1, max_length=4000)]


class ReplyToItem(BaseModel):
    """Answer a reviewer's checklist item without changing the plan; closes the item."""

    model_config = _FROZEN
    kind: Literal["reply"] = "reply"
    item_id: UUID
    text: Text


class Withdraw(BaseModel):
    """Take back an earlier amendment: the engine's proposal applies again."""

    model_config = _FROZEN
    kind: Literal["withdraw"] = "withdraw"
    amendment_id: UUID


Change = Annotated[
    ExcludeIssue
    | RecategoriseIssue
    | PinPriority
    | DropPriority
    | MovePriority
    | EditAction
    | RemoveAction
    | AddAction
    | EditObjective
    | EditNarrative
    | ReplyToItem
    | Withdraw,
    Field(discriminator="kind"),
]


class AmendmentRecorded(BaseModel):
    """One amendment to the working draft of a plan, by a named planner."""

    model_config = _FROZEN

    amendment_id: UUID = Field(description="Unique; a replayed amendment is applied once.")
    plan_id: str = Field(examples=["prizren:2026-2027"])
    version: int = Field(
        ge=1, description="The version the working draft will be issued as (never an issued one)."
    )
    revision: int = Field(ge=1, description="The working-draft revision the planner saw.")
    change: Change
    reason: Annotated[str, Field(min_length=1, max_length=2000)] = Field(
        description="Why: kept with the amendment and shown in the version diff."
    )
    closes: tuple[UUID, ...] = Field(
        (), max_length=20, description="Checklist items this amendment answers."
    )
    author: str = Field(min_length=1, max_length=200)
    author_token_id: UUID | None = Field(None, description="API token of who amended.")


class AmendmentRecordedEvent(EventEnvelope[AmendmentRecorded]):
    """Envelope on `plan-amendments.v1`, keyed by plan id."""

    DATA_SCHEMA = "amendment-recorded.v1"
    type: Literal["org.dmap.plan.amendment-recorded.v1"] = AMENDMENT_RECORDED_V1
