-- The outbox table is the runtime's (services/runtime/outbox_migrations).
-- Every version seen on plans.v1; (plan_id, version) makes redelivery a no-op.
CREATE TABLE reporting.plan_versions (
    plan_id      text NOT NULL,
    version      int NOT NULL,
    event_id     uuid NOT NULL UNIQUE,
    event_type   text NOT NULL,
    municipality text NOT NULL,
    cycle        text NOT NULL,
    content      jsonb NOT NULL,
    event_time   timestamptz NOT NULL,
    projected_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plan_id, version)
);

-- Latest version per plan; only ever moves forward.
CREATE TABLE reporting.latest_plans (
    plan_id      text PRIMARY KEY,
    municipality text NOT NULL,
    cycle        text NOT NULL,
    version      int NOT NULL,
    status       text NOT NULL,
    content      jsonb NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX latest_plans_municipality ON reporting.latest_plans (municipality, cycle DESC);
