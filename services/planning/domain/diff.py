"""Structured difference between two versions (or revisions) of a plan."""

from uuid import UUID

from schemas.plans import Plan, PlanDiff, RankChange


def diff_plans(old: Plan, new: Plan) -> PlanDiff:
    old_ranks = {p.category: p.rank for p in old.priorities}
    new_ranks = {p.category: p.rank for p in new.priorities}
    old_actions = {a.action_id for p in old.priorities for a in p.actions}
    new_actions = {a.action_id for p in new.priorities for a in p.actions}
    return PlanDiff(
        from_version=old.version,
        to_version=new.version,
        priorities_added=tuple(c for c in new_ranks if c not in old_ranks),
        priorities_removed=tuple(c for c in old_ranks if c not in new_ranks),
        priorities_reranked=tuple(
            RankChange(category=c, old_rank=old_ranks[c], new_rank=r)
            for c, r in new_ranks.items()
            if c in old_ranks and old_ranks[c] != r
        ),
        actions_added=tuple(sorted(new_actions - old_actions)),
        actions_removed=tuple(sorted(old_actions - new_actions)),
        consultations_added=new.consultation_count - old.consultation_count,
        from_revision=old.revision,
        to_revision=new.revision,
        amendments_added=tuple(sorted(in_force(new) - in_force(old), key=str)),
        amendments_withdrawn=tuple(sorted(in_force(old) - in_force(new), key=str)),
    )


def in_force(plan: Plan) -> set[UUID]:
    return {a.amendment_id for a in plan.amendments if a.in_force}
