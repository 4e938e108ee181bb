-- Municipal statistics (aggregates per level, gender and community; never a pupil).
-- One row per set, identified by municipality, school year, source and recorded_on.
CREATE TABLE consultations.statistics (
    statistics_id uuid PRIMARY KEY,
    municipality  text NOT NULL,
    school_year   text NOT NULL,
    source        text NOT NULL,
    recorded_on   date NOT NULL,
    fingerprint   text NOT NULL,
    payload       jsonb NOT NULL,
    submitted_by  uuid NOT NULL,
    channel       text NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (municipality, school_year, source, recorded_on)
);
CREATE INDEX statistics_municipality ON consultations.statistics (municipality, school_year);
