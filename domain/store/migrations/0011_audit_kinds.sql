-- The audit trail covers every record kind, not only tickets: configuration (policies,
-- calendars, people, groups) is audited like ticket changes. entity names the record's kind;
-- ticket_id keeps its name (every reader of a ticket's trail uses it) but holds the id of the
-- record of that kind, so it no longer refers to tickets(id).
CREATE TABLE audit_entries_new (
  id        TEXT PRIMARY KEY,
  entity    TEXT NOT NULL DEFAULT 'ticket',
  ticket_id TEXT NOT NULL,
  actor_id  TEXT NOT NULL REFERENCES users(id),
  at        INTEGER NOT NULL,
  field     TEXT NOT NULL,
  old_value TEXT NOT NULL DEFAULT '',
  new_value TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit_entries_new(id, ticket_id, actor_id, at, field, old_value, new_value)
  SELECT id, ticket_id, actor_id, at, field, old_value, new_value FROM audit_entries ORDER BY rowid;
DROP TABLE audit_entries;
ALTER TABLE audit_entries_new RENAME TO audit_entries;
CREATE INDEX audit_entries_ticket ON audit_entries(ticket_id, at);
