"""The working drafts planning remembers between re-plans are bounded, least recent out."""

from schemas.vocabulary import MunicipalityCode
from services.planning.domain.plan import draft_plan
from services.planning.rules import catalogue, classifier_rules
from services.planning.store.plans import Known, KnownPlans
from tests.factories import record


def test_known_plans_forget_the_least_recently_used() -> None:
    known = KnownPlans(capacity=2)
    first = draft_plan(
        MunicipalityCode("zubin-potok"), "1999-2000", [record()], classifier_rules(), catalogue()
    )
    second, third = (first.model_copy(update={"revision": n}) for n in (2, 3))
    for plan_id, plan in (("a", first), ("b", second)):
        known.put(plan_id, Known("1", plan.revision, "h", plan))
    assert known.get("a") is not None  # a is now the most recent
    known.put("c", Known("2", third.revision, "h", third))
    assert known.get("b") is None
    assert known.get("a") is not None
    assert known.get("c") is not None
    assert len(known) == 2
