-- The replaced numbers of numbered kinds other than tickets (an asset's provisional tag the
-- server renumbered), kept so the old number still names its record. Tickets keep theirs in
-- ticket_aliases, which refers to tickets.
CREATE TABLE number_aliases (
  number    TEXT PRIMARY KEY,
  entity    TEXT NOT NULL,
  record_id TEXT NOT NULL
);
CREATE INDEX number_aliases_record ON number_aliases(entity, record_id);
