-- Monitoring's newest tracking snapshot of each adopted plan (plan-tracking.v1), so
-- the next school year's draft can carry over what was left unfinished (issue 14).
CREATE TABLE planning.plan_tracking (
    plan_id      text PRIMARY KEY,
    municipality text NOT NULL,
    cycle        text NOT NULL,
    version      int NOT NULL,
    as_of        date NOT NULL,
    event_id     uuid NOT NULL,
    payload      jsonb NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now()
);
