-- The SLA sweep's work list moves out of tickets. Before, each tick rewrote the tickets row of
-- every ticket with a level due (sla_next_at, sla_plan, sla_stage): one scattered 4 KB page
-- per ticket plus the sla_next index, which made a 1000-level tick cost ~100 ms in page writes
-- and commit alone. Now:
--   * sla_schedule holds one row per level still to fire, clustered by its due time, so a tick
--     reads a contiguous range and deletes it (a few pages, however the tickets are spread);
--   * tickets' SLA columns are written only by the SLA hook, inside a ticket write that
--     rewrites the row anyway; sla_plan is the plan as of that computation (the hook uses it to
--     find its old schedule rows) and sla_at the instant it was computed at;
--   * a level the sweep fires raises the stage the queue shows through sla_events: the shown
--     stage is the worse of sla_stage and the stage of events fired after sla_at.

CREATE TABLE sla_schedule (
  at        INTEGER NOT NULL, -- when the level is reached
  ticket_id TEXT NOT NULL,    -- no foreign key: the sweep joins tickets and drops orphans
  kind      TEXT NOT NULL,
  level     INTEGER NOT NULL,
  target    TEXT NOT NULL,
  stage     TEXT NOT NULL DEFAULT '', -- the stage the ticket reaches when it fires
  PRIMARY KEY (at, ticket_id, kind, level, target)
) WITHOUT ROWID;

-- The levels still to fire are what is left in each ticket's plan (the old sweep removed the
-- fired ones from it).
INSERT INTO sla_schedule(at, ticket_id, kind, level, target, stage)
  SELECT j.value ->> 'at', t.id, j.value ->> 'k', j.value ->> 'p', j.value ->> 't', COALESCE(j.value ->> 's', '')
  FROM tickets t, json_each(t.sla_plan) j
  WHERE t.sla_plan <> '' AND json_valid(t.sla_plan)
  ON CONFLICT DO NOTHING;

ALTER TABLE sla_events ADD COLUMN stage TEXT NOT NULL DEFAULT '';
UPDATE sla_events SET stage = CASE WHEN level >= 100 THEN 'breached' ELSE 'warning' END;

-- The old sweep already folded every fired level into sla_stage: count only later events.
ALTER TABLE tickets ADD COLUMN sla_at INTEGER NOT NULL DEFAULT 0;
UPDATE tickets SET sla_at = (SELECT MAX(e.fired_at) FROM sla_events e WHERE e.ticket_id = tickets.id)
  WHERE id IN (SELECT ticket_id FROM sla_events);

-- The sweep no longer reads tickets by sla_next_at; one index less for every ticket write.
DROP INDEX IF EXISTS tickets_sla_next;
