-- Browser sessions of the workspace: the cookie holds a random id, only its
-- SHA-256 is kept. A session lives while its token is valid, at most until
-- expires_at, and not longer than the idle timeout after last_seen_at.
CREATE TABLE auth.sessions (
    session_sha256 text PRIMARY KEY,
    token_id       uuid NOT NULL REFERENCES auth.tokens (token_id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    last_seen_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_token_id ON auth.sessions (token_id);
CREATE INDEX sessions_expires_at ON auth.sessions (expires_at);
