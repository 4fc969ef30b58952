-- "Breaching soon" and "Breached" read two instants the SLA hook computes with the others:
--   * sla_warn_at: the nearest warning instant of a running clock (the policy's warning share),
--     so a ticket is breaching soon while sla_warn_at <= now < sla_due_at;
--   * sla_breach_at: when the ticket breaches or breached: sla_due_at while a clock runs, or
--     the due time a paused clock passed, so a breached ticket on hold stays breached.
ALTER TABLE tickets ADD COLUMN sla_warn_at   INTEGER;
ALTER TABLE tickets ADD COLUMN sla_breach_at INTEGER;

-- Breaching soon walks the running clocks by due time and reads the warning instant from the
-- index; it covers what tickets_sla_due served.
DROP INDEX IF EXISTS tickets_sla_due;
CREATE INDEX tickets_sla_soon ON tickets(active, sla_due_at, sla_warn_at) WHERE sla_due_at IS NOT NULL;
CREATE INDEX tickets_sla_breach ON tickets(active, sla_breach_at) WHERE sla_breach_at IS NOT NULL;

-- The new columns are derived: the SLA service recomputes every open ticket once on opening.
INSERT INTO settings(key, value) VALUES ('sla_recompute', '1') ON CONFLICT(key) DO UPDATE SET value = '1';
