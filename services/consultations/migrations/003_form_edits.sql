-- Edited form submissions replace the record with the same consultation id.
-- `instance_id` is the form instance of the current version (an edit names it
-- as meta/deprecatedID), `revision` counts versions (1 = as first received).
ALTER TABLE consultations.records ADD COLUMN instance_id uuid;
ALTER TABLE consultations.records ADD COLUMN revision int NOT NULL DEFAULT 1;
ALTER TABLE consultations.records ADD COLUMN corrected_at timestamptz;
CREATE UNIQUE INDEX records_instance_id ON consultations.records (instance_id);

-- Each replaced version, as it was: cheap history for audits.
CREATE TABLE consultations.record_history (
    consultation_id uuid NOT NULL REFERENCES consultations.records,
    revision        int NOT NULL,
    instance_id     uuid,
    fingerprint     text NOT NULL,
    payload         jsonb NOT NULL,
    replaced_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consultation_id, revision)
);
CREATE INDEX record_history_instance ON consultations.record_history (instance_id);
