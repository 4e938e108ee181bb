-- Co-authoring (docs/co-authoring.md): planning.plans holds each plan's working
-- draft; planning.plan_versions only the versions issued for review.
ALTER TABLE planning.plans ADD COLUMN revision int NOT NULL DEFAULT 1;
ALTER TABLE planning.plans ADD COLUMN adopted_version int;

-- Until now every content change was a "version". Those become revisions of a
-- working draft that was never issued; the engine re-drafts it at start-up.
UPDATE planning.plans SET revision = version, version = 1, status = 'draft',
    adopted_version = NULL, last_approved_version = NULL,
    content = content || jsonb_build_object('revision', version, 'version', 1,
                                            'status', 'draft', 'last_approved_version', NULL);
DELETE FROM planning.plan_versions;
ALTER TABLE planning.plan_versions ADD COLUMN status text NOT NULL DEFAULT 'in_review';

-- Amendments by planners, in the order received (seq); refused ones are kept
-- with their reason, so a replay of either is recognised.
CREATE TABLE planning.amendments (
    amendment_id uuid PRIMARY KEY,
    plan_id      text NOT NULL,
    seq          bigserial,
    payload      jsonb NOT NULL,
    outcome      text NOT NULL CHECK (outcome IN ('applied', 'refused')),
    reason       text,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX amendments_plan ON planning.amendments (plan_id, seq);

-- Checklist items a request for changes opened, closed by amendments or replies.
CREATE TABLE planning.checklist_items (
    item_id   uuid PRIMARY KEY,
    plan_id   text NOT NULL,
    version   int NOT NULL,
    payload   jsonb NOT NULL,
    opened_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX checklist_items_plan ON planning.checklist_items (plan_id, version);
