"""SQL for the workspace's browser sessions; functions take a connection and never commit.

The cookie carries a random session id, never the API token; only the id's
SHA-256 is stored. A session is valid while its token is (not revoked, not
expired), before its own expiry and within the idle timeout.
"""

import secrets
from datetime import timedelta

from services.runtime.auth.tokens import Principal, digest, principal
from services.runtime.connections import Connection


async def open_session(conn: Connection, principal: Principal, ttl_s: float) -> str:
    """A new session for `principal`; returns the id for the cookie (shown once)."""
    session_id = secrets.token_urlsafe(32)
    await conn.execute(
        """INSERT INTO auth.sessions (session_sha256, token_id, expires_at)
           VALUES ($1, $2, now() + $3::interval)""",
        digest(session_id),
        principal.token_id,
        timedelta(seconds=ttl_s),
    )
    return session_id


async def resolve(conn: Connection, session_id: str, idle_s: float) -> Principal | None:
    """The session's principal (stamping last_seen_at), or None when it is not valid.

    Role and scope are read from the token on every request, never kept in the session.
    """
    row = await conn.fetchrow(
        """UPDATE auth.sessions s SET last_seen_at = now()
           FROM auth.tokens t
           WHERE s.session_sha256 = $1 AND t.token_id = s.token_id
             AND s.expires_at > now() AND s.last_seen_at > now() - $2::interval
             AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
           RETURNING t.token_id, t.name, t.role, t.municipalities, t.school, t.organisation""",
        digest(session_id),
        timedelta(seconds=idle_s),
    )
    return principal(row) if row else None


async def end_session(conn: Connection, session_id: str) -> None:
    """Sign-out; also sweeps sessions that can no longer be used."""
    await conn.execute(
        "DELETE FROM auth.sessions WHERE session_sha256 = $1 OR expires_at < now()",
        digest(session_id),
    )
