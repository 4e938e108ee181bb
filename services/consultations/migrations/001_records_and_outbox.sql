CREATE TABLE consultations.records (
    consultation_id   uuid PRIMARY KEY,
    municipality      text NOT NULL,
    stakeholder_group text NOT NULL,
    consultation_date date NOT NULL,
    fingerprint       text NOT NULL,
    payload           jsonb NOT NULL,
    received_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX records_municipality_date ON consultations.records (municipality, consultation_date);

CREATE TABLE consultations.outbox (
    id           bigserial PRIMARY KEY,
    topic        text NOT NULL,
    key          text NOT NULL,
    value        bytea NOT NULL,
    headers      jsonb NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON consultations.outbox (id) WHERE published_at IS NULL;
