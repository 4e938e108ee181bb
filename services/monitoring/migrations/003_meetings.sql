-- The municipal working group's meetings on an adopted plan, as the MED director recorded
-- them (docs/monitoring.md). One row per meeting id: `pending` once accepted at the API,
-- `applied` once monitoring's consumer applied it from plan-progress.v1 (a meeting
-- produced straight to the topic gets its row then), or `refused` with the problems
-- when the state changed in between (its id may then be sent again, corrected).
CREATE TABLE monitoring.meetings (
    meeting_id  uuid PRIMARY KEY,
    plan_id     text NOT NULL,
    quarter     text NOT NULL,
    held_on     date NOT NULL,
    payload     jsonb NOT NULL,
    token_id    uuid,
    outcome     text NOT NULL DEFAULT 'pending'
        CHECK (outcome IN ('pending', 'applied', 'refused')),
    problems    jsonb,
    received_at timestamptz NOT NULL DEFAULT now(),
    decided_at  timestamptz
);
CREATE INDEX meetings_plan ON monitoring.meetings (plan_id, held_on) WHERE outcome = 'applied';
