-- Co-authoring (docs/co-authoring.md). latest_plans holds each plan's working
-- draft and the plan's status; plan_versions only the versions issued for review.
ALTER TABLE reporting.latest_plans ADD COLUMN revision int NOT NULL DEFAULT 1;
ALTER TABLE reporting.latest_plans ADD COLUMN adopted_version int;
-- Until now every content change was a "version": those were working-draft
-- revisions that were never issued (planning migrates the same way).
UPDATE reporting.latest_plans SET revision = version, version = 1, status = 'draft',
    content = content || jsonb_build_object('revision', version, 'version', 1,
                                            'status', 'draft', 'last_approved_version', NULL);
DELETE FROM reporting.plan_versions;
ALTER TABLE reporting.plan_versions ADD COLUMN adoption jsonb;

-- What changed in each revision of a working draft (no content: the draft is in latest_plans).
CREATE TABLE reporting.draft_revisions (
    event_id   uuid PRIMARY KEY,
    plan_id    text NOT NULL,
    revision   int NOT NULL,
    diff       jsonb,
    event_time timestamptz NOT NULL
);
-- One event per revision: a second, different one is a conflict (dead-lettered).
CREATE UNIQUE INDEX draft_revisions_plan ON reporting.draft_revisions (plan_id, revision);

-- Amendments as sent by planners (from plan-amendments.v1).
CREATE TABLE reporting.amendments (
    amendment_id uuid PRIMARY KEY,
    plan_id      text NOT NULL,
    version      int NOT NULL,
    revision     int NOT NULL,
    kind         text NOT NULL,
    payload      jsonb NOT NULL,
    author       text NOT NULL,
    event_time   timestamptz NOT NULL
);
CREATE INDEX reporting_amendments_plan ON reporting.amendments (plan_id, event_time);

-- What planning made of each review or amendment: applied, or refused with a reason.
-- Keyed by request id alone: the outcome can arrive before the request is projected.
CREATE TABLE reporting.request_outcomes (
    request_id uuid PRIMARY KEY,
    outcome    text NOT NULL CHECK (outcome IN ('applied', 'refused')),
    reason     text,
    event_time timestamptz NOT NULL
);

ALTER TABLE reporting.reviews ADD COLUMN items jsonb NOT NULL DEFAULT '[]';
ALTER TABLE reporting.reviews ADD COLUMN adoption jsonb;
