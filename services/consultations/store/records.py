"""SQL for consultation records; functions take a connection and never commit."""

from uuid import UUID

import asyncpg

from schemas.consultations import ConsultationRecorded

_INSERT = """
INSERT INTO consultations.records
    (consultation_id, municipality, stakeholder_group, consultation_date, fingerprint, payload)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (consultation_id) DO NOTHING
RETURNING consultation_id
"""
_FINGERPRINT = "SELECT fingerprint FROM consultations.records WHERE consultation_id = $1"
_GET = "SELECT payload, received_at FROM consultations.records WHERE consultation_id = $1"


async def insert(conn: asyncpg.Connection, record: ConsultationRecorded, fingerprint: str) -> bool:
    """Store a new record; False when the id already exists."""
    inserted = await conn.fetchval(
        _INSERT,
        record.consultation_id,
        record.municipality.value,
        record.stakeholder_group.value,
        record.consultation_date,
        fingerprint,
        record.model_dump(mode="json"),
    )
    return inserted is not None


async def fingerprint_of(conn: asyncpg.Connection, consultation_id: UUID) -> str | None:
    value = await conn.fetchval(_FINGERPRINT, consultation_id)
    return str(value) if value is not None else None


async def get(conn: asyncpg.Connection, consultation_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(_GET, consultation_id)
