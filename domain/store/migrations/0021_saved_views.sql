-- Saved queue views: a person's filters, sort and columns under a name, in their order. A
-- view with a group_id is shared with that group's members (read-only for them). query is the
-- ticket.Query as JSON (view, filters, sort); columns the visible column ids as a JSON array.
CREATE TABLE saved_views (
  id         TEXT PRIMARY KEY,
  owner_id   TEXT NOT NULL REFERENCES users(id),
  name       TEXT NOT NULL,
  position   INTEGER NOT NULL DEFAULT 0,
  group_id   TEXT REFERENCES assignment_groups(id),
  query      TEXT NOT NULL,
  columns    TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX saved_views_owner ON saved_views(owner_id, position);
CREATE INDEX saved_views_group ON saved_views(group_id) WHERE group_id IS NOT NULL;

-- One row per tag of a ticket, so a tag filter probes a key instead of matching text in every
-- row. tickets.tags (the comma form, ticket.NormalizeTags) stays the synced field; triggers keep
-- this table in step with every writer of it (the service, sync's apply, bulk imports). The
-- comma form is split as a JSON array; a tag JSON cannot hold (a control character) is skipped
-- rather than failing the ticket's write.
CREATE TABLE ticket_tags (
  ticket_id TEXT NOT NULL,
  tag       TEXT NOT NULL,
  PRIMARY KEY (ticket_id, tag)
) WITHOUT ROWID;
CREATE INDEX ticket_tags_tag ON ticket_tags(tag);

CREATE TRIGGER tickets_tags_insert AFTER INSERT ON tickets WHEN NEW.tags <> '' BEGIN
  INSERT OR IGNORE INTO ticket_tags(ticket_id, tag)
    SELECT NEW.id, j.value FROM json_each(
      CASE WHEN json_valid('["' || replace(replace(replace(NEW.tags, '\', '\\'), '"', '\"'), ',', '","') || '"]')
        THEN '["' || replace(replace(replace(NEW.tags, '\', '\\'), '"', '\"'), ',', '","') || '"]' ELSE '[]' END) j;
END;

CREATE TRIGGER tickets_tags_update AFTER UPDATE OF tags ON tickets WHEN NEW.tags IS NOT OLD.tags BEGIN
  DELETE FROM ticket_tags WHERE ticket_id = OLD.id;
  INSERT OR IGNORE INTO ticket_tags(ticket_id, tag)
    SELECT NEW.id, j.value FROM json_each(
      CASE WHEN json_valid('["' || replace(replace(replace(NEW.tags, '\', '\\'), '"', '\"'), ',', '","') || '"]')
        THEN '["' || replace(replace(replace(NEW.tags, '\', '\\'), '"', '\"'), ',', '","') || '"]' ELSE '[]' END) j
    WHERE NEW.tags <> '';
END;

CREATE TRIGGER tickets_tags_delete AFTER DELETE ON tickets BEGIN
  DELETE FROM ticket_tags WHERE ticket_id = OLD.id;
END;

INSERT OR IGNORE INTO ticket_tags(ticket_id, tag)
  SELECT t.id, j.value FROM tickets t, json_each(
    CASE WHEN json_valid('["' || replace(replace(replace(t.tags, '\', '\\'), '"', '\"'), ',', '","') || '"]')
      THEN '["' || replace(replace(replace(t.tags, '\', '\\'), '"', '\"'), ',', '","') || '"]' ELSE '[]' END) j
  WHERE t.tags <> '';

-- A "resolved between" filter walks resolution times; tickets_resolved leads with the state.
CREATE INDEX tickets_resolved_at ON tickets(resolved_at) WHERE resolved_at IS NOT NULL;
