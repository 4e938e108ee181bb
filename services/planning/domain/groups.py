"""Actions for the affected groups the evidence names and no action answers yet
(`other_minority` above all, which no category's playbook conditions on), the
catalogue's actions of no category that evidence of any category may call for, and
the budget line a plan that charges municipal money needs."""

from schemas.plans import Bilingual, PlannedAction
from schemas.vocabulary import AffectedGroup, IssueCategory
from services.planning.domain.actions import Placing, action, holds, routed
from services.planning.domain.catalogue import Catalogue
from services.planning.domain.communities import group_label
from services.planning.domain.evidence import CategoryTally
from services.planning.domain.tailoring import community_list, other_communities
from services.planning.domain.wording import Wording


def group_actions(
    ranked: list[CategoryTally], catalogue: Catalogue, placing: Placing
) -> dict[int, list[PlannedAction]]:
    """Group actions by the rank index of the priority they go under: the first whose
    evidence names the group, unless the plan answers the group already."""
    categories = {t.category for t in ranked}
    out: dict[int, list[PlannedAction]] = {}
    for group, entry in catalogue.groups.items():
        if group in placing.answered or categories & set(entry.covered_by):
            continue
        if entry.template.action_id in placing.placed:
            continue
        for index, tally in enumerate(ranked):
            ids = {o.consultation_id for o in tally.observations if group in o.affected_groups}
            if not ids:
                continue
            why = _why(group, catalogue, placing)
            made = action(entry.template, catalogue, tally, ids, placing, why=why)
            out.setdefault(index, []).append(made)
            placing.placed.add(entry.template.action_id)
            placing.answered.add(group)
            break
    return out


def anywhere_actions(
    ranked: list[CategoryTally], catalogue: Catalogue, placing: Placing
) -> dict[int, list[PlannedAction]]:
    """The catalogue's `[[anywhere]]` actions, by the rank index of the first priority
    whose evidence holds their condition; one per topic (the first that holds: mediators'
    visits for RAE pupils before the school team's own)."""
    out: dict[int, list[PlannedAction]] = {}
    topics: set[str] = set()
    for template in catalogue.anywhere:
        when = template.when
        topic = when.mentions.key if when and when.mentions else template.action_id
        if topic in topics or template.action_id in placing.placed:
            continue
        for index, tally in enumerate(ranked):
            ids = {o.consultation_id for o in tally.observations if when and holds(when, o)}
            if not ids:
                continue
            made = routed(template, catalogue, tally, ids, placing)
            if not made:  # its evidence is all from schools it does not fit
                continue
            out.setdefault(index, []).extend(made)
            placing.placed.add(template.action_id)
            topics.add(topic)
            break
    return out


def budget_line_action(
    actions: list[list[PlannedAction]], catalogue: Catalogue, placing: Placing
) -> dict[int, list[PlannedAction]]:
    """The budget-line action (BC-1) for a plan whose actions charge municipal money and
    that has none yet (its category not a priority): under the priority whose actions
    charge the most of it (the higher-ranked of equals). The plan's costs call for it,
    not a consultation of that priority, so it lists none; its note says why."""
    template = catalogue.budget_line()
    if template is None or template.action_id in placing.placed:
        return {}
    money = [
        sum(a.cost_eur or 0 for a in acts if catalogue.budget.is_municipal(a.funding_source))
        for acts in actions
    ]
    if not any(money):
        return {}
    index = max(range(len(money)), key=lambda i: (money[i], -i))
    tally = CategoryTally(IssueCategory.BUDGET_CAPACITY)
    why = catalogue.budget.wording.say("line_why")
    made = action(template, catalogue, tally, set(), placing, why=why)
    placing.placed.add(template.action_id)
    return {index: [made]}


def _why(group: AffectedGroup, catalogue: Catalogue, placing: Placing) -> Bilingual:
    wording = catalogue.wording
    here = other_communities(placing.profile) if group == AffectedGroup.OTHER_MINORITY else ()

    def note(lang: str) -> str:
        label = group_label(group, lang, placing.group_labels)
        text = wording.phrase(lang, "when_group").format(group=label)
        if here:
            listed = community_list(catalogue, here, lang)
            text += "; " + wording.phrase(lang, "communities_here").format(list=listed)
        return text

    return Wording.each(note)
