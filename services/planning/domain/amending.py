"""Applying the working group's amendments to the engine's proposal: pure and ordered.

Evidence corrections and priority decisions act while drafting (`steering.py`);
this module applies the rest — actions, objectives, the narrative — in the order
planning received the amendments, and lists as conflicts those whose target the
current evidence no longer has. A conflicting amendment stays in force: it
applies again as soon as its target is back (e.g. the priority is pinned).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal
from uuid import UUID

from schemas.amendments import (
    ActionFields,
    AddAction,
    DropPriority,
    EditAction,
    EditNarrative,
    EditObjective,
    ExcludeIssue,
    MovePriority,
    PinPriority,
    RecategoriseIssue,
    RemoveAction,
    Withdraw,
)
from schemas.plans import (
    AmendmentConflict,
    AppliedAmendment,
    Bilingual,
    ChecklistItem,
    Indicator,
    Plan,
    PlannedAction,
    Priority,
)
from schemas.vocabulary import CATEGORY_INFO, IssueCategory
from services.planning.domain.months import quarter_of
from services.planning.domain.wording import Wording


@dataclass(frozen=True, slots=True)
class Context:
    """What amendments are checked against besides the plan itself."""

    bodies: Mapping[str, Bilingual]
    issues: Mapping[UUID, int]  # consultation id -> number of raised issues, of this plan
    wording: Wording

    def explain(
        self, key: str, category: IssueCategory | None = None, **values: object
    ) -> Bilingual:
        """A conflict's explanation in every language (`category` named in each)."""

        def line(lang: str) -> str:
            named = {"category": CATEGORY_INFO[category].label(lang)} if category else {}
            return self.wording.phrase(lang, key).format(**values, **named)

        return self.wording.each(line)


def local_action_id(amendment_id: UUID) -> str:
    """A locally agreed action's id: stable, from the amendment that added it."""
    return f"LOC-{amendment_id.hex[:6].upper()}"


def _both(text: str) -> Bilingual:
    # The working group writes in one language; its wording is the plan's in both.
    return Bilingual(en=text, sq=text)


def _body(code_or_name: str, bodies: Mapping[str, Bilingual]) -> tuple[str, Bilingual]:
    key = code_or_name.strip()
    return (key, bodies[key]) if key in bodies else (key, _both(key))


def edited(action: PlannedAction, f: ActionFields, ctx: Context) -> PlannedAction:
    """The action with the fields the working group set; `amended` names them."""
    update: dict[str, object] = {}
    names: list[str] = []
    indicator: dict[str, object] = {}
    for name, value in f.model_dump(exclude_none=True).items():
        names.append(name)
        if name == "label":
            update["label"] = _both(value)
        elif name == "responsible":
            update["responsible"], update["responsible_label"] = _body(value, ctx.bodies)
        elif name == "partners":
            pairs = [_body(p, ctx.bodies) for p in value]
            update["partners"] = tuple(code for code, _ in pairs)
            update["partner_labels"] = tuple(label for _, label in pairs)
        elif name == "indicator":
            indicator["label"] = _both(value)
        elif name.startswith(("baseline_", "target_")):
            indicator[name] = value
        else:  # focal_point, start/end month, cost, funding source, budget line
            update[name] = value
            if name == "funding_source":
                update["funding_label"] = None  # the group's own wording, shown as written
    if "start_month" in update:
        update["start"] = quarter_of(str(update["start_month"]))
    if "end_month" in update:
        update["end"] = quarter_of(str(update["end_month"]))
    if indicator:
        update["indicator"] = action.indicator.model_copy(update=indicator)
    update["amended"] = tuple(sorted({*action.amended, *names}))
    return action.model_copy(update=update)


def dates_refusal(action: PlannedAction, f: ActionFields) -> str | None:
    """Why these fields cannot apply to this action (an end before its start), or None."""
    start = f.start_month or action.start_month
    end = f.end_month or action.end_month
    if start and end and end < start:
        return f"end month {end} is before start month {start} of action {action.action_id}"
    return None


def new_action(amendment_id: UUID, f: ActionFields, ctx: Context) -> PlannedAction:
    code, label = _body(f.responsible or "", ctx.bodies)
    blank = PlannedAction(
        action_id=local_action_id(amendment_id),
        label=_both(f.label or ""),
        responsible=code,
        responsible_label=label,
        partners=(),
        start="Q1",
        end="Q4",
        cost_band=_band(f.cost_eur),
        funding_source=f.funding_source or "",
        indicator=Indicator(
            label=_both(f.indicator or f.label or ""), baseline_source="", target=""
        ),
        consultation_ids=(),
        origin="local",
    )
    return edited(blank, f, ctx).model_copy(update={"amended": ()})


def _band(cost: float | None) -> Literal["low", "medium", "high"]:
    # The catalogue's bands, for a locally costed action: up to €5,000, €25,000, above.
    if cost is None or cost <= 5_000:
        return "low"
    return "medium" if cost <= 25_000 else "high"


def _conflict(a: AppliedAmendment, explanation: Bilingual) -> AmendmentConflict:
    return AmendmentConflict(
        amendment_id=a.amendment_id, kind=a.change.kind, explanation=explanation
    )


class _Draft:
    """The plan's priorities while amendments are applied to them, in order."""

    def __init__(self, plan: Plan, ctx: Context, dropped: frozenset[object]) -> None:
        self.plan, self.ctx, self.dropped = plan, ctx, dropped
        self.priorities = list(plan.priorities)
        self.narrative = plan.narrative
        self.conflicts: list[AmendmentConflict] = []

    def where(self, action_id: str) -> tuple[int, int] | None:
        for i, p in enumerate(self.priorities):
            for j, a in enumerate(p.actions):
                if a.action_id == action_id:
                    return i, j
        return None

    def priority(self, category: object) -> int | None:
        return next((i for i, p in enumerate(self.priorities) if p.category == category), None)

    def set_actions(self, i: int, actions: list[PlannedAction]) -> None:
        self.priorities[i] = self.priorities[i].model_copy(update={"actions": tuple(actions)})

    def apply(self, a: AppliedAmendment) -> None:
        c = a.change
        if isinstance(c, EditAction | RemoveAction):
            at = self.where(c.action_id)
            if at is None:
                self.conflicts.append(
                    _conflict(a, self.ctx.explain("conflict_action", action=c.action_id))
                )
                return
            at_i, j = at
            actions = list(self.priorities[at_i].actions)
            if isinstance(c, RemoveAction):
                del actions[j]
            else:
                if dates_refusal(actions[j], c.fields):
                    start = c.fields.start_month or actions[j].start_month
                    end = c.fields.end_month or actions[j].end_month
                    self.conflicts.append(
                        _conflict(
                            a,
                            self.ctx.explain(
                                "conflict_dates", start=start, end=end, action=c.action_id
                            ),
                        )
                    )
                    return
                actions[j] = edited(actions[j], c.fields, self.ctx)
            self.set_actions(at_i, actions)
        elif isinstance(c, AddAction | EditObjective):
            i = self.priority(c.category)
            if i is None:
                self.conflicts.append(
                    _conflict(a, self.ctx.explain("conflict_category", category=c.category))
                )
                return
            p = self.priorities[i]
            if isinstance(c, AddAction):
                self.set_actions(i, [*p.actions, new_action(a.amendment_id, c.fields, self.ctx)])
            else:
                self.priorities[i] = p.model_copy(
                    update={
                        "objective": _both(c.text),
                        "amended": tuple(sorted({*p.amended, "objective"})),
                    }
                )
        elif isinstance(c, EditNarrative):
            self.narrative = c.text
        elif isinstance(c, PinPriority | DropPriority | MovePriority):
            self._check_priority(a, c)
        elif isinstance(c, ExcludeIssue | RecategoriseIssue):
            count = self.ctx.issues.get(c.consultation_id)
            if count is None or c.issue_index >= count:
                self.conflicts.append(
                    _conflict(
                        a,
                        self.ctx.explain(
                            "conflict_issue", consultation=c.consultation_id, index=c.issue_index
                        ),
                    )
                )

    def _check_priority(
        self, a: AppliedAmendment, c: PinPriority | DropPriority | MovePriority
    ) -> None:
        listed = self.priority(c.category) is not None
        if isinstance(c, DropPriority) or listed:
            return  # a dropped category is simply absent; a pinned or moved one is here
        if c.category in self.dropped:
            return  # a later drop overrules this pin or move: nothing to say
        self.conflicts.append(
            _conflict(a, self.ctx.explain("conflict_support", category=c.category))
        )

    def priorities_in_order(self) -> tuple[Priority, ...]:
        return tuple(
            p.model_copy(update={"rank": rank}) for rank, p in enumerate(self.priorities, start=1)
        )


def amend(
    plan: Plan,
    amendments: Sequence[AppliedAmendment],
    checklist: Sequence[ChecklistItem],
    ctx: Context,
) -> Plan:
    """The engine's (already steered) proposal with the amendments in force applied."""
    draft = _Draft(plan, ctx, frozenset(_dropped(amendments)))
    for a in amendments:
        if a.in_force:
            draft.apply(a)
    steered = _steering_marks(amendments)
    priorities = tuple(
        p.model_copy(update={"amended": tuple(sorted({*p.amended, *steered.get(p.category, ())}))})
        for p in draft.priorities_in_order()
    )
    return plan.model_copy(
        update={
            "priorities": priorities,
            "narrative": draft.narrative,
            "amendments": tuple(amendments),
            "conflicts": tuple(draft.conflicts),
            "checklist": tuple(checklist),
        }
    )


def _steering_marks(amendments: Sequence[AppliedAmendment]) -> dict[object, set[str]]:
    marks: dict[object, set[str]] = {}
    for a in amendments:
        c = a.change
        if a.in_force and isinstance(c, PinPriority):
            marks.setdefault(c.category, set()).add("pinned")
        elif a.in_force and isinstance(c, MovePriority):
            marks.setdefault(c.category, set()).add("rank")
    return marks


def _dropped(amendments: Sequence[AppliedAmendment]) -> set[object]:
    """Categories the last pin-or-drop in force drops."""
    last: dict[object, bool] = {}
    for a in amendments:
        if a.in_force and isinstance(a.change, PinPriority | DropPriority):
            last[a.change.category] = isinstance(a.change, DropPriority)
    return {c for c, dropped in last.items() if dropped}


def in_force(amendments: Sequence[AppliedAmendment]) -> list[AppliedAmendment]:
    """Each amendment with `in_force` false once a withdrawal in force withdrew it.

    Latest first: a withdrawal that was itself withdrawn withdraws nothing.
    """
    withdrawn: set[UUID] = set()
    for a in reversed(amendments):
        if a.amendment_id not in withdrawn and isinstance(a.change, Withdraw):
            withdrawn.add(a.change.amendment_id)
    return [a.model_copy(update={"in_force": a.amendment_id not in withdrawn}) for a in amendments]
