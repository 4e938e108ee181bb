"""The working group's record: the amendments in force, each in one human line."""

from dataclasses import dataclass
from uuid import UUID

from schemas.amendments import (
    ActionFields,
    AddAction,
    Change,
    DropPriority,
    EditAction,
    EditObjective,
    ExcludeIssue,
    MovePriority,
    PinPriority,
    RecategoriseIssue,
    RemoveAction,
    ReplyToItem,
    Withdraw,
)
from schemas.plans import Plan
from services.reporting.i18n import N_, words
from services.reporting.i18n.content import category, text
from services.reporting.i18n.languages import Lang
from services.reporting.rendering import formats
from services.reporting.rendering.plan_parts import field_names

# One phrase per amendment kind, formatted with the change's fields.
PHRASES: dict[str, str] = {
    "exclude_issue": N_("Excluded an issue of consultation {c} (#{i}) from the evidence"),
    "recategorise_issue": N_("Counted an issue of consultation {c} (#{i}) under {cat}"),
    "pin_priority": N_("Kept {cat} among the priorities"),
    "drop_priority": N_("Took {cat} out of the priorities"),
    "move_priority": N_("Moved {cat} to rank {rank}"),
    "edit_action": N_("Edited action {a}: {fields}"),
    "remove_action": N_("Removed action {a}"),
    "add_action": N_("Added a local action under {cat}: {label}"),
    "edit_objective": N_("Rewrote the objective of {cat}"),
    "edit_narrative": N_("Wrote the situation narrative"),
    "reply": N_("Answered a reviewer's comment: {text}"),
    "withdraw": N_("Withdrew an earlier amendment ({w})"),
}


def _short(value: UUID) -> str:
    return str(value)[:8]


def _fields(fields: ActionFields) -> tuple[str, ...]:
    # A field left out (None) keeps its value: only the ones given were changed.
    return tuple(name for name, value in fields if value is not None)


def describe(change: Change, lang: Lang) -> str:
    """One line saying what an amendment did, e.g. "Edited action CL-1: cost, focal point"."""
    values: dict[str, object] = {}
    if isinstance(change, ExcludeIssue | RecategoriseIssue):
        values |= {"c": _short(change.consultation_id), "i": change.issue_index}
    if isinstance(
        change,
        RecategoriseIssue | PinPriority | DropPriority | MovePriority | AddAction | EditObjective,
    ):
        values["cat"] = category(change.category, lang)
    if isinstance(change, EditAction | RemoveAction):
        values["a"] = change.action_id
    if isinstance(change, MovePriority):
        values["rank"] = change.rank
    elif isinstance(change, EditAction):
        values["fields"] = field_names(_fields(change.fields), lang)
    elif isinstance(change, AddAction):
        values["label"] = change.fields.label or ""
    elif isinstance(change, ReplyToItem):
        values["text"] = change.text
    elif isinstance(change, Withdraw):
        values["w"] = _short(change.amendment_id)
    return words(lang)(PHRASES[change.kind], **values)


@dataclass(frozen=True)
class ChangeLine:
    who: str
    when: str
    what: str
    why: str


def changes(plan: Plan, lang: Lang) -> tuple[ChangeLine, ...]:
    """The amendments in force, in the order planning applied them."""
    return tuple(
        ChangeLine(
            who=a.author,
            when=formats.day(a.at.date(), lang),
            what=describe(a.change, lang),
            why=a.reason,
        )
        for a in plan.amendments
        if a.in_force
    )


def conflicts(plan: Plan, lang: Lang) -> tuple[str, ...]:
    """Amendments in force the evidence leaves nothing to apply to, explained."""
    return tuple(text(c.explanation, lang) for c in plan.conflicts)
