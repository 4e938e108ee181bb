-- The engine recomputes evidence from the stored consultations (classification
-- happens at planning time, with the rules version recorded in the plan), so
-- the skeleton's flattened table is no longer needed.
DROP TABLE planning.issue_evidence;

CREATE INDEX consultations_plan ON planning.consultations (municipality, cycle);

ALTER TABLE planning.plans ADD COLUMN last_approved_version int;

-- Review decisions applied (or refused), by review id: a replay is a no-op.
CREATE TABLE planning.reviews (
    review_id   uuid PRIMARY KEY,
    plan_id     text NOT NULL,
    version     int NOT NULL,
    decision    text NOT NULL,
    reviewer    text NOT NULL,
    outcome     text NOT NULL,
    reason      text,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
