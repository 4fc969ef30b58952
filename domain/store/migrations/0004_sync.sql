-- Sync state of a profile (issue 4). Owned by domain/replica and sync/client.

-- Key/value state: server URL, device token, signed-in user, pull cursor, last op id.
CREATE TABLE sync_state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- The version (HLC, device) of each synced field, and the version its writer had seen (base).
-- field '' is the record's create version, the default for fields without their own row.
CREATE TABLE replica_versions (
  entity      TEXT NOT NULL,
  record_id   TEXT NOT NULL,
  field       TEXT NOT NULL,
  hlc         INTEGER NOT NULL,
  device_id   TEXT NOT NULL,
  base_hlc    INTEGER NOT NULL DEFAULT 0,
  base_device TEXT NOT NULL DEFAULT '',
  change_id   TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (entity, record_id, field)
) WITHOUT ROWID;

-- Local changes taken for pushing, with their per-device op id (1, 2, 3, ...) and the version
-- of the field the author saw when writing.
CREATE TABLE sync_outbox (
  op_id       INTEGER PRIMARY KEY,
  change_seq  INTEGER NOT NULL UNIQUE REFERENCES changes(seq),
  base_hlc    INTEGER NOT NULL DEFAULT 0,
  base_device TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','accepted','rejected'))
);
CREATE INDEX sync_outbox_pending ON sync_outbox(op_id) WHERE status = 'pending';

-- Concurrent edits of one field to different values, for the conflict inbox.
CREATE TABLE sync_conflicts (
  id           TEXT PRIMARY KEY,
  entity       TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  field        TEXT NOT NULL,
  kind         TEXT NOT NULL,
  mine         TEXT NOT NULL,
  theirs       TEXT NOT NULL,
  mine_hlc     INTEGER NOT NULL,
  theirs_hlc   INTEGER NOT NULL,
  theirs_device TEXT NOT NULL,
  winner       TEXT NOT NULL CHECK (winner IN ('mine','theirs')),
  created_at   INTEGER NOT NULL,
  resolved_at  INTEGER,
  resolution   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sync_conflicts_open ON sync_conflicts(created_at) WHERE resolved_at IS NULL;

-- Ops the server refused, kept for their author to see (never dropped silently).
CREATE TABLE sync_rejected (
  op_id      INTEGER PRIMARY KEY,
  change_id  TEXT NOT NULL,
  entity     TEXT NOT NULL,
  record_id  TEXT NOT NULL,
  op         TEXT NOT NULL,
  field      TEXT NOT NULL DEFAULT '',
  value      TEXT NOT NULL,
  author_id  TEXT NOT NULL,
  code       TEXT NOT NULL,
  reason     TEXT NOT NULL,
  at         INTEGER NOT NULL,
  seen       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sync_rejected_author ON sync_rejected(author_id, seen);

-- Blocks of human numbers leased from the server: numbers [next, end] are still free.
CREATE TABLE number_blocks (
  kind  TEXT NOT NULL,
  start INTEGER NOT NULL,
  next  INTEGER NOT NULL,
  end   INTEGER NOT NULL,
  PRIMARY KEY (kind, start)
);

-- Numbers a ticket had before the server replaced them; search still finds them.
CREATE TABLE ticket_aliases (
  number    TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES tickets(id)
);
CREATE INDEX ticket_aliases_ticket ON ticket_aliases(ticket_id);
