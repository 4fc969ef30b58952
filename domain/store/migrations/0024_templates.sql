-- Templates (domain/canned), two record kinds that sync: canned replies inserted in a ticket's
-- conversation, and ticket templates that fill the New ticket form. A template is personal
-- (owner_id) or a group's (group_id), exactly one of them, fixed when it is made. References
-- are not foreign keys: a pull may bring a template before the person or group it names.
-- Deleting is archiving, so the delete reaches every desk.
CREATE TABLE reply_templates (
  id         TEXT PRIMARY KEY,
  owner_id   TEXT,
  group_id   TEXT,
  name       TEXT NOT NULL,
  body       TEXT NOT NULL,
  archived   INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX reply_templates_owner ON reply_templates(owner_id) WHERE owner_id IS NOT NULL AND archived = 0;
CREATE INDEX reply_templates_group ON reply_templates(group_id) WHERE group_id IS NOT NULL AND archived = 0;

CREATE TABLE ticket_templates (
  id                  TEXT PRIMARY KEY,
  owner_id            TEXT,
  group_id            TEXT,
  name                TEXT NOT NULL,
  type                TEXT NOT NULL,
  title               TEXT NOT NULL DEFAULT '',
  description         TEXT NOT NULL DEFAULT '',
  category            TEXT NOT NULL DEFAULT '',
  subcategory         TEXT NOT NULL DEFAULT '',
  service             TEXT NOT NULL DEFAULT '',
  impact              INTEGER NOT NULL DEFAULT 3,
  urgency             INTEGER NOT NULL DEFAULT 3,
  assignment_group_id TEXT,
  archived            INTEGER NOT NULL DEFAULT 0,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL
);
CREATE INDEX ticket_templates_owner ON ticket_templates(owner_id) WHERE owner_id IS NOT NULL AND archived = 0;
CREATE INDEX ticket_templates_group ON ticket_templates(group_id) WHERE group_id IS NOT NULL AND archived = 0;
