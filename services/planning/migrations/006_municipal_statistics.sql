-- Municipal statistics planning has received (the baselines of the plans' result
-- indicators), one row per set; a redelivered event is stored once.
CREATE TABLE planning.statistics (
    statistics_id uuid PRIMARY KEY,
    event_id      uuid NOT NULL,
    municipality  text NOT NULL,
    school_year   text NOT NULL,
    payload       jsonb NOT NULL
);
CREATE INDEX statistics_municipality ON planning.statistics (municipality);
