-- The server's schema. It runs unchanged on SQLite and PostgreSQL: portable types only, with
-- {{BLOB}} replaced by BLOB or BYTEA. Booleans are BOOLEAN (SQLite stores 0/1), times unix milliseconds.
CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  email         TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL CHECK (role IN ('requester','agent','manager','admin')),
  active        BOOLEAN NOT NULL DEFAULT TRUE,
  password_hash TEXT NOT NULL,
  created_at    BIGINT NOT NULL
);

CREATE TABLE assignment_groups (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE group_members (
  group_id TEXT NOT NULL REFERENCES assignment_groups(id),
  user_id  TEXT NOT NULL REFERENCES users(id),
  PRIMARY KEY (group_id, user_id)
);

-- A device a user signed in from. Only the SHA-256 of its token is kept.
CREATE TABLE devices (
  id          TEXT PRIMARY KEY,
  user_id     TEXT NOT NULL REFERENCES users(id),
  name        TEXT NOT NULL DEFAULT '',
  token_hash  TEXT NOT NULL UNIQUE,
  last_op_id  BIGINT NOT NULL DEFAULT 0,
  revoked     BOOLEAN NOT NULL DEFAULT FALSE,
  created_at  BIGINT NOT NULL,
  last_seen   BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX devices_user ON devices(user_id);

-- Failed logins per key (an email, an address) in the current window.
CREATE TABLE login_failures (
  key          TEXT PRIMARY KEY,
  failures     INTEGER NOT NULL,
  window_start BIGINT NOT NULL
);

-- Single-row counters updated inside the writing transaction: 'seq' is the change sequence,
-- 'num:<kind>' the next human number. The row lock makes sequence order commit order.
CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
INSERT INTO counters(name, value) VALUES ('seq', 0);
INSERT INTO counters(name, value) VALUES ('hlc', 0);

-- Accepted ops in sequence order: what pull serves.
CREATE TABLE changes (
  seq         BIGINT PRIMARY KEY,
  change_id   TEXT NOT NULL UNIQUE,
  entity      TEXT NOT NULL,
  record_id   TEXT NOT NULL,
  op          TEXT NOT NULL,
  field       TEXT NOT NULL DEFAULT '',
  value       TEXT NOT NULL,
  hlc         BIGINT NOT NULL,
  device_id   TEXT NOT NULL,
  author_id   TEXT NOT NULL,
  base_hlc    BIGINT NOT NULL DEFAULT 0,
  base_device TEXT NOT NULL DEFAULT '',
  alias       TEXT NOT NULL DEFAULT '',
  ticket_id   TEXT NOT NULL,
  internal    BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX changes_ticket ON changes(ticket_id, seq);

-- The result of every op a device pushed, so a replayed batch gets the same answers.
CREATE TABLE op_results (
  device_id TEXT NOT NULL,
  op_id     BIGINT NOT NULL,
  status    TEXT NOT NULL,
  seq       BIGINT NOT NULL DEFAULT 0,
  hlc       BIGINT NOT NULL DEFAULT 0,
  code      TEXT NOT NULL DEFAULT '',
  reason    TEXT NOT NULL DEFAULT '',
  number    TEXT NOT NULL DEFAULT '',
  entity    TEXT NOT NULL DEFAULT '',
  record_id TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (device_id, op_id)
);

-- The merged state of every record: a JSON document and the version of each field.
CREATE TABLE records (
  entity    TEXT NOT NULL,
  id        TEXT NOT NULL,
  doc       TEXT NOT NULL,
  versions  TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  owner1    TEXT NOT NULL DEFAULT '',
  owner2    TEXT NOT NULL DEFAULT '',
  number    TEXT,
  blob      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (entity, id)
);
CREATE UNIQUE INDEX records_number ON records(number);
CREATE INDEX records_owner1 ON records(owner1);
CREATE INDEX records_owner2 ON records(owner2);
CREATE INDEX records_blob ON records(blob);

-- Blocks of human numbers leased to devices.
CREATE TABLE leases (
  kind      TEXT NOT NULL,
  start_n   BIGINT NOT NULL,
  end_n     BIGINT NOT NULL,
  device_id TEXT NOT NULL,
  PRIMARY KEY (kind, start_n)
);
CREATE INDEX leases_device ON leases(device_id, kind);

-- Numbers a record had before the server replaced them.
CREATE TABLE aliases (
  alias     TEXT PRIMARY KEY,
  record_id TEXT NOT NULL
);

CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  size   BIGINT NOT NULL,
  data   {{BLOB}} NOT NULL
);
