-- Monitoring (docs/monitoring.md, "Roles and scopes"): a school's dropout-prevention
-- team reports that school's month. Its token names one municipality and one school.
ALTER TABLE auth.tokens DROP CONSTRAINT tokens_role_check;
ALTER TABLE auth.tokens
    ADD CONSTRAINT tokens_role_check CHECK (
        role IN (
            'consultant', 'planner', 'approver', 'reviewer', 'integrator', 'admin', 'school_team'
        )
    ),
    ADD COLUMN school text,
    ADD CONSTRAINT tokens_school_check CHECK (
        (school IS NULL OR length(btrim(school)) > 0)
        AND (
            role <> 'school_team'
            OR (school IS NOT NULL AND coalesce(cardinality(municipalities), 0) = 1)
        )
    );
