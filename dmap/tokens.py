"""`dmap token create | list | revoke`: API tokens, managed on the database directly."""

import argparse
import difflib
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from uuid import UUID

import asyncpg

from schemas.vocabulary import MUNICIPALITY_BY_CODE
from services.runtime.auth import tokens
from services.runtime.auth.http import MIGRATIONS
from services.runtime.auth.roles import (
    ORGANISATION_ROLES,
    ORGANISATIONS,
    SCHOOL_ROLES,
    SCOPED_ROLES,
    Role,
)
from services.runtime.database import apply_migrations, create_pool
from services.runtime.settings import Settings

_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def duration(text: str) -> timedelta:
    """`90d`, `12h`, `2w`, `30m`: the argument of `--expires-in`."""
    match = re.fullmatch(r"\s*(\d+)\s*([mhdw])\s*", text.lower())
    if not match or int(match[1]) == 0:
        raise argparse.ArgumentTypeError(f"not a duration such as 90d, 12h, 2w or 30m: {text!r}")
    return timedelta(seconds=int(match[1]) * _UNITS[match[2]])


class ScopeError(ValueError):
    """A municipality scope that cannot be issued; the message names what is wrong."""


def municipality_codes(values: Iterable[str]) -> frozenset[str]:
    """The codes of `--municipality` values, each one code or a comma-separated list."""
    if isinstance(values, str):
        values = [values]
    codes = {code.strip().lower() for value in values for code in value.split(",")} - {""}
    if not codes:
        raise ScopeError("--municipality needs a municipality code, e.g. prizren")
    unknown = sorted(codes - MUNICIPALITY_BY_CODE.keys())
    if unknown:
        raise ScopeError(_unknown(unknown))
    return frozenset(codes)


def _unknown(codes: list[str]) -> str:
    named = []
    for code in codes:
        close = difflib.get_close_matches(code, MUNICIPALITY_BY_CODE, n=1)
        named.append(f"{code!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    noun = "code" if len(codes) == 1 else "codes"
    text = f"unknown municipality {noun} {', '.join(named)}"
    if "did you mean" not in text:
        text += "; known codes: " + ", ".join(sorted(MUNICIPALITY_BY_CODE))
    return text


def scope_for(
    role: Role, municipalities: Iterable[str] | None, all_municipalities: bool
) -> frozenset[str] | None:
    """The scope `dmap token create` issues (None: every municipality).

    Planner, approver and reporter (school team, MED focal, partner) tokens name
    their municipalities, or say explicitly that they act for all of them; the
    other roles always act for all.
    """
    values = [] if municipalities is None else list(municipalities)
    if values and all_municipalities:
        raise ScopeError("give --municipality or --all-municipalities, not both")
    if role not in SCOPED_ROLES:
        if values:
            raise ScopeError(
                f"{role} tokens act for every municipality; "
                f"--municipality is for {', '.join(sorted(SCOPED_ROLES))} tokens"
            )
        return None
    if all_municipalities:
        return None
    if not values:
        raise ScopeError(
            f"{role} tokens act for named municipalities: give --municipality CODE "
            "(repeat it, or list codes with commas), or --all-municipalities"
        )
    return municipality_codes(values)


async def _pool(settings: Settings) -> asyncpg.Pool:
    pool = await create_pool(settings.dsn, 2)
    await apply_migrations(pool, "auth", MIGRATIONS)
    return pool


async def create_token(
    settings: Settings,
    name: str,
    role: Role,
    expires_in: timedelta | None = None,
    municipalities: Iterable[str] | None = None,
    school: str | None = None,
    organisation: str | None = None,
) -> tuple[UUID, str]:
    """A new token (id and secret); `municipalities` None: it acts for every municipality.

    A school team's token names one municipality and one school of it; a partner's
    token names the kind of body it reports for (csw, mocr, mediator, ngo).
    """
    codes = None
    if municipalities is not None:
        if role not in SCOPED_ROLES:
            raise ScopeError(f"{role} tokens act for every municipality")
        codes = municipality_codes(municipalities)
    if (school is not None) != (role in SCHOOL_ROLES):
        raise ScopeError(f"--school is for {', '.join(sorted(SCHOOL_ROLES))} tokens, and needed")
    if school is not None and (codes is None or len(codes) != 1 or not school.strip()):
        raise ScopeError("a school team token names one --municipality and its --school")
    if (organisation is not None) != (role in ORGANISATION_ROLES):
        roles = ", ".join(sorted(ORGANISATION_ROLES))
        raise ScopeError(f"--organisation is for {roles} tokens, and needed")
    if organisation is not None and organisation not in ORGANISATIONS:
        raise ScopeError(
            f"unknown --organisation {organisation!r}; one of {', '.join(ORGANISATIONS)}"
        )
    expires_at = datetime.now(UTC) + expires_in if expires_in else None
    pool = await _pool(settings)
    try:
        async with pool.acquire(timeout=settings.acquire_timeout_s) as conn:
            principal, secret = await tokens.create(
                conn, name, role, expires_at, codes, school, organisation
            )
        return principal.token_id, secret
    finally:
        await pool.close()


async def list_tokens(settings: Settings) -> list[tokens.TokenInfo]:
    pool = await _pool(settings)
    try:
        async with pool.acquire(timeout=settings.acquire_timeout_s) as conn:
            return await tokens.list_all(conn)
    finally:
        await pool.close()


async def revoke_token(settings: Settings, token_id: UUID) -> bool:
    pool = await _pool(settings)
    try:
        async with pool.acquire(timeout=settings.acquire_timeout_s) as conn:
            return await tokens.revoke(conn, token_id)
    finally:
        await pool.close()


async def valid_or_new(
    settings: Settings,
    token: str | None,
    name: str,
    role: Role,
    municipalities: Iterable[str] | None = None,
    school: str | None = None,
    organisation: str | None = None,
) -> str:
    """`token` while it is still accepted (not revoked, not expired); else a new one
    (scoped to `municipalities`, a `school` or an `organisation` when given)."""
    pool = await _pool(settings)
    try:
        async with pool.acquire(timeout=settings.acquire_timeout_s) as conn:
            if token and isinstance(await tokens.verify(conn, token), tokens.Principal):
                return token
            made = await tokens.create(
                conn,
                name,
                role,
                municipalities=municipalities,
                school=school,
                organisation=organisation,
            )
            return made[1]
    finally:
        await pool.close()
