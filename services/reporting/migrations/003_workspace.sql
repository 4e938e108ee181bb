-- Redacted consultation texts, for the evidence drill-down (from consultations.v1).
CREATE TABLE reporting.consultations (
    consultation_id   uuid PRIMARY KEY,
    municipality      text NOT NULL,
    consultation_date date NOT NULL,
    stakeholder_group text NOT NULL,
    payload           jsonb NOT NULL,
    event_time        timestamptz NOT NULL
);
CREATE INDEX reporting_consultations_municipality ON reporting.consultations (municipality);

-- Municipality x category: score, evidence and rank from each plan's latest version.
CREATE TABLE reporting.matrix (
    municipality       text NOT NULL,
    cycle              text NOT NULL,
    category           text NOT NULL,
    score              numeric(5, 1) NOT NULL,
    consultation_count int NOT NULL,
    rank               int,
    plan_version       int NOT NULL,
    PRIMARY KEY (municipality, cycle, category)
);

-- Review decisions as sent by planners (from plan-reviews.v1), applied or not.
CREATE TABLE reporting.reviews (
    review_id  uuid PRIMARY KEY,
    plan_id    text NOT NULL,
    version    int NOT NULL,
    decision   text NOT NULL,
    reviewer   text NOT NULL,
    comment    text NOT NULL,
    event_time timestamptz NOT NULL
);
CREATE INDEX reporting_reviews_plan ON reporting.reviews (plan_id, event_time);
