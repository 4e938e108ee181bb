"""The risks a plan runs, chosen by its evidence and actions, each with its mitigation."""

from collections.abc import Sequence
from typing import Literal

from schemas.plans import Bilingual, PlannedAction, Priority, Risk
from schemas.vocabulary import (
    AFFECTED_GROUP_LABELS,
    CATEGORY_INFO,
    AffectedGroup,
    IssueCategory,
    Severity,
)
from services.planning.domain.catalogue import Catalogue


def _emis_ids(catalogue: Catalogue) -> set[str]:
    return {a.action_id for p in catalogue.playbooks.values() for a in p.actions if a.emis_route}


def _applies(
    when: dict[str, object],
    priorities: Sequence[Priority],
    actions: list[PlannedAction],
    any_outside: bool,
    catalogue: Catalogue,
) -> Bilingual | bool | None:
    """False when the risk does not apply; else why it does (None: always)."""
    w = catalogue.wording
    placed = {a.action_id for a in actions}
    if placed & set(_ids(when, "unless_actions")):
        return False  # a risk of the same kind, worded for these actions, stands instead
    if when.get("always"):
        return None
    if "actions" in when:
        named = [i for i in _ids(when, "actions") if i in placed]
        if not named:
            return False
        return w.each(
            lambda lang: w.phrase(lang, "because_action").format(action=w.join(lang, named))
        )
    if "category" in when:
        c = IssueCategory(str(when["category"]))
        if c not in {p.category for p in priorities}:
            return False
        return w.each(
            lambda lang: w.phrase(lang, "because_category").format(
                category=CATEGORY_INFO[c].label(lang)
            )
        )
    if "group" in when:
        g = AffectedGroup(str(when["group"]))
        if not any(p.evidence and g in p.evidence.affected_groups for p in priorities):
            return False
        return w.each(
            lambda lang: w.phrase(lang, "because_group").format(
                group=getattr(AFFECTED_GROUP_LABELS[g], lang)
            )
        )
    if when.get("outside_emis"):
        return w.each(lambda lang: w.phrase(lang, "because_outside")) if any_outside else False
    if when.get("emis_route"):
        if not {a.action_id for a in actions} & _emis_ids(catalogue):
            return False
        return w.each(lambda lang: w.phrase(lang, "because_emis"))
    if "responsible" in when:
        body = str(when["responsible"])
        if not any(a.responsible == body for a in actions):
            return False
        label = catalogue.bodies[body]
        return w.each(
            lambda lang: w.phrase(lang, "because_responsible").format(
                body=getattr(label, lang) or label.en
            )
        )
    if "funding" in when:
        source = str(when["funding"]).lower()
        if not any(
            source in (s.strip().lower() for s in a.funding_source.split(",")) for a in actions
        ):
            return False
        term = catalogue.terms(str(when["funding"]))
        return w.each(
            lambda lang: w.phrase(lang, "because_funding").format(
                source=getattr(term, lang) or term.en
            )
        )
    raise ValueError(f"risk condition not understood: {when}")


def _ids(when: dict[str, object], key: str) -> list[str]:
    value = when.get(key, ())
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def risks_for(
    priorities: Sequence[Priority], catalogue: Catalogue, any_outside: bool
) -> tuple[Risk, ...]:
    actions = [a for p in priorities for a in p.actions]
    out = []
    for r in catalogue.risks:
        why = _applies(r.when, priorities, actions, any_outside, catalogue)
        if why is False:
            continue
        owner = _owner(r.when, priorities, catalogue)
        out.append(
            Risk(
                risk=r.text,
                mitigation=r.mitigation,
                because=why if isinstance(why, Bilingual) else None,
                owner=owner,
                owner_label=catalogue.bodies[owner],
                likelihood=likelihood(_concerned(r.when, priorities, catalogue)),
            )
        )
    return tuple(out)


def _concerned(
    when: dict[str, object], priorities: Sequence[Priority], catalogue: Catalogue
) -> list[Priority]:
    """The priorities a risk bears on: its category's, those whose evidence names its
    group, whose actions its body leads, its funding source pays or use EMIS; a risk to
    the whole plan bears on every priority."""
    if "category" in when:
        return [p for p in priorities if p.category == IssueCategory(str(when["category"]))]
    if "group" in when:
        g = AffectedGroup(str(when["group"]))
        return [p for p in priorities if p.evidence and g in p.evidence.affected_groups]
    if "responsible" in when:
        return [
            p for p in priorities if any(a.responsible == when["responsible"] for a in p.actions)
        ]
    if "funding" in when:
        source = str(when["funding"]).lower()
        return [
            p
            for p in priorities
            if any(
                source in (s.strip().lower() for s in a.funding_source.split(","))
                for a in p.actions
            )
        ]
    if when.get("emis_route"):
        ids = _emis_ids(catalogue)
        return [p for p in priorities if any(a.action_id in ids for a in p.actions)]
    return list(priorities)


SEVERE = (Severity.HIGH, Severity.CRITICAL)


Likelihood = Literal["low", "medium", "high"]


def likelihood(concerned: Sequence[Priority]) -> Likelihood:
    """How likely a risk is, from the evidence behind the priorities it bears on: high
    when three or more consultations raised them and at least half the reports were
    rated high or critical; medium when two consultations did, or any report was
    severe; low on a single, milder report."""
    consultations = {c for p in concerned for c in p.consultation_ids}
    counts = [p.evidence.severity_counts for p in concerned if p.evidence]
    severe = sum(n for c in counts for s, n in c.items() if s in SEVERE)
    total = sum(n for c in counts for n in c.values())
    if len(consultations) >= 3 and severe * 2 >= total > 0:
        return "high"
    if len(consultations) >= 2 or severe:
        return "medium"
    return "low"


def first_lead(p: Priority | None) -> str:
    """Who answers for a priority's results: the lead of its first action, else the MED."""
    return p.actions[0].responsible if p is not None and p.actions else "med"


def _owner(when: dict[str, object], priorities: Sequence[Priority], catalogue: Catalogue) -> str:
    """The body that watches a risk: the one it names, the lead of the priority it concerns
    (its category; for a group, the priority on that group, else the first whose evidence
    names it), else the MED."""
    if "responsible" in when:
        return str(when["responsible"])
    if "actions" in when:
        ids = set(_ids(when, "actions"))
        leads = [a.responsible for p in priorities for a in p.actions if a.action_id in ids]
        return leads[0] if leads else "med"
    if "category" in when:
        c = IssueCategory(str(when["category"]))
        return first_lead(next((p for p in priorities if p.category == c), None))
    if "group" in when:
        g = AffectedGroup(str(when["group"]))
        covering = catalogue.groups[g].covered_by if g in catalogue.groups else ()
        on_it = [p for p in priorities if p.category in covering]
        named = [p for p in priorities if p.evidence and g in p.evidence.affected_groups]
        return first_lead(next(iter(on_it + named), None))
    return "med"
