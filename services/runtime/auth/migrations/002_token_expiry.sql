-- A token may carry an expiry (`dmap token create --expires-in 90d`); NULL never expires.
ALTER TABLE auth.tokens ADD COLUMN expires_at timestamptz;
