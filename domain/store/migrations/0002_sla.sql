-- SLA management: business calendars, policies with targets per priority, the ticket's
-- derived SLA state (kept by a hook in every ticket write), fired levels and notifications.

CREATE TABLE sla_calendars (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  zone       TEXT NOT NULL,
  always     INTEGER NOT NULL DEFAULT 0,
  -- week intervals, holidays and exceptions as JSON: edited and read as one document.
  spec       TEXT NOT NULL DEFAULT '{}',
  updated_at INTEGER NOT NULL
);

CREATE TABLE sla_policies (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  position      INTEGER NOT NULL,
  is_default    INTEGER NOT NULL DEFAULT 0,
  active        INTEGER NOT NULL DEFAULT 1,
  match         TEXT NOT NULL DEFAULT '{}',
  calendar_id   TEXT NOT NULL REFERENCES sla_calendars(id),
  warn_percent  INTEGER NOT NULL DEFAULT 75 CHECK (warn_percent BETWEEN 1 AND 99),
  pause_reasons TEXT NOT NULL DEFAULT '[]',
  escalations   TEXT NOT NULL DEFAULT '[]',
  updated_at    INTEGER NOT NULL
);
-- At most one default policy.
CREATE UNIQUE INDEX sla_policies_default ON sla_policies(is_default) WHERE is_default = 1;

CREATE TABLE sla_targets (
  policy_id        TEXT NOT NULL REFERENCES sla_policies(id) ON DELETE CASCADE,
  priority         INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 5),
  response_value   INTEGER NOT NULL CHECK (response_value > 0),
  response_unit    TEXT NOT NULL CHECK (response_unit IN ('minutes','hours','days')),
  resolution_value INTEGER NOT NULL CHECK (resolution_value > 0),
  resolution_unit  TEXT NOT NULL CHECK (resolution_unit IN ('minutes','hours','days')),
  business         INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (policy_id, priority)
);

-- Derived from the ticket's history at its last write; not synced (every device derives it).
ALTER TABLE tickets ADD COLUMN sla_policy_id      TEXT;
ALTER TABLE tickets ADD COLUMN sla_stage          TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN sla_paused         INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_response_due   INTEGER;
ALTER TABLE tickets ADD COLUMN sla_resolution_due INTEGER;
-- The nearest due time of a running clock: the queue's remaining time and "Breaching soon".
ALTER TABLE tickets ADD COLUMN sla_due_at         INTEGER;
-- The next level (warning, breach, escalation) to fire, and all of them as JSON: the sweep
-- reads only tickets whose sla_next_at has come, by this index.
ALTER TABLE tickets ADD COLUMN sla_next_at        INTEGER;
ALTER TABLE tickets ADD COLUMN sla_plan           TEXT NOT NULL DEFAULT '';
CREATE INDEX tickets_sla_next ON tickets(sla_next_at) WHERE sla_next_at IS NOT NULL;
CREATE INDEX tickets_sla_due ON tickets(active, sla_due_at) WHERE sla_due_at IS NOT NULL;

-- Each level of each clock fires once: the key makes a second tick, an overlapping tick or a
-- restart a no-op. target is the target the level is a share of ("8h"), so a priority change
-- to a new target can warn again.
CREATE TABLE sla_events (
  id        TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL REFERENCES tickets(id),
  kind      TEXT NOT NULL CHECK (kind IN ('response','resolution')),
  level     INTEGER NOT NULL,
  target    TEXT NOT NULL,
  at        INTEGER NOT NULL, -- when the level was reached (the due instant, not the tick)
  fired_at  INTEGER NOT NULL,
  priority  INTEGER NOT NULL,
  UNIQUE (ticket_id, kind, level, target)
);
CREATE INDEX sla_events_at ON sla_events(at);

CREATE TABLE notifications (
  id         TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users(id),
  ticket_id  TEXT REFERENCES tickets(id),
  kind       TEXT NOT NULL,
  message    TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  read_at    INTEGER
);
CREATE INDEX notifications_user ON notifications(user_id, created_at);
CREATE INDEX notifications_unread ON notifications(user_id) WHERE read_at IS NULL;
