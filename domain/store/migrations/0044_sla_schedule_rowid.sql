-- The SLA sweep reads each due level's ticket (number, title, assignee…) by a join on
-- tickets.id, a random UUID: one search of the id index per ticket, then the row by rowid,
-- about a third of a 1000-level tick. Each schedule row now also keeps the ticket's rowid as
-- it was when the row was written, so the sweep reads the row directly; it checks the row's
-- id and falls back to the id index when they differ (rowids of a table without an INTEGER
-- PRIMARY KEY may change on VACUUM) or when the writer did not know it (0).
ALTER TABLE sla_schedule ADD COLUMN ticket_rowid INTEGER NOT NULL DEFAULT 0;

UPDATE sla_schedule SET ticket_rowid = COALESCE((SELECT t.rowid FROM tickets t WHERE t.id = sla_schedule.ticket_id), 0);
