-- Every event applied, by id: a redelivered status change is recognised too.
CREATE TABLE reporting.processed_events (
    event_id     uuid PRIMARY KEY,
    event_type   text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO reporting.processed_events (event_id, event_type)
SELECT event_id, event_type FROM reporting.plan_versions;

ALTER TABLE reporting.plan_versions ADD COLUMN diff jsonb;
ALTER TABLE reporting.plan_versions ADD COLUMN status text NOT NULL DEFAULT 'draft';

CREATE TABLE reporting.status_changes (
    event_id        uuid PRIMARY KEY,
    plan_id         text NOT NULL,
    version         int NOT NULL,
    previous_status text NOT NULL,
    status          text NOT NULL,
    reviewer        text NOT NULL,
    comment         text NOT NULL,
    event_time      timestamptz NOT NULL
);
CREATE INDEX status_changes_plan ON reporting.status_changes (plan_id, event_time);
