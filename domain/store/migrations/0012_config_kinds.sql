-- Configuration syncs as record kinds (sla_calendar, sla_policy, desk_settings):
--   * every synced field has its own column (a policy's targets and a calendar's week,
--     holidays and exceptions as JSON documents, each merged as one value);
--   * names are no longer unique in the table: two desks may each create "VIP" before they
--     sync, and a pulled record must never fail to insert (the desk's service still refuses
--     a name in use here);
--   * a policy's calendar is a reference a pull may bring in any order, not a foreign key (a
--     missing calendar counts 24×7 until it arrives);
--   * deleting is archiving, so a delete reaches the other desks;
--   * the seeded defaults take fixed ids (see domain/sla/kinds.go), so the seeds of every
--     desk are one record each; the desk's own edits of them are logged once at open
--     (replica.Adopt) and so sync like any other edit.
CREATE TABLE sla_calendars_new (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  zone       TEXT NOT NULL,
  always     INTEGER NOT NULL DEFAULT 0,
  week       TEXT NOT NULL DEFAULT '[]',
  holidays   TEXT NOT NULL DEFAULT '[]',
  exceptions TEXT NOT NULL DEFAULT '[]',
  archived   INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);
INSERT INTO sla_calendars_new(id, name, zone, always, week, holidays, exceptions, updated_at)
  SELECT id, name, zone, always,
    COALESCE(json_extract(spec, '$.week'), '[]'), COALESCE(json_extract(spec, '$.holidays'), '[]'),
    COALESCE(json_extract(spec, '$.exceptions'), '[]'), updated_at
  FROM sla_calendars;

CREATE TABLE sla_policies_new (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  position      INTEGER NOT NULL,
  is_default    INTEGER NOT NULL DEFAULT 0,
  active        INTEGER NOT NULL DEFAULT 1,
  match         TEXT NOT NULL DEFAULT '{}',
  calendar_id   TEXT NOT NULL,
  warn_percent  INTEGER NOT NULL DEFAULT 75,
  pause_reasons TEXT NOT NULL DEFAULT '[]',
  targets       TEXT NOT NULL DEFAULT '[]',
  escalations   TEXT NOT NULL DEFAULT '[]',
  archived      INTEGER NOT NULL DEFAULT 0,
  updated_at    INTEGER NOT NULL
);
INSERT INTO sla_policies_new(id, name, position, is_default, active, match, calendar_id, warn_percent, pause_reasons,
    targets, escalations, updated_at)
  SELECT p.id, p.name, p.position, p.is_default, p.active, p.match, p.calendar_id, p.warn_percent, p.pause_reasons,
    COALESCE((SELECT json_group_array(json_object('priority', t.priority,
        'response', json_object('value', t.response_value, 'unit', t.response_unit),
        'resolution', json_object('value', t.resolution_value, 'unit', t.resolution_unit),
        'business', json(CASE WHEN t.business THEN 'true' ELSE 'false' END)))
      FROM (SELECT * FROM sla_targets WHERE policy_id = p.id ORDER BY priority) t), '[]'),
    p.escalations, p.updated_at
  FROM sla_policies p;

DROP TABLE sla_targets;
DROP TABLE sla_policies;
DROP TABLE sla_calendars;
ALTER TABLE sla_calendars_new RENAME TO sla_calendars;
ALTER TABLE sla_policies_new RENAME TO sla_policies;
CREATE UNIQUE INDEX sla_policies_default ON sla_policies(is_default) WHERE is_default = 1;

-- The seeds of a profile made before this migration take the fixed ids (when nothing holds
-- them yet): the default policy, and the two calendars every profile was seeded with.
UPDATE tickets SET sla_policy_id = '00000000-0000-7000-8000-000000000b01'
  WHERE sla_policy_id = (SELECT id FROM sla_policies WHERE is_default = 1)
  AND NOT EXISTS (SELECT 1 FROM sla_policies WHERE id = '00000000-0000-7000-8000-000000000b01');
UPDATE sla_policies SET id = '00000000-0000-7000-8000-000000000b01' WHERE is_default = 1
  AND NOT EXISTS (SELECT 1 FROM sla_policies WHERE id = '00000000-0000-7000-8000-000000000b01');

UPDATE sla_policies SET calendar_id = '00000000-0000-7000-8000-000000000c01'
  WHERE calendar_id = (SELECT id FROM sla_calendars WHERE name = '24×7' AND always = 1 ORDER BY id LIMIT 1)
  AND NOT EXISTS (SELECT 1 FROM sla_calendars WHERE id = '00000000-0000-7000-8000-000000000c01');
UPDATE sla_calendars SET id = '00000000-0000-7000-8000-000000000c01'
  WHERE id = (SELECT id FROM sla_calendars WHERE name = '24×7' AND always = 1 ORDER BY id LIMIT 1)
  AND NOT EXISTS (SELECT 1 FROM sla_calendars WHERE id = '00000000-0000-7000-8000-000000000c01');
UPDATE sla_policies SET calendar_id = '00000000-0000-7000-8000-000000000c02'
  WHERE calendar_id = (SELECT id FROM sla_calendars WHERE name = 'Office hours' ORDER BY id LIMIT 1)
  AND NOT EXISTS (SELECT 1 FROM sla_calendars WHERE id = '00000000-0000-7000-8000-000000000c02');
UPDATE sla_calendars SET id = '00000000-0000-7000-8000-000000000c02'
  WHERE id = (SELECT id FROM sla_calendars WHERE name = 'Office hours' ORDER BY id LIMIT 1)
  AND NOT EXISTS (SELECT 1 FROM sla_calendars WHERE id = '00000000-0000-7000-8000-000000000c02');

-- Desk settings: one record, the same id on every desk, from this profile's values.
CREATE TABLE desk_settings (
  id              TEXT PRIMARY KEY,
  auto_close_days INTEGER NOT NULL DEFAULT 7,
  priority_matrix TEXT NOT NULL DEFAULT '[[1,2,3],[2,3,4],[3,4,5]]',
  updated_at      INTEGER NOT NULL DEFAULT 0
);
INSERT INTO desk_settings(id, auto_close_days, priority_matrix)
  SELECT '00000000-0000-7000-8000-000000000d01',
    COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'auto_close_days'), 7),
    COALESCE((SELECT value FROM settings WHERE key = 'priority_matrix'), '[[1,2,3],[2,3,4],[3,4,5]]');
