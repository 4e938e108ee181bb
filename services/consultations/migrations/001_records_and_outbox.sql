-- The outbox table is the runtime's (services/runtime/outbox_migrations).
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
