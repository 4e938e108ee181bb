-- Learned classifier models fitted by `dmap classify retrain`: the artifact
-- itself (deterministic for its training data), and which one planning uses.
CREATE TABLE planning.classifier_models (
    version     text PRIMARY KEY,
    artifact    jsonb NOT NULL,
    examples    int NOT NULL,
    corrections int NOT NULL,
    active      boolean NOT NULL DEFAULT false,
    trained_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX classifier_models_one_active ON planning.classifier_models (active)
    WHERE active;
