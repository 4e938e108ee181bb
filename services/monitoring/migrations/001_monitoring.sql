-- Monitoring's write model (docs/monitoring.md). The outbox is the runtime's.

-- Every plan version planning issued, as issued (the content of PlanVersionIssued):
-- an approval names a version, and tracking needs its actions.
CREATE TABLE monitoring.issued_versions (
    plan_id    text NOT NULL,
    version    int NOT NULL,
    content    jsonb NOT NULL,
    issued_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plan_id, version)
);

-- A plan followed since its adoption: the adopted version and who reports.
CREATE TABLE monitoring.plans (
    plan_id      text PRIMARY KEY,
    municipality text NOT NULL,
    cycle        text NOT NULL,
    version      int NOT NULL,
    adopted_on   date NOT NULL,
    schools      text[] NOT NULL DEFAULT '{}',
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- The tracked actions of the adopted version; `content` is the TrackedAction, its
-- status history included (oldest first). A re-track keeps the history.
CREATE TABLE monitoring.tracked_actions (
    plan_id    text NOT NULL REFERENCES monitoring.plans,
    action_id  text NOT NULL,
    position   int NOT NULL,
    status     text NOT NULL,
    content    jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plan_id, action_id)
);

-- Reports accepted at the API (before they are published): unique by id and by
-- (plan, reporter, period), so a retry or a second report for the month is no double.
CREATE TABLE monitoring.submissions (
    report_id   uuid PRIMARY KEY,
    plan_id     text NOT NULL,
    reporter    text NOT NULL,
    period      text NOT NULL,
    payload     jsonb NOT NULL,
    token_id    uuid,
    received_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (plan_id, reporter, period)
);

-- Reports applied to the tracked state (from plan-progress.v1), same uniqueness.
CREATE TABLE monitoring.reports (
    report_id  uuid PRIMARY KEY,
    plan_id    text NOT NULL REFERENCES monitoring.plans,
    kind       text NOT NULL,
    reporter   text NOT NULL,
    period     text NOT NULL,
    payload    jsonb NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (plan_id, reporter, period)
);

CREATE TABLE monitoring.measurements (
    id            bigserial PRIMARY KEY,
    plan_id       text NOT NULL REFERENCES monitoring.plans,
    report_id     uuid NOT NULL REFERENCES monitoring.reports,
    indicator_ref text NOT NULL,
    period        text NOT NULL,
    content       jsonb NOT NULL
);
CREATE INDEX measurements_plan ON monitoring.measurements (plan_id, id);

-- The alerts in force, as last computed; the next pass raises and clears against them.
CREATE TABLE monitoring.alerts (
    key        text PRIMARY KEY,
    plan_id    text NOT NULL,
    kind       text NOT NULL,
    content    jsonb NOT NULL,
    raised_on  date NOT NULL
);
CREATE INDEX alerts_plan ON monitoring.alerts (plan_id);

-- Consumed events applied once (plans.v1 and plan-progress.v1 are redelivered).
CREATE TABLE monitoring.processed_events (
    event_id     uuid PRIMARY KEY,
    type         text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);

-- Responses remembered per caller and Idempotency-Key (as intake's).
CREATE TABLE monitoring.idempotency_keys (
    token_id       uuid NOT NULL,
    key            text NOT NULL,
    request_sha256 text NOT NULL,
    status_code    int,
    response       jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (token_id, key)
);
