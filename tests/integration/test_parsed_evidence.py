"""Planning's evidence store parses each stored consultation once, and a correction's row
(another event id) is read as corrected, never from the parsed copy of the original."""

from datetime import UTC, datetime

import asyncpg

from dmap.stack.services import ServiceProcesses
from schemas.consultations import Superseded
from services.consultations.domain.intake import corrected_event, recorded_event
from services.planning.store.evidence import ParsedRecords, PostgresEvidence
from services.runtime.settings import Settings
from tests.factories import record

NOW = datetime(2026, 11, 20, tzinfo=UTC)
# A school year no other test writes: the transaction is rolled back, but `of` also
# reads what other sessions committed for the municipality and year.
DAY, CYCLE = "2003-10-10", "2003-2004"


async def test_stored_consultations_are_parsed_once_and_corrections_read_anew(
    settings: Settings, running_services: ServiceProcesses
) -> None:
    conn = await asyncpg.connect(settings.dsn)
    try:
        async with conn.transaction():
            parsed = ParsedRecords()
            evidence = PostgresEvidence(conn, parsed)
            first, second = (
                record(municipality="shtime", consultation_date=DAY),
                record(municipality="shtime", consultation_date=DAY, stakeholder_group="parent"),
            )
            events = [recorded_event(first, NOW), recorded_event(second, NOW)]
            assert await evidence.add_new(events) == {first.consultation_id, second.consultation_id}
            read = {r.consultation_id: r for r in await evidence.of("shtime", CYCLE)}
            assert read == {first.consultation_id: first, second.consultation_id: second}
            assert len(parsed) == 2
            again = {r.consultation_id: r for r in await evidence.of("shtime", CYCLE)}
            assert all(again[k] is read[k] for k in read)  # not parsed a second time
            issue = first.raised_issues[0].model_copy(update={"description": "Punojnë në arë."})
            fixed = first.model_copy(update={"raised_issues": (issue,)})
            correction = corrected_event(fixed, 2, Superseded(revision=1), NOW)
            assert (await evidence.replace(correction))[0]
            after = {r.consultation_id: r for r in await evidence.of("shtime", CYCLE)}
            assert after[first.consultation_id] == fixed
            assert after[second.consultation_id] is read[second.consultation_id]
            assert await evidence.stored([first.consultation_id]) == {first.consultation_id}
            raise _RollBack
    except _RollBack:
        pass
    finally:
        await conn.close()


class _RollBack(Exception):
    """Leaves nothing behind in the shared session database."""
