-- The newest monitoring state of each adopted plan (from plan-tracking.v1, compacted):
-- the PlanTracking snapshot whole, with the columns the pages select on. An older
-- snapshot arriving late (a rebuild, a redelivery) never replaces a newer one.
CREATE TABLE reporting.plan_tracking (
    plan_id      text PRIMARY KEY,
    municipality text NOT NULL,
    cycle        text NOT NULL,
    version      int NOT NULL,
    as_of        date NOT NULL,
    payload      jsonb NOT NULL,
    event_id     uuid NOT NULL,
    event_time   timestamptz NOT NULL
);
CREATE INDEX reporting_plan_tracking_municipality ON reporting.plan_tracking (municipality, cycle);
