-- Profile settings (device id, numbering, auto-close days, ...).
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE users (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  email      TEXT NOT NULL UNIQUE,
  role       TEXT NOT NULL CHECK (role IN ('requester','agent','manager','admin')),
  active     INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE assignment_groups (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL
);

CREATE TABLE group_members (
  group_id TEXT NOT NULL REFERENCES assignment_groups(id),
  user_id  TEXT NOT NULL REFERENCES users(id),
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members(user_id);

CREATE TABLE categories (
  id        TEXT PRIMARY KEY,
  name      TEXT NOT NULL,
  parent_id TEXT REFERENCES categories(id),
  UNIQUE (parent_id, name)
);

-- One counter per ticket type: the next human number to issue.
CREATE TABLE counters (
  kind TEXT PRIMARY KEY,
  next INTEGER NOT NULL
);

CREATE TABLE tickets (
  id                       TEXT PRIMARY KEY,
  number                   TEXT NOT NULL UNIQUE,
  type                     TEXT NOT NULL CHECK (type IN ('incident','request')),
  title                    TEXT NOT NULL,
  description              TEXT NOT NULL DEFAULT '',
  requester_id             TEXT NOT NULL REFERENCES users(id),
  category                 TEXT NOT NULL DEFAULT '',
  subcategory              TEXT NOT NULL DEFAULT '',
  service                  TEXT NOT NULL DEFAULT '',
  ci                       TEXT NOT NULL DEFAULT '',
  impact                   INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 3),
  urgency                  INTEGER NOT NULL CHECK (urgency BETWEEN 1 AND 3),
  priority                 INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 5),
  priority_override_reason TEXT NOT NULL DEFAULT '',
  state                    TEXT NOT NULL,
  hold_reason              TEXT NOT NULL DEFAULT '',
  resolution_code          TEXT NOT NULL DEFAULT '',
  resolution_notes         TEXT NOT NULL DEFAULT '',
  group_id                 TEXT REFERENCES assignment_groups(id),
  assignee_id              TEXT REFERENCES users(id),
  source                   TEXT NOT NULL DEFAULT 'portal',
  tags                     TEXT NOT NULL DEFAULT '',
  major                    INTEGER NOT NULL DEFAULT 0,
  major_reason             TEXT NOT NULL DEFAULT '',
  parent_id                TEXT REFERENCES tickets(id),
  duplicate_of             TEXT REFERENCES tickets(id),
  created_by               TEXT NOT NULL REFERENCES users(id),
  created_at               INTEGER NOT NULL,
  updated_at               INTEGER NOT NULL,
  resolved_at              INTEGER,
  closed_at                INTEGER,
  archived                 INTEGER NOT NULL DEFAULT 0,
  -- Open tickets (new, in progress, on hold): derived so queue indexes can lead with it.
  active                   INTEGER GENERATED ALWAYS AS (state IN ('new','in_progress','on_hold')) VIRTUAL
);
-- Queue views filter by state (and type, assignee, group) and sort by priority then age.
CREATE INDEX tickets_state_prio ON tickets(state, priority, created_at);
CREATE INDEX tickets_active_prio ON tickets(active, priority, created_at);
CREATE INDEX tickets_active_updated ON tickets(active, updated_at);
CREATE INDEX tickets_type_active_prio ON tickets(type, active, priority, created_at);
CREATE INDEX tickets_assignee_active ON tickets(assignee_id, active, priority, created_at);
CREATE INDEX tickets_group_active ON tickets(group_id, active, priority, created_at);
CREATE INDEX tickets_requester ON tickets(requester_id, created_at);
CREATE INDEX tickets_created ON tickets(created_at);
CREATE INDEX tickets_updated ON tickets(updated_at);
CREATE INDEX tickets_resolved ON tickets(state, resolved_at);
CREATE INDEX tickets_parent ON tickets(parent_id) WHERE parent_id IS NOT NULL;

-- Replies (public), work notes (internal) and worklog entries (internal, with minutes).
CREATE TABLE comments (
  id         TEXT PRIMARY KEY,
  ticket_id  TEXT NOT NULL REFERENCES tickets(id),
  author_id  TEXT NOT NULL REFERENCES users(id),
  kind       TEXT NOT NULL CHECK (kind IN ('reply','note','worklog')),
  body       TEXT NOT NULL,
  minutes    INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX comments_ticket ON comments(ticket_id, created_at);

-- Content-addressed blobs, kept inside the profile so one file is the whole desk.
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  size   INTEGER NOT NULL,
  data   BLOB NOT NULL
);

CREATE TABLE attachments (
  id         TEXT PRIMARY KEY,
  ticket_id  TEXT NOT NULL REFERENCES tickets(id),
  sha256     TEXT NOT NULL REFERENCES blobs(sha256),
  name       TEXT NOT NULL,
  mime       TEXT NOT NULL,
  size       INTEGER NOT NULL,
  author_id  TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX attachments_ticket ON attachments(ticket_id);

CREATE TABLE ticket_links (
  id         TEXT PRIMARY KEY,
  from_id    TEXT NOT NULL REFERENCES tickets(id),
  to_id      TEXT NOT NULL REFERENCES tickets(id),
  kind       TEXT NOT NULL CHECK (kind IN ('related','duplicate')),
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  UNIQUE (from_id, to_id, kind)
);
CREATE INDEX ticket_links_to ON ticket_links(to_id);

-- Append-only audit trail: every field change and transition, as people read it.
CREATE TABLE audit_entries (
  id        TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES tickets(id),
  actor_id  TEXT NOT NULL REFERENCES users(id),
  at        INTEGER NOT NULL,
  field     TEXT NOT NULL,
  old_value TEXT NOT NULL DEFAULT '',
  new_value TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entries_ticket ON audit_entries(ticket_id, at);

-- The change log for sync: one row per field or op, written in the same transaction as the
-- change it records. seq orders this device's log; pushed marks what the server has taken.
CREATE TABLE changes (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  id        TEXT NOT NULL UNIQUE,
  entity    TEXT NOT NULL,
  record_id TEXT NOT NULL,
  op        TEXT NOT NULL,
  field     TEXT NOT NULL DEFAULT '',
  value     TEXT NOT NULL DEFAULT '',
  hlc       INTEGER NOT NULL,
  device_id TEXT NOT NULL,
  author_id TEXT NOT NULL,
  pushed    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX changes_record ON changes(entity, record_id, seq);
CREATE INDEX changes_unpushed ON changes(seq) WHERE pushed = 0;

-- Full-text search. rowid is the ticket's rowid; replies and notes are separate columns so a
-- requester's search can leave internal notes out.
CREATE VIRTUAL TABLE tickets_fts USING fts5(
  number, title, description, replies, notes,
  tokenize = 'unicode61 remove_diacritics 2'
);
