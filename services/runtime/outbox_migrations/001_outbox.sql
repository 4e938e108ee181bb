-- The transactional outbox of one service schema ({schema} is substituted).
-- IF NOT EXISTS: databases created before the runtime owned this table have it.
CREATE TABLE IF NOT EXISTS {schema}.outbox (
    id           bigserial PRIMARY KEY,
    topic        text NOT NULL,
    key          text NOT NULL,
    value        bytea NOT NULL,
    headers      jsonb NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX IF NOT EXISTS outbox_unpublished ON {schema}.outbox (id) WHERE published_at IS NULL;
