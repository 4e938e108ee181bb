ALTER TABLE consultations.records ADD COLUMN submitted_by uuid;
ALTER TABLE consultations.records ADD COLUMN source text NOT NULL DEFAULT 'api';
ALTER TABLE consultations.records ADD COLUMN redactions jsonb NOT NULL DEFAULT '{}';
CREATE INDEX records_submitted_by ON consultations.records (submitted_by, received_at);

-- Responses remembered per caller and Idempotency-Key, so a retry gets the
-- original answer and a different body under the same key is refused.
CREATE TABLE consultations.idempotency_keys (
    token_id       uuid NOT NULL,
    key            text NOT NULL,
    request_sha256 text NOT NULL,
    status_code    int,
    response       jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (token_id, key)
);

-- Who submitted or imported what (ids and counts only, never content).
CREATE TABLE consultations.audit_log (
    id               bigserial PRIMARY KEY,
    at               timestamptz NOT NULL DEFAULT now(),
    token_id         uuid NOT NULL,
    principal        text NOT NULL,
    role             text NOT NULL,
    action           text NOT NULL,
    consultation_ids uuid[] NOT NULL DEFAULT '{}',
    details          jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_token ON consultations.audit_log (token_id, at);
