-- What became of each report accepted at the API once monitoring's consumer applied
-- it: `applied`, or `refused` with the problems (the state changed in between, e.g.
-- an amended plan cancelled the action). A refused report no longer holds its
-- period: the reporter sends a corrected one, under the same id or another.
ALTER TABLE monitoring.submissions
    ADD COLUMN outcome text NOT NULL DEFAULT 'pending'
        CHECK (outcome IN ('pending', 'applied', 'refused')),
    ADD COLUMN problems jsonb,
    ADD COLUMN decided_at timestamptz,
    DROP CONSTRAINT submissions_plan_id_reporter_period_key;
CREATE UNIQUE INDEX submissions_open_period
    ON monitoring.submissions (plan_id, reporter, period) WHERE outcome <> 'refused';
