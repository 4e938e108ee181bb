"""Planning does not read back and parse the working draft it wrote itself, and never
takes its remembered copy for a row that another transaction wrote or that rolled back."""

import asyncpg

from dmap.stack.services import ServiceProcesses
from schemas.plans import Plan
from schemas.vocabulary import MunicipalityCode
from services.planning.domain.plan import draft_plan
from services.planning.rules import catalogue, classifier_rules
from services.planning.store.plans import KnownPlans, PostgresPlans
from services.runtime.settings import Settings
from tests.factories import record

# A school year no other test writes; the rows are deleted at the end.
M, CYCLE, DAY = "zubin-potok", "1999-2000", "1999-10-10"
PLAN_ID = f"{M}:{CYCLE}"


def _drafts() -> tuple[Plan, Plan, Plan]:
    first = draft_plan(
        MunicipalityCode(M),
        CYCLE,
        [record(municipality=M, consultation_date=DAY)],
        classifier_rules(),
        catalogue(),
    )
    # other content (another hash), as a later revision
    second = first.model_copy(update={"revision": 2, "consultation_count": 2})
    third = first.model_copy(update={"revision": 3, "consultation_count": 3})
    return first, second, third


async def test_the_draft_written_is_reused_until_another_transaction_writes_the_row(
    settings: Settings, running_services: ServiceProcesses
) -> None:
    conn = await asyncpg.connect(settings.dsn)
    mine, theirs = KnownPlans(), KnownPlans()
    here = PostgresPlans(conn, mine, KnownPlans())
    elsewhere = PostgresPlans(conn, theirs, KnownPlans())  # another instance's memory
    first, second, third = _drafts()
    try:
        async with conn.transaction():
            await here.save(first)
        async with conn.transaction():
            current = await here.current(PLAN_ID)
        assert current is not None
        assert current.plan is first
        async with conn.transaction():
            await elsewhere.save(second)
        async with conn.transaction():
            current = await here.current(PLAN_ID)
        assert current is not None
        assert current.plan == second
        assert current.plan is not second
        async with conn.transaction():  # what it read is remembered in turn
            again = await here.current(PLAN_ID)
        assert again is not None
        assert again.plan is current.plan
        try:
            async with conn.transaction():
                await here.save(third)
                inside = await here.current(PLAN_ID)  # its own write, in its transaction
                assert inside is not None
                assert inside.plan is third
                raise _RollBack
        except _RollBack:
            pass
        async with conn.transaction():
            after = await here.current(PLAN_ID)
        assert after is not None
        assert after.plan == second
        async with conn.transaction():  # a status change writes the row: read it anew
            await conn.execute(
                "UPDATE planning.plans SET status = 'in_review' WHERE plan_id = $1", PLAN_ID
            )
        async with conn.transaction():
            reviewed = await here.current(PLAN_ID)
        assert reviewed is not None
        assert reviewed.status == "in_review"
        assert reviewed.plan == second
        assert reviewed.plan is not after.plan
    finally:
        await conn.execute("DELETE FROM planning.plans WHERE plan_id = $1", PLAN_ID)
        await conn.close()


class _RollBack(Exception):
    """Undoes the write inside the transaction."""
