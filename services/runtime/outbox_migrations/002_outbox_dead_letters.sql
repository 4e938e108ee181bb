-- Outbox rows the broker can never take (larger than the producer may send): moved here
-- with the reason, so the rows after them leave; `dmap dlq replay --outbox` puts them back.
CREATE TABLE IF NOT EXISTS {schema}.outbox_dead_letters (
    id          bigserial PRIMARY KEY,
    outbox_id   bigint NOT NULL UNIQUE,
    topic       text NOT NULL,
    key         text NOT NULL,
    value       bytea NOT NULL,
    headers     jsonb NOT NULL DEFAULT '{}',
    reason      text NOT NULL,
    created_at  timestamptz NOT NULL,
    buried_at   timestamptz NOT NULL DEFAULT now(),
    replayed_at timestamptz
);
