"""The risks a plan runs, chosen by its evidence and actions, each with its mitigation."""

from collections.abc import Mapping, Sequence
from typing import Literal

from schemas.plans import Bilingual, PlannedAction, Priority, Risk
from schemas.statistics import Community
from schemas.vocabulary import (
    CATEGORY_INFO,
    AffectedGroup,
    IssueCategory,
    Severity,
)
from services.planning.domain.baselines import RAE_ORDER, fill_rae, rae_names_of, rae_values
from services.planning.domain.catalogue import Catalogue
from services.planning.domain.communities import group_label
from services.planning.domain.output_baselines import month_year
from services.planning.domain.wording import Wording

SEPTEMBER = 9


def _emis_ids(catalogue: Catalogue) -> set[str]:
    return {a.action_id for p in catalogue.playbooks.values() for a in p.actions if a.emis_route}


def _applies(
    when: dict[str, object],
    priorities: Sequence[Priority],
    actions: list[PlannedAction],
    any_outside: bool,
    catalogue: Catalogue,
    labels: Mapping[AffectedGroup, Bilingual],
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
            lambda lang: w.phrase(lang, "because_group").format(group=group_label(g, lang, labels))
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
    priorities: Sequence[Priority],
    catalogue: Catalogue,
    any_outside: bool,
    labels: Mapping[AffectedGroup, Bilingual] | None = None,
    rae: tuple[Community, ...] = RAE_ORDER,
    running_from: str | None = None,
) -> tuple[Risk, ...]:
    """The catalogue's risks that apply; `labels` name the groups as the plan does, `rae`
    the RAE communities the evidence names (a risk text's `{group}` placeholders).
    `running_from`: the first month the actions run (after the adoption window); when it
    is not September the school year is already running, and a risk's mid-year
    mitigation stands instead of one timed "before the school year starts"."""
    actions = [a for p in priorities for a in p.actions]
    names = rae_names_of(catalogue.measures.wording, rae)
    w = catalogue.measures.wording
    mid_year = running_from is not None and int(running_from[5:7]) != SEPTEMBER
    out = []
    for r in catalogue.risks:
        why = _applies(r.when, priorities, actions, any_outside, catalogue, labels or {})
        if why is False:
            continue
        owner = r.owner
        # The families of the pupils the evidence names ("Roma" where only Roma are).
        text = _named(r.text, names) if "{group" in r.text.en else r.text
        out.append(
            Risk(
                risk=text,
                mitigation=(
                    _from_month(r.mid_year, w, running_from)
                    if r.mid_year and mid_year and running_from
                    else r.mitigation
                ),
                because=why if isinstance(why, Bilingual) else None,
                owner=owner,
                owner_label=catalogue.bodies[owner],
                likelihood=likelihood(_concerned(r.when, priorities, catalogue)),
            )
        )
    return tuple(out)


def _from_month(text: Bilingual, w: Wording, month: str) -> Bilingual:
    return Wording.each(
        lambda lang: str(getattr(text, lang) or text.en).format(month=month_year(w, lang, month))
    )


def _named(text: Bilingual, names: dict[str, Bilingual]) -> Bilingual:
    return Wording.each(
        lambda lang: fill_rae(str(getattr(text, lang) or text.en), rae_values(names, lang))
    )


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
