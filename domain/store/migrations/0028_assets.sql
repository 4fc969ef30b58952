-- Assets and configuration items (domain/asset): hardware, software, licenses and business
-- services, numbered per class (HW0001001, SW…, LIC…, SVC…), and the relationships between
-- them. Both are record kinds: they sync and are re-checked on the server like tickets.
CREATE TABLE assets (
  id            TEXT PRIMARY KEY,
  tag           TEXT NOT NULL UNIQUE,
  class         TEXT NOT NULL,
  type          TEXT NOT NULL DEFAULT '',
  name          TEXT NOT NULL,
  serial        TEXT NOT NULL DEFAULT '',
  model         TEXT NOT NULL DEFAULT '',
  manufacturer  TEXT NOT NULL DEFAULT '',
  owner_id      TEXT REFERENCES users(id),
  location      TEXT NOT NULL DEFAULT '',
  status        TEXT NOT NULL,
  purchase_date TEXT NOT NULL DEFAULT '',
  cost          INTEGER,
  warranty_end  TEXT NOT NULL DEFAULT '',
  attributes    TEXT NOT NULL DEFAULT '',
  last_seen_at  INTEGER,
  created_by    TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  archived      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX assets_owner ON assets(owner_id);
CREATE INDEX assets_class_status ON assets(class, status);
CREATE INDEX assets_name ON assets(name COLLATE NOCASE);
-- Inventory matches a machine by serial, then MAC, then host name.
CREATE INDEX assets_serial ON assets(serial) WHERE serial <> '';

-- A relationship's id is a name-based UUID of its ends and type (asset.RelationID), so the
-- same relationship made on two desks is one record; removing it sets active 0.
CREATE TABLE asset_relations (
  id         TEXT PRIMARY KEY,
  from_id    TEXT NOT NULL,
  to_id      TEXT,
  user_id    TEXT REFERENCES users(id),
  type       TEXT NOT NULL,
  active     INTEGER NOT NULL DEFAULT 1,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
-- Impact walks relationships from their target back to what depends on it.
CREATE INDEX asset_relations_to ON asset_relations(to_id, active, from_id, type);
CREATE INDEX asset_relations_from ON asset_relations(from_id, active);
CREATE INDEX asset_relations_user ON asset_relations(user_id) WHERE user_id IS NOT NULL;

-- A ticket's CI stays text; an asset's open tickets are those naming its tag or name.
CREATE INDEX tickets_ci ON tickets(ci COLLATE NOCASE) WHERE ci <> '';
