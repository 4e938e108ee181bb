-- The outbox table is the runtime's (services/runtime/outbox_migrations).
CREATE TABLE planning.consultations (
    consultation_id   uuid PRIMARY KEY,
    event_id          uuid NOT NULL,
    municipality      text NOT NULL,
    cycle             text NOT NULL,
    stakeholder_group text NOT NULL,
    payload           jsonb NOT NULL,
    received_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE planning.issue_evidence (
    consultation_id   uuid NOT NULL REFERENCES planning.consultations,
    issue_index       int NOT NULL,
    municipality      text NOT NULL,
    cycle             text NOT NULL,
    category          text NOT NULL,
    stakeholder_group text NOT NULL,
    affected_students int NOT NULL,
    PRIMARY KEY (consultation_id, issue_index)
);
CREATE INDEX issue_evidence_plan ON planning.issue_evidence (municipality, cycle);

CREATE TABLE planning.plans (
    plan_id      text PRIMARY KEY,
    municipality text NOT NULL,
    cycle        text NOT NULL,
    version      int NOT NULL,
    status       text NOT NULL,
    content_hash text NOT NULL,
    content      jsonb NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE planning.plan_versions (
    plan_id    text NOT NULL REFERENCES planning.plans,
    version    int NOT NULL,
    content    jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plan_id, version)
);
