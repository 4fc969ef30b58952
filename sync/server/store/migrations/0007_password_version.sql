-- A user's password version goes up with every password change, and /directory shows it, so
-- a desk drops the offline verifier it kept of an older password at its next sync.
ALTER TABLE users ADD COLUMN password_version BIGINT NOT NULL DEFAULT 1;
