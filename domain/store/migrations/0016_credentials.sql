-- Local passwords of the people who sign in at this desk. Desk-local: neither table syncs.
-- verifier is an argon2id PHC string (algorithm, parameters, salt, hash), never the password.
-- source is "local" (set at this desk) or "server" (the person's server password, kept to
-- sign in offline); version is the server's password version the verifier was made from, so
-- a password changed on the server drops it at the next sync.
CREATE TABLE credentials (
  user_id  TEXT PRIMARY KEY REFERENCES users(id),
  verifier TEXT NOT NULL,
  set_at   INTEGER NOT NULL,
  source   TEXT NOT NULL DEFAULT 'local',
  version  INTEGER NOT NULL DEFAULT 0
);

-- Failed sign-ins per key (a person's id, or an email nobody has) in the current window.
CREATE TABLE signin_failures (
  key          TEXT PRIMARY KEY,
  failures     INTEGER NOT NULL,
  window_start INTEGER NOT NULL
);
