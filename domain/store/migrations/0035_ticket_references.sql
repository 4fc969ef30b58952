-- A ticket's service and CI become references (tickets.service_id to services, tickets.ci_id
-- to assets); the old text columns keep only what could not be matched, shown as unlinked.
-- Matching, in any case: a CI's text is the tag of exactly one live asset, or else the name of
-- exactly one; a service's text is the name of exactly one service. A text that names none, or
-- several, stays as it was. Each desk matches its own copy of the same records the same way.
ALTER TABLE tickets ADD COLUMN service_id TEXT;
ALTER TABLE tickets ADD COLUMN ci_id TEXT;

UPDATE tickets SET ci_id = (SELECT a.id FROM assets a WHERE a.tag = tickets.ci COLLATE NOCASE AND a.archived = 0)
WHERE ci <> '' AND (SELECT COUNT(*) FROM assets a WHERE a.tag = tickets.ci COLLATE NOCASE AND a.archived = 0) = 1;
UPDATE tickets SET ci_id = (SELECT a.id FROM assets a WHERE a.name = tickets.ci COLLATE NOCASE AND a.archived = 0)
WHERE ci <> '' AND ci_id IS NULL
  AND (SELECT COUNT(*) FROM assets a WHERE a.tag = tickets.ci COLLATE NOCASE AND a.archived = 0) = 0
  AND (SELECT COUNT(*) FROM assets a WHERE a.name = tickets.ci COLLATE NOCASE AND a.archived = 0) = 1;
UPDATE tickets SET ci = '' WHERE ci_id IS NOT NULL;

UPDATE tickets SET service_id = (SELECT s.id FROM services s WHERE s.name = tickets.service COLLATE NOCASE)
WHERE service <> '' AND (SELECT COUNT(*) FROM services s WHERE s.name = tickets.service COLLATE NOCASE) = 1;
UPDATE tickets SET service = '' WHERE service_id IS NOT NULL;

-- An asset's impact finds the open tickets about the CIs it reaches by their reference.
DROP INDEX IF EXISTS tickets_ci;
CREATE INDEX tickets_ci_id ON tickets(ci_id, state) WHERE ci_id IS NOT NULL AND archived = 0;
-- The asset list names CIs by tag; the picker searches tag and name.
CREATE INDEX IF NOT EXISTS assets_tag_nocase ON assets(tag COLLATE NOCASE);
