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
from services.reporting.rendering import formats
from services.reporting.rendering.document import category, text
from services.reporting.rendering.formats import Lang
from services.reporting.rendering.labels import field_names

# One phrase per amendment kind: (English, Albanian), formatted with the change's fields.
PHRASES: dict[str, tuple[str, str]] = {
    "exclude_issue": (
        "Excluded an issue of consultation {c} (#{i}) from the evidence",
        "Përjashtoi nga dëshmitë një çështje të konsultimit {c} (#{i})",
    ),
    "recategorise_issue": (
        "Counted an issue of consultation {c} (#{i}) under {cat}",
        "Numëroi një çështje të konsultimit {c} (#{i}) te kategoria {cat}",
    ),
    "pin_priority": ("Kept {cat} among the priorities", "Mbajti {cat} ndër prioritetet"),
    "drop_priority": ("Took {cat} out of the priorities", "Hoqi {cat} nga prioritetet"),
    "move_priority": ("Moved {cat} to rank {rank}", "Zhvendosi {cat} në vendin {rank}"),
    "edit_action": ("Edited action {a}: {fields}", "Ndryshoi veprimin {a}: {fields}"),
    "remove_action": ("Removed action {a}", "Hoqi veprimin {a}"),
    "add_action": (
        "Added a local action under {cat}: {label}",
        "Shtoi një veprim lokal te {cat}: {label}",
    ),
    "edit_objective": ("Rewrote the objective of {cat}", "Rishkroi objektivin e {cat}"),
    "edit_narrative": (
        "Wrote the situation narrative",
        "Shkroi përshkrimin e situatës",
    ),
    "reply": (
        "Answered a reviewer's comment: {text}",
        "Iu përgjigj një komenti të shqyrtuesit: {text}",
    ),
    "withdraw": (
        "Withdrew an earlier amendment ({w})",
        "Tërhoqi një ndryshim të mëparshëm ({w})",
    ),
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
    en, sq = PHRASES[change.kind]
    return (en if lang == "en" else sq).format(**values)


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
