-- Bearer tokens for every DMAP HTTP API. Only a SHA-256 of the token is kept.
CREATE TABLE auth.tokens (
    token_id     uuid PRIMARY KEY,
    name         text NOT NULL,
    role         text NOT NULL CHECK (role IN ('consultant', 'planner', 'integrator', 'admin')),
    token_sha256 text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    last_used_at timestamptz
);
