-- Monitoring's other reporters (docs/monitoring.md, "Roles and scopes"): the MED's
-- focal officer (`med_focal`, named municipalities) and a partner body (`partner`:
-- named municipalities and one kind of organisation, CSW, MOCR, mediator or NGO).
ALTER TABLE auth.tokens DROP CONSTRAINT tokens_role_check;
ALTER TABLE auth.tokens
    ADD CONSTRAINT tokens_role_check CHECK (
        role IN (
            'consultant', 'planner', 'approver', 'reviewer', 'integrator', 'admin',
            'school_team', 'med_focal', 'partner'
        )
    ),
    ADD COLUMN organisation text,
    ADD CONSTRAINT tokens_organisation_check CHECK (
        (role = 'partner') = (organisation IS NOT NULL)
        AND (organisation IS NULL OR organisation IN ('csw', 'mocr', 'mediator', 'ngo'))
    );
