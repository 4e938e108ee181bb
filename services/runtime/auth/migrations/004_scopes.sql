-- Co-authoring roles and municipality scopes (docs/co-authoring.md, "Roles per
-- municipality"). `municipalities` NULL: the token acts for every municipality,
-- as every token issued before this migration does.

-- The role CHECK of 001 has a generated name; drop whichever CHECK covers `role`.
DO $$
DECLARE
    found record;
BEGIN
    FOR found IN
        SELECT c.conname
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
        WHERE c.conrelid = 'auth.tokens'::regclass AND c.contype = 'c' AND a.attname = 'role'
    LOOP
        EXECUTE format('ALTER TABLE auth.tokens DROP CONSTRAINT %I', found.conname);
    END LOOP;
END
$$;

ALTER TABLE auth.tokens
    ADD CONSTRAINT tokens_role_check CHECK (
        role IN ('consultant', 'planner', 'approver', 'reviewer', 'integrator', 'admin')
    ),
    ADD COLUMN municipalities text[],
    -- An empty scope would act for nobody; a token for every municipality is NULL.
    ADD CONSTRAINT tokens_municipalities_check CHECK (
        municipalities IS NULL
        OR (cardinality(municipalities) > 0 AND array_position(municipalities, NULL) IS NULL)
    );
